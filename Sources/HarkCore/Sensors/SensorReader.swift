/// Turns MQTT payloads into readings for one `[[sensor]]`, rejecting anything implausible.
public struct SensorReader: Sendable {
    public let settings: SensorSettings

    public init(_ settings: SensorSettings) { self.settings = settings }

    /// The instance name if `topic` matches this sensor's filter.
    public func instance(of topic: String) -> String? {
        MQTTTopic.match(settings.topic, topic).map { $0.joined(separator: "/") }
    }

    public func read(payload: [UInt8], instance: String, receivedAt: Double) -> Result<SensorReading, ReadingRejection> {
        let s = settings
        guard payload.count <= s.maxPayloadBytes else { return .failure(.tooLarge(bytes: payload.count, limit: s.maxPayloadBytes)) }
        var raw: Double
        var time = receivedAt
        switch s.payload {
        case .number:
            let text = String(decoding: payload, as: UTF8.self).trimmingSpaces.trimmingNewlines
            guard let v = Double(text), !text.isEmpty, text.count <= 64 else { return .failure(.notANumber(text)) }
            raw = v
        case .json:
            guard let path = s.valuePath else { return .failure(.json(.pathNotFound(""))) }
            do {
                switch try JSONScanner.scalar(at: path, in: payload, maxDepth: s.maxDepth) {
                case let .number(v): raw = v
                case let .string(text):
                    guard let v = Double(text.trimmingSpaces) else { return .failure(.notANumber(text)) }
                    raw = v
                case .bool, .null: return .failure(.notANumber(JSONScanner.render(path)))
                }
                if let tpath = s.timestampPath {
                    switch try JSONScanner.scalar(at: tpath, in: payload, maxDepth: s.maxDepth) {
                    case let .number(v):
                        guard let t = Timestamp.fromEpoch(v) else { return .failure(.badTimestamp("\(v)")) }
                        time = t
                    case let .string(text):
                        guard let t = Timestamp.parse(text) else { return .failure(.badTimestamp(text)) }
                        time = t
                    default: return .failure(.badTimestamp(JSONScanner.render(tpath)))
                    }
                }
            } catch {
                return .failure(.json(error))
            }
        }
        guard raw.isFinite else { return .failure(.notFinite) }
        let value = raw * s.scale + s.offset
        guard value.isFinite else { return .failure(.notFinite) }
        if let lo = s.minimum, value < lo { return .failure(.outOfRange(value: value, min: s.minimum, max: s.maximum)) }
        if let hi = s.maximum, value > hi { return .failure(.outOfRange(value: value, min: s.minimum, max: s.maximum)) }
        return .success(SensorReading(sensor: s.name, instance: instance, value: value, time: time))
    }
}

extension StringProtocol {
    var trimmingNewlines: String {
        String(drop { $0 == "\n" || $0 == "\r" }.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
    }
}
