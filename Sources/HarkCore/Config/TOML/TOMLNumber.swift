/// TOML integer and float literals: `1_000`, `0x1F`, `0o17`, `0b101`, `+3.5e-2`, `inf`, `nan`.
enum TOMLNumber {
    static func parse(_ token: String) -> TOMLValue.Kind? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        guard validUnderscores(token) else { return nil }
        let plain = String(token.filter { $0 != "_" })
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where plain.hasPrefix(prefix) {
            guard let v = Int64(plain.dropFirst(2), radix: radix) else { return nil }
            return .integer(v)
        }
        var digits = Substring(plain)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard let first = digits.first, first.isASCII, first.isNumber else { return nil }
        if digits.count > 1, first == "0", digits.dropFirst().first?.isNumber == true { return nil }  // no leading zeros
        if plain.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            guard !plain.hasSuffix("."), !plain.contains(".e"), !plain.contains(".E"), let d = Double(plain) else { return nil }
            return .float(d)
        }
        guard let v = Int64(plain) else { return nil }
        return .integer(v)
    }

    private static func validUnderscores(_ s: String) -> Bool {
        let u = Array(s)
        for (i, c) in u.enumerated() where c == "_" {
            guard i > 0, i < u.count - 1, u[i - 1].isHexDigit, u[i + 1].isHexDigit else { return false }
        }
        return true
    }
}
