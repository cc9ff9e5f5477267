/// A slot value with a word no intent knows right next to it names something else: "turn off the
/// guest bedroom lights" is not the bedroom, "lock the front gate" is not the front door. A match
/// that is not word for word a sentence is refused when every place the command says its list
/// value has such a word just before or just after it.
///
/// Known words: every word of the intents' sentences and slot values, of the built-in lexicon and
/// the matchers' fillers and stopwords, polarity and negation words, numbers, and English function
/// words. A misspelling (one edit) of a word of the intents or the lexicon is known ("swich",
/// "kitchn"), and a short word with two letters swapped ("teh").
public struct UnknownModifierGuard: Sendable {
    let known: Set<String>
    /// The words of the intents' sentences and list values.
    let intentWords: Set<String>
    /// Known words whose misspellings are known too: the intents' and the lexicon's.
    let spellable: Set<String>

    public init(intents: [IntentSettings]) {
        var lexiconWords: Set<String> = []
        for e in Lexicon.english.entries + intents.flatMap(\.synonyms.entries) {
            lexiconWords.formUnion(e.phrase)
            lexiconWords.formUnion(e.replacement)
        }
        let intentWords = intents.reduce(into: Set<String>()) { $0.formUnion($1.words) }
        known = Self.functionWords.union(TemplateMatcher.fillers).union(SlotSpanFiller.stopwords).union(SlotSpanFiller.statementVerbs)
            .union(PolarityGuard.negations).union(lexiconWords).union(intentWords)
        self.intentWords = intentWords
        spellable = intentWords.union(lexiconWords)
    }

    /// Whether `word` is one the intents, the lexicon or English grammar know (or one edit from one).
    func isKnown(_ word: String) -> Bool {
        if known.contains(word) || PolarityGuard.isPolarity(word) || word.first?.isNumber == true { return true }
        if NumberWords.readWhole([word], from: 0) != nil { return true }
        if word.hasSuffix("s"), known.contains(String(word.dropLast())) { return true }
        if word.hasSuffix("'s"), known.contains(String(word.dropLast(2))) { return true }
        if word.count < 4 { return Self.swaps(word).contains(where: known.contains) } // "teh"
        return spellable.contains { $0.count >= 4 && TemplateMatcher.fuzzyEqual(word, $0) }
    }

    /// `word` with two neighbouring letters swapped, every way.
    static func swaps(_ word: String) -> [String] {
        let c = Array(word)
        guard c.count >= 2 else { return [] }
        return (0..<(c.count - 1)).map { i in
            var d = c
            d.swapAt(i, i + 1)
            return String(d)
        }
    }

    /// Whether `match` (of a command whose clauses are `clauses`) uses a list value that the command
    /// only says next to an unknown word: just before it ("guest bedroom"), or just after it when no
    /// word of the intents follows that one ("front gate", but "kitchen extractor fan" is the kitchen
    /// fan). Exact matches and values not found as said are left alone.
    public func namesSomethingElse(_ match: IntentMatch, clauses: [[String]], intents: [IntentSettings]) -> Bool {
        guard match.source != .exact, let intent = intents.first(where: { $0.name == match.intent }) else { return false }
        for slot in match.slots {
            guard case let .list(items)? = intent.slots[slot.name], items.contains(slot.value),
                  !PolarityGuard.isPolarity(slot.value) else { continue }
            let value = TextNormalizer.words(slot.value)
            var found = false, plain = false
            for said in clauses where !value.isEmpty && value.count <= said.count {
                for j in 0...(said.count - value.count) where Array(said[j..<(j + value.count)]) == value {
                    found = true
                    let end = j + value.count
                    let before = j > 0 && !isKnown(said[j - 1])
                    let after = end < said.count && !isKnown(said[end]) && !(end + 1 < said.count && intentWords.contains(said[end + 1]))
                    if !before && !after { plain = true }
                }
            }
            if found && !plain { return true }
        }
        return false
    }

    /// English function words: pronouns, determiners, prepositions, conjunctions, auxiliaries, common adverbs.
    static let functionWords: Set<String> = [
        "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their",
        "i'd", "i'll", "i've", "we'd", "we'll", "you'd", "you'll", "it'll", "let", "let's", "this", "that", "these", "those", "there",
        "here", "a", "an", "the", "some", "any", "all", "every", "each", "both", "no", "in", "on", "at", "to", "from", "of", "for",
        "with", "without", "by", "into", "onto", "over", "under", "up", "down", "out", "off", "about", "around", "near", "before",
        "after", "until", "till", "while", "since", "and", "or", "but", "so", "because", "as", "if", "than", "then", "when", "where",
        "why", "how", "what", "which", "who", "whose", "do", "does", "did", "done", "be", "been", "being", "have", "has", "had",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "need", "want", "like", "get", "got", "go", "going",
        "gonna", "wanna", "just", "also", "too", "very", "really", "still", "already", "again", "yet", "only", "even", "maybe",
        "perhaps", "please", "thanks", "ok", "okay", "yes", "yeah", "hey", "hi", "oh", "ah", "um", "uh", "hmm", "well", "now", "right",
        "soon", "today", "bit", "little", "lot", "much", "more", "less", "enough", "one", "ones", "thing", "things", "way", "time",
        "room", "place", "whole", "entire", "either", "neither", "other", "another", "same", "new", "old", "good", "nice",
        "sure", "mind", "know", "think", "see", "look", "keep", "leave", "make", "take", "give", "put", "set", "tell", "ask",
    ]
}
