/// The intents' templates spelled out as sentences for the grammar recogniser: alternatives and
/// optional parts expanded, list slots filled with each phrase, number ranges with each number
/// in digits (as Whisper writes them; the text matchers read digits and number words alike).
public enum IntentGrammar {
    /// Most sentences one grammar may hold; past it the rest of the intents are left out (logged by callers).
    public static let maxSentences = 500_000

    public struct Built: Sendable {
        public var grammar: CommandGrammar
        /// Intents that did not fit under `maxSentences` (or whose templates expand too far).
        public var omitted: [String]
    }

    public static func build(_ intents: [IntentSettings], limit: Int = maxSentences) -> Built {
        var sentences: [String] = []
        var meanings: [Int] = []
        var meaningIndex: [String: Int] = [:]
        var meaningNames: [String] = []
        var seen: Set<String> = []
        var omitted: [String] = []
        for intent in intents {
            var mine: [(sentence: String, meaning: String)] = []
            var fits = true
            for template in intent.templates {
                guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else {
                    fits = false
                    break
                }
                for e in expansions {
                    fill(e, intent: intent.name, slots: intent.slots, into: &mine, limit: limit - sentences.count, fits: &fits)
                    if !fits { break }
                }
                if !fits { break }
            }
            guard fits, sentences.count + mine.count <= limit else {
                omitted.append(intent.name)
                continue
            }
            for (s, meaning) in mine where seen.insert(s).inserted {
                sentences.append(s)
                if let m = meaningIndex[meaning] {
                    meanings.append(m)
                } else {
                    meaningIndex[meaning] = meaningNames.count
                    meanings.append(meaningNames.count)
                    meaningNames.append(meaning)
                }
            }
        }
        return Built(grammar: CommandGrammar(sentences: sentences, meanings: meanings, meaningNames: meaningNames),
                     omitted: omitted)
    }

    /// Appends every sentence of one expansion (slots filled) to `out`, each with its meaning: the
    /// intent's name and the slot values it sets, sorted by slot (`light_power room=kitchen state=on`).
    private static func fill(_ elements: [TemplateElement], intent: String, slots: [String: SlotValues],
                             into out: inout [(sentence: String, meaning: String)], limit: Int, fits: inout Bool) {
        // Each partial sentence: its words and the slot values set so far.
        var partial: [(words: [String], values: [String])] = [([], [])]
        for element in elements {
            let options: [(words: [String], value: String?)]
            switch element {
            case let .word(w): options = [([w], nil)]
            case let .tagged(slot, value, words): options = [(words, "\(slot)=\(TextNormalizer.normalize(value))")]
            case let .slot(name):
                switch slots[name] {
                case let .list(items)?: options = items.map { (TextNormalizer.words($0), "\(name)=\(TextNormalizer.normalize($0))") }
                case let .range(r)?: options = r.map { ([String($0)], "\(name)=\($0)") }
                case nil: options = [([name], nil)]
                }
            }
            guard partial.count * options.count + out.count <= limit else {
                fits = false
                return
            }
            var next: [(words: [String], values: [String])] = []
            next.reserveCapacity(partial.count * options.count)
            for p in partial {
                for o in options { next.append((p.words + o.words, o.value.map { p.values + [$0] } ?? p.values)) }
            }
            partial = next
        }
        for p in partial {
            out.append((TextNormalizer.normalize(p.words.joined(separator: " ")), ([intent] + p.values.sorted()).joined(separator: " ")))
        }
    }
}
