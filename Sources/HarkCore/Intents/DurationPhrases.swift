/// Spoken durations rewritten into a whole number of a unit the templates use, before matching:
/// "half an hour" → "30 minutes", "an hour and a half" → "90 minutes", "1/2 an hour", "1.5 hours",
/// "one and a half hours", "a quarter of an hour", "three quarters of an hour", "1 hour 30 minutes",
/// "an hour", "2 hours" (when no template says hours), "30min", "2hrs". A duration that is not a
/// whole number of any template unit ("1.5 minutes", "90 seconds" for minutes) is left as it was,
/// when it is a whole number of its own unit, else written as a decimal ("5 and a half minutes" →
/// "5.5 minutes"); either way it is never read as a slot value (`NumberWords.readWhole`) or its
/// unit contradicts the template's (`ContradictionGuard`), so it is not understood rather than misread.
public struct DurationPhrases: Sendable, Equatable {
    /// Canonical time units the templates use ("minute", "hour", …), largest first.
    public let targets: [String]

    public init(targets: [String]) {
        self.targets = targets.sorted { (ContradictionGuard.seconds[$0] ?? 0) > (ContradictionGuard.seconds[$1] ?? 0) }
    }

    /// The time units that some intent's templates say.
    public init(intents: [IntentSettings]) {
        var found: Set<String> = []
        func walk(_ nodes: [SentenceTemplate.Node]) {
            for n in nodes {
                switch n {
                case let .word(w): if let (k, c) = ContradictionGuard.unit(w), k == .time { found.insert(c) }
                case .slot: break
                case let .group(alts, _, _): alts.forEach(walk)
                }
            }
        }
        for intent in intents { for t in intent.templates { walk(t.nodes) } }
        self.init(targets: Array(found))
    }

    /// `words` with every duration that is not already a whole number of a template unit rewritten
    /// as one ("<n> <unit>s"), where it can be; with `unit`, into that unit whenever it is a whole
    /// number of it (for a sentence that says that unit: "2 hours" → "120 minutes").
    public func rewrite(_ input: [String], into unit: String? = nil) -> [String] {
        guard !targets.isEmpty else { return input }
        let words = Self.splitCompounds(input)
        var out: [String] = []
        var i = 0
        while i < words.count {
            guard let d = Self.duration(words, i) else {
                out.append(words[i])
                i += 1
                continue
            }
            let end = i + d.count
            let vague = (end < words.count && ["or", "to", "ish"].contains(words[end])) || (i > 0 && ["or", "to", "between"].contains(words[i - 1]))
            if vague || d.plain && (unit == nil ? targets.contains(d.unit) : d.unit == unit) {
                out.append(contentsOf: words[i..<end])
            } else if let (n, unit) = convert(d, preferring: unit) {
                out.append(String(n))
                out.append(n == 1 || d.singular ? unit : unit + "s")
            } else if let own = ContradictionGuard.seconds[d.unit], case let v = d.seconds / Double(own), v != v.rounded() {
                // Not a whole number of any unit the templates use: written as a decimal, which is never a slot value.
                out.append(String(v))
                out.append(d.unit + "s")
            } else {
                out.append(contentsOf: words[i..<end])
            }
            i = end
        }
        return out
    }

    /// The duration as a whole number of its own unit (when a target), else of the largest target unit that fits.
    private func convert(_ d: Duration, preferring preferred: String?) -> (Int, String)? {
        var order = targets.contains(d.unit) ? [d.unit] + targets.filter { $0 != d.unit } : targets
        if let preferred { order = [preferred] + order.filter { $0 != preferred } }
        for unit in order {
            guard let s = ContradictionGuard.seconds[unit] else { continue }
            let n = d.seconds / Double(s)
            if n >= 1, n < 1e6, abs(n - n.rounded()) < 1e-9 { return (Int(n.rounded()), unit) }
        }
        return nil
    }

    struct Duration {
        var seconds: Double
        var count: Int
        /// One whole number and its unit ("20 minutes", "twenty minutes").
        var plain: Bool
        /// The largest unit said.
        var unit: String
        var singular: Bool
    }

