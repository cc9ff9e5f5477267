/// A sentence embedding model (MiniLM in the daemon; anything deterministic in tests).
public protocol TextEmbedding: Sendable {
    /// An L2-normalised vector.
    func embed(_ text: String) -> [Float]
    /// Several at once (a model may share the work between them); same results as one by one.
    func embed(texts: [String]) -> [[Float]]
    /// Whether `word` is a whole word of the model's vocabulary (a real word, not a misspelling).
    func isVocabularyWord(_ word: String) -> Bool
}

extension TextEmbedding {
    public func embed(texts: [String]) -> [[Float]] { texts.map(embed) }
    /// Whether `word` is a whole word of the model's vocabulary (a real word, not a misspelling).
    public func isVocabularyWord(_ word: String) -> Bool { false }
}

/// Free-phrasing fallback: the command's embedding is compared with example sentences spelled
/// out from every intent's templates (slots filled with a typical value); the nearest examples
/// are then filled from the command itself: every slot needs a value found in the command, every
/// tagged group one of its alternatives, and the command's polarity words (on/off, open/close,
/// …) must be exactly those of the filled example — otherwise the candidate is refused, so the
/// embedding can never swap "on" for "off". The example must also share a content word with the
/// command ("open the fridge" is not "open the garage door"). The similarity that counts is the
/// command's, with its slot words replaced by the examples' values, to the intent's nearest example.
public struct EmbeddingMatcher: Sendable {
    struct Example: Sendable {
        var intent: Int
        var elements: [TemplateElement]
        var text: String
        var vector: [Float]
        var units: [ContradictionGuard.Kind: Set<String>]
    }

