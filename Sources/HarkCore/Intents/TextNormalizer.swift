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
            if !words.isEmpty { split.append(words.joined(separator: " ")) }
        }
        return split
    }

    /// Whether a clause asks rather than commands ("is the light on", "did you lock the door").
    public static func isQuestion(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        return ["is", "are", "was", "were", "did", "does", "why", "who", "when", "where", "which", "has", "have", "isn't", "aren't",
                "should"].contains(first) || isHowTo(words)
    }

    /// Whether a clause starts by correcting what was said before it ("no, the bedroom", "i mean
    /// the fan", "actually …", "or the hallway").
    public static func isCorrection(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        if ["no", "nope", "not", "actually", "sorry", "wait", "instead", "rather", "or", "oops"].contains(first) { return true }
        return words.count >= 2 && [["i", "mean"], ["i", "meant"], ["make", "that"], ["change", "that"]].contains(Array(words[0..<2]))
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
