/// Fills an intent's slots from wherever their values are said in a command, for the classifier:
/// each slot value (a list phrase, exactly or misspelt by one edit; a whole number in range, as
/// digits or number words; one alternative of a tagged group) is looked for anywhere in the words.
///
/// The rules that keep it from acting on something not said:
/// - a slot value must be heard: a slot whose value is not in the command is not filled, and the
///   intent is only matched when every slot of one of its sentences is filled;
/// - a slot that hears two different values ("kitchen … bedroom", "5 … 10") is ambiguous: no match;
/// - the command's polarity words (on/off, open/close, …, as said) must be exactly those of one of
///   the intent's sentences with its tags filled: "turn on the night scene" is not a scene command
///   when no scene sentence says "on";
/// - the command must say one of the intent's content words (exactly, misspelt, plural, -ing or -ed)
///   unless one of its sentences has none: "open the fridge" is not "open the garage";
/// - a number said must be the value of one of the filled slots: "office temperature 24 degrees"
///   is not a question about the office temperature;
/// - a unit said must be one the intent's sentences say, for the kinds of unit they use
///   (`ContradictionGuard`): "timer for 10 seconds" is not "timer for {minutes} minutes";
/// - a statement or report ("the kitchen light is on", "someone left the garage open", "the
///   vacuum stopped"), a conditional ("if it gets cold …") or a liking ("she loves the movie scene")
///   belongs to an intent only when its sentences say that word, and a subject followed by a
///   polarity verb in the past ("we locked the back door already") never does: a remark is not a command;
/// - a question ("is the kitchen light on") belongs to an intent only when one of its sentences
///   starts with the same question word ("are there any alerts").
/// A direction ("up", "down", "lower", …) said just before "to <number>" that fills a number slot is
/// not counted as a polarity: "bring the lights down to 25 percent" sets 25.
/// A tagged alternative that is a polarity word is heard in any of its forms ("shut" or "closed" for
/// "close"), as the polarity guard counts them, and in its equivalents ("louder" for "up",
/// "activate" for "on"; never an opposite). An intent whose sentences say only one polarity that puts
/// something into action (`PolarityGuard.activating`: on, start, arm) hears the others as that one,
/// and likewise for taking it out of action (off, stop, disarm): "turn on the security" arms a
/// security system that is armed or disarmed, "stop the fan" turns off a fan that is turned on or
/// off. An intent that says two of a set ("start" and "on") keeps them apart. Likewise up/open and
/// down/close ("pull up the blinds" opens blinds that open or close, "lower the blinds" closes them).
public struct SlotSpanFiller: Sendable {
    /// What one sentence shape of the intent needs: its slots and tags, and the polarity words
    /// its literal words say (tags not included).
    struct Shape: Sendable, Hashable {
        var slots: [String]
        var tags: [String]
        var literalPolarities: [String]
    }

    public let intent: IntentSettings
    let shapes: [Shape]
    /// Content words of the intent's sentences; empty when one of its sentences has none.
    let content: Set<String>
    /// The first words of the intent's sentences.
    let firstWords: Set<String>
    /// Every word the intent's sentences say.
    let vocabulary: Set<String>
    /// Units (time, measure) the intent's sentences say.
    let units: [ContradictionGuard.Kind: Set<String>]
    /// A polarity the intent's sentences do not say → the one of its activation set they do.
    public let activation: [String: String]

