/// Cues that a message was overheard rather than said to Hark: an always-on microphone hears the
/// TV, the radio, adverts, online videos, presentations and games ("… now half price", "let me know
/// in the comments", "next slide"), and people asking each other for what only a person can do
/// ("grab me a drink while you're up and switch the kitchen light off").
extension NotARequestCues {
    /// Why `words` is overheard speech, or nil.
    static func overheardReason(_ words: [String], vocabulary: Set<String>) -> String? {
        if contains(words, broadcastPhrases, vocabulary: vocabulary) { return "broadcast or recorded speech" }
        if contains(words, errandsForAPerson, vocabulary: vocabulary) { return "a request only a person can do" }
        // "in the demo we'll ask it to set a timer": what someone will ask of Hark.
        if contains(words, [["ask", "it", "to"], ["tell", "it", "to"], ["asks", "it", "to"], ["tells", "it", "to"], ["will", "ask"]],
                    vocabulary: vocabulary) {
            return "talk about asking Hark"
        }
        // "could you in theory arm …", "can you set timers longer than three hours?": what Hark can do.
        if contains(words, [["in", "theory"], ["in", "principle"], ["theoretically"], ["hypothetically"], ["longer", "than"], ["shorter", "than"]],
                    vocabulary: vocabulary) {
            return "a question about what Hark can do"
        }
        // "remember that i like the living room lights at 40 percent": a preference for later.
        if contains(words, [["remember", "that"], ["i", "like", "the"], ["i", "like", "my"], ["we", "like", "the"], ["i", "prefer"], ["we", "prefer"]],
                    vocabulary: vocabulary) {
            return "a preference"
        }
        // "my boss wants us to set a timer", "she asked me to …": someone else's wish, reported.
        for i in words.indices.dropFirst() where ["wants", "asked", "expects"].contains(words[i]) && !["i", "we"].contains(words[i - 1]) {
            if i + 2 < words.count, ["us", "me"].contains(words[i + 1]), words[i + 2] == "to" { return "someone else's wish, reported" }
        }
        // "new text from sarah: can you open the garage": a message read out; "this isn't for you hark: …".
        if contains(words, [["text", "from"], ["message", "from"], ["email", "from"], ["texted", "me"], ["isn't", "for", "you"], ["not", "for", "you"],
                            ["wasn't", "for", "you"], ["not", "talking", "to", "you"]], vocabulary: vocabulary) {
            return "not said to Hark"
        }
        // "play pump up the volume": a title to play (unless the intents play things).
        if words.drop(while: openings.contains).first == "play", !vocabulary.contains("play") { return "a title to play" }
        // "hark at him": an idiom (listen to him), not Hark's name.
        if words.count > 2, words[0] == "hark", words[1] == "at", ["him", "her", "them", "you", "that", "this", "it"].contains(words[2]) {
            return "an idiom"
        }
        return nil
    }

    /// Whether one of `phrases` occurs in `words`, one of its words at least not one the intents say.
    static func contains(_ words: [String], _ phrases: [[String]], vocabulary: Set<String>) -> Bool {
        phrases.contains { p in
            !p.allSatisfy(vocabulary.contains) && words.containsRun(p)
        }
    }

    /// Adverts, broadcasts, online videos, presentations and games.
    static let broadcastPhrases: [[String]] = [
        ["half", "price"], ["call", "now"], ["order", "now"], ["buy", "now"], ["shop", "now"], ["free", "trial"], ["limited", "time"],
        ["sponsored", "by"], ["brought", "to", "you", "by"], ["subscribe"], ["subscribed"], ["subscribers"], ["comments"],
        ["in", "the", "description"], ["stay", "tuned"], ["after", "the", "break"], ["top", "of", "the", "hour"], ["next", "slide"],
        ["slide"], ["slides"], ["demo"], ["q", "and", "a"], ["new", "from"], ["introducing"], ["with", "just", "your", "voice"],
        ["from", "anywhere"], ["that", "simple"], ["top", "tip"], ["pro", "tip"], ["step", "one"], ["step", "two"], ["step", "three"],
        ["viewers"], ["listeners"], ["this", "video"], ["today's", "video"], ["this", "episode"], ["audience"], ["respawn"],
        ["checkpoint"], ["go", "go", "go"], ["safety", "first"], ["tired", "of"], ["available", "now"], ["now", "available"],
        ["per", "month"], ["terms", "and", "conditions"], ["smash", "that"], ["like", "and", "subscribe"], ["coming", "up", "next"],
        ["don't", "just"], ["dont", "just"],
    ]

    /// Requests that only a person in the room can carry out, said in the same breath.
    static let errandsForAPerson: [[String]] = [
        ["grab", "me"], ["pour", "me"], ["fetch", "me"], ["pass", "me"], ["hand", "me"], ["bring", "me"], ["get", "me", "a"],
        ["make", "me", "a"], ["while", "you're", "up"], ["you're", "closest"], ["call", "an", "ambulance"], ["call", "the", "police"],
        ["go", "and", "close"], ["go", "and", "open"], ["go", "and", "turn"], ["go", "and", "switch"], ["go", "and", "lock"],
        ["go", "close"], ["go", "open"], ["go", "turn"], ["go", "switch"], ["go", "lock"],
    ]
}
