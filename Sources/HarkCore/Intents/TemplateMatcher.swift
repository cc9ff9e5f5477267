/// Exact and fuzzy matching of a command against every intent's expanded templates, with slot
/// extraction.
///
/// Each expanded sentence is aligned with the command's words by dynamic programming (an edit
/// distance over words): matching words cost nothing; a misspelt word (one edit, two for long
/// words) costs `fuzzyWord`; an extra command word costs `skipInput` (`skipFiller` for "please",
/// "the", …); a template word left out costs `skipTemplate` (`skipArticle` for "the", "a"). Slots
/// consume one or more words that spell one of their values (lists) or a number in range
/// (digits or number words). Polarity words (on/off, open/close, …) and tagged alternatives are
/// never fuzzed, skipped or substituted, and negated commands never match.
/// Confidence = 1 − cost / (template words + 2); an exact match is 1.
public struct TemplateMatcher: Sendable {
    public struct Tuning: Sendable {
        public var fuzzyWord = 0.4
        public var skipInput = 1.0
        public var skipFiller = 0.25
        public var skipTemplate = 1.5
        public var skipArticle = 0.4
        /// Below this the matcher reports no match.
        public var minConfidence = 0.5
        public init() {}
    }

    struct Sentence: Sendable {
        var intent: Int
        var elements: [TemplateElement]
        /// Per element, what the alignment needs without hashing strings: a literal word's id in
        /// `vocabulary` and what leaving it out costs; a slot's index in `slotKeys` (-1 when the
        /// intent does not declare it).
        var literal: [(id: Int, skip: Skip)]
        var slotIndex: [Int]
        var text: String
        var templateWords: Int
        /// Units this sentence says (tags included), for `ContradictionGuard`.
        var units: [ContradictionGuard.Kind: Set<String>]
        /// The one time unit the sentence says, if any: durations are rewritten into it.
        var timeUnit: String? { units[.time].flatMap { $0.count == 1 ? $0.first : nil } }
    }

    public static let fillers: Set<String> = [
        "please", "hark", "hey", "ok", "okay", "could", "can", "would", "will", "you", "me", "for", "just", "now",
        "kindly", "i", "want", "to", "like", "the", "a", "an", "my", "our", "thanks", "thank", "hi", "hello", "pls",
        "quickly", "go", "ahead", "right", "away", "then", "um", "uh", "so",
    ]
    static let articles: Set<String> = ["the", "a", "an", "my", "our"]

    /// What leaving a template word out costs: never (polarity words), `skipArticle`, `skipTemplate`.
    enum Skip: Sendable { case never, article, word }

    public let intents: [IntentSettings]
    let sentences: [Sentence]
    /// Units any template of each intent says.
    let intentUnits: [[ContradictionGuard.Kind: Set<String>]]
    /// Durations rewritten into the templates' units before matching.
    public let durations: DurationPhrases
    /// Paraphrases tried besides the command as said (built-in English).
    public let lexicon: Lexicon
    /// Each intent's own `synonyms`, by intent index.
    let synonyms: [Int: Lexicon]
    /// Every literal template word, by id (`Sentence.literal`).
    let vocabulary: [String]
    let wordIDs: [String: Int]
    /// Every (intent, slot) pair a sentence uses, by index (`Sentence.slotIndex`).
    let slotKeys: [(intent: Int, name: String)]
    public var tuning: Tuning

