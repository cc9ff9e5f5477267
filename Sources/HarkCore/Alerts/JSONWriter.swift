/// Writes flat JSON objects (alert messages) without Foundation.
public struct JSONWriter {
    private var out = "{"
    private var first = true

    public init() {}

    public mutating func field(_ key: String, _ value: String?) {
        writeKey(key)
        if let value { out += Self.quote(value) } else { out += "null" }
    }

    public mutating func field(_ key: String, _ value: Double?) {
        writeKey(key)
        guard let value, value.isFinite else { out += "null"; return }
        out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    public mutating func field(_ key: String, _ value: Int64) {
        writeKey(key)
        out += String(value)
    }

    public mutating func field(_ key: String, _ value: Bool) {
        writeKey(key)
        out += value ? "true" : "false"
    }

    /// A value that is already JSON.
    public mutating func raw(_ key: String, _ json: String) {
        writeKey(key)
        out += json
    }

    public mutating func finish() -> String { out + "}" }

    private mutating func writeKey(_ k: String) {
        if !first { out += "," }
        first = false
        out += Self.quote(k) + ":"
    }

    public static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}
