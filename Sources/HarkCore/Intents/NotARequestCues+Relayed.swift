/// Cues that a text message was relayed, not typed to Hark as a request: Hark's own replies and
/// other bots' output echoed back ("Turning the kitchen light off", "Hark bot: Garage door: close"),
/// status reports ("Timer set for 10 minutes", "office light brightness set to 40 percent"), log,
/// changelog and help text ("refactor: stop the vacuum via new API", "v2.3.1 - unlock the back door
/// now requires PIN", "example: turn on the kitchen light"), quoted replies ("> set a timer …") and
/// commands for other chat bots ("/spotify pause the music", "!dj stop playback").
extension NotARequestCues {
    /// Why `text` (its `words`) was relayed rather than asked, or nil.
    static func relayedReason(_ text: String, words: [String], vocabulary: Set<String>, ownNames: Set<String>) -> String? {
        let trimmed = text.drop(while: \.isWhitespace)
        let tokens = trimmed.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = tokens.first else { return nil }
        // "> set a timer for 20 minutes  that's what I told you", "hark> The front door: lock": a quote, a console line.
        if first.hasPrefix(">") || (first.count > 1 && first.hasSuffix(">") && !first.hasSuffix("->")) { return "a quote or a console line" }
        // "/spotify pause the music", "!dj stop playback": a command for another bot ("/hark …" is Hark's).
        if let c = first.first, c == "/" || c == "!", first.dropFirst().first?.isLetter == true {
            let bot = String(first.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" }).lowercased()
            if !ownNames.contains(bot) { return "a command for another bot" }
        }
        // A label before a colon: "example:", "Step 3:", "refactor:", "Hark bot:", "hark replied:", "🤖 Hark:".
        if let colon = trimmed.firstIndex(of: ":") {
            let label = String(trimmed[..<colon])
            let labelWords = TextNormalizer.words(label)
            if (1...3).contains(labelWords.count) {
                if labelWords.contains(where: documentLabels.contains) || labelWords.last.map(speechReports.contains) ?? false
                    || labelWords.contains("bot") || label.contains("\u{1F916}") {
                    return "a label: help, log or another speaker's text"
                }
            }
        }
        // "Warning, do not open the garage door while …", "caution: …": a notice.
        if let w = words.first, notices.contains(w), let c = tokens.first?.last, ",:!".contains(c) { return "a notice" }
        // "e.g. /hark lock the front door", "Usage: /hark <command>": help text.
        if text.contains("e.g.") || words.contains(where: { ["eg", "usage", "example", "examples"].contains($0) && !vocabulary.contains($0) })
            || (text.contains("<") && text.contains(">")) {
            return "help text"
        }
        // "v2.3.1 - …", "2026-12-01 07:12 …": a version or a date stamp.
        if tokens.contains(where: isVersionOrDate) { return "a version or a date stamp" }
        // After Hark's name or a label, what is being done, or was: "Turning the kitchen light off", "here are the active alerts".
        let start = words.drop { ownNames.contains($0) || $0 == "bot" }
        if let w = start.first, progressiveReports.contains(w) { return "a report of what is being done" }
        if starts(start, with: [["here", "are"], ["here's"], ["here", "is"]]) { return "an answer, not a request" }
        // "Timer set for 10 minutes", "office light brightness set to 40 percent": a thing, then "set" (a report).
        for i in words.indices.dropFirst() where words[i] == "set" && reportedThings.contains(words[i - 1]) && i + 1 < words.count
            && ["to", "for", "at"].contains(words[i + 1]) {
            if !words[..<i].contains(where: { asking.contains($0) || leading.contains($0) }) { return "a report of what was done" }
        }
        return nil
    }

    /// "v2.3.1", "1.10.2", "2026-12-01": a version (a "v" and a dot, or two dots) or a date.
    static func isVersionOrDate(_ token: String) -> Bool {
        let t = String(token.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed())
        let body = t.hasPrefix("v") || t.hasPrefix("V") ? t.dropFirst() : Substring(t)
        let dots = body.split(separator: ".", omittingEmptySubsequences: false)
        if dots.count >= 2, dots.allSatisfy({ (d: Substring) in !d.isEmpty && d.allSatisfy { $0.isNumber } }), dots.count >= 3 || body.count < t.count { return true }
        let dashes = t.split(separator: "-", omittingEmptySubsequences: false)
        return dashes.count == 3 && dashes[0].count == 4 && dashes.allSatisfy { (d: Substring) in !d.isEmpty && d.allSatisfy { $0.isNumber } }
    }

    /// Labels of help, log, changelog and commit text.
    static let documentLabels: Set<String> = [
        "example", "examples", "eg", "usage", "help", "step", "note", "tip", "hint", "warning", "caution", "error", "info", "notice",
        "debug", "refactor", "fix", "feat", "feature", "chore", "docs", "test", "tests", "changelog", "todo", "fixme", "fyi", "re",
        "fwd", "fw", "subject", "output", "response", "reply", "result", "status", "log", "alert", "notification", "automation",
        "script", "commit", "release", "changed", "added", "removed", "deprecated",
    ]
    /// "hark replied:", "mum wrote:": someone's words follow.
    static let speechReports: Set<String> = ["replied", "said", "wrote", "answered", "responded", "says", "writes", "asked", "posted",
                                             "shared", "forwarded", "quoted"]
    static let notices: Set<String> = ["warning", "caution", "danger", "attention", "notice", "alert"]
    /// What an assistant says it is doing ("Turning the kitchen light off", "Checking the office temperature").
    static let progressiveReports: Set<String> = [
        "turning", "switching", "setting", "checking", "opening", "closing", "locking", "unlocking", "starting", "stopping", "pausing",
        "resuming", "dimming", "arming", "disarming", "activating", "deactivating", "cancelling", "canceling", "raising", "lowering",
        "muting", "unmuting", "brightening", "adjusting", "changing", "executing", "sending",
    ]
    /// Things whose state a report says was set ("Timer set for 10 minutes").
    static let reportedThings: Set<String> = ["light", "lights", "brightness", "timer", "temperature", "thermostat", "heating", "volume",
                                              "fan", "scene", "mode", "alarm", "blinds", "curtains"]
}
