import HarkCore

/// A command from `<prefix>/command`: plain text, or JSON
/// `{"text": …, "reply_topic": …, "id": …, "speak": true|false}`.
public struct TextCommand: Sendable, Equatable {
    public var text: String
    public var replyTopic: String?
    public var id: String?
    /// Say the reply on the device's speaker (`[audio] output_device`) as well as publishing it.
    public var speak: Bool
    /// From a Hermes `hermes/nlu/query`: its session and site, echoed in the Hermes answer.
    public var hermesSession: String?
    public var hermesSite: String?

    public static let maxBytes = 4096

    public init(text: String, replyTopic: String? = nil, id: String? = nil, speak: Bool = false) {
        self.text = text
        self.replyTopic = replyTopic
        self.id = id
        self.speak = speak
    }

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case badJSON
        case noText
        case noInput
        case badReplyTopic(String)
        case badSpeak

        public var description: String {
            switch self {
            case .empty: "empty command"
            case let .tooLong(n): "command of \(n) bytes is longer than \(TextCommand.maxBytes)"
            case .badJSON: "JSON command is not valid JSON"
            case .noText: "JSON command needs a string \"text\""
            case .noInput: "Hermes NLU query needs a string \"input\""
            case let .badReplyTopic(why): "reply_topic: \(why)"
            case .badSpeak: "speak must be true or false"
            }
        }
    }

    public static func parse(_ payload: [UInt8]) -> Result<TextCommand, Problem> {
        guard payload.count <= maxBytes else { return .failure(.tooLong(payload.count)) }
        let raw = String(decoding: payload, as: UTF8.self).trimmed(of: " \t\r\n")
        guard !raw.isEmpty else { return .failure(.empty) }
        guard raw.hasPrefix("{") else { return .success(TextCommand(text: raw)) }
        guard let json = JSONValue.parse(raw, maxDepth: 8, maxBytes: maxBytes) else { return .failure(.badJSON) }
        guard let text = json["text"]?.stringValue?.trimmed(of: " \t\r\n"), !text.isEmpty else { return .failure(.noText) }
        var command = TextCommand(text: text)
        if let topic = json["reply_topic"]?.stringValue {
            if let problem = MQTTTopic.nameProblem(topic) { return .failure(.badReplyTopic(problem)) }
            command.replyTopic = topic
        }
        switch json["speak"] {
        case nil, .null?: break
        case let .bool(b)?: command.speak = b
        default: return .failure(.badSpeak)
        }
        command.id = identifier(json["id"])
        return .success(command)
    }

    /// A Rhasspy/Hermes NLU query (`hermes/nlu/query`): `{"input": …, "sessionId": …, "siteId": …, "id": …}`.
    public static func parseHermesQuery(_ payload: [UInt8]) -> Result<TextCommand, Problem> {
        guard payload.count <= maxBytes else { return .failure(.tooLong(payload.count)) }
        guard let json = JSONValue.parse(bytes: payload, maxDepth: 8, maxBytes: maxBytes) else { return .failure(.badJSON) }
        guard let text = json["input"]?.stringValue?.trimmed(of: " \t\r\n"), !text.isEmpty else { return .failure(.noInput) }
        var command = TextCommand(text: text, id: identifier(json["id"]))
        command.hermesSession = identifier(json["sessionId"])
        command.hermesSite = identifier(json["siteId"])
        return .success(command)
    }

    private static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case let .string(s)?: String(s.prefix(128))
        case let .number(n)?: n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: nil
        }
    }
}
