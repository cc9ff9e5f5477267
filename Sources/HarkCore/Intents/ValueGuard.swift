/// A number taken for a range slot must be the one value the command asks for, said as an amount:
/// - another number with the slot's unit leaves it open ("dim the bedroom lights to 20, maybe 30
///   percent", "a timer for 5 minutes then another for 15 minutes");
/// - "by" makes it a change, not a value ("dim the living room lights by 20 percent", "extend the
///   timer by 10 minutes");
/// - arithmetic makes it another number ("twice 11 degrees", "the square root of 64 minutes");
/// - a word that is no unit after it counts something else ("a timer for 3 eggs").
/// The units are the words the intents' sentences say right after the slot ("{percent} percent"),
/// with their usual short forms.
public struct ValueGuard: Sendable {
    /// Per intent and range slot ("timer_set/minutes"): the words that may follow its number.
    let units: [String: Set<String>]

    public init(intents: [IntentSettings]) {
        var units: [String: Set<String>] = [:]
        for intent in intents {
            for template in intent.templates {
                guard let expansions = try? TemplateExpansion.expand(template.nodes, limit: IntentSettings.maxExpansions) else { continue }
                for e in expansions {
                    for (i, element) in e.enumerated() {
                        guard case let .slot(s) = element, case .range? = intent.slots[s], i + 1 < e.count else { continue }
                        let next: [String]
                        switch e[i + 1] {
                        case let .word(w): next = [w]
                        case let .tagged(_, _, ws): next = Array(ws.prefix(1))
                        case .slot: next = []
                        }
                        for w in next {
                            units["\(intent.name)/\(s)", default: []].formUnion([w] + (Self.shortForms[w] ?? []))
                        }
                    }
                }
            }
        }
        self.units = units
    }

    /// Why the range values of `match` are not the command's one value, or nil. `clauses`: the
    /// message's clauses (after a correction, only those from it on); `isKnown`: whether a word is
    /// one the intents or English grammar know. A number in a clause that states something ("it's
    /// only 15 degrees in here") is a reading, not another value asked for.
    public func reason(_ match: IntentMatch, clauses: [[String]], intents: [IntentSettings], isKnown: (String) -> Bool) -> String? {
        guard let intent = intents.first(where: { $0.name == match.intent }) else { return nil }
        for slot in match.slots {
            guard case .range? = intent.slots[slot.name], let value = Int(slot.value) else { continue }
            let unit = units["\(intent.name)/\(slot.name)"] ?? []
            for words in clauses {
                var i = 0
                while i < words.count {
                    guard let (n, count) = NumberWords.read(words, from: i) else { i += 1; continue }
                    defer { i += max(1, count) }
                    let next = i + count < words.count ? words[i + count] : nil
                    let previous = i > 0 ? words[i - 1] : nil
                    let withUnit = next.map(unit.contains) ?? false
                    // "1 hour 30 minutes", "an hour and 15 minutes": part of a duration.
                    let inDuration = words[max(0, i - 3)..<i].contains { Self.longerUnits.contains($0) }
                    let stated = words[..<i].contains { Self.stating.contains($0) }
                    if withUnit, n != value, !inDuration, !stated { return "another \(slot.name) value said: \(n)" }
                    guard n == value || withUnit else { continue }
                    if previous == "by" { return "a change by \(n), not a value" }
                    if let p = previous, Self.arithmetic.contains(p) { return "arithmetic ('\(p) \(n)')" }
                    if let x = next, Self.arithmetic.contains(x) { return "arithmetic ('\(n) \(x)')" }
                    if i >= 2, words[i - 1] == "of", Self.arithmetic.contains(words[i - 2]) { return "arithmetic ('\(words[i - 2]) of \(n)')" }
                    if n == value, let x = next, !withUnit, !isKnown(x), !Self.longerUnits.contains(x) { return "\(n) \(x): a count of something else" }
                }
            }
        }
        return nil
    }

    /// Words before a number that make its clause a statement of what is.
    static let stating: Set<String> = ["is", "was", "are", "were", "it's", "that's", "reads", "reading", "shows", "showing", "says", "currently"]
    static let shortForms: [String: [String]] = [
        "percent": ["%", "per", "pc", "pct", "percentage"], "degrees": ["degree", "°", "c", "celsius", "°c", "deg", "degs"],
        "degree": ["degrees", "°", "c", "celsius"], "minutes": ["minute", "min", "mins"], "minute": ["minutes", "min", "mins"],
    ]
    static let longerUnits: Set<String> = ["hour", "hours", "hr", "hrs", "h"]
    static let arithmetic: Set<String> = ["twice", "double", "triple", "thrice", "plus", "minus", "times", "squared", "cubed", "divided",
                                         "multiplied", "root", "square", "sqrt", "half", "quarter", "third"]
}
