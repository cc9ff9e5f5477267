/// Words of the same kind that contradict each other: units of time (second, minute, hour, day,
/// week) and of measure (degrees, percent, fahrenheit). A command that says a unit its intent's
/// templates use elsewhere, but that the sentence it is matched to does not say, is refused:
/// "timer for an hour" is not "timer for {minutes} minutes" with the "hour" skipped as a filler.
/// (On/off, open/close and the other opposites are `PolarityGuard`'s; the matchers never skip,
/// fuzz or swap those.)
public enum ContradictionGuard {
    public enum Kind: String, Sendable, CaseIterable { case time, measure }

    /// Word → (kind, canonical unit).
    static let units: [String: (Kind, String)] = {
        let groups: [(Kind, String, [String])] = [
            (.time, "second", ["second", "seconds", "sec", "secs"]),
            (.time, "minute", ["minute", "minutes", "min", "mins"]),
            (.time, "hour", ["hour", "hours", "hr", "hrs"]),
            (.time, "day", ["day", "days"]),
            (.time, "week", ["week", "weeks"]),
            (.measure, "degree", ["degree", "degrees", "celsius", "centigrade"]),
            (.measure, "percent", ["percent", "pct", "percentage"]),
            (.measure, "fahrenheit", ["fahrenheit", "kelvin"]),
        ]
        var m: [String: (Kind, String)] = [:]
        for (kind, canonical, forms) in groups { for f in forms { m[f] = (kind, canonical) } }
        return m
    }()

    /// Seconds in each time unit.
    public static let seconds: [String: Int] = ["second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604_800]

    /// The canonical unit a word names, or nil.
    public static func unit(_ word: String) -> (kind: Kind, canonical: String)? { units[word].map { ($0.0, $0.1) } }

    /// Canonical units in `words`, by kind.
    public static func units(in words: [String]) -> [Kind: Set<String>] {
        var out: [Kind: Set<String>] = [:]
        for w in words { if let (k, c) = units[w] { out[k, default: []].insert(c) } }
        return out
    }

    /// Whether the command's units contradict a sentence: for some kind the intent's templates use,
    /// the command says a unit of that kind the sentence does not.
    public static func contradicts(command: [Kind: Set<String>], sentence: [Kind: Set<String>], intent: [Kind: Set<String>]) -> Bool {
        for (kind, said) in command where !(intent[kind]?.isEmpty ?? true) {
            if !said.isSubset(of: sentence[kind] ?? []) { return true }
        }
        return false
    }
}
