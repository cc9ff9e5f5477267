/// MQTT topic name and filter rules (MQTT 3.1.1 §4.7).
public enum MQTTTopic {
    /// Why `filter` is not a valid subscription filter, or nil if it is.
    public static func filterProblem(_ filter: String) -> String? {
        if filter.isEmpty { return "a topic filter cannot be empty" }
        if filter.utf8.count > 65535 { return "a topic filter is at most 65535 bytes" }
        if filter.contains("\u{0}") { return "a topic filter cannot contain NUL" }
        let levels = filter.split(separator: "/", omittingEmptySubsequences: false)
        for (i, level) in levels.enumerated() {
            if level.contains("#") {
                if level != "#" { return "'#' must fill a whole level" }
                if i != levels.count - 1 { return "'#' must be the last level" }
            }
            if level.contains("+"), level != "+" { return "'+' must fill a whole level" }
        }
        return nil
    }

    /// Why `name` is not a valid topic to publish to, or nil if it is.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a topic cannot be empty" }
        if name.utf8.count > 65535 { return "a topic is at most 65535 bytes" }
        if name.contains("\u{0}") { return "a topic cannot contain NUL" }
        if name.contains("+") || name.contains("#") { return "a topic to publish to cannot contain '+' or '#'" }
        return nil
    }

    /// Whether `topic` matches subscription `filter`; returns the values of its `+` levels.
    public static func match(_ filter: String, _ topic: String) -> [Substring]? {
        let f = filter.split(separator: "/", omittingEmptySubsequences: false)
        let t = topic.split(separator: "/", omittingEmptySubsequences: false)
        if topic.hasPrefix("$"), let first = f.first, first == "+" || first == "#" { return nil }
        var wildcards: [Substring] = []
        for (i, level) in f.enumerated() {
            if level == "#" { return wildcards }
            guard i < t.count else { return nil }
            if level == "+" { wildcards.append(t[i]); continue }
            if level != t[i] { return nil }
        }
        return f.count == t.count ? wildcards : nil
    }
}
