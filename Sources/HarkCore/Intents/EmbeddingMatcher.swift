/// A sentence embedding model (MiniLM in the daemon; anything deterministic in tests).
public protocol TextEmbedding: Sendable {
    /// An L2-normalised vector.
    func embed(_ text: String) -> [Float]
}

/// Free-phrasing fallback: the command's embedding is compared with example sentences spelled
/// out from every intent's templates (slots filled with a typical value); the nearest examples
/// are then filled from the command itself: every slot needs a value found in the command, every
/// tagged group one of its alternatives, and the command's polarity words (on/off, open/close,
/// …) must be exactly those of the filled example — otherwise the candidate is refused, so the
/// embedding can never swap "on" for "off". Confidence is the cosine similarity.
public struct EmbeddingMatcher: Sendable {
    struct Example: Sendable {
        var intent: Int
        var elements: [TemplateElement]
        var text: String
        var vector: [Float]
    }

    public let intents: [IntentSettings]
    let examples: [Example]
    /// Candidates below this similarity are not considered.
    public var minSimilarity: Double
    /// How many of the nearest examples are tried before giving up.
    public var candidates = 8

    /// Spells out up to `perIntent` examples per intent (round-robin over its templates) and embeds them.
    public init(intents: [IntentSettings], embedder: any TextEmbedding, perIntent: Int = 24, minSimilarity: Double = 0.5) {
        self.intents = intents
        self.minSimilarity = minSimilarity
        var examples: [Example] = []
        for (i, intent) in intents.enumerated() {
            let perTemplate = intent.templates.map { (try? TemplateExpansion.expand($0.nodes, limit: IntentSettings.maxExpansions)) ?? [] }
            var chosen: [[TemplateElement]] = []
            var seen: Set<String> = []
            var round = 0
            while chosen.count < perIntent, perTemplate.contains(where: { round < $0.count }) {
                for expansions in perTemplate where round < expansions.count && chosen.count < perIntent {
                    // Spread picks over each template's expansions.
                    let stride = max(1, expansions.count / max(1, perIntent / max(1, perTemplate.count)))
                    let index = (round * stride) % expansions.count
                    let e = expansions[index]
                    let text = e.flatMap { $0.exampleWords(intent.slots) }.joined(separator: " ")
                    if seen.insert(text).inserted { chosen.append(e) }
                }
                round += 1
            }
            for e in chosen {
                let text = e.flatMap { $0.exampleWords(intent.slots) }.joined(separator: " ")
                examples.append(Example(intent: i, elements: e, text: text, vector: embedder.embed(text)))
            }
        }
        self.examples = examples
    }

    public var exampleCount: Int { examples.count }

    /// The best acceptable candidate for `text` whose embedding is `vector`, or nil.
    public func match(_ text: String, vector: [Float]) -> IntentMatch? {
        let words = TextNormalizer.words(text)
        guard !words.isEmpty, !PolarityGuard.isNegated(words), vector.count == examples.first?.vector.count else { return nil }
        var scored: [(Double, Int)] = []
        scored.reserveCapacity(examples.count)
        for (i, e) in examples.enumerated() {
            var dot: Float = 0
            for j in 0..<vector.count { dot += vector[j] * e.vector[j] }
            scored.append((Double(dot), i))
        }
        scored.sort { $0.0 > $1.0 }
        let inputPolarity = PolarityGuard.polarities(words)
        for (score, index) in scored.prefix(candidates) where score >= minSimilarity {
            let e = examples[index]
            let intent = intents[e.intent]
            guard let (slots, filledWords) = fill(e.elements, intent: intent, from: words) else { continue }
            guard PolarityGuard.polarities(filledWords) == inputPolarity else { continue }
            let ordered = slots.sorted {
                (intent.slotOrder.firstIndex(of: $0.name) ?? .max) < (intent.slotOrder.firstIndex(of: $1.name) ?? .max)
            }
            return IntentMatch(intent: intent.name, slots: ordered, confidence: min(1, max(0, score)), source: .embedding, sentence: e.text)
        }
        return nil
    }

    /// Fills an example's slots and tags from the command's words; nil if one cannot be filled.
    /// Returns the slots and the example's words as filled.
    func fill(_ elements: [TemplateElement], intent: IntentSettings, from words: [String]) -> ([IntentMatch.Slot], [String])? {
        var slots: [IntentMatch.Slot] = []
        var out: [String] = []
        var used = Set<Int>() // word positions already taken by a slot
        for element in elements {
            switch element {
            case let .word(w): out.append(w)
            case let .slot(name):
                guard let values = intent.slots[name], let (value, start, count) = Self.find(values, in: words, avoiding: used) else { return nil }
                for p in start..<(start + count) { used.insert(p) }
                slots.append(IntentMatch.Slot(name: name, value: value, raw: words[start..<(start + count)].joined(separator: " ")))
                out.append(contentsOf: TextNormalizer.words(value))
            case let .tagged(name, _, _):
                guard case let .list(alternatives)? = intent.slots[name] else { return nil }
                // The alternatives of this tag the command says; exactly one is needed.
                var found: [(String, Int, Int)] = []
                for alt in alternatives {
                    let aw = alt.split(separator: " ").map(String.init)
                    if let start = Self.position(of: aw, in: words, avoiding: used) { found.append((alt, start, aw.count)) }
                }
                guard found.count == 1, let (value, start, count) = found.first else { return nil }
                for p in start..<(start + count) { used.insert(p) }
                slots.append(IntentMatch.Slot(name: name, value: value, raw: value))
                out.append(contentsOf: value.split(separator: " ").map(String.init))
            }
        }
        return (slots, out)
    }

    /// The longest slot value found in `words` (exact words, or misspelt by one edit).
    static func find(_ values: SlotValues, in words: [String], avoiding used: Set<Int>) -> (String, Int, Int)? {
        var best: (String, Int, Int, Double)?
        for j in words.indices where !used.contains(j) {
            for (k, cost, value) in TemplateMatcher.slotCandidates(values, words, j, fuzzyCost: 0.4)
            where !(j..<(j + k)).contains(where: used.contains) {
                if best == nil || k > best!.2 || (k == best!.2 && cost < best!.3) { best = (value, j, k, cost) }
            }
        }
        return best.map { ($0.0, $0.1, $0.2) }
    }

    static func position(of phrase: [String], in words: [String], avoiding used: Set<Int>) -> Int? {
        guard !phrase.isEmpty, phrase.count <= words.count else { return nil }
        for j in 0...(words.count - phrase.count) where Array(words[j..<(j + phrase.count)]) == phrase {
            if !(j..<(j + phrase.count)).contains(where: used.contains) { return j }
        }
        return nil
    }
}
