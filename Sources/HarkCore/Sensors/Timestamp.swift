/// Timestamps in payloads and CSV files: epoch seconds or milliseconds, or ISO-8601
/// (`2026-11-25T06:18:47Z`, `2026-11-25T06:18:47.250+01:00`, `2026-11-25 06:18:47`).
public enum Timestamp {
    /// Epoch seconds from a number that may be seconds or milliseconds.
    public static func fromEpoch(_ v: Double) -> Double? {
        guard v.isFinite, v >= 0 else { return nil }
        return v > 1e11 ? v / 1000 : v
    }

    public static func parse(_ text: String) -> Double? {
        let s = text.trimmingSpaces
        if let v = Double(s) { return fromEpoch(v) }
        return Array(s.utf8).withUnsafeBufferPointer { iso($0) }
    }

    /// Like ``parse(_:)``, from UTF-8 bytes without spaces around them (no allocation for
    /// ISO-8601 text).
    public static func parse(utf8 u: UnsafeBufferPointer<UInt8>) -> Double? {
        if u.count >= 19, u[4] == 45, let t = iso(u) { return t }
        return Double(String(decoding: u, as: UTF8.self)).flatMap(fromEpoch)
    }

    /// ISO-8601 date and time (`T`, `t` or a space between), optional fraction and zone.
    static func iso(_ u: UnsafeBufferPointer<UInt8>) -> Double? {
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= u.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard u.count >= 19, let y = digits(0, 4), u[4] == 45, let mo = digits(5, 2), u[7] == 45, let d = digits(8, 2),
              u[10] == 84 || u[10] == 32 || u[10] == 116, let h = digits(11, 2), u[13] == 58, let mi = digits(14, 2), u[16] == 58,
              let sec = digits(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                fraction += Double(u[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        var offset = 0
        if i < u.count {
            if u[i] == 90 || u[i] == 122 {
                i += 1
            } else if u[i] == 43 || u[i] == 45, let oh = digits(i + 1, 2) {
                var om = 0
                var j = i + 3
                if j < u.count, u[j] == 58 { j += 1 }
                if let m = digits(j, 2) { om = m; j += 2 }
                offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
                i = j
            } else {
                return nil
            }
        }
        guard i == u.count else { return nil }
        return Double(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset) + fraction
    }

    /// ISO-8601 UTC with milliseconds.
    public static func format(_ t: Double) -> String {
        let ms = Int((t * 1000).rounded())
        let days = Int((Double(ms) / 86_400_000).rounded(.down))
        var rem = ms - days * 86_400_000
        let (y, m, d) = civilFromDays(days)
        let h = rem / 3_600_000; rem %= 3_600_000
        let mi = rem / 60_000; rem %= 60_000
        let s = rem / 1000
        let milli = rem % 1000
        func p(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(milli, 3))Z"
    }

    // Howard Hinnant's civil-date algorithms.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