    public init(intent: IntentSettings) {
        self.intent = intent
        var shapes: [Shape] = []
        var seen: Set<Shape> = []
        var content: Set<String> = []
        var someSentenceHasNoContent = false
        var firstWords: Set<String> = []
        var units: [ContradictionGuard.Kind: Set<String>] = [:]
        var vocabulary: Set<String> = []
        var said: Set<String> = [] // polarities of the intent's sentences, literal and tagged
        for template in intent.templates {
            guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else { continue }
            for e in expansions {
                var slots: [String] = [], tags: [String] = [], literal: [String] = [], own: [String] = []
                for element in e {
                    switch element {
                    case let .word(w):
                        literal.append(w)
                        if !Self.stopwords.contains(w), !PolarityGuard.isPolarity(w) { own.append(w) }
                    case let .slot(s): if !slots.contains(s) { slots.append(s) }
                    case let .tagged(t, _, _): if !tags.contains(t) { tags.append(t) }
                    }
                }
                if own.isEmpty { someSentenceHasNoContent = true }
                units.merge(ContradictionGuard.units(in: TemplateMatcher.words(of: e))) { $0.union($1) }
                vocabulary.formUnion(TemplateMatcher.words(of: e))
                said.formUnion(Self.polarities(TemplateMatcher.words(of: e)))
                switch e.first {
                case let .word(w)?: firstWords.insert(w)
                case let .tagged(_, _, ws)?: if let w = ws.first { firstWords.insert(w) }
                default: break
                }
                content.formUnion(own)
                let shape = Shape(slots: slots.sorted(), tags: tags.sorted(), literalPolarities: Self.polarities(literal))
                if seen.insert(shape).inserted { shapes.append(shape) }
            }
        }
        // Shapes that need more slots first: a command that says more is read fully.
        self.shapes = shapes.sorted { ($0.slots.count + $0.tags.count) > ($1.slots.count + $1.tags.count) }
        self.content = someSentenceHasNoContent ? [] : content
        self.firstWords = firstWords
        self.units = units
        self.vocabulary = vocabulary
        self.activation = Self.activationMap(said: said)
    }

    /// For each set of `PolarityGuard.sameMeaningSets` (on/start/arm, off/stop/disarm, up/open, down/close) of which the intent
    /// says exactly one polarity: the others → that one.
    static func activationMap(said: Set<String>) -> [String: String] {
        var map: [String: String] = [:]
        for members in sameMeaningSets {
            let own = said.intersection(members)
            guard own.count == 1, let one = own.first else { continue }
            for p in members where p != one { map[p] = one }
        }
        return map
    }

    /// `PolarityGuard.sameMeaningSets` with equivalents merged ("enable" is "on"), as `polarities` reads them.
    static let sameMeaningSets: [Set<String>] = PolarityGuard.sameMeaningSets.map { Set($0.map { equivalent[$0] ?? $0 }) }

    /// Whether two polarities (as `polarities` reads them) are the same one or of one same-meaning set.
    public static func sameMeaning(_ a: String, _ b: String) -> Bool {
        a == b || sameMeaningSets.contains { $0.contains(a) && $0.contains(b) }
    }

    /// Whether one of the intent's sentences is a question (starts with "what", "how", "are", "any", …).
    public var asksQuestions: Bool { !firstWords.isDisjoint(with: Self.questionWords) }

    /// Whether `words` (after the lexicon) start with a verb of an action this intent's sentences do
    /// not say: "delete the morning scene", "clear the alerts" (the timer's sentences say "delete" and
    /// "clear"; the scene's and the alerts' do not), "reset the thermostat".
    public func asksAnotherAction(_ words: [String]) -> Bool {
        guard let verb = words.first, Self.otherActions.contains(verb) else { return false }
        return !vocabulary.contains(verb)
    }

    /// Verbs of actions that change or remove a thing rather than operate it.
    static let otherActions: Set<String> = ["delete", "remove", "clear", "erase", "reset", "rename", "edit", "add", "create", "save",
                                            "record", "schedule", "program", "reprogram", "configure", "update", "install",
                                            "uninstall", "reboot", "repair", "fix", "replace", "paint",
                                            "buy", "order", "charge", "empty", "wash", "dust", "calibrate", "sell", "unplug", "map", "assign", "link", "bind"]
    static let questionWords: Set<String> = ["what", "what's", "how", "are", "is", "any", "which", "who", "when", "where", "do", "does", "did", "list", "read"]

