/// Parses and formats durations as written in the config: "250ms", "30s", "5m", "2h", "1d".
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        let s = text.trimmingSpaces
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, scale) in units where s.hasSuffix(suffix) {
            let number = s.dropLast(suffix.count)
            if suffix == "s", number.hasSuffix("m") { continue }  // "ms" handled first
            guard let n = Double(number.trimmingSpaces), n.isFinite, n >= 0 else { return nil }
            return .milliseconds(Int64((n * scale * 1000).rounded()))
        }
        return nil
    }

    public static func format(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
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
