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
        var seen: Set<String> = []
        var omitted: [String] = []
        for intent in intents {
            var mine: [String] = []
            var fits = true
            for template in intent.templates {
                guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else {
                    fits = false
                    break
                }
                for e in expansions {
                    fill(e, slots: intent.slots, into: &mine, limit: limit - sentences.count, fits: &fits)
                    if !fits { break }
                }
                if !fits { break }
            }
            guard fits, sentences.count + mine.count <= limit else {
                omitted.append(intent.name)
                continue
            }
            for s in mine where seen.insert(s).inserted { sentences.append(s) }
        }
        return Built(grammar: CommandGrammar(sentences: sentences), omitted: omitted)
    }

    /// Appends every sentence of one expansion (slots filled) to `out`.
    private static func fill(_ elements: [TemplateElement], slots: [String: SlotValues], into out: inout [String], limit: Int,
                             fits: inout Bool) {
        var partial: [[String]] = [[]]
        for element in elements {
            let options: [[String]]
            switch element {
            case let .word(w): options = [[w]]
            case let .tagged(_, _, words): options = [words]
            case let .slot(name):
                switch slots[name] {
                case let .list(items)?: options = items.map { TextNormalizer.words($0) }
                case let .range(r)?: options = r.map { [String($0)] }
                case nil: options = [[name]]
                }
            }
            guard partial.count * options.count + out.count <= limit else {
                fits = false
                return
            }
            var next: [[String]] = []
            next.reserveCapacity(partial.count * options.count)
            for p in partial { for o in options { next.append(p + o) } }
            partial = next
        }
        for p in partial { out.append(TextNormalizer.normalize(p.joined(separator: " "))) }
    }
}