    /// The polarities of `words` as this intent reads them (activation equivalents merged), sorted.
    func intentPolarities(_ words: [String]) -> [String] {
        Self.polarities(words).map { activation[$0] ?? $0 }.sorted()
    }

    /// Verbs that make a sentence a statement or report rather than a request.
    static let statementVerbs: Set<String> = [
        "is", "are", "was", "were", "been", "am", "i'm", "it's", "that's", "there's", "we're", "they're", "you're", "he's", "she's",
        "isn't", "wasn't", "aren't",
        // Reports of something done.
        "turned", "switched", "left", "stopped", "started", "opened", "unlocked", "disarmed", "paused", "resumed", "cancelled",
        "canceled", "activated", "deactivated", "went", "did",
        // Conditions and likings.
        "if", "unless", "whenever", "likes", "loves", "hates", "love", "hate", "liked", "loved", "hated",
    ]
    static let directions: Set<String> = ["up", "down", "increase", "decrease"]

    static let stopwords: Set<String> = TemplateMatcher.fillers.union([
        "is", "it", "in", "of", "at", "on", "off", "what", "what's", "how", "are", "there", "any", "set", "turn", "switch",
        "make", "put", "get", "tell", "give", "all", "some", "this", "that", "these", "those", "with", "by", "from", "into",
    ])

    /// The intent's slots filled from `words` (the command after paraphrasing, which never brings in
    /// a polarity the command does not say), or nil when the rules above refuse it.
    /// `said`: the command as said; a statement word counts when both say it (the lexicon brings in
    /// "is" for "tell me" → "what is", and drops "if" with "if you can").
    public func fill(_ words: [String], said: [String]? = nil) -> [IntentMatch.Slot]? {
        guard !PolarityGuard.isNegated(words), sharesContent(words) else { return nil }
        if isRemark(words, said: said ?? words) { return nil }
        if ContradictionGuard.contradicts(command: ContradictionGuard.units(in: words), sentence: units, intent: units) { return nil }
        let polarities = intentPolarities(words)
        let numbers = Set(words.indices.compactMap { NumberWords.readWhole(words, from: $0)?.value })
        var found: [String: IntentMatch.Slot?] = [:] // nil value: ambiguous
        func value(_ name: String) -> IntentMatch.Slot?? {
            if let v = found[name] { return v }
            guard let values = intent.slots[name] else { return .some(nil) }
            var v = Self.find(values, in: Self.polarityForms(words, as: values, activation: activation))
            if case let .some(.some(slot)) = v { v = .some(IntentMatch.Slot(name: name, value: slot.value, raw: slot.raw)) }
            found[name] = v
            return v
        }
        for shape in shapes {
            var slots: [IntentMatch.Slot] = []
            var ok = true
            for name in shape.slots + shape.tags {
                guard case let .some(.some(slot)) = value(name) else { ok = false; break }
                slots.append(slot)
            }
            guard ok else { continue }
            var used: Set<Int> = []
            for slot in slots { if case .range? = intent.slots[slot.name], let n = Int(slot.value) { used.insert(n) } }
            guard numbers.isSubset(of: used) else { continue }
            let tagWords = shape.tags.flatMap { t in slots.first { $0.name == t }.map { TextNormalizer.words($0.value) } ?? [] }
            let meant = (shape.literalPolarities + Self.polarities(tagWords)).sorted()
            guard meant == polarities || meant == Self.withoutTargetDirections(words, numbers: used).map({ activation[$0] ?? $0 }).sorted()
            else { continue }
            return slots.sorted {
                (intent.slotOrder.firstIndex(of: $0.name) ?? .max) < (intent.slotOrder.firstIndex(of: $1.name) ?? .max)
            }
        }
        return nil
    }