    public init(intents: [IntentSettings], tuning: Tuning = Tuning()) {
        self.intents = intents
        self.tuning = tuning
        var sentences: [Sentence] = []
        var intentUnits: [[ContradictionGuard.Kind: Set<String>]] = []
        for (i, intent) in intents.enumerated() {
            var unitsOfIntent: [ContradictionGuard.Kind: Set<String>] = [:]
            defer { intentUnits.append(unitsOfIntent) }
            for template in intent.templates {
                guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else { continue }
                for e in expansions {
                    let words = e.reduce(0) { n, el in
                        switch el {
                        case .word, .slot: n + 1
                        case let .tagged(_, _, ws): n + ws.count
                        }
                    }
                    let units = ContradictionGuard.units(in: Self.words(of: e))
                    unitsOfIntent.merge(units) { $0.union($1) }
                    sentences.append(Sentence(intent: i, elements: e, literal: [], slotIndex: [], text: template.source,
                                              templateWords: words, units: units))
                }
            }
        }
        var vocabulary: [String] = [], wordIDs: [String: Int] = [:]
        var slotKeys: [(intent: Int, name: String)] = [], slotIndexByKey: [String: Int] = [:]
        for s in sentences {
            for e in s.elements {
                switch e {
                case let .word(w) where wordIDs[w] == nil:
                    wordIDs[w] = vocabulary.count
                    vocabulary.append(w)
                case let .slot(name) where intents[s.intent].slots[name] != nil && slotIndexByKey["\(s.intent)/\(name)"] == nil:
                    slotIndexByKey["\(s.intent)/\(name)"] = slotKeys.count
                    slotKeys.append((s.intent, name))
                default: break
                }
            }
        }
        self.vocabulary = vocabulary
        self.wordIDs = wordIDs
        self.slotKeys = slotKeys
        self.sentences = sentences.map { s in
            var s = s
            s.literal = s.elements.map { e in
                guard case let .word(t) = e else { return (-1, .never) }
                return (wordIDs[t]!, PolarityGuard.isPolarity(t) ? .never : Self.articles.contains(t) ? .article : .word)
            }
            s.slotIndex = s.elements.map { e in
                guard case let .slot(name) = e else { return -1 }
                return slotIndexByKey["\(s.intent)/\(name)"] ?? -1
            }
            return s
        }
        self.intentUnits = intentUnits
        self.durations = DurationPhrases(intents: intents)
        self.lexicon = .english
        var synonyms: [Int: Lexicon] = [:]
        for (i, intent) in intents.enumerated() where !intent.synonyms.entries.isEmpty { synonyms[i] = intent.synonyms }
        self.synonyms = synonyms
    }

    /// The literal words of an expanded sentence (tags as their words, slots left out).
    static func words(of elements: [TemplateElement]) -> [String] {
        elements.flatMap { e -> [String] in
            switch e {
            case let .word(w): [w]
            case let .tagged(_, _, ws): ws
            case .slot: []
            }
        }
    }

    /// Number of expanded sentences searched.
    public var sentenceCount: Int { sentences.count }

    /// The best match at or above `tuning.minConfidence`, or nil.
    public func match(_ text: String) -> IntentMatch? { match(words: TextNormalizer.words(text)) }

    public func match(words input: [String]) -> IntentMatch? {
        guard !input.isEmpty, !PolarityGuard.isNegated(input) else { return nil }
        // The command as said and paraphrased (built-in lexicon and the intent's synonyms), each with
        // its durations rewritten into the time unit a sentence says (nil: any template unit); each
        // such variant is prepared once per command and shared by every sentence that uses it.
        let paraphrased = lexicon.rewrite(input)
        var table = VariantTable()
        var best: (confidence: Double, match: IntentMatch)?
        search: for s in sentences {
            let unit = s.timeUnit
            let own = synonyms[s.intent]
            let said = table.index(of: VariantKey(rewrite: -1, unit: unit)) { make(durations.rewrite(input, into: unit)) }
            let paraphrase = own == nil
                ? table.index(of: VariantKey(rewrite: -2, unit: unit)) { make(durations.rewrite(paraphrased, into: unit)) }
                : table.index(of: VariantKey(rewrite: s.intent, unit: unit)) {
                    make(durations.rewrite(lexicon.rewrite(input, extra: own!), into: unit))
                }
            for (n, v) in [said, paraphrase].enumerated() {
                let words = table.variants[v].words
                // A paraphrase that changed nothing was tried as said.
                guard !words.isEmpty, n == 0 || words != table.variants[said].words else { continue }
                let units = table.variants[v].units
                if !units.isEmpty, ContradictionGuard.contradicts(command: units, sentence: s.units, intent: intentUnits[s.intent]) { continue }
                guard let (aligned, slots) = align(s, &table.variants[v]) else { continue }
                // A paraphrase costs what one filler word does: never an exact match.
                let cost = aligned + (n == 0 ? 0 : tuning.skipFiller)
                let confidence = cost == 0 ? 1.0 : max(0, 1 - cost / Double(s.templateWords + 2))
                guard confidence >= tuning.minConfidence else { continue }
                if best == nil || confidence > best!.confidence {
                    let intent = intents[s.intent]
                    let ordered = slots.sorted { a, b in
                        (intent.slotOrder.firstIndex(of: a.name) ?? .max) < (intent.slotOrder.firstIndex(of: b.name) ?? .max)
                    }
                    best = (confidence, IntentMatch(intent: intent.name, slots: ordered, confidence: confidence,
                                                    source: cost == 0 && n == 0 ? .exact : .fuzzy, sentence: s.text))
                    if confidence == 1 { break search }
                }
            }
        }
        return best?.match
    }

