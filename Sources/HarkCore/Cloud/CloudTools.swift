/// The declared intents offered to the cloud model as `tools` (JSON Schema from their slots),
/// plus a `reply` tool, and the validation of the model's tool calls against them: the model can
/// only trigger a declared intent with allowed slot values, never an arbitrary topic.
public struct CloudTools: Sendable {
    public static let replyToolName = "reply"
    /// Confidence given to a validated cloud answer (the API reports none).
    public static let cloudConfidence = 0.9

    public enum Decision: Sendable, Equatable {
        case intent(IntentMatch)
        case reply(String)
    }

    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        public var tool: String
        public var reason: String
        public var description: String { "tool call '\(tool)' rejected: \(reason)" }
    }

    public let intents: [IntentSettings]
    public let maxReplyChars: Int
    /// Per intent: slots every sentence fills (required in the schema).
    private let required: [String: [String]]

    public init(intents: [IntentSettings], maxReplyChars: Int) {
        self.intents = intents
        self.maxReplyChars = maxReplyChars
        var required: [String: [String]] = [:]
        for intent in intents {
            var always: Set<String>?
            for template in intent.templates {
                for e in (try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions)) ?? [] {
                    var here: Set<String> = []
                    for el in e {
                        switch el {
                        case .word: break
                        case let .slot(s): here.insert(s)
                        case let .tagged(s, _, _): here.insert(s)
                        }
                    }
                    always = always.map { $0.intersection(here) } ?? here
                }
            }
            required[intent.name] = intent.slotOrder.filter { always?.contains($0) ?? false }
        }
        self.required = required
    }

    /// The `tools` array of the request.
    public var schema: JSONValue {
        var tools: [JSONValue] = []
        for intent in intents {
            var properties: [(String, JSONValue)] = []
            for name in intent.slotOrder {
                guard let values = intent.slots[name] else { continue }
                switch values {
                case let .list(items):
                    properties.append((name, .object([("type", .string("string")), ("enum", .array(items.map(JSONValue.string)))])))
                case let .range(r):
                    properties.append((name, .object([("type", .string("integer")), ("minimum", .number(Double(r.lowerBound))),
                                                      ("maximum", .number(Double(r.upperBound)))])))
                }
            }
            let examples = intent.templates.prefix(3).map { "'\($0.source)'" }.joined(separator: ", ")
            let description = (intent.description.map { $0 + ". " } ?? "") + "Sentences like: " + examples
            tools.append(Self.function(name: intent.name, description: description, properties: properties,
                                       required: required[intent.name] ?? []))
        }
        tools.append(Self.function(
            name: Self.replyToolName,
            description: "Answer the user with one short spoken sentence when no other tool does what they asked.",
            properties: [("text", .object([("type", .string("string")), ("maxLength", .number(Double(maxReplyChars)))]))],
            required: ["text"]))
        return .array(tools)
    }

    private static func function(name: String, description: String, properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        .object([
            ("type", .string("function")),
            ("function", .object([
                ("name", .string(name)),
                ("description", .string(description)),
                ("parameters", .object([
                    ("type", .string("object")),
                    ("properties", .object(properties)),
                    ("required", .array(required.map(JSONValue.string))),
                    ("additionalProperties", .bool(false)),
                ])),
            ])),
        ])
    }

    /// Checks one tool call (`arguments` is the JSON text the model wrote).
    public func validate(name: String, arguments: String, text: String) -> Result<Decision, Rejection> {
        func reject(_ reason: String) -> Result<Decision, Rejection> { .failure(Rejection(tool: String(name.prefix(64)), reason: reason)) }
        guard let args = JSONValue.parse(arguments, maxDepth: 4, maxBytes: 16384), let fields = args.objectValue else {
            return reject("arguments are not a JSON object")
        }
        if name == Self.replyToolName {
            guard fields.count == 1, let reply = args["text"]?.stringValue else {
                return reject("reply needs exactly one string argument 'text'")
            }
            let cleaned = String(reply.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" }.map(Character.init))
                .trimmed(of: " \n")
            guard !cleaned.isEmpty else { return reject("reply text is empty") }
            return .success(.reply(Self.cap(cleaned, maxReplyChars)))
        }
        guard let intent = intents.first(where: { $0.name == name }) else {
            return reject("'\(String(name.prefix(64)))' is not a declared action")
        }
        var slots: [IntentMatch.Slot] = []
        for (key, value) in fields {
            guard let allowed = intent.slots[key] else { return reject("'\(String(key.prefix(64)))' is not a slot of \(name)") }
            guard !slots.contains(where: { $0.name == key }) else { return reject("slot '\(key)' given twice") }
            switch allowed {
            case let .list(items):
                guard let s = value.stringValue else { return reject("slot '\(key)' must be a string") }
                let normalized = TextNormalizer.normalize(s)
                guard let canonical = items.first(where: { $0 == normalized }) else {
                    return reject("slot '\(key)' value is not one of \(items.count) allowed values")
                }
                slots.append(IntentMatch.Slot(name: key, value: canonical, raw: canonical))
            case let .range(r):
                let number: Double? = value.numberValue ?? value.stringValue.flatMap { Double($0) }
                guard let n = number, n == n.rounded(), abs(n) < 1e9, r.contains(Int(n)) else {
                    return reject("slot '\(key)' must be a whole number from \(r.lowerBound) to \(r.upperBound)")
                }
                slots.append(IntentMatch.Slot(name: key, value: String(Int(n)), raw: String(Int(n))))
            }
        }
        for name in required[intent.name] ?? [] where !slots.contains(where: { $0.name == name }) {
            return reject("required slot '\(name)' is missing")
        }
        slots.sort { (intent.slotOrder.firstIndex(of: $0.name) ?? .max) < (intent.slotOrder.firstIndex(of: $1.name) ?? .max) }
        return .success(.intent(IntentMatch(intent: intent.name, slots: slots, confidence: Self.cloudConfidence,
                                            source: .cloud, sentence: text)))
    }

    /// At most `limit` characters, cut at a word boundary with "…".
    public static func cap(_ s: String, _ limit: Int) -> String {
        guard s.count > limit else { return s }
        var cut = String(s.prefix(limit - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }
}

extension String {
    /// Without leading and trailing characters from `set`.
    public func trimmed(of set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
