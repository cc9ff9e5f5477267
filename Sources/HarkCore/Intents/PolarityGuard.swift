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
            ("start", ["start", "starts", "started", "starting", "begin", "run", "going"]), ("stop", ["stop", "stops", "stopped", "stopping", "halt"]),
            ("lock", ["lock", "locks", "locked", "locking", "bolt", "bolted"]), ("unlock", ["unlock", "unlocks", "unlocked", "unlocking"]),
            ("enable", ["enable", "enables", "enabled", "enabling", "activate", "activating"]), ("disable", ["disable", "disables", "disabled", "disabling", "deactivate", "deactivating"]),
            ("increase", ["increase", "boost", "raise", "higher", "more", "louder", "brighter", "warmer"]),
            ("decrease", ["decrease", "reduce", "lower", "less", "quieter", "dimmer", "cooler", "colder"]),
            ("arm", ["arm", "armed", "arming"]), ("disarm", ["disarm", "disarmed", "disarming"]),
            ("mute", ["mute", "muted", "muting"]), ("unmute", ["unmute", "unmuted", "unmuting"]),
            ("pause", ["pause", "paused", "pausing"]), ("resume", ["resume", "resuming", "unpause", "continue"]),
        ]
        var m: [String: String] = [:]
        for (c, forms) in groups { for f in forms { m[f] = c } }
        return m
    }()

    public static let negations: Set<String> = [
        "not", "don't", "dont", "never", "no", "doesn't", "didn't", "shouldn't", "mustn't", "can't", "cannot", "won't", "nothing", "nobody",
        "noone", "avoid", "refrain",
    ]

    /// Polarities that put something into action, and those that take it out of action. A device
    /// that knows only one of each means the same by all of them: "turn on the security" is "arm the
    /// security", "stop the fan" is "turn the fan off" (`SlotSpanFiller` reads them so per intent).
    /// Never across sets, and never for lock/unlock, mute/unmute or pause/resume, which say something else.
    public static let activating: Set<String> = ["on", "start", "arm", "enable"]
    public static let deactivating: Set<String> = ["off", "stop", "disarm", "disable"]
    /// Likewise for moving something up or open, and down or closed: blinds that open or close are
    /// raised ("pull up the blinds") and lowered; a garage door is raised.
    public static let rising: Set<String> = ["up", "increase", "open"]
    public static let falling: Set<String> = ["down", "decrease", "close"]
    /// The sets whose members mean the same to an intent that says only one of them.
    public static let sameMeaningSets = [activating, deactivating, rising, falling]

    /// Verbs, other than the canonical word, that command a polarity: the training sentences of the
    /// intent classifier also say them (`TrainingSentences.polarityVariants`).
    public static let imperatives: [String: [String]] = [
        "off": ["kill"], "close": ["shut"], "start": ["run"], "stop": ["halt"], "lock": ["bolt"], "enable": ["activate"],
        "disable": ["deactivate"], "resume": ["unpause", "continue"], "increase": ["raise"], "decrease": ["lower"],
    ]

    /// The canonical polarity of `word`, or nil when it carries none.
    public static func polarity(_ word: String) -> String? { canonical[word] }

    public static func isPolarity(_ word: String) -> Bool { canonical[word] != nil }

    /// Canonical polarities in `words`, sorted (a multiset, for comparisons). Two readings depend on
    /// the words after: "going" is "start" ("get the fan going") but not in "going to" (what will
    /// happen), and "shut" is not "close" when an "off" follows ("shut the heating off" is "off").
    public static func polarities(_ words: [String]) -> [String] {
        var out: [String] = []
        for (i, w) in words.enumerated() {
            // "more quiet" is quieter, "less bright" dimmer: "more" and "less" say the direction of the word after them.
            if w == "more" || w == "less", i + 1 < words.count, let up = gradable[words[i + 1]] {
                out.append(up == (w == "more") ? "increase" : "decrease")
                continue
            }
            if i > 0, ["more", "less"].contains(words[i - 1]), gradable[w] != nil { continue }
            guard let c = canonical[w] else { continue }
            if w == "going", i + 1 < words.count, words[i + 1] == "to" { continue }
            if w == "shut", words[(i + 1)...].contains("off") { continue }
            // "parked so close to the garage door": near, not shut.
            if w == "close", i + 1 < words.count, words[i + 1] == "to", i > 0, ["so", "too", "very", "quite", "really", "parked", "is", "are", "was", "it's"].contains(words[i - 1]) {
                continue
            }
            out.append(c)
        }
        return out.sorted()
    }

    /// Whether the command negates itself ("don't", "do not", "never", "not").
    /// Adjectives whose "more" is up (true: louder, brighter, warmer) or down (false: quieter, darker).
    static let gradable: [String: Bool] = [
        "loud": true, "noisy": true, "bright": true, "light": true, "warm": true, "hot": true, "high": true,
        "quiet": false, "silent": false, "soft": false, "dark": false, "dim": false, "cool": false, "cold": false, "low": false,
    ]

    public static func isNegated(_ words: [String]) -> Bool { words.contains { negations.contains($0) } }
}
