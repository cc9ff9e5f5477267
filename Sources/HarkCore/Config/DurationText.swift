/// Parses and formats durations as written in the config: "250ms", "30s", "5m", "2h", "1d".
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        let s = text.trimmingSpaces
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, scale) in units where s.hasSuffix(suffix) {
            let number = s.dropLast(suffix.count)
            if suffix == "s", number.hasSuffix("m") { continue }  // "ms" handled first
            // Past Int64 milliseconds (292 million years) `Int64(_:)` would trap: not a duration.
            guard let n = Double(number.trimmingSpaces), n.isFinite, n >= 0,
                  (n * scale * 1000).rounded() < Double(Int64.max) else { return nil }
            return .milliseconds(Int64((n * scale * 1000).rounded()))
        }
        return nil
    }

    public static func format(_ d: Duration) -> String {
        let (whole, o1) = d.components.seconds.multipliedReportingOverflow(by: 1000)
        let (ms, o2) = whole.addingReportingOverflow(d.components.attoseconds / 1_000_000_000_000_000)
        if o1 || o2 { return "\(d.components.seconds)s" }  // past Int64 milliseconds
        if ms % 86_400_000 == 0, ms > 0 { return "\(ms / 86_400_000)d" }
        if ms % 3_600_000 == 0, ms > 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0, ms > 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
