import HarkCore
import HarkMQTT
import Logging
import Synchronization

/// Publishes the store's outbox in order with QoS 1 and deletes each batch only after the
/// broker acknowledged it. While the broker is away, libmosquitto holds the batch and resends it
/// after the reconnect; after a crash the rows are still in the store and go out again (same
/// id and sequence: duplicates a consumer can drop).
final class AlertOutbox: Sendable {
    private let store: AlertStore
    private let client: MQTTClient
    private let logger: Logger
    private let counters: Counters
    private let signal: AsyncStream<Void>.Continuation
    private let signals: Mutex<AsyncStream<Void>?>

    init(store: AlertStore, client: MQTTClient, logger: Logger, counters: Counters) {
        self.store = store
        self.client = client
        self.logger = logger
        self.counters = counters
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        signal = continuation
        signals = Mutex(stream)
    }

    func wake() { signal.yield() }

    func run() async {
        guard let wakeups = signals.withLock({ s -> AsyncStream<Void>? in defer { s = nil }; return s }) else { return }
        await withDiscardingTaskGroup { group in
            // A periodic re-check besides the wake-ups (e.g. rows left by a previous run).
            group.addTask { [signal] in
                while !Task.isCancelled {
                    signal.yield()
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            for await _ in wakeups {
                if Task.isCancelled { break }
                await drain()
            }
            group.cancelAll()
        }
    }

    /// Publishes until the outbox is empty.
    private func drain() async {
        let sent = counters.counter("alert_messages_published")
        while !Task.isCancelled {
            do {
                let batch = try store.pending(limit: 256)
                if batch.isEmpty { return }
                await client.waitUntilConnected()
                try await client.publishInOrder(batch.map { ($0.topic, Array($0.payload.utf8), $0.retain) })
                try store.delivered(through: batch[batch.count - 1].rowID)
                sent.increment(by: batch.count)
            } catch {
                if Task.isCancelled { return }
                counters.counter("alert_publish_errors").increment()
                logger.warning("alert outbox publish failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