    // MARK: Alignment

    private enum Step {
        case none
        case skipInput
        case word
        case skipTemplate
        case consume(Int, slot: String?, value: String?)
    }

    /// Which rewrite of the command (-1 as said, -2 the built-in lexicon, i ≥ 0 intent i's own
    /// synonyms) in which time unit.
    struct VariantKey: Hashable {
        var rewrite: Int
        var unit: String?
    }

    /// One rewrite of the command as the alignment reads it, with what it learns about its words
    /// kept for the next sentence: per word its vocabulary id (-1: no template says it) and the
    /// cost of skipping it, whether it is a misspelling of each template word (computed on first
    /// use), and the candidate fillings of each slot at each position.
    struct Variant {
        let words: [String]
        let units: [ContradictionGuard.Kind: Set<String>]
        let ids: [Int]
        let skip: [Double]
        /// [word × vocabulary]: 0 unknown, 1 a misspelling, 2 not.
        var fuzzy: [UInt8]
        /// [slot key × word].
        var slots: [[(Int, Double, String)]?]
    }

    struct VariantTable {
        var variants: [Variant] = []
        var index: [VariantKey: Int] = [:]

        mutating func index(of key: VariantKey, _ make: () -> Variant) -> Int {
            if let i = index[key] { return i }
            variants.append(make())
            index[key] = variants.count - 1
            return variants.count - 1
        }
    }

    private func make(_ words: [String]) -> Variant {
        Variant(words: words, units: ContradictionGuard.units(in: words), ids: words.map { wordIDs[$0] ?? -1 },
                skip: words.map(skipInputCost), fuzzy: [UInt8](repeating: 0, count: words.count * vocabulary.count),
                slots: [[(Int, Double, String)]?](repeating: nil, count: words.count * slotKeys.count))
    }

    private func align(_ s: Sentence, _ v: inout Variant) -> (Double, [IntentMatch.Slot])? {
        let w = v.words
        let m = s.elements.count, n = w.count
        let width = n + 1
        let inf = Double.infinity
        let vocabularySize = vocabulary.count
        var cost = [Double](repeating: inf, count: (m + 1) * width)
        var step = [Step](repeating: .none, count: (m + 1) * width)
        cost[m * width + n] = 0
        for j in stride(from: n - 1, through: 0, by: -1) {
            cost[m * width + j] = v.skip[j] + cost[m * width + j + 1]
            step[m * width + j] = .skipInput
        }
        let intent = intents[s.intent]
        for i in stride(from: m - 1, through: 0, by: -1) {
            for j in stride(from: n, through: 0, by: -1) {
                var best = inf
                var bestStep = Step.none
                func consider(_ c: Double, _ st: Step) {
                    if c < best { best = c; bestStep = st }
                }
                switch s.elements[i] {
                case let .word(t):
                    let literal = s.literal[i]
                    if j < n {
                        if v.ids[j] == literal.id {
                            consider(cost[(i + 1) * width + j + 1], .word)
                        } else {
                            let f = j * vocabularySize + literal.id
                            if v.fuzzy[f] == 0 { v.fuzzy[f] = Self.fuzzyEqual(w[j], t) ? 1 : 2 }
                            if v.fuzzy[f] == 1 { consider(tuning.fuzzyWord + cost[(i + 1) * width + j + 1], .word) }
                        }
                    }
                    switch literal.skip {
                    case .never: break
                    case .article: consider(tuning.skipArticle + cost[(i + 1) * width + j], .skipTemplate)
                    case .word: consider(tuning.skipTemplate + cost[(i + 1) * width + j], .skipTemplate)
                    }
                case let .tagged(slot, value, words):
                    if j + words.count <= n, words.indices.allSatisfy({ w[j + $0] == words[$0] }) {
                        consider(cost[(i + 1) * width + j + words.count], .consume(words.count, slot: slot, value: value))
                    }
                case let .slot(name):
                    let key = s.slotIndex[i]
                    if j < n, key >= 0, let values = intent.slots[name] {
                        let candidates = v.slots[key * n + j] ?? {
                            let c = Self.slotCandidates(values, w, j, fuzzyCost: tuning.fuzzyWord)
                            v.slots[key * n + j] = c
                            return c
                        }()
                        for (k, c, value) in candidates {
                            consider(c + cost[(i + 1) * width + j + k], .consume(k, slot: name, value: value))
                        }
                    }
                }
                if j < n {
                    consider(v.skip[j] + cost[i * width + j + 1], .skipInput)
                }
                cost[i * width + j] = best
                step[i * width + j] = bestStep
            }
        }
        let total = cost[0]
        guard total.isFinite else { return nil }
        // Walk the chosen steps to collect slot values.
        var slots: [IntentMatch.Slot] = []
        var i = 0, j = 0
        while i < m || j < n {
            switch step[i * width + j] {
            case .none: return nil
            case .skipInput: j += 1
            case .word: i += 1; j += 1
            case .skipTemplate: i += 1
            case let .consume(k, slot, value):
                if let slot, let value {
                    slots.append(IntentMatch.Slot(name: slot, value: value, raw: w[j..<(j + k)].joined(separator: " ")))
                }
                i += 1
                j += k
            }
        }
        return (total, slots)
    }

