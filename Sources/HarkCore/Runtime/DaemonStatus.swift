import Synchronization

/// What the daemon is doing, as short per-component phrases ("mqtt connected",
/// "audio degraded: device gone"), joined into the systemd `STATUS=` line.
public final class DaemonStatus: Sendable {
    private struct State {
        var parts: [String: String] = [:]
        var order: [String] = []
        var version = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func set(_ component: String, _ phrase: String) {
        state.withLock { s in
            if s.parts[component] == nil { s.order.append(component) }
            if s.parts[component] != phrase {
                s.parts[component] = phrase
                s.version += 1
            }
        }
    }

    public func remove(_ component: String) {
        state.withLock { s in
            if s.parts.removeValue(forKey: component) != nil {
                s.order.removeAll { $0 == component }
                s.version += 1
            }
        }
    }

    /// The status line and a version number that changes whenever the line does.
    public var snapshot: (line: String, version: Int) {
        state.withLock { s in
            (s.order.compactMap { c in s.parts[c].map { "\(c) \($0)" } }.joined(separator: "; "), s.version)
        }
    }
}
