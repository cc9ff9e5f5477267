/// One `[[rule]]`: when a sensor's readings raise an alert. (Extended by the sensors work.)
public struct RuleSettings: Sendable, Equatable {
    public var name: String
    public var sensor: String
    public var line: Int

    public init(_ t: ConfigTable) {
        line = t.line
        name = t.string("name") ?? ""
        sensor = t.string("sensor") ?? ""
        if !t.has("name") { t.report(nil, "needs a name", hint: "add name = \"…\"") }
        if !t.has("sensor") { t.report(nil, "needs the sensor it watches", hint: "add sensor = \"<a [[sensor]] name>\"") }
    }
}
