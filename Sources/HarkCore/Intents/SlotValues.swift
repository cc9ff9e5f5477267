/// The values a slot may take: a list of phrases, or a whole-number range (spoken as digits or
/// as English number words: "twenty one").
public enum SlotValues: Sendable, Equatable {
    case list([String])
    case range(ClosedRange<Int>)

    /// Parses a range written `"15..30"` (negative bounds allowed: `"-10..40"`).
    public static func parseRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty,
              let lo = Int(parts[0].trimmingSpaces), let hi = Int(parts[2].trimmingSpaces), lo <= hi else { return nil }
        return lo...hi
    }

    /// Whether `value` is allowed (list: exact phrase after normalization; range: a whole number in it).
    public func allows(_ value: String) -> Bool {
        switch self {
        case let .list(items): return items.contains(TextNormalizer.normalize(value))
        case let .range(r): return Int(value).map(r.contains) ?? false
        }
    }

    /// Every value as text, for checks (ranges give their bounds only).
    public var sampleValues: [String] {
        switch self {
        case let .list(items): items
        case let .range(r): [String(r.lowerBound), String(r.upperBound)]
        }
    }

    /// A typical value, used to build example sentences.
    public var representative: String {
        switch self {
        case let .list(items): items.first ?? ""
        case let .range(r): String(r.lowerBound + (r.upperBound - r.lowerBound) / 2)
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    public var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// English number words → integers ("twenty one" → 21, "minus five" → -5, "one hundred and
/// five" → 105), for number slots spoken rather than typed.
public enum NumberWords {
    private static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    private static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// Reads a number starting at `words[start]`: digits (`21`, `-5`) or number words. Returns the
    /// value and how many words it took, preferring the longest reading.
    public static func read(_ words: [String], from start: Int) -> (value: Int, count: Int)? {
        guard start < words.count else { return nil }
        if let n = Int(words[start]) { return (n, 1) }
        var i = start
        var sign = 1
        if words[i] == "minus" || words[i] == "negative" {
            sign = -1
            i += 1
            if i < words.count, let n = Int(words[i]), n >= 0 { return (-n, 2) }
        }
        guard var (value, used) = below100(words, i) else { return nil }
        i += used
        if value >= 1, value <= 9, i < words.count, words[i] == "hundred" {
            value *= 100
            i += 1
            var j = i
            if j < words.count, words[j] == "and" { j += 1 }
            if let (rest, n) = below100(words, j), rest > 0 {
                value += rest
                i = j + n
            }
        }
        used = i - start
        return (sign * value, used)
    }

    /// "seven", "nineteen", "forty", "forty two".
    private static func below100(_ words: [String], _ i: Int) -> (Int, Int)? {
        guard i < words.count else { return nil }
        if let t = tens[words[i]] {
            if i + 1 < words.count, let u = units[words[i + 1]], u >= 1, u <= 9 { return (t + u, 2) }
            return (t, 1)
        }
        if let u = units[words[i]] { return (u, 1) }
        return nil
    }
}
