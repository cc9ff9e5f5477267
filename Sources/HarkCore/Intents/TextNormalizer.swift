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
            } else if c == "°" {
                flush()
                out.append("degrees")
                if i + 1 < chars.count, "cf".contains(chars[i + 1]), i + 2 == chars.count || !chars[i + 2].isLetter { current = "°" } // "21°C"
            } else if c == "+" || c == "-", let last = current.last, last.isLetter, i + 1 == chars.count || chars[i + 1].isWhitespace || chars[i + 1] == "," {
                flush()
                out.append(c == "+" ? "up" : "down") // "vol+", "vol-"
            } else {
                flush()
            }
        }
        flush()
        // "21c" after a number, "22C": degrees; "pleeease": please.
        var words: [String] = []
        for w in out {
            if w == "°" || w.hasPrefix("°") { continue }
            if w == "c", let last = words.last, Double(last) != nil { words.append("degrees"); continue }
            if w.count > 1, w.last == "c", Int(w.dropLast()) != nil { words.append(String(w.dropLast())); words.append("degrees"); continue }
            words.append(w.contains(where: \.isNumber) ? w : collapsingRuns(w))
        }
        return words
    }

    /// "pleeease" → "please", "sooo" → "so": a letter said three or more times in a row, once.
    static func collapsingRuns(_ w: String) -> String {
        var out = ""
        var run = 0
        for c in w {
            run = c == out.last ? run + 1 : 1
            out.append(c)
            if run == 3 { out.removeLast(2) } else if run > 3 { out.removeLast() }
        }
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
            // "I'll give you another chance: set the …": a colon ends a clause when a request of three words or more follows
            // ("office light: off" is one).
            let colon = c == ":" && words(String(chars[(i + 1)...])).count >= 3
            if ",;.!?".contains(c) || colon, !betweenDigits {
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
        // A remark first ("i'm cold fire up the heating", "right that's enough stop playing"): the request starts at its verb.
        let s = words.prefix { remarkOpenings.contains($0) }.count
        if s < words.count, contractedSubjects.contains(words[s])
            || (words.count > s + 4 && [["i", "am"], ["we", "are"], ["it", "is"]].contains(Array(words[s..<(s + 2)]))) {
            let verbs = imperativeStarts.union(["set", "put", "shut"])
            if let verb = ((s + 2)..<max(s + 2, words.count)).first(where: { verbs.contains(words[$0]) && !notImperativeAfter.contains(words[$0 - 1]) }) {
                return verb
            }
        }
        for i in 2..<words.count {
            if contractedSubjects.contains(words[i]) { return i }
            if subjectStarts.contains(words[i]), words[(i + 1)..<min(words.count, i + 4)].contains(where: copulas.contains) { return i }
            // "… the baby's asleep", "… the dog is freaking out": "the" and a noun with its verb.
            if words[i] == "the", i + 1 < words.count, words[i + 1].hasSuffix("'s") || (i + 2 < words.count && copulas.contains(words[i + 2])) {
                return i
            }
            // "… i can't see a thing": a reason.
            if ["i", "we"].contains(words[i]), i + 1 < words.count, ["can't", "cannot", "couldn't", "don't", "dont"].contains(words[i + 1]) { return i }
        }
        return nil
    }

    static let contractedSubjects: Set<String> = [
        "we're", "i'm", "it's", "they're", "you're", "that's", "there's", "he's", "she's", "we've", "i've", "they've", "someone's",
        "somebody's", "everyone's", "everybody's",
    ]
    /// Words that may come before a remark said first ("right that's enough …", "okay everyone's in …").
    static let remarkOpenings: Set<String> = ["ok", "okay", "right", "so", "well", "oh", "um", "uh", "erm", "hey", "hark", "alright", "and", "ugh"]
    /// Verbs that start a request and are not also a past participle ("set", "put" and "shut" are:
    /// "it's already set to 20" is a statement).
    static let imperativeStarts: Set<String> = [
        "turn", "switch", "open", "close", "lock", "unlock", "arm", "disarm", "start", "stop", "dim", "heat", "pause",
        "resume", "cancel", "fire", "kick", "get", "make", "raise", "lower", "play", "please",
    ]
    static let notImperativeAfter: Set<String> = ["to", "be", "been", "being", "already", "just", "still", "not", "never", "can't", "won't", "all", "get"]
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

    /// The words after a correction's opening ("no wait, the office lights off" → "the office lights
    /// off", "sorry i mean the hallway light" → "the hallway light"), or the clause as it is.
    public static func afterCorrection(_ words: [String]) -> [String] {
        var w = words[...]
        while true {
            if let first = w.first, ["no", "nope", "not", "actually", "sorry", "wait", "instead", "rather", "oops", "nah", "hang", "on"].contains(first),
               !(first == "not" && w.count > 1) {
                w = w.dropFirst()
            } else if w.count >= 2, [["i", "mean"], ["i", "meant"], ["make", "that"], ["change", "that"]].contains(Array(w.prefix(2))) {
                w = w.dropFirst(2)
            } else {
                return Array(w)
            }
        }
    }

    /// Whether the command ends by taking itself back ("set a timer for 5 minutes... scratch that",
    /// "turn on the fan, no wait, forget it"): its last words are a retraction and something comes before them.
    public static func endsWithRetraction(_ words: [String]) -> Bool {
        retractions.contains { r in words.count > r.count && Array(words.suffix(r.count)) == r }
    }

    static let retractions: [[String]] = [
        ["scratch", "that"], ["never", "mind"], ["nevermind"], ["forget", "it"], ["forget", "that"], ["ignore", "that"],
        ["cancel", "that"], ["disregard", "that"], ["my", "bad"], ["don't"], ["do", "not"], ["take", "that", "back"],
        ["forget", "i", "said", "anything"], ["forget", "i", "said", "that"], ["nah", "it's", "fine"], ["no", "it's", "fine"],
        ["nah", "leave", "it"], ["actually", "no"], ["on", "second", "thought"],
    ]

    /// Whether a message ending with "?" is a request ("could you close the blinds?", "lights off,
    /// would you?", "… please?"): it starts with a modal (after "hey", "um", …) or ends with one and
    /// "you", or with "please", "ok". Otherwise a message ending with "?" asks ("front door locked?").
    public static func isRequestQuestion(_ words: [String]) -> Bool {
        let start = words.drop { ["hey", "hark", "ok", "okay", "um", "uh", "so", "oh"].contains($0) }
        if let first = start.first, requestModals.contains(first) { return true }
        // "any chance you could …?", "would it be possible to …?", "i was wondering if you could …?"
        if [["any", "chance"], ["is", "there", "any", "chance"], ["would", "it", "be", "possible"], ["i", "was", "wondering", "if", "you"],
            ["i", "wonder", "if", "you"], ["do", "you", "mind"]].contains(where: { start.starts(with: $0) }) { return true }
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

    /// A clause that says a thing is no longer needed, a reason for stopping or cancelling it
    /// ("delete the timer, don't need it anymore"): "i" or "we" or no subject, "don't" (or "do not"),
    /// "need", then "it", "that" or "them" and nothing but "anymore", "now" or "any more".
    public static func isNoLongerNeeded(_ words: [String]) -> Bool {
        var w = words[...]
        if let first = w.first, ["i", "we"].contains(first) { w = w.dropFirst() }
        if w.starts(with: ["do", "not"]) { w = w.dropFirst(2) } else if w.first == "don't" || w.first == "dont" { w = w.dropFirst() } else { return false }
        guard w.first == "need", w.count >= 2, ["it", "that", "them"].contains(w[w.startIndex + 1]) else { return false }
        return w.dropFirst(2).allSatisfy { ["anymore", "any", "more", "now", "thanks"].contains($0) }
    }

    /// A question about how to do something ("how do i turn on the light", "how to lock the door"):
    /// asking for instructions, never a command, whatever the intent asks.
    public static func isHowTo(_ words: [String]) -> Bool {
        guard words.count >= 2, words[0] == "how" else { return false }
        return ["do", "does", "did", "can", "could", "should", "would", "to"].contains(words[1])
    }

    /// The request as meant when speech restarts it, or `words` as they are: hesitations ("uh", "um")
    /// and a word said twice ("the the") left out; a number corrected ("twenty no twenty three degrees"
    /// → "twenty three degrees"); and a request started again with its verb ("turn on the hallway turn
    /// off the hallway light", "open the open the bedroom curtains", "turn it down turn the volume
    /// down"): the last start is what was meant. A start is a restart only when what came before it
    /// was left unfinished (ends with "the", "to", …) or is the same verb again on nothing the new
    /// start does not also name (for "it", the same direction): "turn the lights on turn the fan
    /// off" is two requests, and "turn it off turn the fan on" is not taken for a restart.
    public static func withoutRestarts(_ words: [String]) -> [String] {
        var w: [String] = []
        for x in words where !hesitations.contains(x) {
            if x == w.last, Int(x) == nil, NumberWords.read([x], from: 0) == nil { continue }
            w.append(x)
            // "lights off lights off", "bedroom fan off bedroom fan off": a phrase said twice, once.
            for n in 2...4 where w.count >= 2 * n && Array(w.suffix(n)) == Array(w.suffix(2 * n).prefix(n))
                && !w.suffix(n).allSatisfy({ NumberWords.read([$0], from: 0) != nil }) {
                w.removeLast(n)
                break
            }
        }
        // "twenty no twenty three": the number after "no" replaces the one before it.
        var i = 1
        while i + 1 < w.count {
            if ["no", "sorry"].contains(w[i]), NumberWords.read(w, from: i + 1) != nil,
               let j = (max(0, i - 3)..<i).first(where: { NumberWords.read(w, from: $0)?.count == i - $0 }) {
                w.removeSubrange(j...i)
                i = j + 1
            } else {
                i += 1
            }
        }
        let verbs = imperativeStarts.union(["set", "put", "shut"]).subtracting(["please", "get", "make"])
        let joiners: Set<String> = ["and", "then", "or", "to", "also", "but", "please", "can", "could", "would", "will", "you"]
        let unfinished: Set<String> = ["the", "a", "an", "my", "our", "your", "to", "in", "of", "at", "for", "with"]
        let particles: Set<String> = ["on", "off", "up", "down", "in", "out"]
        let plain: Set<String> = particles.union(["the", "a", "an", "my", "our", "your", "it", "them", "please", "this", "that"])
        var start = w.firstIndex(where: verbs.contains)
        while let f = start, let next = w[(f + 1)...].indices.first(where: { verbs.contains(w[$0]) && !joiners.contains(w[$0 - 1]) }) {
            let first = w[f..<next], again = w[next...]
            let content = Set(first.dropFirst().filter { !plain.contains($0) && !verbs.contains($0) })
            // After "the", a verb must start its own phrase ("… the turn off the fan"), or it is a noun ("pause the play back").
            let startsPhrase = w[next] == w[f] || (next + 1 < w.count && plain.union(["everything", "all"]).contains(w[next + 1]))
            let restart = (unfinished.contains(first.last!) && startsPhrase) || (w[next] == w[f] && content.isSubset(of: Set(again))
                && (!content.isEmpty || Set(first.filter(particles.contains)) == Set(again.filter(particles.contains))))
            if restart {
                w.removeSubrange(f..<next)
                start = f
            } else {
                start = next
            }
        }
        return w
    }

    static let hesitations: Set<String> = ["uh", "um", "er", "erm", "umm", "uhh", "uhm", "hmm", "ah"]

    /// The words joined by single spaces.
    public static func normalize(_ text: String) -> String { words(text).joined(separator: " ") }
}
