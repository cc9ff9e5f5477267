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
        // "a hundred percent", "hundred and twenty": one hundred.
        if i < words.count, words[i] == "hundred" || (words[i] == "a" && i + 1 < words.count && words[i + 1] == "hundred") {
            var n = words[i] == "a" ? 2 : 1
            var value = 100
            var j = i + n
            if j < words.count, words[j] == "and" { j += 1 }
            if let (rest, m) = below100(words, j), rest > 0 {
                value += rest
                n = j + m - i
            }
            return (sign * value, i + n - start)
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

    /// A whole number for a slot, read as `read` does but refused when its neighbours make it part
    /// of something else: a fraction or decimal ("1 1/2", "one and a half", "two point five",
    /// "two thirds", "half 6"), an ordinal ("twenty first"), a clock time ("6 o'clock", "6 pm",
    /// "quarter past 6"), a larger number ("5 hundred") or a range or choice ("5 or 10", "5 to 10").
    /// Words such as "1/2", "1.5", "6:45", "30min" or "5th" are never whole numbers.
    public static func readWhole(_ words: [String], from start: Int) -> (value: Int, count: Int)? {
        guard let (value, count) = read(words, from: start) else { return nil }
        func word(_ i: Int) -> String? { i >= 0 && i < words.count ? words[i] : nil }
        let end = start + count
        if let next = word(end) {
            if notAfterNumber.contains(next) || ordinals.contains(next) || isFraction(next) { return nil }
            if next == "second", tens[words[end - 1]] != nil { return nil } // "twenty second"
            if read(words, from: end) != nil { return nil } // "ninety 40", "5 10"
            if next == "and", let after = word(end + 1), fractionStarts.contains(after) || isFraction(after) { return nil }
            if next == "or" { return nil }
            if next == "to" || next == "and", read(words, from: end + 1) != nil { return nil }
        }
        if let prev = word(start - 1) {
            if notBeforeNumber.contains(prev) || isFraction(prev) { return nil }
            if read(words, from: start - 1) != nil || prev == "hundred" { return nil } // the end of "seventy six", "5 10"
            if prev == "and", word(start - 2) == "hundred" { return nil } // the end of "one hundred and five"
            if prev == "of", let before = word(start - 2), notAfterNumber.contains(before) || isFraction(before) { return nil } // "two thirds of 60"
            if prev == "to", let before = word(start - 2), ["half", "quarter", "ten", "twenty", "five"].contains(before) { return nil }
            if prev == "or" { return nil }
            if ["and", "to", "or"].contains(prev), let before = word(start - 2), // "between 5 and 10", "sixty nine to seventy"
               Int(before) != nil || units[before] != nil || tens[before] != nil { return nil }
        }
        return (value, count)
    }

    /// A word written as a fraction or with digits and other characters: "1/2", "½", "1.5", "6:45", "10-20", "5th".
    public static func isFraction(_ word: String) -> Bool {
        word.contains(where: \.isNumber) && Int(word) == nil
    }

    private static let notAfterNumber: Set<String> = [
        "half", "halves", "quarter", "quarters", "third", "thirds", "fourths", "fifths", "sixths", "eighths", "tenths",
        "point", "dot", "o'clock", "oclock", "am", "pm", "ish", "th", "st", "nd", "rd", "hundred", "thousand", "million",
        "dozen", "past",
    ]
    private static let notBeforeNumber: Set<String> = ["point", "dot", "half", "quarter", "quarters", "past", "over"]
    private static let fractionStarts: Set<String> = ["a", "an", "one", "half", "quarter", "three", "two", "1"]
    private static let ordinals: Set<String> = [
        "first", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
        "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
        "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth",
    ]

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
