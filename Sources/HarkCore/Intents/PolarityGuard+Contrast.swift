/// A polarity said, then its opposite ruled out to make it clear: "volume up, not down", "turn on the
/// kitchen fan, not off", "unlock the front door, not lock it", "shut the curtains, don't leave them
/// open". The ruling-out clause confirms the request; it does not take it back.
extension PolarityGuard {
    /// `text` without its clauses that only rule out the opposite of a polarity said elsewhere in it
    /// (and never said itself elsewhere); `text` as it is when it has none.
    public static func withoutContrast(_ text: String) -> String {
        let clauses = TextNormalizer.clauses(text)
        let words = clauses.map(TextNormalizer.words)
        guard words.count > 1 else { return text }
        var kept: [String] = []
        var changed = false
        for (i, w) in words.enumerated() {
            let others = words.indices.filter { $0 != i }.flatMap { words[$0] }.compactMap(polarity)
            if i > 0, let (ruledOut, after) = ruledOut(w), let opposite = opposites[ruledOut],
               others.contains(opposite), !others.contains(ruledOut) {
                changed = true
                if let after { kept.append(after) } // "not unlock, lock": the request said again
                continue
            }
            kept.append(clauses[i])
        }
        return changed ? kept.map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: ", ") : text
    }

    /// The polarity a clause rules out ("not down", "not lock it", "don't leave them open") and the
    /// polarity said after it, if any ("not close, open" → ("close", "open")).
    static func ruledOut(_ clause: [String]) -> (String, String?)? {
        var w = clause[...].drop { ["and", "but", "no", "so"].contains($0) }
        if w.first == "not" { w = w.dropFirst() } else if starts(w, ["don't", "leave"]) || starts(w, ["dont", "leave"]) {
            w = w.dropFirst(2)
            guard let o = w.first, ["it", "them"].contains(o) else { return nil }
            w = w.dropFirst()
            guard w.count == 1, let p = w.first.flatMap(polarity) else { return nil }
            return (p, nil)
        } else { return nil }
        guard let p = w.first.flatMap(polarity) else { return nil }
        w = w.dropFirst()
        if let o = w.first, ["it", "them"].contains(o) { w = w.dropFirst() }
        if w.isEmpty { return (p, nil) }
        guard w.count == 1, let q = w.first, polarity(q) == opposites[p] else { return nil }
        return (p, q)
    }

    private static func starts(_ w: ArraySlice<String>, _ p: [String]) -> Bool { w.count >= p.count && Array(w.prefix(p.count)) == p }

    static let opposites: [String: String] = {
        let pairs = [("on", "off"), ("open", "close"), ("up", "down"), ("start", "stop"), ("lock", "unlock"), ("enable", "disable"),
                     ("increase", "decrease"), ("arm", "disarm"), ("mute", "unmute"), ("pause", "resume")]
        var m: [String: String] = [:]
        for (a, b) in pairs { m[a] = b; m[b] = a }
        return m
    }()
}
