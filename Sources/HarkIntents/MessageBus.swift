import HarkMQTT

/// What the intent services need from the broker (the daemon's `MQTTClient`).
public protocol MessageBus: Sendable {
    func publish(topic: String, payload: [UInt8], qos: Int, retain: Bool) async throws
    func subscribe(_ filter: String, qos: Int, buffer: Int) -> AsyncStream<MQTTMessage>
}

extension MQTTClient: MessageBus {}
