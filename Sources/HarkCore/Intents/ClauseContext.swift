/// What an earlier clause of a compound command tells a later one.
///
/// "it" (or "them") is the thing an earlier clause named: "is the back door locked? lock it please" →
/// "lock the back door please", "i don't need the timer anymore, cancel it" → "cancel the timer".
/// The thing named is a noun phrase of the intents' own words: a determiner ("the", "my", "our",
/// "your") followed by words that the intents' sentences or slot values say (not polarity or
/// function words), as many as follow. The nearest earlier clause that names exactly one such
/// phrase is used; a clause that names two different ones ("the kitchen light and the fan") leaves
/// "it" unresolved, as does a command with no earlier clause naming anything. Only "it" and "them"
/// as words are read ("it's" is not a pronoun for a thing here), and only in a clause that also
/// says another word: "it" alone is nothing to act on.
///
/// A place (a value of a list slot: a room, a door, a zone) said in an earlier clause is where a
/// later clause that names none is meant: "it's pitch black in the office, lights on" → "lights on
/// in the office". Only when the earlier clauses say exactly one place.
public struct ClauseContext: Sendable {
    /// Words a named thing may be made of: the intents' content words and slot values' words.
    let nouns: Set<String>

    static let determiners: Set<String> = ["the", "my", "our", "your"]
    static let pronouns: Set<String> = ["it", "them"]
    /// Words that end a noun phrase even when an intent says them.
    static let functionWords: Set<String> = SlotSpanFiller.stopwords.union(SlotSpanFiller.statementVerbs)
        .union(["and", "or", "but", "too", "again", "anymore", "already", "still", "yet", "now", "please"])

    /// Values of the intents' list slots (not tags), as words, longest first.
    let places: [[String]]
    /// Every word the intents' sentences and list slot values say.
    public let vocabulary: Set<String>

    public init(intents: [IntentSettings]) {
        var places: Set<[String]> = []
        for intent in intents {
            // List slots that are places, not tags: a tag's values are its sentences' alternatives.
            var tags: Set<String> = []
            for template in intent.templates {
                for e in (try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions)) ?? [] {
                    for case let .tagged(t, _, _) in e { tags.insert(t) }
                }
            }
            for (name, values) in intent.slots where !tags.contains(name) {
                if case let .list(items) = values { for item in items { places.insert(TextNormalizer.words(item)) } }
            }
        }
        let vocabulary = intents.reduce(into: Set<String>()) { $0.formUnion($1.words) }
        self.vocabulary = vocabulary
        self.nouns = vocabulary.filter { !Self.functionWords.contains($0) && !PolarityGuard.isPolarity($0) && Int($0) == nil }
        self.places = places.filter { !$0.isEmpty }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// `words` without a purpose said at its end ("unlock the side door for the delivery guy" →
    /// "unlock the side door"), or nil: "for" after at least two words, then one to five words, none
    /// of them a number or a word of the intents but a determiner or "me", "us", "him", "her" ("set a
    /// timer for 10 minutes", "a timer for the pasta" keep theirs: a number, a word of the intents).
    public func withoutPurpose(_ words: [String]) -> [String]? {
        guard let i = words.lastIndex(of: "for"), i >= 2, (1...5).contains(words.count - i - 1) else { return nil }
        let purpose = words[(i + 1)...]
        let known = Self.determiners.union(["a", "an", "me", "us", "him", "her"])
        guard purpose.allSatisfy({ known.contains($0) || (!vocabulary.contains($0) && NumberWords.readWhole([$0], from: 0) == nil
                                                          && Int($0) == nil) }),
              purpose.contains(where: { !known.contains($0) }) else { return nil }
        return Array(words[..<i])
    }

    /// The readings of `clause` to try, in order and without repeats: as said; with "it" resolved;
    /// then also with the place of the earlier clauses.
    public func readings(_ clause: [String], earlier: [[String]]) -> [[String]] {
        let resolved = resolve(clause, earlier: earlier)
        var out = [clause]
        for r in [resolved, carryingPlace(resolved, earlier: earlier)] where !out.contains(r) { out.append(r) }
        return out
    }

    /// The places `words` says (each once, longest first; a place inside a longer one is not counted).
    func placesSaid(_ words: [String]) -> [[String]] {
        var used = Set<Int>()
        var out: [[String]] = []
        for place in places where place.count <= words.count {
            for j in 0...(words.count - place.count) where Array(words[j..<(j + place.count)]) == place {
                guard !(j..<(j + place.count)).contains(where: used.contains) else { continue }
                for p in j..<(j + place.count) { used.insert(p) }
                if !out.contains(place) { out.append(place) }
            }
        }
        return out
    }

    /// `clause` followed by "in the <place>" when it says no place and the earlier clauses say exactly one.
    public func carryingPlace(_ clause: [String], earlier: [[String]]) -> [String] {
        guard clause.count > 1, placesSaid(clause).isEmpty else { return clause }
        var said: [[String]] = []
        for words in earlier { for p in placesSaid(words) where !said.contains(p) { said.append(p) } }
        guard said.count == 1, let place = said.first else { return clause }
        return clause + ["in", "the"] + place
    }

    /// The noun phrases (determiner included) `words` names, in order.
    func phrases(in words: [String]) -> [[String]] {
        var out: [[String]] = []
        var i = 0
        while i < words.count {
            guard Self.determiners.contains(words[i]) else { i += 1; continue }
            var phrase = [words[i]]
            var j = i + 1
            while j < words.count {
                // "the vacuum's stuck": the thing is "the vacuum".
                let w = words[j].hasSuffix("'s") ? String(words[j].dropLast(2)) : words[j]
                guard isNoun(w) else { break }
                phrase.append(w)
                j += 1
                if w != words[j - 1] { break }
            }
            if phrase.count > 1 { out.append(phrase) }
            i = max(j, i + 1)
        }
        return out
    }

    func isNoun(_ w: String) -> Bool { nouns.contains(w) || nouns.contains(Self.singular(w)) }

    static func singular(_ w: String) -> String { w.count > 3 && w.hasSuffix("s") ? String(w.dropLast()) : w }

    /// `clause` with "it" replaced by the thing the nearest earlier clause names, or unchanged.
    /// `earlier`: the clauses before it, in order.
    public func resolve(_ clause: [String], earlier: [[String]]) -> [String] {
        guard let first = referent(clause, earlier: earlier) else { return clause }
        return clause.flatMap { Self.pronouns.contains($0) ? first : [$0] }
    }

    /// The thing "it" in `clause` is ("the back door"), or nil: no "it", or no earlier clause names
    /// exactly one thing.
    public func referent(_ clause: [String], earlier: [[String]]) -> [String]? {
        guard clause.count > 1, clause.contains(where: Self.pronouns.contains) else { return nil }
        for words in earlier.reversed() {
            let named = phrases(in: words)
            guard let first = named.first else { continue }
            // Two different things named: which one "it" is cannot be told.
            guard named.allSatisfy({ $0.dropFirst() == first.dropFirst() }) else { return nil }
            return first
        }
        return nil
    }
}
