import HarkCore
import Synchronization

/// Hands each successfully reloaded config to the services that can apply it live.
public final class ConfigUpdates: Sendable {
    private let continuations = Mutex<[Int: AsyncStream<HarkConfig>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    /// A stream of new configs; only the newest unread one is kept.
    public func subscribe() -> AsyncStream<HarkConfig> {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream.makeStream(of: HarkConfig.self, bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in
            _ = self?.continuations.withLock { $0.removeValue(forKey: id) }
        }
        continuations.withLock { $0[id] = continuation }
        return stream
    }

    public func publish(_ config: HarkConfig) {
        for c in continuations.withLock({ Array($0.values) }) { c.yield(config) }
    }

    public func finish() {
        for c in continuations.withLock({ Array($0.values) }) { c.finish() }
    }
}