    /// Whether the command is a question this intent's sentences do not ask, or a statement, report,
    /// conditional or liking with a word its sentences do not say (counted when both `words`, as
    /// paraphrased, and `said`, as said, have it).
    public func isRemark(_ words: [String], said: [String]) -> Bool {
        if TextNormalizer.isHowTo(words) || TextNormalizer.isHowTo(said) { return true }
        if TextNormalizer.isQuestion(words), let first = words.first, !firstWords.contains(first) { return true }
        // As said: the lexicon reads "give me …" as "what is …".
        if TextNormalizer.asksWhat(said), !firstWords.contains("what") { return true }
        if Self.isReport(said) || saysOwnVerbAfterSubject(said) { return true }
        let asSaid = Set(said)
        let wished = Self.wishedStateWords(said)
        return words.contains { Self.statementVerbs.contains($0) && !vocabulary.contains($0) && asSaid.contains($0) && !wished.contains($0) }
    }

    /// Words of a request for a state that would otherwise read as a statement: after "make sure" or
    /// "ensure", the copula and the state ("make sure the back door is locked"); with "please" or a
    /// wish ("need", "want"), a polarity verb in the past said after its object, not before one ("side
    /// door unlocked please", "i need the front door unlocked", but not "someone unlocked the door please").
    static func wishedStateWords(_ said: [String]) -> Set<String> {
        var out: Set<String> = []
        let ensured = said.indices.contains { i in said[i] == "ensure" || (said[i] == "make" && i + 1 < said.count && said[i + 1] == "sure") }
        // "… please", or wanted: "i need the front door unlocked", "we want the blinds closed".
        let polite = said.contains { ["please", "pls", "plz", "need", "want", "wanna"].contains($0) }
        for (i, w) in said.enumerated() {
            let participle = w.hasSuffix("ed") && PolarityGuard.isPolarity(w)
            if ensured, participle || ["is", "are"].contains(w) { out.insert(w) }
            // "can the bedroom fan be turned off", "could the blinds be closed": asked to be done.
            if i > 0, said[i - 1] == "be", participle || ["turned", "switched"].contains(w) { out.insert(w) }
            if polite, participle, i > 0, i + 1 == said.count || !Self.objectStarts.contains(said[i + 1]) { out.insert(w) }
        }
        return out
    }

    static let objectStarts: Set<String> = ["the", "a", "an", "my", "our", "your", "their", "his", "her", "it", "them", "this", "that"]

    static let subjects: Set<String> = ["i", "we", "you", "they", "he", "she", "it", "someone", "somebody", "everyone", "nobody"]

    /// A subject followed by a polarity verb in the past ("we locked the back door already", "she
    /// closed the blinds"): a report of something done, never a command.
    static func isReport(_ words: [String]) -> Bool {
        words.indices.dropFirst().contains { i in
            subjects.contains(words[i - 1]) && words[i].hasSuffix("ed") && PolarityGuard.isPolarity(words[i])
        }
    }

    /// A subject followed by the verb one of the intent's sentences starts with ("i set a timer for 10
    /// minutes earlier", "we turn the heating off at night"): what someone did or does, not a request
    /// ("can i set a timer": a modal before the subject asks).
    func saysOwnVerbAfterSubject(_ said: [String]) -> Bool {
        said.indices.dropFirst().contains { i in
            Self.reportingSubjects.contains(said[i - 1]) && firstWords.contains(said[i]) && !PolarityGuard.isPolarity(said[i])
                && (i < 2 || !Self.modals.contains(said[i - 2]))
        }
    }

    static let reportingSubjects: Set<String> = ["i", "we", "they", "he", "she", "someone", "somebody", "everyone", "nobody"]
    static let modals: Set<String> = ["can", "could", "may", "might", "shall", "should", "will", "would", "must"]

