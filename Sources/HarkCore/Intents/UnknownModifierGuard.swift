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
    let nouns: IntentNouns
    /// Every list value of every intent, as words.
    let allValues: [[String]]

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
        nouns = IntentNouns(intents: intents)
        allValues = Array(Set(nouns.values.values.flatMap { $0 }))
    }

    /// Whether `word` is one the intents, the lexicon or English grammar know (or one edit from one).
    public func isKnown(_ word: String) -> Bool {
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

    /// Whether `match` (of a command whose clauses are `clauses`) acts on something the command
    /// does not name: see `reason`.
    public func namesSomethingElse(_ match: IntentMatch, clauses: [[String]], intents: [IntentSettings]) -> Bool {
        reason(match, clauses: clauses, intents: intents) != nil
    }

    /// Why `match` names something else, or nil. Exact matches are left alone. A list value said
    /// only next to an unknown word (before it, "guest bedroom"; after it, "front gate"), or
    /// next to a noun of another intent ("living room blinds" for a light) or joined by "and" to
    /// another thing ("kitchen and dining room lights"); a noun of the intent with an unknown word
    /// before it ("closet light", "oven timer") or, for a noun that modifies another, after it
    /// ("garage fridge"); a verb of the intent with an unknown thing as its object ("close the
    /// chest freezer"); a place the intent cannot act in ("the heating in the bathroom").
    public func reason(_ match: IntentMatch, clauses: [[String]], intents: [IntentSettings]) -> String? {
        guard match.source != .exact, let intent = intents.first(where: { $0.name == match.intent }) else { return nil }
        let ownNouns = nouns.nouns[intent.name] ?? []
        let ownVerbs = nouns.verbs[intent.name] ?? []
        let ownModifiers = nouns.modifiers[intent.name] ?? []
        let ownValues = nouns.values[intent.name] ?? []
        func unknown(_ w: String) -> Bool { !isKnown(w) && !Self.sameThing.contains(w) }
        func isValue(_ said: [String], at i: Int) -> Bool { allValues.contains { v in i + v.count <= said.count && Array(said[i..<(i + v.count)]) == v } }
        // Another thing joined by "and" / "or": an unknown word or another list value.
        func another(_ said: [String], at i: Int, except value: [String]) -> Bool {
            guard i >= 0, i < said.count else { return false }
            let k = i < said.count - 1 && Self.articles.contains(said[i]) ? i + 1 : i
            if unknown(said[k]) { return true }
            return allValues.contains { v in v != value && k + v.count <= said.count && Array(said[k..<(k + v.count)]) == v }
        }
        for slot in match.slots {
            guard case let .list(items)? = intent.slots[slot.name], items.contains(slot.value),
                  !PolarityGuard.isPolarity(slot.value) else { continue }
            let value = TextNormalizer.words(slot.value)
            var found = false, plain = false
            for said in clauses where !value.isEmpty && value.count <= said.count {
                for j in 0...(said.count - value.count) where Array(said[j..<(j + value.count)]) == value {
                    found = true
                    let end = j + value.count
                    let before = j > 0 && unknown(said[j - 1])
                    let after = end < said.count && unknown(said[end]) && !(end + 1 < said.count && ownNouns.contains(said[end + 1]))
                    // "the living room blinds": a thing another intent controls in that place.
                    let otherThing = end < said.count && !ownNouns.contains(said[end]) && nouns.nouns.contains { other in
                        other.key != intent.name && other.value.contains(said[end]) && (nouns.values[other.key] ?? []).contains(value)
                    }
                    let joined = (end + 1 < said.count && Self.conjunctions.contains(said[end]) && another(said, at: end + 1, except: value))
                        || (j >= 2 && Self.conjunctions.contains(said[j - 1]) && (unknown(said[j - 2]) || isValue(said, at: j - 2) && !said[(j - 2)...].starts(with: value)))
                    if joined { return "\(slot.name) joined to another thing" }
                    if !before && !after && !otherThing { plain = true }
                }
            }
            if found && !plain { return "\(slot.name) said next to another thing" }
        }
        for said in clauses {
            for (i, w) in said.enumerated() {
                // "the closet light", "the oven timer": an unknown word before a noun of the intent (not a
                // name at the start: "hark, lights off").
                if ownNouns.contains(w), i >= 2, unknown(said[i - 1]) || Self.ordinals.contains(said[i - 1]) {
                    return "an unknown word before '\(w)'"
                }
                // "the garage fridge": an unknown word after a noun that modifies another.
                if ownModifiers.contains(w), i + 1 < said.count, unknown(said[i + 1]) {
                    return "an unknown word after '\(w)'"
                }
                // "the garage door and the gate".
                if ownNouns.contains(w), i + 2 < said.count, Self.conjunctions.contains(said[i + 1]), another(said, at: i + 2, except: []) {
                    return "'\(w)' joined to another thing"
                }
                // "close the chest freezer": a verb of the intent, a determiner, an unknown word.
                if ownVerbs.contains(w), !Self.prepositions.contains(w), i + 2 < said.count, IntentNouns.determiners.contains(said[i + 1]), unknown(said[i + 2]) {
                    return "'\(w) \(said[i + 1])' with an unknown thing"
                }
                // "the heating in the bathroom": a place the intent has no value for.
                if Self.inside.contains(w), i + 1 < said.count {
                    let k = i + 2 < said.count && IntentNouns.determiners.contains(said[i + 1]) ? i + 2 : i + 1
                    if let place = nouns.places.first(where: { p in k + p.count <= said.count && Array(said[k..<(k + p.count)]) == p }),
                       !ownValues.contains(place), !place.allSatisfy(Self.wholeHome.contains) {
                        return "a place the intent has no value for"
                    }
                }
            }
        }
        return nil
    }

    /// "open the garbage door", "unlock the black door", "cancel the tiger": a word of the command that
    /// is one edit from a word of the intents but is itself a real word (`isWord`: a whole word of the
    /// model's vocabulary) is that word, not a misspelling; the match read it as the intents' word.
    /// Forms of a word ("lights", "warmer") are not another word.
    /// Only a noun or list value of the matched intent that the command does not say itself counts ("i'm heading to
    /// bed, lock the back door" is not about the heating).
    public func realWordReadAsAnother(_ words: [String], match: IntentMatch, intents: [IntentSettings], isWord: (String) -> Bool) -> String? {
        guard match.source != .exact, let intent = intents.first(where: { $0.name == match.intent }) else { return nil }
        // The intent's things (nouns and list values), not its verbs: "set a timer for the cake" has no "wake" in it.
        let own = (nouns.nouns[intent.name] ?? []).union((nouns.values[intent.name] ?? []).flatMap { $0 }).subtracting(words)
        for w in words where w.count >= 4 && !w.contains("'") && !known.contains(w) && !PolarityGuard.isPolarity(w) && isWord(w) {
            if let t = own.first(where: { $0.count >= 4 && !w.hasPrefix($0) && !$0.hasPrefix(w) && TemplateMatcher.fuzzyEqual(w, $0) }) {
                return "'\(w)' is a word, not a misspelling of '\(t)'"
            }
        }
        return nil
    }

    static let articles: Set<String> = ["the", "a", "an", "my", "our", "your"]
    static let conjunctions: Set<String> = ["and", "or", "&", "plus"]
    static let inside: Set<String> = ["in", "inside"]
    /// Words that may come before a determiner without making what follows an object: "in the", "for the".
    static let prepositions: Set<String> = ["in", "inside", "to", "for", "of", "at", "up", "down", "with", "from", "by", "into"]
    /// "the second garage door": another one of the thing.
    static let ordinals: Set<String> = ["second", "third", "fourth", "2nd", "3rd", "4th", "spare", "extra", "neighbour's", "neighbor's", "neighbours'",
                                        "other", "another"]
    /// Places that are the whole home, not one room of it.
    static let wholeHome: Set<String> = ["house", "home", "flat", "apartment", "everywhere"]
    /// Words that name the usual kind of a home device, not another thing: "the big kitchen light",
    /// "the kitchen extractor fan", "the main lights".
    static let sameThing: Set<String> = [
        "big", "small", "little", "large", "main", "ceiling", "overhead", "top", "upper", "lower", "central", "extractor", "exhaust",
        "smart", "usual", "normal", "regular", "default", "own", "current", "latest", "recent", "existing", "pending", "active", "damn", "darn", "stupid", "bloody", "freaking", "flipping",
    ]

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
