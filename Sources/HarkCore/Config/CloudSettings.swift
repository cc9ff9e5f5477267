/// `[cloud]`: the OpenAI-compatible fallback endpoint. (Extended by the intents work.)
public struct CloudSettings: Sendable, Equatable {
    public var enabled: Bool
    public var baseURL: String
    public var model: String

    public init(_ t: ConfigTable) {
        enabled = t.bool("enabled", default: false)
        baseURL = t.string("base_url", default: "https://api.openai.com/v1")
        model = t.string("model", default: "gpt-4o-mini")
        if !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            t.report("base_url", "must be an http:// or https:// URL", got: "\"\(baseURL)\"")
        }
        if model.isEmpty { t.report("model", "must not be empty", got: "\"\"") }
    }
}