    /// The polarities of `words` without the directions said before "to <number>" (or "down to",
    /// "up to") where the number is one of `numbers` (a filled number slot).
    static func withoutTargetDirections(_ words: [String], numbers: Set<Int>) -> [String] {
        guard !numbers.isEmpty else { return polarities(words) }
        var target = false
        for i in words.indices where words[i] == "to" {
            if let (n, _) = NumberWords.readWhole(words, from: i + 1), numbers.contains(n) { target = true }
        }
        guard target else { return polarities(words) }
        return polarities(words.filter { !directions.contains(PolarityGuard.polarity($0) ?? "") })
    }

    /// Polarities that mean the same for a device: "louder"/"raise" (increase) is "up", "lower" is
    /// "down", "activate"/"enable" is "on", "deactivate"/"disable" is "off".
    public static let equivalent: [String: String] = ["increase": "up", "decrease": "down", "enable": "on", "disable": "off"]

    /// The polarity multiset of `words` with equivalents merged, sorted.
    public static func polarities(_ words: [String]) -> [String] {
        PolarityGuard.polarities(words).map { equivalent[$0] ?? $0 }.sorted()
    }

    /// "vacuuming", "vacuumed" for "vacuum": the word plus -ing or -ed (the word at least 4 letters).
    static func isInflection(_ w: String, of word: String) -> Bool {
        word.count >= 4 && w.hasPrefix(word) && ["ing", "ed"].contains(String(w.dropFirst(word.count)))
    }

    /// `words` with each form of a polarity ("shut", "closed") written as the slot value with that
    /// polarity ("close"), when the slot lists one.
    /// `activation`: the intent's activation equivalents ("on" → "arm").
    static func polarityForms(_ words: [String], as values: SlotValues, activation: [String: String] = [:]) -> [String] {
        guard case let .list(items) = values else { return words }
        var byPolarity: [String: String] = [:]
        for item in items { if let c = PolarityGuard.polarity(item) { byPolarity[equivalent[c] ?? c] = item } }
        guard !byPolarity.isEmpty else { return words }
        return words.map { w in
            PolarityGuard.polarity(w).flatMap { c in
                let e = equivalent[c] ?? c
                return byPolarity[e] ?? activation[e].flatMap { byPolarity[$0] }
            } ?? w
        }
    }

    func sharesContent(_ words: [String]) -> Bool {
        guard !content.isEmpty else { return true }
        return words.contains { w in
            content.contains(w) || (w.hasSuffix("s") && content.contains(String(w.dropLast()))) || content.contains(w + "s")
                || content.contains { TemplateMatcher.fuzzyEqual(w, $0) || Self.isInflection(w, of: $0) }
        }
    }

    /// The one value of a slot said in `words`: nil when none is said; `.some(nil)` when two
    /// different values are. Longer phrases win over the words inside them ("living room" over "room").
    static func find(_ values: SlotValues, in words: [String]) -> IntentMatch.Slot?? {
        var spans: [(start: Int, count: Int, cost: Double, value: String)] = []
        for j in words.indices {
            for (k, cost, value) in TemplateMatcher.slotCandidates(values, words, j, fuzzyCost: 0.4) { spans.append((j, k, cost, value)) }
        }
        // Longest first, exact before misspelt; a span overlapping a chosen one is left out.
        spans.sort { $0.count != $1.count ? $0.count > $1.count : $0.cost != $1.cost ? $0.cost < $1.cost : $0.start < $1.start }
        var used = Set<Int>()
        var chosen: [(start: Int, count: Int, value: String)] = []
        for s in spans where !(s.start..<(s.start + s.count)).contains(where: used.contains) {
            chosen.append((s.start, s.count, s.value))
            for p in s.start..<(s.start + s.count) { used.insert(p) }
        }
        guard let first = chosen.first else { return nil }
        if chosen.contains(where: { $0.value != first.value }) { return .some(nil) }
        return .some(IntentMatch.Slot(name: "", value: first.value, raw: words[first.start..<(first.start + first.count)].joined(separator: " ")))
    }
}