    public let intents: [IntentSettings]
    let examples: [Example]
    let intentUnits: [[ContradictionGuard.Kind: Set<String>]]
    let durations: DurationPhrases
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
            let texts = chosen.map { e in e.flatMap { $0.exampleWords(intent.slots) }.joined(separator: " ") }
            var vectors: [[Float]] = []
            for batch in stride(from: 0, to: texts.count, by: 16) {
                vectors += embedder.embed(texts: Array(texts[batch..<min(texts.count, batch + 16)]))
            }
            for (n, e) in chosen.enumerated() {
                examples.append(Example(intent: i, elements: e, text: texts[n], vector: vectors[n],
                                        units: ContradictionGuard.units(in: TemplateMatcher.words(of: e))))
            }
        }
        self.examples = examples
        let templates = TemplateMatcher(intents: intents)
        self.intentUnits = templates.intentUnits
        self.durations = templates.durations
    }

    public var exampleCount: Int { examples.count }

    /// The best acceptable candidate for `text`, or nil. The lexical checks come first, without the
    /// model: which examples the command can fill (slots, tags, polarity, a shared content word), and
    /// the command rewritten for each with its slot values replaced by the ones the examples use (so
    /// "bathroom" vs "kitchen" does not lower the similarity). Then one call of `embed` embeds the
    /// command and those rewrites together; none at all when no example can be filled.
    public func match(_ text: String, embed: ([String]) -> [[Float]]) -> IntentMatch? {
        let said = TextNormalizer.words(text)
        guard !said.isEmpty, !PolarityGuard.isNegated(said), !examples.isEmpty else { return nil }
        guard !Lexicon.english.rewrite(said).isEmpty else { return nil }
        let paraphrased = Lexicon.english.rewrite(said)
        let words = durations.rewrite(paraphrased)
        var variants: [String?: (words: [String], units: [ContradictionGuard.Kind: Set<String>])] = [:]
        let command = words.joined(separator: " ")
        var fillable: [Int: (slots: [IntentMatch.Slot], rewritten: String)] = [:]
        for (index, e) in examples.enumerated() {
            let intent = intents[e.intent]
            let unit = e.units[.time].flatMap { $0.count == 1 ? $0.first : nil }
            let variant = variants[unit] ?? {
                let w = durations.rewrite(paraphrased, into: unit)
                let v = (w, ContradictionGuard.units(in: w))
                variants[unit] = v
                return v
            }()
            let (words, units) = variant
            if !units.isEmpty, ContradictionGuard.contradicts(command: units, sentence: e.units, intent: intentUnits[e.intent]) { continue }
            guard let (slots, filledWords, spans) = fill(e.elements, intent: intent, from: words) else { continue }
            guard PolarityGuard.polarities(filledWords) == PolarityGuard.polarities(words) else { continue }
            guard Self.sharesContent(example: e.elements, intent: intent, words: words) else { continue }
            fillable[index] = (slots, Self.rewrite(words, spans: spans, intent: intent).joined(separator: " "))
        }
        guard !fillable.isEmpty else { return nil }
        let texts = [command] + Set(fillable.values.map(\.rewritten)).subtracting([command]).sorted()
        let embedded = embed(texts)
        guard embedded.count == texts.count, embedded[0].count == examples[0].vector.count else { return nil }
        let vectors = Dictionary(uniqueKeysWithValues: zip(texts, embedded))
        let vector = embedded[0]
        // Nearest examples first; the nearest example of each of the best few intents is a candidate
        // when the command fills it.
        let scored = examples.indices.map { (Self.dot(vector, examples[$0].vector), $0) }.sorted { $0.0 > $1.0 }
        var tried: Set<Int> = []
        var candidates: [(example: Example, slots: [IntentMatch.Slot], rewritten: String)] = []
        for (raw, index) in scored.prefix(self.candidates) where raw >= minSimilarity * 0.8 {
            let e = examples[index]
            guard tried.insert(e.intent).inserted, tried.count <= 3, let filled = fillable[index] else { continue }
            candidates.append((e, filled.slots, filled.rewritten))
        }

        var best: IntentMatch?
        var bestRaw = -1.0
        for candidate in candidates {
            let e = candidate.example, intent = intents[e.intent]
            guard let v = vectors[candidate.rewritten] else { continue }
            var similarity = -1.0
            for other in examples where other.intent == e.intent { similarity = max(similarity, Self.dot(v, other.vector)) }
            guard similarity >= minSimilarity, similarity > bestRaw else { continue }
            bestRaw = similarity
            let ordered = candidate.slots.sorted {
                (intent.slotOrder.firstIndex(of: $0.name) ?? .max) < (intent.slotOrder.firstIndex(of: $1.name) ?? .max)
            }
            best = IntentMatch(intent: intent.name, slots: ordered, confidence: Self.confidence(similarity: similarity),
                               source: .embedding, sentence: e.text)
        }
        return best
    }

    /// The confidence of an embedding match is its cosine similarity (clamped to 0…1).
    public static func confidence(similarity: Double) -> Double {
        min(1, max(0, similarity))
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        var s: Float = 0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return Double(s)
    }

    static let stopwords: Set<String> = TemplateMatcher.fillers.union([
        "is", "it", "in", "of", "at", "on", "off", "what", "what's", "how", "are", "there", "any", "set", "turn", "switch",
        "make", "put", "get", "tell", "give", "all", "some", "this", "that", "these", "those", "with", "by", "from",
    ])

    /// The example has no content words of its own, or the command says at least one of them
    /// (exactly or misspelt): "open the fridge" is not "open the garage door".
    static func sharesContent(example: [TemplateElement], intent: IntentSettings, words: [String]) -> Bool {
        var content: [String] = []
        for case let .word(w) in example where !stopwords.contains(w) && !PolarityGuard.isPolarity(w) { content.append(w) }
        guard !content.isEmpty else { return true }
        return content.contains { c in words.contains { $0 == c || TemplateMatcher.fuzzyEqual($0, c) || $0 == c + "s" || $0 + "s" == c } }
    }

    /// `words` with each slot span replaced by that slot's example value.
    static func rewrite(_ words: [String], spans: [(name: String, start: Int, count: Int)], intent: IntentSettings) -> [String] {
        var out = words
        for span in spans.sorted(by: { $0.start > $1.start }) {
            guard let rep = intent.slots[span.name]?.representative else { continue }
            out.replaceSubrange(span.start..<(span.start + span.count), with: TextNormalizer.words(rep))
        }
        return out
    }

    /// Fills an example's slots and tags from the command's words; nil if one cannot be filled.
    /// Returns the slots and the example's words as filled.
    func fill(_ elements: [TemplateElement], intent: IntentSettings, from words: [String])
        -> ([IntentMatch.Slot], [String], [(name: String, start: Int, count: Int)])? {
        var slots: [IntentMatch.Slot] = []
        var spans: [(name: String, start: Int, count: Int)] = []
        var out: [String] = []
        var used = Set<Int>() // word positions already taken by a slot
        for element in elements {
            switch element {
            case let .word(w): out.append(w)
            case let .slot(name):
                guard let values = intent.slots[name], let (value, start, count) = Self.find(values, in: words, avoiding: used) else { return nil }
                for p in start..<(start + count) { used.insert(p) }
                slots.append(IntentMatch.Slot(name: name, value: value, raw: words[start..<(start + count)].joined(separator: " ")))
                spans.append((name, start, count))
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
        return (slots, out, spans)
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
