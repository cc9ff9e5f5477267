/// A JSON document as a value: built for requests (tool schemas), parsed from untrusted text
/// (tool-call arguments, commands) with size and depth limits. No Foundation.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order written.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case let .object(fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case let .string(s) = self { s } else { nil } }
    public var numberValue: Double? { if case let .number(n) = self { n } else { nil } }
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { a } else { nil } }
    public var objectValue: [(String, JSONValue)]? { if case let .object(o) = self { o } else { nil } }

    /// Compact JSON text.
    public var serialized: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n):
            if !n.isFinite { out += "null" } else if n == n.rounded(), abs(n) < 1e15 { out += String(Int64(n)) } else { out += String(n) }
        case let .string(s): out += JSONWriter.quote(s)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case let .object(fields):
            out += "{"
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out += "," }
                out += JSONWriter.quote(k) + ":"
                v.write(into: &out)
            }
            out += "}"
        }
    }

    // MARK: Parsing

    /// Parses `text`; nil if it is not one complete JSON value within the limits.
    public static func parse(_ text: String, maxDepth: Int = 32, maxBytes: Int = 1 << 20) -> JSONValue? {
        parse(bytes: Array(text.utf8), maxDepth: maxDepth, maxBytes: maxBytes)
    }

    public static func parse(bytes: [UInt8], maxDepth: Int = 32, maxBytes: Int = 1 << 20) -> JSONValue? {
        guard bytes.count <= maxBytes else { return nil }
        var p = Parser(b: bytes, maxDepth: maxDepth)
        guard let v = p.value(depth: 0) else { return nil }
        p.space()
        return p.i == bytes.count ? v : nil
    }

    private struct Parser {
        let b: [UInt8]
        let maxDepth: Int
        var i = 0

        init(b: [UInt8], maxDepth: Int) {
            self.b = b
            self.maxDepth = maxDepth
        }

        mutating func space() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth <= maxDepth else { return nil }
            space()
            guard i < b.count else { return nil }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var fields: [(String, JSONValue)] = []
                space()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                while true {
                    space()
                    guard let k = string() else { return nil }
                    space()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard let v = value(depth: depth + 1) else { return nil }
                    fields.append((k, v))
                    space()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONValue] = []
                space()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let v = value(depth: depth + 1) else { return nil }
                    items.append(v)
                    space()
                    guard i < b.count else { return nil }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: String, _ v: JSONValue) -> JSONValue? {
            let w = Array(word.utf8)
            guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else { return nil }
            i += w.count
            return v
        }

        mutating func number() -> JSONValue? {
            let start = i
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            let digitsStart = i
            while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
            guard i > digitsStart else { return nil }
            if b[digitsStart] == 0x30, i - digitsStart > 1 { return nil }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                let f = i
                while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
                guard i > f else { return nil }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                let e = i
                while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
                guard i > e else { return nil }
            }
            guard let d = Double(String(decoding: b[start..<i], as: UTF8.self)) else { return nil }
            return .number(d)
        }

        mutating func string() -> String? {
            guard let (text, end) = JSONStringDecoder.decode(b, at: i) else { return nil }
            i = end
            return text
        }
    }
}
