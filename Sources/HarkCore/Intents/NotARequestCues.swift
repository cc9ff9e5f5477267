/// Cues that a message, whatever command it contains, is not a request to act now: a joke or
/// sarcasm ("lol sure, open the garage"), a request for someone else ("tell dad to turn off the
/// lights"), someone else's words quoted ("the guy in the movie yelled open the garage"), a question
/// asking for advice ("what's a good temperature for the bedroom"), a time other than now ("at 10pm
/// switch off the office lights", "tomorrow …"), a habit ("we usually set the living room to 20
/// degrees"), or a request to leave something as it is ("leave the bedroom fan on").
///
/// The first four are checked on the whole message before any clause is matched; the others on the
/// message said as one clause and on each clause of a compound one. A cue word that one of the intents'
/// sentences says is not a cue for that config (an intent "turn on the porch light every night").
public enum NotARequestCues {
    /// Why `words` (the whole message) is not a request to act now, or nil: a joke, a request for
    /// someone else, a quote, advice. `vocabulary`: every word the intents' sentences say.
    public static func messageReason(_ words: [String], vocabulary: Set<String>) -> String? {
        let start = words.drop { leading.contains($0) }
        if words.contains(where: { jokes.contains($0) && !vocabulary.contains($0) })
            || starts(start, with: [["oh", "sure"], ["yeah", "right"], ["as", "if"], ["sure", "sure"]]) {
            return "a joke"
        }
        // "tell dad to …", "ask the kids to …"; not "tell me …", nor "tell the vacuum to start" (a thing the intents name).
        if let first = start.first, askers.contains(first), let to = start.dropFirst().prefix(4).firstIndex(of: "to") {
            let addressee = start[start.index(after: start.startIndex)..<to]
            if !addressee.isEmpty, !addressee.contains(where: { ["me", "us"].contains($0) }),
               !addressee.contains(where: { vocabulary.contains($0) && !determiners.contains($0) }) {
                return "a request for someone else"
            }
        }
        for (i, w) in words.enumerated() where speechVerbs.contains(w) && !vocabulary.contains(w) {
            // "i said turn off the lights" repeats the speaker's own request.
            if i == 0 || words[i - 1] != "i" { return "someone else's words" }
        }
        if starts(start, with: advice) { return "a question asking for advice" }
        return nil
    }

    /// Why a clause (or a message said as one) is not a request to act now, or nil: another time, a
    /// habit, leaving something as it is. A clause of a compound message may say it as a reason
    /// ("we're leaving tomorrow, turn off the heating"): that clause is not a command, the others may be.
    public static func clauseReason(_ words: [String], vocabulary: Set<String>) -> String? {
        for (i, w) in words.enumerated() where !vocabulary.contains(w) {
            if deferred.contains(w) || Self.isClockTime(w) { return "a time other than now" }
            if w == "at", i + 1 < words.count, Self.isClockTime(words[i + 1])
                || (i + 2 < words.count && Int(words[i + 1]) != nil && ["am", "pm", "o'clock"].contains(words[i + 2])) {
                return "a time other than now"
            }
            if habits.contains(w) { return "a habit" }
            if w == "every", i + 1 < words.count, timeUnits.contains(words[i + 1]) { return "a habit" }
            if w == "leave", i + 1 < words.count, leftAs.contains(words[i + 1]) { return "a request to leave something as it is" }
        }
        return nil
    }

    static func starts<S: Collection>(_ words: S, with phrases: [[String]]) -> Bool where S.Element == String {
        phrases.contains { p in words.count >= p.count && Array(words.prefix(p.count)) == p }
    }

    /// "10pm", "7am", "7:30", "6:45pm": a time of day.
    public static func isClockTime(_ w: String) -> Bool {
        var s = Substring(w)
        if s.hasSuffix("am") || s.hasSuffix("pm") { s = s.dropLast(2) } else if !s.contains(":") { return false }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let h = Int(parts[0]), (0...24).contains(h) else { return false }
        return parts.count == 1 || (parts[1].count == 2 && Int(parts[1]).map { (0..<60).contains($0) } ?? false)
    }

    /// Words said before the message proper ("hey", "um", "please").
    static let leading: Set<String> = ["hey", "hark", "ok", "okay", "um", "uh", "erm", "so", "please", "can", "could", "would", "you"]
    static let jokes: Set<String> = ["lol", "lmao", "rofl", "jk", "haha", "hahaha", "kidding", "joking", "sarcasm"]
    static let askers: Set<String> = ["tell", "ask", "remind"]
    static let determiners: Set<String> = ["the", "a", "an", "my", "our", "your"]
    static let speechVerbs: Set<String> = ["said", "says", "yelled", "yells", "shouted", "shouts", "screamed", "whispered", "told", "wrote"]
    static let advice: [[String]] = [
        ["what's", "a", "good"], ["whats", "a", "good"], ["what", "is", "a", "good"], ["what's", "the", "best"], ["whats", "the", "best"],
        ["what", "is", "the", "best"], ["what's", "the", "ideal"], ["what", "is", "the", "ideal"], ["what", "should"],
        ["what's", "a", "nice"], ["what", "is", "a", "nice"], ["should", "i"], ["should", "we"],
    ]
    static let deferred: Set<String> = ["tomorrow", "later", "afterwards", "monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday", "noon", "midnight"]
    static let habits: Set<String> = ["always", "usually", "normally", "often", "sometimes", "typically", "generally", "rarely", "seldom"]
    static let timeUnits: Set<String> = ["day", "night", "morning", "evening", "afternoon", "week", "weekday", "hour", "time", "weekend"]
    static let leftAs: Set<String> = ["the", "my", "our", "it", "them", "that", "this", "those", "these"]
}
