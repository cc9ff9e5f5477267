/// Speech as a recogniser writes it, and chat as people type it, made fluent before it is read:
/// hesitations ("stop the, uh, the music"), words said twice ("it's, it's cold"), cut-off words and
/// their repair ("turn on the kit- the bedroom light"), letters held ("turn offff the light") and
/// trailing hashtags ("lights off #goodnight"). Nothing else of the text changes: its clauses,
/// punctuation and other words stay as written.
extension TextNormalizer {
    /// `text` without its disfluencies (see the type's comment); `text` itself when it has none.
    public static func fluent(_ text: String) -> String {
        var tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
        tokens = tokens.map(withoutHeldLetters)
        // Trailing hashtags ("… #goodnight #cozy"); a tag inside the text is left as written.
        while let last = tokens.last, last.hasPrefix("#"), last.count > 1, tokens.count > 1 { tokens.removeLast() }
        tokens = withoutHesitations(tokens)
        tokens = repairingCutOffs(tokens)
        tokens = withoutRepeats(tokens)
        return tokens.joined(separator: " ")
    }

    /// "offff" → "off", "nooo" → "no", "pleeease" → "please": a letter held three times or more counts
    /// once when that makes one of a few short words said so, else twice.
    static func withoutHeldLetters(_ token: String) -> String {
        func collapsed(to most: Int) -> String {
            var out = ""
            var run = 0
            var previous: Character?
            for c in token {
                run = c == previous && c.isLetter ? run + 1 : 1
                previous = c
                if run <= most { out.append(c) }
            }
            return out
        }
        let twice = collapsed(to: 2)
        guard twice != token else { return token }
        let once = collapsed(to: 1)
        return heldWords.contains(bare(once)) ? once : twice
    }

    /// Words said with a held letter that has one ("nooo", "pleeease", "sooo").
    static let heldWords: Set<String> = ["no", "so", "oh", "yes", "ok", "hey", "please", "now", "go", "pls", "plz", "yay", "ugh", "hi",
                                         "ah", "up", "down", "on", "yo", "hello", "help", "stop", "lol", "why", "what", "yeah", "hot", "cold"]

    /// The token as a bare lowercase word, without the punctuation around it.
    static func bare(_ token: String) -> String {
        String(token.lowercased().drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber && $0 != "'" }.reversed())
    }

    /// "stop the, uh, the music" → "stop the, the music"; "er, open the garage" → "open the garage".
    /// The hesitation goes with the punctuation after it; a comma before it stays.
    static func withoutHesitations(_ tokens: [String]) -> [String] {
        tokens.filter { !heldHesitations.contains(bare($0)) || bare($0).isEmpty }
    }

    /// "the, the music" → "the music", "it's, it's cold" → "it's cold", "lights, lights on in the
    /// hallway" → "lights on in the hallway": a word said twice in a row, with a comma between or
    /// not, is said once (the second time, as it goes on).
    static func withoutRepeats(_ tokens: [String]) -> [String] {
        // Twice only: "go go go", "timer timer timer" are said so on purpose; "twenty twenty one" is a number.
        var out: [String] = []
        for (i, t) in tokens.enumerated() {
            let w = bare(t)
            if let last = out.last, !w.isEmpty, bare(last) == w, !w.contains(where: \.isNumber), NumberWords.read([w], from: 0) == nil,
               last.last.map({ $0 == "," || $0.isLetter || $0 == "'" }) ?? false,
               i < 2 || bare(tokens[i - 2]) != w, i + 1 >= tokens.count || bare(tokens[i + 1]) != w {
                out[out.count - 1] = t
            } else {
                out.append(t)
            }
        }
        return out
    }

    /// A word cut off and repaired: "turn on the kit- the bedroom light" → "turn on the bedroom light",
    /// "twenty- twenty five minutes" → "twenty five minutes", "the living room- no wait, the bedroom
    /// lights" → "the bedroom lights", "in the kitch- in the office" → "in the office". After the cut
    /// (a word ending in "-") and any editing words ("no", "wait", "sorry", "I mean"), the repair
    /// starts again from the last place that starts as the repair does; with no such place it
    /// replaces the cut word alone.
    static func repairingCutOffs(_ tokens: [String]) -> [String] {
        var tokens = tokens
        while let cut = tokens.firstIndex(where: { $0.count > 1 && $0.hasSuffix("-") && $0.dropLast().last?.isLetter == true }) {
            var r = cut + 1
            while r < tokens.count, editingTerms.contains(bare(tokens[r])) || bare(tokens[r]).isEmpty { r += 1 }
            // "i mean" is two editing words.
            if r + 1 < tokens.count, bare(tokens[r]) == "i", bare(tokens[r + 1]) == "mean" { r += 2 }
            guard r < tokens.count else { break } // "vol-": shorthand, not a cut-off
            let first = bare(tokens[r])
            let cutWord = bare(String(tokens[cut].dropLast()))
            var from = cut
            if !(first == cutWord || first.hasPrefix(cutWord)) {
                // The last word before the cut that the repair starts with, within the few words before it.
                if let i = tokens[max(0, cut - 4)..<cut].lastIndex(where: { bare($0) == first }) { from = i }
            }
            tokens.replaceSubrange(from..<r, with: [])
        }
        return tokens
    }

    /// A correction's repair said in place of the last words of the clause before it: "lock the back"
    /// + "the front door" → "lock the front door", "set the office temperature to twenty five" +
    /// "twenty four degrees" → "… to twenty four degrees". The repair's first word must be one of
    /// the last five words before it (not the first word: the request's verb stays); nil otherwise.
    public static func spliced(_ before: [String], repair: [String]) -> [String]? {
        guard let first = repair.first, before.count > 1 else { return nil }
        guard let i = before[max(1, before.count - 5)...].lastIndex(of: first) else { return nil }
        return Array(before[..<i]) + repair
    }

    static let heldHesitations: Set<String> = ["uh", "um", "er", "erm", "umm", "uhh", "uhm", "err"]
    /// Words said between a cut-off and its repair.
    static let editingTerms: Set<String> = ["no", "wait", "sorry", "oops", "actually", "er", "um", "uh", "erm", "yeah", "oh", "rather", "well"]
}
