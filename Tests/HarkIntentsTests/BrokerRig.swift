import Foundation
import HarkCloud
import HarkCore
import HarkIntents
import HarkMQTT
import HarkTestSupport
import Logging
import Synchronization

/// A real mosquitto broker, the daemon-side MQTT client, and an observer recording every message.
final class BrokerRig: Sendable {
    let broker: MosquittoBroker
    let client: MQTTClient
    let observer: MQTTClient
    private let seen = MessageLog()
    private let reader: Task<Void, Never>

    init() async throws {
        broker = try MosquittoBroker()
        client = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "hark-\(UUID().uuidString.prefix(8))",
                                                     cleanSession: true), logger: Logger(label: "test.mqtt"))
        observer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "obs-\(UUID().uuidString.prefix(8))",
                                                       cleanSession: true), logger: Logger(label: "test.observer"))
        let stream = observer.subscribe("#", qos: 1, buffer: 10000)
        let seen = self.seen
        reader = Task { for await m in stream { seen.append(m) } }
        observer.start()
        client.start()
        await observer.waitUntilConnected()
        await client.waitUntilConnected()
        await observer.waitUntilSubscribed("#")
    }

    var messages: [MQTTMessage] { seen.all }

    func messages(on topic: String) -> [MQTTMessage] { messages.filter { $0.topic == topic } }

    /// Waits for a message on `topic` (filter syntax allowed) that satisfies `where`.
    func waitFor(_ topic: String, timeout: Duration = .seconds(10), where predicate: (MQTTMessage) -> Bool = { _ in true }) async -> MQTTMessage? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let m = messages.first(where: { MQTTTopic.match(topic, $0.topic) != nil && predicate($0) }) { return m }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    func publish(_ topic: String, _ text: String) async throws {
        try await observer.publish(topic: topic, payload: Array(text.utf8), qos: 1, retain: false)
    }

    func close() async {
        await client.stop()
        await observer.stop()
        reader.cancel()
        broker.stop()
    }
}

/// Parses a published JSON payload.
func json(_ m: MQTTMessage?) -> JSONValue? { m.flatMap { JSONValue.parse(bytes: $0.payload) } }

/// The intents of intents-home.toml with the cloud at `server`, tuned for quick tests.
func homeConfig(cloudURL: String, extra: String = "", openDuration: String = "300ms") throws -> HarkConfig {
    var text = try String(contentsOf: Corpus.fixtures.appendingPathComponent("intents-home.toml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "base_url = \"http://127.0.0.1:9/v1\"", with: """
        base_url = "\(cloudURL)"
        deadline = "1500ms"
        request_timeout = "500ms"
        connect_timeout = "200ms"
        backoff_base = "20ms"
        backoff_max = "100ms"
        max_retries = 1
        failure_threshold = 2
        open_duration = "\(openDuration)"
        \(extra)
        """)
    return try HarkConfig.parse(text: text, file: "intents-home.toml").get()
}

final class MessageLog: Sendable {
    private let items = Mutex<[MQTTMessage]>([])
    func append(_ m: MQTTMessage) { items.withLock { $0.append(m) } }
    var all: [MQTTMessage] { items.withLock { $0 } }
}

enum TestKey {
    static let apiKey = "sk-test-SECRET-fedcba9876543210"
}
