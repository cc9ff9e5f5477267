/// One `[[intent]]`: sentences it understands and the action it takes. (Extended by the intents work.)
public struct IntentSettings: Sendable, Equatable {
    public var name: String
    public var sentences: [String]
    public var line: Int

    public init(_ t: ConfigTable) {
        line = t.line
        name = t.string("name") ?? ""
        sentences = t.strings("sentences", default: [])
        if !t.has("name") { t.report(nil, "needs a name", hint: "add name = \"…\"") }
    }
}
