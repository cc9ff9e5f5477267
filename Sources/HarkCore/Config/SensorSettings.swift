/// One `[[sensor]]`: where its readings come from and how to read them.
public struct SensorSettings: Sendable, Equatable {
    public enum PayloadFormat: String, Sendable, CaseIterable {
        /// The payload is a plain number ("21.5").
        case number
        /// The payload is JSON; `value_path` points at the number.
        case json
    }

    public var name: String
    /// Topic filter; each `+` level names the sensor instance (`factory/+/temperature`).
    public var topic: String
    public var payload: PayloadFormat
    public var valuePath: [JSONScanner.Step]?
    public var timestampPath: [JSONScanner.Step]?
    public var unit: String
    public var scale: Double
    public var offset: Double
    /// Plausible range after scale/offset; readings outside are rejected as faults.
    public var minimum: Double?
    public var maximum: Double?
    public var maxPayloadBytes: Int
    public var maxDepth: Int
    public var line: Int

    public init(_ t: ConfigTable) {
        line = t.line
        name = t.string("name") ?? ""
        topic = t.string("topic") ?? ""
        payload = t.choice("payload", default: .number)
        unit = t.string("unit", default: "")
        scale = t.double("scale", default: 1, in: -1e12...1e12)
        offset = t.double("offset", default: 0, in: -1e12...1e12)
        minimum = t.double("min", in: -1e15...1e15)
        maximum = t.double("max", in: -1e15...1e15)
        maxPayloadBytes = t.int("max_payload_bytes", default: 4096, in: 16...1_048_576)
        maxDepth = t.int("max_depth", default: 16, in: 1...128)
        func path(_ key: String) -> [JSONScanner.Step]? {
            guard let text = t.string(key) else { return nil }
            guard let steps = JSONScanner.parsePath(text) else {
                t.report(key, "is not a JSON path", got: "\"\(text)\"", hint: "write e.g. \"temp\", \"data.temp\" or \"values[0].v\"")
                return nil
            }
            return steps
        }
        valuePath = path("value_path")
        timestampPath = path("timestamp_path")

        if !t.has("name") { t.report(nil, "needs a name", hint: "add name = \"…\"") }
        if !t.has("topic") {
            t.report(nil, "needs a topic filter", hint: "add topic = \"factory/+/temperature\"")
        } else if let problem = MQTTTopic.filterProblem(topic) {
            t.report("topic", problem, got: "'\(topic)'")
        }
        if payload == .json, valuePath == nil, !t.has("value_path") {
            t.report("payload", "JSON payloads need value_path", hint: "add value_path = \"temp\"")
        }
        if payload == .number, t.has("value_path") {
            t.report("value_path", "only applies to payload = \"json\"")
        }
        if scale == 0 { t.report("scale", "must not be 0", got: "0") }
        if let lo = minimum, let hi = maximum, lo >= hi {
            t.report("max", "must be greater than min", got: "min \(lo), max \(hi)")
        }
    }
}
