/// Text with `{slot}` placeholders: an action's topic, payload or reply.
public struct ActionTemplate: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case slot(String)
    }

    /// How slot values are written into the text.
    public enum Escaping: Sendable {
        case none
        /// Inside a JSON string: quotes, backslashes and control characters escaped.
        case json
    }

    public let source: String
    public let segments: [Segment]

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// `{{` and `}}` stand for literal braces (for JSON payloads).
    public init(_ source: String) throws(ParseError) {
        self.source = source
        var segments: [Segment] = []
        var literal = ""
        let chars = Array(source)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                literal.append("{"); i += 2; continue
            }
            if c == "}", i + 1 < chars.count, chars[i + 1] == "}" {
                literal.append("}"); i += 2; continue
            }
            if c == "{" {
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    throw ParseError(message: "'{' at column \(i + 1) is never closed (write {{ for a literal brace)")
                }
                let name = String(chars[(i + 1)..<close])
                guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }) else {
                    throw ParseError(message: "'{\(name)}' at column \(i + 1) is not a slot name (write {{ for a literal brace)")
                }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.slot(name))
                i = close + 1
                continue
            }
            if c == "}" { throw ParseError(message: "'}' at column \(i + 1) without '{' (write }} for a literal brace)") }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// Placeholder names, in order, without repeats.
    public var placeholders: [String] {
        var out: [String] = []
        for case let .slot(s) in segments where !out.contains(s) { out.append(s) }
        return out
    }

    /// The text with each `{name}` replaced by `values[name]` (missing: empty).
    public func render(_ values: [String: String], escaping: Escaping = .none) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case let .literal(s): out += s
            case let .slot(name):
                let v = values[name] ?? ""
                switch escaping {
                case .none: out += v
                case .json:
                    var quoted = JSONWriter.quote(v)
                    quoted.removeFirst()
                    quoted.removeLast()
                    out += quoted
                }
            }
        }
        return out
    }
}

/// What an intent does once matched: publish a message, and/or answer with a reply.
public struct IntentAction: Sendable, Equatable {
    public var topic: ActionTemplate?
    public var payload: ActionTemplate?
    public var qos: Int
    public var retain: Bool
    public var reply: ActionTemplate?

    public init(topic: ActionTemplate? = nil, payload: ActionTemplate? = nil, qos: Int = 1, retain: Bool = false,
                reply: ActionTemplate? = nil) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.reply = reply
    }

    /// Payloads that look like JSON get their values JSON-escaped.
    public var payloadEscaping: ActionTemplate.Escaping {
        guard case let .literal(text)? = payload?.segments.first, let first = text.first(where: { $0 != " " }) else { return .none }
        return first == "{" || first == "[" ? .json : .none
    }
}

/// An action made concrete for one match: the message to publish and the reply text.
public struct ResolvedAction: Sendable, Equatable {
    public var topic: String?
    public var payload: String
    public var qos: Int
    public var retain: Bool
    public var reply: String?

    public init(topic: String?, payload: String, qos: Int, retain: Bool, reply: String?) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.reply = reply
    }
}
