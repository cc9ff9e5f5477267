import HarkCore

/// The outcome of one command: what it meant (if anything), what to do and say, where the
/// answer came from, and how long it took.
public struct IntentResult: Sendable {
    public var text: String
    public var id: String?
    public var match: IntentMatch?
    public var action: ResolvedAction?
    public var reply: String?
    /// `local`, `cloud`, or `none` (not understood / cloud unreachable).
    public var source: String
    public var latency: Duration
    /// Why the local answer was not used, when it was not.
    public var note: String?
    /// Whether the reply was queued for the speaker (nil: not asked to speak).
    public var spoken: Bool?
    /// For a spoken command: the transcript, the recogniser used and the utterance's times.
    public var speech: SpeechInfo?

    /// Not understood, without asking any matcher (`note` says why).
    public static func notUnderstood(_ text: String, note: String) -> IntentResult {
        IntentResult(text: text, id: nil, match: nil, action: nil, reply: FallbackDecision.notUnderstoodReply, source: "none",
                     latency: .zero, note: note)
    }

    public var latencyMilliseconds: Double {
        Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15
    }

    /// The result JSON (published on `<prefix>/intent/<name>` and the reply topic, printed by `hark say`).
    public var json: String {
        var fields: [(String, JSONValue)] = []
        if let id { fields.append(("id", .string(id))) }
        fields.append(("text", .string(text)))
        fields.append(("intent", match.map { .string($0.intent) } ?? .null))
        fields.append(("slots", .object((match?.slots ?? []).map { ($0.name, .string($0.value)) })))
        fields.append(("confidence", match.map { .number(($0.confidence * 1000).rounded() / 1000) } ?? .null))
        fields.append(("source", .string(source)))
        if let match { fields.append(("method", .string(match.source.rawValue))) }
        fields.append(("latency_ms", .number((latencyMilliseconds * 1000).rounded() / 1000)))
        if let action, let topic = action.topic {
            fields.append(("action", .object([("topic", .string(topic)), ("payload", .string(action.payload))])))
        }
        if let reply { fields.append(("reply", .string(reply))) }
        if let spoken { fields.append(("spoken", .bool(spoken))) }
        if let note { fields.append(("note", .string(note))) }
        if let speech { fields += speech.fields }
        return JSONValue.object(fields).serialized
    }

    /// Rhasspy/Hermes `hermes/intent/<name>` JSON.
    public func hermesJSON(siteID: String, sessionID: String) -> String? {
        guard let match else { return nil }
        let slots: [JSONValue] = match.slots.map { s in
            let value: JSONValue = Int(s.value).map { .object([("kind", .string("Number")), ("value", .number(Double($0)))]) }
                ?? .object([("kind", .string("Unknown")), ("value", .string(s.value))])
            return .object([("entity", .string(s.name)), ("slotName", .string(s.name)), ("rawValue", .string(s.raw)),
                            ("value", value), ("confidence", .number(match.confidence))])
        }
        return JSONValue.object([
            ("input", .string(TextNormalizer.normalize(text))), ("rawInput", .string(text)),
            ("intent", .object([("intentName", .string(match.intent)), ("confidenceScore", .number(match.confidence))])),
            ("slots", .array(slots)), ("siteId", .string(siteID)), ("sessionId", .string(sessionID)),
            ("id", id.map(JSONValue.string) ?? .null), ("customData", .null), ("asrTokens", .array([])), ("asrConfidence", .null),
            ("wakewordId", .null), ("lang", .null),
        ]).serialized
    }

    /// `hermes/nlu/intentNotRecognized` JSON.
    public func hermesNotRecognizedJSON(siteID: String, sessionID: String) -> String {
        JSONValue.object([
            ("input", .string(TextNormalizer.normalize(text))), ("siteId", .string(siteID)), ("sessionId", .string(sessionID)),
            ("id", id.map(JSONValue.string) ?? .null), ("customData", .null),
        ]).serialized
    }
}
