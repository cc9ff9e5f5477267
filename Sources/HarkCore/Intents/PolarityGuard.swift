/// Words whose meaning flips an action (on/off, open/close, up/down, …) and negations.
///
/// The matchers never fuzz, skip or swap a polarity word: a fuzzy template match cannot drop or
/// change one, and an embedding match is only accepted when the command's polarity words are
/// exactly those of the sentence it is matched to. Negated commands ("don't turn off …") are
/// never matched locally.
public enum PolarityGuard {
    /// Inflected forms → canonical word; opposites share a pair.
    private static let canonical: [String: String] = {
        let groups: [(String, [String])] = [
            ("on", ["on"]), ("off", ["off", "kill"]),
            ("open", ["open", "opens", "opened", "opening"]), ("close", ["close", "closes", "closed", "closing", "shut"]),
            ("up", ["up"]), ("down", ["down"]),
            ("start", ["start", "starts", "started", "starting", "begin", "run"]), ("stop", ["stop", "stops", "stopped", "stopping", "halt"]),
            ("lock", ["lock", "locks", "locked", "locking", "bolt", "bolted"]), ("unlock", ["unlock", "unlocks", "unlocked", "unlocking"]),
            ("enable", ["enable", "enables", "enabled", "activate"]), ("disable", ["disable", "disables", "disabled", "deactivate"]),
            ("increase", ["increase", "raise", "higher", "more", "louder", "brighter", "warmer"]),
            ("decrease", ["decrease", "lower", "less", "quieter", "dimmer", "cooler", "colder"]),
            ("arm", ["arm", "armed"]), ("disarm", ["disarm", "disarmed"]),
            ("mute", ["mute", "muted"]), ("unmute", ["unmute", "unmuted"]),
            ("pause", ["pause", "paused"]), ("resume", ["resume", "unpause", "continue"]),
        ]
        var m: [String: String] = [:]
        for (c, forms) in groups { for f in forms { m[f] = c } }
        return m
    }()

    public static let negations: Set<String> = [
        "not", "don't", "dont", "never", "no", "doesn't", "didn't", "shouldn't", "mustn't", "can't", "cannot", "won't", "nothing",
    ]

    /// The canonical polarity of `word`, or nil when it carries none.
    public static func polarity(_ word: String) -> String? { canonical[word] }

    public static func isPolarity(_ word: String) -> Bool { canonical[word] != nil }

    /// Canonical polarities in `words`, sorted (a multiset, for comparisons).
    public static func polarities(_ words: [String]) -> [String] { words.compactMap { canonical[$0] }.sorted() }

    /// Whether the command negates itself ("don't", "do not", "never", "not").
    public static func isNegated(_ words: [String]) -> Bool { words.contains { negations.contains($0) } }
}
