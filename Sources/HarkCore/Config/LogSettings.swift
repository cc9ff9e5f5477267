/// `[log]`: how much the daemon logs and in which form.
public struct LogSettings: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    public enum Format: String, Sendable, CaseIterable {
        /// journald priority prefixes when `JOURNAL_STREAM` is set, readable text otherwise.
        case auto
        case journal
        case text
    }

    public var level: Level
    public var format: Format
    /// How often the counters are published on `<prefix>/stats`.
    public var statsInterval: Duration

    public init(_ t: ConfigTable) {
        level = t.choice("level", default: .info)
        format = t.choice("format", default: .auto)
        statsInterval = t.duration("stats_interval", default: .seconds(60), in: .seconds(1)...(.seconds(86400)))
    }
}
