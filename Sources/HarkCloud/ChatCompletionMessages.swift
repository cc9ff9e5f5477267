import HarkCore

/// Builds chat-completions request bodies and reads their replies.
///
/// Untrusted text (commands, sensor names and values) is never part of the instructions: it goes
/// in the user message as a JSON string inside `<data>…</data>`, with `<` and `>` escaped so it
/// cannot close the tag, after a line saying it is data.
public enum ChatCompletionMessages {
    /// The request for a command: the intents as tools plus `reply`, the model decides.
    public static func commandRequest(text: String, settings: CloudSettings, tools: CloudTools) -> JSONValue {
        let user = "A spoken or typed command for the device follows as quoted data. Choose the matching tool.\n"
            + "<data>" + quoted(text) + "</data>"
        return .object([
            ("model", .string(settings.model)),
            ("messages", .array([message("system", settings.systemPrompt), message("user", user)])),
            ("tools", tools.schema),
            ("tool_choice", .string("required")),
            ("parallel_tool_calls", .bool(false)),
            ("max_completion_tokens", .number(Double(settings.maxTokens))),
        ])
    }

    /// The request for an alert explanation: plain text back, no tools.
    public static func explanationRequest(alert: AlertNotice, settings: CloudSettings) -> JSONValue {
        var data: [(String, JSONValue)] = [
            ("rule", .string(alert.rule)), ("sensor", .string(alert.sensor)), ("severity", .string(alert.severity)),
            ("message", .string(alert.message)), ("value", .number(alert.value)),
        ]
        if !alert.recentValues.isEmpty {
            data.append(("recent_readings", .array(alert.recentValues.suffix(50).map { .number($0) })))
        }
        let user = "A sensor alert was raised on the device. In at most two short sentences, explain the likely cause "
            + "and suggest one action. The alert follows as quoted data.\n<data>" + quoted(JSONValue.object(data).serialized) + "</data>"
        return .object([
            ("model", .string(settings.model)),
            ("messages", .array([message("system", settings.systemPrompt), message("user", user)])),
            ("max_completion_tokens", .number(Double(settings.maxTokens))),
        ])
    }

    static func message(_ role: String, _ content: String) -> JSONValue {
        .object([("role", .string(role)), ("content", .string(content))])
    }

    /// `text` as a JSON string literal with `<` and `>` escaped.
    public static func quoted(_ text: String) -> String {
        JSONWriter.quote(text).replacingAll("<", with: "\\u003c").replacingAll(">", with: "\\u003e")
    }

    /// What came back: the first choice's tool call or text, and the tokens used.
    public struct Reply: Sendable, Equatable {
        public var toolName: String?
        public var toolArguments: String?
        public var content: String?
        public var totalTokens: Int
    }

    public static func parseReply(_ body: [UInt8]) throws(CloudFailure) -> Reply {
        guard let doc = JSONValue.parse(bytes: body, maxDepth: 32, maxBytes: body.count) else {
            throw .malformed("body is not JSON")
        }
        guard let choices = doc["choices"]?.arrayValue else { throw .malformed("no choices") }
        guard let message = choices.first?["message"] else { throw .malformed("no message in the first choice") }
        let tokens = Int(doc["usage"]?["total_tokens"]?.numberValue ?? 0)
        var reply = Reply(toolName: nil, toolArguments: nil, content: message["content"]?.stringValue, totalTokens: max(0, tokens))
        if let call = message["tool_calls"]?.arrayValue?.first {
            guard let function = call["function"], let name = function["name"]?.stringValue,
                  let args = function["arguments"]?.stringValue else { throw .malformed("tool call without name or arguments") }
            reply.toolName = name
            reply.toolArguments = args
        }
        return reply
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