    /// Number-unit compounds split: "30min" → "30 min", "2hrs" → "2 hrs", "1.5h" → "1.5 h" (only time units).
    static func splitCompounds(_ words: [String]) -> [String] {
        var out: [String] = []
        for w in words {
            if let split = w.firstIndex(where: \.isLetter), split > w.startIndex, w[w.startIndex..<split].allSatisfy({ $0.isNumber || $0 == "." }) {
                let unit = String(w[split...])
                let u = unit == "h" ? "hr" : unit == "m" || unit == "s" ? "" : unit
                if let (k, _) = ContradictionGuard.unit(u), k == .time {
                    out.append(String(w[w.startIndex..<split]))
                    out.append(u)
                    continue
                }
            }
            out.append(w)
        }
        return out
    }

    /// A fraction: "half", "a half", "one half", "a quarter", "three quarters", "1/2", "½".
    static func fraction(_ w: [String], _ i: Int) -> (Double, Int)? {
        guard i < w.count else { return nil }
        var j = i
        if ["a", "an", "one"].contains(w[j]), j + 1 < w.count { j += 1 }
        if w[j] == "half" { return (0.5, j - i + 1) }
        if w[j] == "quarter" { return (0.25, j - i + 1) }
        if ["three", "3"].contains(w[i]), i + 1 < w.count, w[i + 1] == "quarters" { return (0.75, 2) }
        if w[j] == "third" { return (1.0 / 3, j - i + 1) }
        if ["two", "2"].contains(w[i]), i + 1 < w.count, w[i + 1] == "thirds" { return (2.0 / 3, 2) }
        switch w[i] {
        case "½": return (0.5, 1)
        case "¼": return (0.25, 1)
        case "¾": return (0.75, 1)
        default: break
        }
        let parts = w[i].split(separator: "/")
        if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b > 0 { return (Double(a) / Double(b), 1) }
        return nil
    }

    /// An amount before a unit: (value, words, whole number said plainly).
    static func amount(_ w: [String], _ i: Int) -> (Double, Int, Bool)? {
        guard i < w.count else { return nil }
        if let (f, n) = fraction(w, i) { return (f, n, false) }
        if w[i].contains("."), let v = Double(w[i]), w[i].first?.isNumber == true { return (v, 1, false) }
        if let (v, k) = NumberWords.read(w, from: i), v >= 0 {
            let j = i + k
            if j < w.count, w[j] != "a", let (f, n) = fraction(w, j), !["one", "three", "3"].contains(w[j]) { return (Double(v) + f, k + n, false) }
            if j + 1 < w.count, w[j] == "and", let (f, n) = fraction(w, j + 1) { return (Double(v) + f, k + 1 + n, false) }
            return (Double(v), k, true)
        }
        if w[i] == "a" || w[i] == "an" { return (1, 1, false) }
        return nil
    }

    /// One term: an amount and a time unit, "half an hour", "an hour and a half", "3/4 of an hour".
    static func term(_ w: [String], _ i: Int) -> (seconds: Double, count: Int, plain: Bool, unit: String, singular: Bool)? {
        guard let (v, k, plain) = amount(w, i) else { return nil }
        var j = i + k
        if !plain {
            if j < w.count, w[j] == "of" { j += 1 }
            if j < w.count, ["a", "an"].contains(w[j]), j + 1 < w.count, ContradictionGuard.unit(w[j + 1]) != nil { j += 1 }
        }
        guard j < w.count, let (kind, unit) = ContradictionGuard.unit(w[j]), kind == .time, let s = ContradictionGuard.seconds[unit] else { return nil }
        let singular = !w[j].hasSuffix("s")
        var seconds = v * Double(s)
        j += 1
        var isPlain = plain
        if v == v.rounded(), j + 1 < w.count, w[j] == "and", let (f, n) = fraction(w, j + 1), !["one", "three", "3"].contains(w[j + 1]) || n > 1 {
            seconds += f * Double(s)
            j += 1 + n
            isPlain = false
        }
        return (seconds, j - i, isPlain, unit, singular)
    }

    /// Terms in decreasing units: "1 hour 30 minutes", "an hour and 15 minutes".
    static func duration(_ w: [String], _ i: Int) -> Duration? {
        guard let first = term(w, i) else { return nil }
        var d = Duration(seconds: first.seconds, count: first.count, plain: first.plain, unit: first.unit, singular: first.singular)
        var last = ContradictionGuard.seconds[first.unit] ?? 0
        while true {
            var j = i + d.count
            if j < w.count, w[j] == "and" || w[j] == "plus" { j += 1 }
            guard let next = term(w, j), let s = ContradictionGuard.seconds[next.unit], s < last else { break }
            d.seconds += next.seconds
            d.count = j + next.count - i
            d.plain = false
            last = s
        }
        return d
    }
}
