/// Makes a match's action concrete. Slot values are checked against the intent's declared
/// values first, so whatever produced the match (template, embedding, cloud), the topic can only
/// be one the config allows.
public enum IntentActions {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownIntent(String)
        case badSlot(String)
        case invalidTopic(String)

        public var description: String {
            switch self {
            case let .unknownIntent(name): "no intent '\(name)'"
            case let .badSlot(why): why
            case let .invalidTopic(why): why
            }
        }
    }

    public static func resolve(_ match: IntentMatch, intents: [IntentSettings]) -> ResolvedAction? {
        try? resolving(match, intents: intents)
    }

    public static func resolving(_ match: IntentMatch, intents: [IntentSettings]) throws(Failure) -> ResolvedAction {
        guard let intent = intents.first(where: { $0.name == match.intent }) else { throw .unknownIntent(match.intent) }
        for slot in match.slots {
            guard let allowed = intent.slots[slot.name] else { throw .badSlot("'\(slot.name)' is not a slot of \(intent.name)") }
            guard allowed.allows(slot.value) else { throw .badSlot("slot '\(slot.name)' value is not allowed") }
        }
        var values = match.values
        values["intent"] = intent.name
        let action = intent.action
        var topic: String?
        if let t = action.topic {
            let rendered = t.render(values)
            if let problem = MQTTTopic.nameProblem(rendered) { throw .invalidTopic("\(problem) (got '\(rendered)')") }
            topic = rendered
        }
        return ResolvedAction(topic: topic, payload: action.payload?.render(values, escaping: action.payloadEscaping) ?? "",
                              qos: action.qos, retain: action.retain, reply: action.reply?.render(values))
    }
}
