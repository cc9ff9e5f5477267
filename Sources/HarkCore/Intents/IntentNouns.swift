/// What the intents' sentences say about the things they act on, read from the expanded sentences:
/// nouns are the words after a determiner, a slot or another noun ("the {room} *light*", "the
/// *garage* *door*", "any *alerts*"); the other words of a sentence are its verbs and particles
/// ("turn", "on", "close"). A noun with another noun after it in some sentence can modify one
/// ("*garage* door", "*robot* vacuum"). A list slot said after "in the" is a place ("in the {room}").
struct IntentNouns: Sendable {
    /// Per intent: the nouns of its sentences.
    let nouns: [String: Set<String>]
    /// Per intent: its sentences' other words (verbs, particles, prepositions).
    let verbs: [String: Set<String>]
    /// Per intent: nouns that come before another noun in one of its sentences.
    let modifiers: [String: Set<String>]
    /// Per intent: the values of its list slots, as words.
    let values: [String: [[String]]]
    /// The values of every slot that some sentence says after "in the" / "in": places.
    let places: [[String]]

    static let determiners: Set<String> = ["the", "a", "an", "any", "my", "our", "your", "this", "that", "these", "those"]

    init(intents: [IntentSettings]) {
        var nouns: [String: Set<String>] = [:], verbs: [String: Set<String>] = [:], modifiers: [String: Set<String>] = [:]
        var values: [String: [[String]]] = [:]
        var placeSlots: Set<String> = []
        for intent in intents {
            var n: Set<String> = [], all: Set<String> = [], m: Set<String> = []
            for template in intent.templates {
                guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else { continue }
                for e in expansions {
                    var previous: TemplateElement?
                    var previousWasNoun = false
                    for (i, element) in e.enumerated() {
                        switch element {
                        case let .word(w):
                            all.insert(w)
                            var isNoun = false
                            switch previous {
                            case let .word(p)?: isNoun = Self.determiners.contains(p) || previousWasNoun
                            case .slot?: isNoun = true
                            default: break
                            }
                            if UnknownModifierGuard.functionWords.contains(w) { isNoun = false }
                            if isNoun {
                                n.insert(w)
                                if previousWasNoun, case let .word(p)? = previous { m.insert(p) }
                            }
                            previousWasNoun = isNoun
                        case let .tagged(_, _, ws):
                            all.formUnion(ws)
                            previousWasNoun = false
                        case let .slot(s):
                            // "in {room}", "in the {room}": a place.
                            if e[..<i].suffix(2).contains(.word("in")), i < 1 || e[i - 1] == .word("in") || e[i - 1] == .word("the") {
                                placeSlots.insert("\(intent.name)/\(s)")
                            }
                            previousWasNoun = false
                        }
                        previous = element
                    }
                }
            }
            nouns[intent.name] = n
            verbs[intent.name] = all.subtracting(n)
            modifiers[intent.name] = m
            var v: [[String]] = []
            for (_, slot) in intent.slots { if case let .list(items) = slot { v += items.map(TextNormalizer.words) } }
            values[intent.name] = v
        }
        var places: [[String]] = []
        for intent in intents {
            for (name, slot) in intent.slots where placeSlots.contains("\(intent.name)/\(name)") {
                if case let .list(items) = slot { places += items.map(TextNormalizer.words) }
            }
        }
        self.nouns = nouns
        self.verbs = verbs
        self.modifiers = modifiers
        self.values = values
        self.places = places
    }
}
