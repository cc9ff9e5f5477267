/// A bounded JSON reader for sensor payloads: validates the whole document with a nesting limit
/// (no recursion on untrusted input), and returns the scalar at a path such as `data.values[0]`.
/// Untrusted payloads can be deep or huge; this never recurses and never allocates per level.
public enum JSONScanner {
    public enum Scalar: Sendable, Equatable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case null
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case tooDeep(limit: Int)
        case malformed(offset: Int)
        case pathNotFound(String)
        case notAScalar(String)

        public var description: String {
            switch self {
            case let .tooDeep(limit): "nested deeper than \(limit) levels"
            case let .malformed(offset): "not valid JSON (at byte \(offset))"
            case let .pathNotFound(path): "no value at '\(path)'"
            case let .notAScalar(path): "'\(path)' is an object or array, not a value"
            }
        }
    }

    /// One step of a path: an object key or an array index.
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// Parses `a.b[2].c` (keys may be quoted: `["odd.key"]`); nil if malformed.
    public static func parsePath(_ text: String) -> [Step]? {
        var steps: [Step] = []
        var chars = Substring(text)
        var expectKey = true
        while !chars.isEmpty {
            if chars.first == "[" {
                chars = chars.dropFirst()
                if chars.first == "\"" {
                    chars = chars.dropFirst()
                    guard let end = chars.firstIndex(of: "\"") else { return nil }
                    steps.append(.key(String(chars[..<end])))
                    chars = chars[chars.index(after: end)...]
                } else {
                    guard let end = chars.firstIndex(of: "]"), let i = Int(chars[..<end]), i >= 0 else { return nil }
                    steps.append(.index(i))
                    chars = chars[end...]
                }
                guard chars.first == "]" else { return nil }
                chars = chars.dropFirst()
                expectKey = false
            } else if chars.first == "." {
                guard !expectKey else { return nil }
                chars = chars.dropFirst()
                expectKey = true
                if chars.isEmpty { return nil }
            } else {
                guard expectKey else { return nil }
                let end = chars.firstIndex { $0 == "." || $0 == "[" } ?? chars.endIndex
                let key = chars[..<end]
                guard !key.isEmpty else { return nil }
                steps.append(.key(String(key)))
                chars = chars[end...]
                expectKey = false
            }
        }
        return steps.isEmpty ? nil : steps
    }

    /// The scalar at `path` in `bytes`, after checking the whole document is valid JSON.
    public static func scalar(at path: [Step], in bytes: [UInt8], maxDepth: Int = 32) throws(Failure) -> Scalar {
        var reader = Reader(bytes: bytes, maxDepth: maxDepth, path: path)
        try reader.document()
        guard let found = reader.found else {
            throw reader.foundContainer ? .notAScalar(render(path)) : .pathNotFound(render(path))
        }
        return found
    }

    /// The whole payload as one scalar (for `payload = "json"` with a bare number or string).
    public static func render(_ path: [Step]) -> String {
        var s = ""
        for step in path {
            switch step {
            case let .key(k): s += s.isEmpty ? k : ".\(k)"
            case let .index(i): s += "[\(i)]"
            }
        }
        return s
    }

    private struct Reader {
        let bytes: [UInt8]
        let maxDepth: Int
        let path: [Step]
        var pos = 0
        var found: Scalar?
        var foundContainer = false

        /// Containers currently open: true = object; with the current key/index.
        var stack: [(isObject: Bool, index: Int, key: String?)] = []
        /// How many leading entries of `stack` follow `path`.
        var matched = 0

        init(bytes: [UInt8], maxDepth: Int, path: [Step]) {
            self.bytes = bytes
            self.maxDepth = maxDepth
            self.path = path
            stack.reserveCapacity(maxDepth)
        }

        mutating func document() throws(Failure) {
            skipSpace()
            try value()
            skipSpace()
            guard pos == bytes.count else { throw .malformed(offset: pos) }
        }

        /// Reads one value iteratively (containers push onto `stack`).
        mutating func value() throws(Failure) {
            var needValue = true
            while true {
                skipSpace()
                if needValue {
                    guard pos < bytes.count else { throw .malformed(offset: pos) }
                    let onPath = matched == stack.count && stack.count == path.count
                    switch bytes[pos] {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        guard stack.count < maxDepth else { throw .tooDeep(limit: maxDepth) }
                        if onPath { foundContainer = true }
                        let isObject = bytes[pos] == UInt8(ascii: "{")
                        pos += 1
                        stack.append((isObject, 0, nil))
                        skipSpace()
                        let close = UInt8(ascii: isObject ? "}" : "]")
                        if pos < bytes.count, bytes[pos] == close {
                            pos += 1
                            closeContainer()
                            needValue = false
                        } else if isObject {
                            try objectKey()
                        } else {
                            updateMatch()
                        }
                        continue
                    default:
                        let scalar = try self.scalar()
                        if onPath { found = scalar }
                        needValue = false
                    }
                }
                // After a value: a comma, a closing bracket, or the end of the document.
                guard let top = stack.last else { return }
                skipSpace()
                guard pos < bytes.count else { throw .malformed(offset: pos) }
                let c = bytes[pos]
                if c == UInt8(ascii: ",") {
                    pos += 1
                    stack[stack.count - 1].index += 1
                    if top.isObject { try objectKey() } else { updateMatch() }
                    needValue = true
                } else if c == UInt8(ascii: top.isObject ? "}" : "]") {
                    pos += 1
                    closeContainer()
                } else {
                    throw .malformed(offset: pos)
                }
            }
        }

        mutating func closeContainer() {
            stack.removeLast()
            matched = min(matched, stack.count)
        }

        mutating func objectKey() throws(Failure) {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw .malformed(offset: pos) }
            let key = try string()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw .malformed(offset: pos) }
            pos += 1
            stack[stack.count - 1].key = key
            updateMatch()
        }

        /// Recomputes whether the innermost container's current slot is on the path.
        mutating func updateMatch() {
            let depth = stack.count
            matched = min(matched, depth - 1)
            guard matched == depth - 1, depth <= path.count else { return }
            let top = stack[depth - 1]
            switch path[depth - 1] {
            case let .key(k): if top.isObject, top.key == k { matched = depth }
            case let .index(i): if !top.isObject, top.index == i { matched = depth }
            }
        }

        mutating func scalar() throws(Failure) -> Scalar {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { return .string(try string()) }
            if literal("true") { return .bool(true) }
            if literal("false") { return .bool(false) }
            if literal("null") { return .null }
            return .number(try number())
        }

        mutating func literal(_ word: String) -> Bool {
            let w = word.utf8
            guard pos + w.count <= bytes.count else { return false }
            var i = pos
            for b in w {
                if bytes[i] != b { return false }
                i += 1
            }
            pos = i
            return true
        }

        mutating func number() throws(Failure) -> Double {
            let start = pos
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            let intStart = pos
            while pos < bytes.count, bytes[pos] >= 48, bytes[pos] <= 57 { pos += 1 }
            guard pos > intStart else { throw .malformed(offset: start) }
            if pos - intStart > 1, bytes[intStart] == 48 { throw .malformed(offset: start) }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
                pos += 1
                let f = pos
                while pos < bytes.count, bytes[pos] >= 48, bytes[pos] <= 57 { pos += 1 }
                guard pos > f else { throw .malformed(offset: start) }
            }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
                pos += 1
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
                let e = pos
                while pos < bytes.count, bytes[pos] >= 48, bytes[pos] <= 57 { pos += 1 }
                guard pos > e else { throw .malformed(offset: start) }
            }
            guard pos - start <= 64, let d = Double(String(decoding: bytes[start..<pos], as: UTF8.self)) else {
                throw .malformed(offset: start)
            }
            return d
        }

        mutating func string() throws(Failure) -> String {
            guard let (text, end) = JSONStringDecoder.decode(bytes, at: pos) else { throw .malformed(offset: pos) }
            pos = end
            return text
        }

        mutating func skipSpace() {
            while pos < bytes.count, bytes[pos] == 32 || bytes[pos] == 9 || bytes[pos] == 10 || bytes[pos] == 13 { pos += 1 }
        }
    }
}
