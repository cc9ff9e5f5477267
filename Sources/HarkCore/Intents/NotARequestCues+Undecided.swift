/// Cues that the speaker has not decided, or took the request back further on: thinking aloud
/// ("maybe the bedroom light on, maybe not, I'll think about it"), waiting for a signal ("before you
/// open the garage door, let me move the bikes, I'll tell you when"), or a request withdrawn with more
/// said after it ("set a timer for ten minutes, oh, hang on, never mind, it's already done").
extension NotARequestCues {
    /// Why the message (`words`, its `clauses`) is undecided or withdrawn, or nil.
    static func undecidedReason(_ words: [String], clauses: [[String]]?, vocabulary: Set<String>) -> String? {
        if contains(words, undecidedPhrases, vocabulary: vocabulary) { return "not decided" }
        // "do the opposite with the front door lock", "toggle the garage": what to do depends on how it is now.
        if words.contains(where: { ["opposite", "toggle", "toggled", "invert", "reverse"].contains($0) && !vocabulary.contains($0) }) {
            return "depends on the current state"
        }
        // "you keep turning the bathroom fan off, stop it": a complaint about what keeps happening.
        for i in words.indices.dropLast(2) where ["you", "it", "hark", "she", "he"].contains(words[i]) && ["keep", "keeps"].contains(words[i + 1]) {
            // Doing what the intents do ("turning", "locking"); "it keeps going off" is a reason, "you keep asking me" a remark.
            if progressiveReports.contains(words[i + 2]) { return "a complaint about what keeps happening" }
        }
        let clauses = (clauses ?? [words]).filter { !$0.isEmpty }
        if clauses.contains(where: { c in undecidedClauses.contains(c.filter { !openings.contains($0) }) }) { return "not decided" }
        // A withdrawal after the request, with no request after it: "…, never mind, it's already done".
        if let k = clauses.indices.last(where: { k in k > 0 && TextNormalizer.retractions.contains { $0.count >= 2 && $0 != ["do", "not"] && starts(clauses[k].drop(while: openings.contains), with: [$0]) } }),
           !clauses[(k + 1)...].contains(where: { c in c.contains(where: { asking.contains($0) && $0 != "please" }) }) {
            return "taken back"
        }
        return nil
    }

    static let undecidedPhrases: [[String]] = [
        ["maybe", "not"], ["or", "not"], ["i'll", "think", "about", "it"], ["dunno"], ["can't", "decide"], ["cannot", "decide"],
        ["i'll", "tell", "you", "when"], ["i'll", "let", "you", "know", "when"], ["wait", "for", "my"], ["when", "i", "say"],
        ["on", "my", "signal"], ["on", "my", "count"], ["we'll", "see"], ["undecided"], ["not", "decided"],
        ["haven't", "decided"],
    ]
    /// Clauses that are only doubt ("I don't know", "not sure").
    static let undecidedClauses: Set<[String]> = [
        ["i", "don't", "know"], ["don't", "know"], ["i", "dont", "know"], ["not", "sure"], ["i'm", "not", "sure"], ["no", "idea"],
        ["i", "don't", "know", "yet"], ["not", "sure", "yet"], ["who", "knows"],
    ]
}
