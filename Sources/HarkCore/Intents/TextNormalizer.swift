/// Turns a command or template into lower-case words: punctuation becomes a space, `'` stays
/// inside words (`don't`), a decimal point between digits stays (`21.5`), and so do `/`, `:`, `,` and
/// `-` between digits (`1/2`, `6:45`, `1,500`, `10-20`: one word, so never read as a whole number),
/// `%` becomes `percent`.
public enum TextNormalizer {
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text.lowercased())
        func flush() {
            if !current.isEmpty { out.append(current) }
            current = ""
        }
        for (i, raw) in chars.enumerated() {
            let c: Character = raw == "\u{2019}" || raw == "`" ? "'" : raw
            if c.isLetter || c.isNumber {
                current.append(c)
            } else if c == "'", !current.isEmpty, i + 1 < chars.count, chars[i + 1].isLetter {
                current.append(c)
            } else if ".:/,-".contains(c), let last = current.last, last.isNumber, i + 1 < chars.count, chars[i + 1].isNumber {
                current.append(c)
            } else if c == "-", let last = current.last, last.isNumber == false, current.isEmpty == false,
                      i + 1 < chars.count, chars[i + 1].isNumber == false, chars[i + 1].isLetter {
                flush() // "living-room" → "living room"
            } else if c == "-", current.isEmpty, i + 1 < chars.count, chars[i + 1].isNumber {
                current.append(c) // "-5"
            } else if c == "%" {
                flush()
                out.append("percent")
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// The clauses of a compound command: split at `,` `;` `.` `!` `?` (not between digits) and
    /// before "then"/"and then" and a "so" after a remark; each as text. "It's dark in here, turn on the light" → two clauses.
    public static func clauses(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            let betweenDigits = i > 0 && i + 1 < chars.count && chars[i - 1].isNumber && chars[i + 1].isNumber
            if ",;.!?".contains(c), !betweenDigits {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        out.append(current)
        var split: [String] = []
        for clause in out {
            var words = words(clause)
            while let then = words.indices.first(where: { $0 > 0 && (words[$0] == "then" || (words[$0] == "so" && $0 >= 2)) }) {
                let head = words[..<then].last == "and" ? words[..<(then - 1)] : words[..<then]
                if !head.isEmpty { split.append(head.joined(separator: " ")) }
                words = Array(words[(then + 1)...])
            }
            while let start = runOnStart(words) {
                split.append(words[..<start].joined(separator: " "))
                words = Array(words[start...])
            }
            if !words.isEmpty { split.append(words.joined(separator: " ")) }
        }
        return split
    }

    /// Where a second sentence starts in a clause said without punctuation, as a transcript or a hurried
    /// message is ("unlock the front door my friends are here", "switch the light off we're done"),
    /// or after a remark said first ("i'm cold fire up the heating": before its request's verb);
    /// a subject with its verb contracted ("we're", "i'm", "it's", …), or a subject ("my", "we", "i",
    /// "it", …) whose verb "is", "are", "am", "was" or "were" follows within three words, after at
    /// least two words. Nil when there is none.
    static func runOnStart(_ words: [String]) -> Int? {
        guard words.count > 3 else { return nil }
        // A remark first ("i'm cold fire up the heating"): the request starts at its verb.
        if contractedSubjects.contains(words[0]) || (words.count > 4 && [["i", "am"], ["we", "are"], ["it", "is"]].contains(Array(words[0..<2]))) {
            if let verb = (2..<words.count).first(where: { imperativeStarts.contains(words[$0]) && !notImperativeAfter.contains(words[$0 - 1]) }) {
                return verb
            }
        }
        for i in 2..<words.count {
            if contractedSubjects.contains(words[i]) { return i }
            if subjectStarts.contains(words[i]), words[(i + 1)..<min(words.count, i + 4)].contains(where: copulas.contains) { return i }
        }
        return nil
    }

    static let contractedSubjects: Set<String> = [
        "we're", "i'm", "it's", "they're", "you're", "that's", "there's", "he's", "she's", "we've", "i've", "they've",
    ]
    /// Verbs that start a request and are not also a past participle ("set", "put" and "shut" are:
    /// "it's already set to 20" is a statement).
    static let imperativeStarts: Set<String> = [
        "turn", "switch", "open", "close", "lock", "unlock", "arm", "disarm", "start", "stop", "dim", "heat", "pause",
        "resume", "cancel", "fire", "kick", "get", "make", "raise", "lower", "play", "please",
    ]
    static let notImperativeAfter: Set<String> = ["to", "be", "been", "being", "already", "just", "still", "not", "never", "can't", "won't"]
    static let subjectStarts: Set<String> = ["my", "our", "we", "i", "it", "they", "he", "she", "someone", "somebody"]
    static let copulas: Set<String> = ["is", "are", "am", "was", "were"]

    /// Whether a clause asks rather than commands ("is the light on", "did you lock the door").
    public static func isQuestion(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        return ["is", "are", "was", "were", "did", "does", "why", "who", "when", "where", "which", "has", "have", "isn't", "aren't",
                "should"].contains(first) || isHowTo(words)
    }

    /// "what does the night scene do", "what is the movie scene": "what" and an auxiliary, a question
    /// with or without its "?" (not "what's": an intent may ask "what's the temperature").
    public static func asksWhat(_ words: [String]) -> Bool {
        words.count >= 3 && words[0] == "what" && ["does", "do", "did", "is", "are", "was", "were", "will", "would", "can", "should"].contains(words[1])
    }

    /// Whether a clause starts by correcting what was said before it ("no, the bedroom", "i mean
    /// the fan", "actually …", "or the hallway").
    public static func isCorrection(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        if ["no", "nope", "not", "actually", "sorry", "wait", "instead", "rather", "or", "oops"].contains(first) { return true }
        return words.count >= 2 && [["i", "mean"], ["i", "meant"], ["make", "that"], ["change", "that"]].contains(Array(words[0..<2]))
    }

    /// Whether the command ends by taking itself back ("set a timer for 5 minutes... scratch that",
    /// "turn on the fan, no wait, forget it"): its last words are a retraction and something comes before them.
    public static func endsWithRetraction(_ words: [String]) -> Bool {
        retractions.contains { r in words.count > r.count && Array(words.suffix(r.count)) == r }
    }

    static let retractions: [[String]] = [
        ["scratch", "that"], ["never", "mind"], ["nevermind"], ["forget", "it"], ["forget", "that"], ["ignore", "that"],
        ["cancel", "that"], ["disregard", "that"], ["my", "bad"], ["don't"], ["do", "not"],
    ]

    /// Whether a message ending with "?" is a request ("could you close the blinds?", "lights off,
    /// would you?", "… please?"): it starts with a modal (after "hey", "um", …) or ends with one and
    /// "you", or with "please", "ok". Otherwise a message ending with "?" asks ("front door locked?").
    public static func isRequestQuestion(_ words: [String]) -> Bool {
        let start = words.drop { ["hey", "hark", "ok", "okay", "um", "uh", "so", "oh"].contains($0) }
        if let first = start.first, requestModals.contains(first) { return true }
        if words.count >= 2, requestModals.contains(words[words.count - 2]), words.last == "you" { return true }
        return ["please", "pls", "plz", "ok", "okay"].contains(words.last ?? "")
    }

    static let requestModals: Set<String> = ["can", "could", "would", "will", "may", "might", "shall", "please", "pls", "mind", "won't", "wouldn't", "couldn't"]

    /// A clause that says what the speaker cannot do, a reason for a request rather than a take-back
    /// ("i can't hear", "we cannot see a thing", "can't hear a thing"): "i" or "we" or no subject, then
    /// "can't", "cannot", "couldn't" or "can not", and no polarity word ("i can't turn it off" is not only a reason).
    public static func isInability(_ words: [String]) -> Bool {
        guard words.count >= 2, PolarityGuard.polarities(words).isEmpty else { return false }
        // "can't hear a thing": the subject left out.
        if ["can't", "cannot", "couldn't"].contains(words[0]) { return true }
        guard words.count >= 3, ["i", "we"].contains(words[0]) else { return false }
        return ["can't", "cannot", "couldn't"].contains(words[1]) || (words[1] == "can" && words[2] == "not")
    }

    /// A question about how to do something ("how do i turn on the light", "how to lock the door"):
    /// asking for instructions, never a command, whatever the intent asks.
    public static func isHowTo(_ words: [String]) -> Bool {
        guard words.count >= 2, words[0] == "how" else { return false }
        return ["do", "does", "did", "can", "could", "should", "would", "to"].contains(words[1])
    }

    /// The words joined by single spaces.
    public static func normalize(_ text: String) -> String { words(text).joined(separator: " ") }
}
