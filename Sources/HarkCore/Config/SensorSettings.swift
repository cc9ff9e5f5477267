/// One `[[sensor]]`: where its readings come from. (Extended by the sensors work.)
public struct SensorSettings: Sendable, Equatable {
    public var name: String
    public var topic: String
    public var line: Int

    public init(_ t: ConfigTable) {
        line = t.line
        name = t.string("name") ?? ""
        topic = t.string("topic") ?? ""
        if !t.has("name") { t.report(nil, "needs a name", hint: "add name = \"…\"") }
        if !t.has("topic") {
            t.report(nil, "needs a topic filter", hint: "add topic = \"factory/+/temperature\"")
        } else if let problem = MQTTTopic.filterProblem(topic) {
            t.report("topic", problem, got: "'\(topic)'")
        }
    }
}
