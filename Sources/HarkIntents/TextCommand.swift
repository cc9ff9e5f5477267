import HarkCore

/// A command from `<prefix>/command`: plain text, or JSON
/// `{"text": …, "reply_topic": …, "id": …, "speak": true|false}`.
public struct TextCommand: Sendable, Equatable {
    public var text: String
    public var replyTopic: String?
    public var id: String?
    /// Say the reply on the device's speaker (`[audio] output_device`) as well as publishing it.
    public var speak: Bool

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
        case badReplyTopic(String)
        case badSpeak

        public var description: String {
            switch self {
            case .empty: "empty command"
            case let .tooLong(n): "command of \(n) bytes is longer than \(TextCommand.maxBytes)"
            case .badJSON: "JSON command is not valid JSON"
            case .noText: "JSON command needs a string \"text\""
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
        switch json["id"] {
        case let .string(s)?: command.id = String(s.prefix(128))
        case let .number(n)?: command.id = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: break
        }
        return .success(command)
    }
}
