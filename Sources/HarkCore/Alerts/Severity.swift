/// Alert severity, least to most severe.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case info, warning, minor, major, critical

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// The next more severe level (critical stays critical).
    public var higher: Severity { Self.allCases[min(rank + 1, Self.allCases.count - 1)] }
}
