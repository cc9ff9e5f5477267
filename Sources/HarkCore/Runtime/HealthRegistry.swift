import Synchronization

/// Which pipeline stages are alive. Each running stage registers a ``Heartbeat`` and beats it from
/// its loop; the systemd watchdog is fed only while no registered stage has been silent for longer
/// than its `maxSilence`, so a stalled stage lets systemd restart the daemon.
public final class HealthRegistry: Sendable {
    private struct Entry {
        var maxSilence: Duration
        var last: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    /// Registers (or re-registers) stage `name`; it counts as alive from now.
    public func register(_ name: String, maxSilence: Duration) -> Heartbeat {
        entries.withLock { $0[name] = Entry(maxSilence: maxSilence, last: .now) }
        return Heartbeat(name: name, registry: self)
    }

    /// Removes stage `name` (a stage that stopped on purpose is not stalled).
    public func unregister(_ name: String) {
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }

    func beat(_ name: String, at instant: ContinuousClock.Instant) {
        entries.withLock { $0[name]?.last = instant }
    }

    /// Stages silent longer than their limit at `now`, with how long they have been silent.
    public func stalled(at now: ContinuousClock.Instant = .now) -> [(name: String, silent: Duration)] {
        entries.withLock { entries in
            entries.compactMap { name, e in
                let silent = now - e.last
                return silent > e.maxSilence ? (name, silent) : nil
            }.sorted { $0.name < $1.name }
        }
    }

    public var stageNames: [String] { entries.withLock { $0.keys.sorted() } }
}

/// A stage's proof of life; `beat()` is cheap enough for every loop iteration.
public struct Heartbeat: Sendable {
    public let name: String
    private let registry: HealthRegistry

    init(name: String, registry: HealthRegistry) {
        self.name = name
        self.registry = registry
    }

    public func beat() { registry.beat(name, at: .now) }

    /// Stops watching this stage (call when it ends on purpose).
    public func end() { registry.unregister(name) }
}
