/// Byte-level helpers for `hark replay`'s CSV handling.
enum CSVFields {
    /// The comma-separated fields of `line` in `bytes`, each without spaces or tabs around it.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var start = line.lowerBound
        var i = line.lowerBound
        while true {
            if i == line.upperBound || bytes[i] == 44 {
                var a = start, b = i
                while a < b, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
                while b > a, bytes[b - 1] == 32 || bytes[b - 1] == 9 { b -= 1 }
                fields.append(a..<b)
                if i == line.upperBound { return }
                start = i + 1
            }
            i += 1
        }
    }

    /// Appends `v` (finite, ≥ 0) with four decimals, as `%.4f` would.
    static func appendFixed4(_ v: Double, to out: inout [UInt8]) {
        guard v.isFinite, v >= 0, v < 1e12 else {
            out.append(contentsOf: String(v).utf8)
            return
        }
        let scaled = Int((v * 10_000).rounded())
        let whole = scaled / 10_000
        var frac = scaled % 10_000
        out.append(contentsOf: String(whole).utf8)
        out.append(46)
        var digits: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        digits.3 = UInt8(48 + frac % 10); frac /= 10
        digits.2 = UInt8(48 + frac % 10); frac /= 10
        digits.1 = UInt8(48 + frac % 10); frac /= 10
        digits.0 = UInt8(48 + frac % 10)
        out.append(digits.0); out.append(digits.1); out.append(digits.2); out.append(digits.3)
    }
}