    private func skipInputCost(_ word: String) -> Double {
        if PolarityGuard.isPolarity(word) || PolarityGuard.negations.contains(word) { return .infinity }
        return Self.fillers.contains(word) ? tuning.skipFiller : tuning.skipInput
    }

    /// Ways slot `values` can fill the words from `j`: the cheapest value per length.
    static func slotCandidates(_ values: SlotValues, _ w: [String], _ j: Int, fuzzyCost: Double) -> [(Int, Double, String)] {
        switch values {
        case let .range(r):
            guard let (v, k) = NumberWords.readWhole(w, from: j), r.contains(v) else { return [] }
            return [(k, 0, String(v))]
        case let .list(items):
            var best: [Int: (Double, String)] = [:]
            for item in items {
                let iw = item.split(separator: " ").map(String.init)
                guard j + iw.count <= w.count else { continue }
                var c = 0.0
                for (a, b) in zip(w[j..<(j + iw.count)], iw) {
                    if a == b { continue }
                    if fuzzyEqual(a, b) { c += fuzzyCost } else { c = .infinity; break }
                }
                guard c.isFinite else { continue }
                if best[iw.count] == nil || c < best[iw.count]!.0 { best[iw.count] = (c, item) }
            }
            return best.map { ($0.key, $0.value.0, $0.value.1) }
        }
    }

    /// Misspellings: one edit (two for words of 8+ letters), both at least 4 letters, never a
    /// polarity word, a negation or a number.
    public static func fuzzyEqual(_ a: String, _ b: String) -> Bool {
        let au = a.utf8, bu = b.utf8
        if au.allSatisfy({ $0 < 0x80 }), bu.allSatisfy({ $0 < 0x80 }) {
            // ASCII (every template and nearly every command word): the same tests on bytes, the
            // cheap ones first and the dictionary lookups only for a pair within the edit limit.
            let n = au.count, m = bu.count
            guard n >= 4, m >= 4, abs(n - m) <= 2 else { return false }
            if au.contains(where: { $0 &- 0x30 < 10 }) || bu.contains(where: { $0 &- 0x30 < 10 }) { return false }
            let limit = min(n, m) >= 8 ? 2 : 1
            guard editDistance(Array(au), Array(bu), limit: limit) <= limit else { return false }
            return !PolarityGuard.isPolarity(a) && !PolarityGuard.isPolarity(b)
                && !PolarityGuard.negations.contains(a) && !PolarityGuard.negations.contains(b)
        }
        guard a.count >= 4, b.count >= 4, abs(a.count - b.count) <= 2 else { return false }
        if PolarityGuard.isPolarity(a) || PolarityGuard.isPolarity(b) { return false }
        if PolarityGuard.negations.contains(a) || PolarityGuard.negations.contains(b) { return false }
        if a.contains(where: \.isNumber) || b.contains(where: \.isNumber) { return false }
        let limit = min(a.count, b.count) >= 8 ? 2 : 1
        return editDistance(Array(a), Array(b), limit: limit) <= limit
    }

    /// Damerau–Levenshtein (optimal string alignment) distance, stopping early past `limit`.
    static func editDistance<C: Equatable>(_ a: [C], _ b: [C], limit: Int) -> Int {
        let n = a.count, m = b.count
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...m {
                let sub = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }
}
