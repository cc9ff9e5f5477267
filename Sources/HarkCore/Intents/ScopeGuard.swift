/// A request about several things, or a part of one, when the intent acts on one: "lights on in the
/// kitchen, the living room and the office", "lock every door", "open both garage doors", "close the
/// blinds everywhere except the kitchen", "start the vacuum upstairs", "open the garage door
/// halfway". Acting on one of them, or on all of it, would not be what was asked. A quantifier over
/// an intent with nothing to choose is the whole of its one thing ("turn off all the heating", "read
/// all the alerts", "set night mode everywhere").
public struct ScopeGuard: Sendable {
    let nouns: IntentNouns
    /// Per intent: its list slots whose values are places ("in the {room}" in some intent's sentences).
    let placeSlots: [String: Set<String>]
    /// Per intent: its declared list slots (the choice of a thing: "{room}", "{door}"; not a tag's
    /// alternatives such as "(on|off){state}").
    let listSlots: [String: Set<String>]
    /// Per intent and list slot ("intent/slot"): its values, as words.
    let slotValues: [String: [[String]]]

    public init(intents: [IntentSettings]) {
        nouns = IntentNouns(intents: intents)
        let places = Set(nouns.places)
        var placeSlots: [String: Set<String>] = [:], listSlots: [String: Set<String>] = [:], slotValues: [String: [[String]]] = [:]
        for intent in intents {
            var declared: Set<String> = []
            for template in intent.templates {
                guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else { continue }
                for e in expansions { for element in e { if case let .slot(s) = element { declared.insert(s) } } }
            }
            for (name, slot) in intent.slots where declared.contains(name) {
                guard case let .list(items) = slot else { continue }
                listSlots[intent.name, default: []].insert(name)
                slotValues["\(intent.name)/\(name)"] = items.map(TextNormalizer.words).filter { !$0.isEmpty }
                if items.contains(where: { places.contains(TextNormalizer.words($0)) }) { placeSlots[intent.name, default: []].insert(name) }
            }
        }
        self.placeSlots = placeSlots
        self.listSlots = listSlots
        self.slotValues = slotValues
    }

    /// Why `match` covers less than `words` (the message) asks for, or nil. `clauses`: the message's
    /// clauses (after a correction, from it on), for the values said.
    public func reason(_ match: IntentMatch, words all: [String], clauses: [[String]], vocabulary: Set<String>) -> String? {
        let own = nouns.nouns[match.intent] ?? []
        let values = match.slots.map { TextNormalizer.words($0.value) }.filter { !$0.isEmpty }
        // The clauses that say the request, or only words about its scope ("…, in every room"); not "…, I'm
        // already upstairs" or "…, shower steam everywhere".
        let ownWords = own.union(nouns.verbs[match.intent] ?? [])
        let focus = clauses.filter { clause in
            clause.contains(where: own.contains) || values.contains(where: clause.containsRun)
                || clause.allSatisfy { ownWords.contains($0) || Self.scopeWords.contains($0) || IntentNouns.determiners.contains($0) }
        }
        let words = focus.isEmpty ? all : focus.flatMap { $0 }
        func said(_ w: String) -> Bool { words.contains(w) && !vocabulary.contains(w) }
        // "everywhere except the hallway", "every room but the bedroom", "apart from the office".
        if said("except") || said("excluding") || [["apart", "from"], ["other", "than"], ["everywhere", "but"], ["everything", "but"]].contains(where: words.containsRun) {
            return "an exception: several things"
        }
        for i in words.indices where words[i] == "but" && i > 0 && ["rooms", "room", "lights", "doors", "blinds", "curtains"].contains(words[i - 1]) {
            return "an exception: several things"
        }
        // "start the vacuum upstairs", "open half the blinds", "open the garage door halfway": a part the home does not declare.
        if ["upstairs", "downstairs", "halfway", "partway", "partly", "partially"].contains(where: said) { return "a part of it" }
        for i in words.indices where words[i] == "half" && !vocabulary.contains("half") {
            let next = i + 1 < words.count ? words[i + 1] : "", previous = i > 0 ? words[i - 1] : ""
            if !["an", "a", "past", "hour", "hours", "minute", "minutes"].contains(next), previous != "a", previous != "and" { return "a part of it" }
        }
        if said("both") { return "two things" }
        let chosen = listSlots[match.intent] ?? []
        // "all the lights in the kitchen" chooses one; "lock every door", "each room", "in every room" do not.
        let choiceSaid = match.slots.contains { chosen.contains($0.name) && words.containsRun(TextNormalizer.words($0.value)) }
        for i in words.indices where ["every", "each", "all"].contains(words[i]) && !vocabulary.contains(words[i]) && !chosen.isEmpty && !choiceSaid {
            for w in words[(i + 1)...].prefix(3) {
                let singular = w.hasSuffix("s") ? String(w.dropLast()) : w
                let plural = w.hasSuffix("s") || words[i] != "all"
                if plural, own.contains(w) || own.contains(singular) || ["room", "rooms", "bedrooms", "doors"].contains(w) {
                    return "several things"
                }
            }
        }
        // "lights off everywhere", "heat every room": every place, for an intent that acts on one.
        if said("everywhere") || [["all", "over"], ["throughout"]].contains(where: words.containsRun),
           match.slots.contains(where: { placeSlots[match.intent]?.contains($0.name) ?? false }) {
            return "every place"
        }
        // "lights on in the kitchen, the living room and the office": more than one value of the slot that chooses;
        // not "not the bedroom, the office lights off" or "I asked for night mode not morning, …".
        for slot in match.slots where chosen.contains(slot.name) {
            let choices = slotValues["\(match.intent)/\(slot.name)"] ?? []
            var heard: Set<[String]> = []
            for clause in clauses where !clause.contains(where: { ValueGuard.stating.contains($0) || Self.ruledOut.contains($0) || $0.hasSuffix("'s") }) {
                // "living room", not also "room" inside it.
                for v in choices where clause.containsRun(v) && !choices.contains(where: { $0.count > v.count && clause.containsRun($0) && $0.containsRun(v) }) {
                    heard.insert(v)
                }
            }
            if heard.count > 1, heard.contains(TextNormalizer.words(slot.value)) { return "several \(slot.name) values said" }
        }
        return nil
    }

    /// Words that only say how much of the home a request covers.
    static let scopeWords: Set<String> = [
        "in", "on", "of", "and", "please", "too", "as", "well", "just", "only", "all", "every", "each", "both", "half", "room", "rooms",
        "house", "home", "everywhere", "upstairs", "downstairs", "halfway", "partway", "partly", "partially", "except", "excluding",
        "but", "apart", "from", "other", "than", "throughout", "over", "way",
    ]
    /// A clause with one of these rules its value out or reports it: "not the bedroom", "forget the bedroom", "I asked for …".
    static let ruledOut: Set<String> = PolarityGuard.negations.union(["forget", "asked", "said", "meant", "instead"])
}
