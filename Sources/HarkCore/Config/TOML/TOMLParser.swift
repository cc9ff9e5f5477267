/// A TOML 1.0 parser that records the line of every key and value.
///
/// Hark's config errors must point at lines (`hark.toml:14: sensor[2].topic: …`), which general
/// TOML libraries don't expose, so the parser is our own. It stops at the first syntax error;
/// validation (``ConfigTable``) then reports every semantic problem in one run.
public struct TOMLParser {
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    var chars: [Unicode.Scalar]
    var pos = 0
    var line = 1
    var lineStart = 0
    private var root = TOMLTable(line: 1)
    /// Path of the table that `key = value` lines go into.
    private var current: [String] = []
    /// Concrete paths (array-of-tables elements included) with special roles.
    private var explicitTables: Set<String> = []
    private var frozen: Set<String> = []
    private var tableArrays: Set<String> = []
    private var dottedTables: Set<String> = []
    /// Arrays and inline tables open around the value being read.
    private var nesting = 0
    /// Deepest nesting of arrays and inline tables accepted. Each level is a recursive call (and
    /// so are the value's destruction and validation): without a bound a few KB of `[[[[…` overflow
    /// the stack (found by the `config` fuzz target). No real config nests more than 3 deep.
    static let maxNesting = 64

    public static func parse(_ text: String) throws(SyntaxError) -> TOMLTable {
        var parser = TOMLParser(text: text)
        return try parser.document()
    }

    private init(text: String) {
        chars = Array(text.unicodeScalars)
    }

    // MARK: Document structure

    private mutating func document() throws(SyntaxError) -> TOMLTable {
        while true {
            skipBlankAndComments()
            guard let c = peek() else { break }
            if c == "[" {
                try header()
            } else {
                try keyValueLine()
            }
        }
        return root
    }

    private mutating func header() throws(SyntaxError) {
        let headerLine = line
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        skipSpaces()
        let path = try key()
        skipSpaces()
        try expect("]")
        if isArray { try expect("]") }
        try endOfLine()
        if isArray {
            try appendTableArray(path, line: headerLine)
        } else {
            try defineTable(path, line: headerLine)
        }
    }

    private mutating func keyValueLine() throws(SyntaxError) {
        let keyLine = line
        let path = try key()
        skipSpaces()
        try expect("=")
        skipSpaces()
        let value = try self.value()
        try endOfLine()
        try assign(current + path, prefixCount: current.count, value: value, keyLine: keyLine)
    }

    // MARK: Table bookkeeping

    private mutating func defineTable(_ path: [String], line headerLine: Int) throws(SyntaxError) {
        var concrete = ""
        var tree = takeRoot()
        defer { root = tree }
        try modify(&tree, path[...], concrete: &concrete, line: headerLine, isHeader: true) { _, _ in }
        if concrete.hasSuffix("]") {
            throw error("[\(path.joined(separator: "."))] names an array of tables; use [[\(path.joined(separator: "."))]] to add one", line: headerLine)
        }
        if explicitTables.contains(concrete) || dottedTables.contains(concrete) {
            throw error("table [\(path.joined(separator: "."))] is defined twice", line: headerLine)
        }
        explicitTables.insert(concrete)
        current = path
    }

    private mutating func appendTableArray(_ path: [String], line headerLine: Int) throws(SyntaxError) {
        var concrete = ""
        let last = path[path.count - 1]
        let frozenSet = frozen
        let arrays = tableArrays
        var tree = takeRoot()
        defer { root = tree }
        try modify(&tree, path.dropLast(), concrete: &concrete, line: headerLine, isHeader: true) { table, parent throws(SyntaxError) in
            let full = parent + "\u{1}" + last
            try table.update(last) { slot throws(SyntaxError) in
                guard var existing = slot else {
                    slot = TOMLValue(.array([TOMLValue(.table(TOMLTable(line: headerLine)), line: headerLine)]), line: headerLine)
                    return
                }
                slot = nil
                guard arrays.contains(full), !frozenSet.contains(full), var items = existing.takeArray() else {
                    throw SyntaxError(line: headerLine, column: 1, message:
                        "[[\(path.joined(separator: "."))]] conflicts with the \(existing.typeName) '\(last)' on line \(existing.line)")
                }
                items.append(TOMLValue(.table(TOMLTable(line: headerLine)), line: headerLine))
                existing.kind = .array(items)
                slot = existing
            }
        }
        tableArrays.insert(concrete + "\u{1}" + last)
        current = path
    }

    private mutating func assign(_ path: [String], prefixCount: Int, value: TOMLValue, keyLine: Int) throws(SyntaxError) {
        var concrete = ""
        let last = path[path.count - 1]
        let dotted = path.count - 1 > prefixCount
        var tree = takeRoot()
        defer { root = tree }
        try modify(&tree, path.dropLast(), concrete: &concrete, line: keyLine, isHeader: false, dottedFrom: prefixCount) { table, _ throws(SyntaxError) in
            if let existing = table[last] {
                throw SyntaxError(line: keyLine, column: 1, message:
                    "duplicate key '\(path.joined(separator: "."))' (first set on line \(existing.line))")
            }
            table[last] = value
        }
        let full = concrete + "\u{1}" + last
        if case .table = value.kind { freeze(full, value) }
        if case .array = value.kind { freeze(full, value) }
        _ = dotted
    }

    private mutating func freeze(_ path: String, _ value: TOMLValue) {
        frozen.insert(path)
        if case let .table(t) = value.kind {
            for k in t.keys { if let v = t[k] { freeze(path + "\u{1}" + k, v) } }
        }
    }

    /// Walks `path` from `table`, creating implicit tables, descending into the last element of
    /// arrays of tables, and runs `body` on the table at the end.
    private mutating func modify(
        _ table: inout TOMLTable, _ path: ArraySlice<String>, concrete: inout String, line keyLine: Int,
        isHeader: Bool, dottedFrom: Int = Int.max, depth: Int = 0,
        _ body: (inout TOMLTable, String) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        guard let first = path.first else {
            try body(&table, concrete)
            return
        }
        let childPath = concrete + "\u{1}" + first
        if frozen.contains(childPath) {
            throw error("'\(first)' was written as an inline value on line \(table[first]?.line ?? keyLine) and cannot be extended", line: keyLine)
        }
        // The child is moved out of `table` and out of its enum box before it is changed, so
        // nothing is copied: copying here made a config's parse quadratic in its number of keys.
        try table.update(first) { slot throws(SyntaxError) in
            var child = slot ?? TOMLValue(.table(TOMLTable(line: keyLine)), line: keyLine)
            slot = nil
            if var t = child.takeTable() {
                if depth >= dottedFrom {
                    // A dotted key (`a.b = 1`) may not reopen a table defined by a [header].
                    if explicitTables.contains(childPath) {
                        throw error("dotted key re-opens table '\(first)' defined by a header", line: keyLine)
                    }
                    dottedTables.insert(childPath)
                }
                concrete = childPath
                try modify(&t, path.dropFirst(), concrete: &concrete, line: keyLine, isHeader: isHeader,
                           dottedFrom: dottedFrom, depth: depth + 1, body)
                child.kind = .table(t)
            } else if tableArrays.contains(childPath), var items = child.takeArray() {
                guard depth < dottedFrom, var t = items[items.count - 1].takeTable() else {
                    throw error("'\(first)' is an array of tables (line \(child.line)); use [[\(first)]] or a header", line: keyLine)
                }
                concrete = childPath + "[\(items.count - 1)]"
                try modify(&t, path.dropFirst(), concrete: &concrete, line: keyLine, isHeader: isHeader,
                           dottedFrom: dottedFrom, depth: depth + 1, body)
                items[items.count - 1].kind = .table(t)
                child.kind = .array(items)
            } else {
                throw error("'\(first)' is already a \(child.typeName) (line \(child.line)), not a table", line: keyLine)
            }
            slot = child
        }
    }

    /// The root table, moved out of the parser while it is changed (see `modify`).
    private mutating func takeRoot() -> TOMLTable {
        defer { root = TOMLTable(line: 1) }
        return root
    }

    // MARK: Keys

    private mutating func key() throws(SyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let c = peek() else { throw error("expected a key") }
            if c == "\"" {
                parts.append(try basicString())
            } else if c == "'" {
                parts.append(try literalString())
            } else if isBareKeyChar(c) {
                var s = ""
                while let c = peek(), isBareKeyChar(c) { s.unicodeScalars.append(c); advance() }
                parts.append(s)
            } else {
                throw error("expected a key, found '\(c)'")
            }
            skipSpaces()
            if peek() == "." { advance() } else { return parts }
        }
    }

    private func isBareKeyChar(_ c: Unicode.Scalar) -> Bool {
        (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    // MARK: Values

    private mutating func value() throws(SyntaxError) -> TOMLValue {
        let valueLine = line
        guard let c = peek() else { throw error("expected a value") }
        switch c {
        case "\"":
            if lookahead("\"\"\"") { return TOMLValue(.string(try multilineBasicString()), line: valueLine) }
            return TOMLValue(.string(try basicString()), line: valueLine)
        case "'":
            if lookahead("'''") { return TOMLValue(.string(try multilineLiteralString()), line: valueLine) }
            return TOMLValue(.string(try literalString()), line: valueLine)
        case "[", "{":
            guard nesting < Self.maxNesting else {
                throw error("arrays and inline tables nested more than \(Self.maxNesting) deep")
            }
            nesting += 1
            defer { nesting -= 1 }
            if c == "[" { return TOMLValue(.array(try array()), line: valueLine) }
            return TOMLValue(.table(try inlineTable()), line: valueLine)
        case "t", "f":
            if lookahead("true") { pos += 4; return TOMLValue(.bool(true), line: valueLine) }
            if lookahead("false") { pos += 5; return TOMLValue(.bool(false), line: valueLine) }
            throw error("expected a value (strings need quotes)")
        default:
            return try numberOrDate(line: valueLine)
        }
    }

    private mutating func array() throws(SyntaxError) -> [TOMLValue] {
        advance()
        var items: [TOMLValue] = []
        while true {
            skipBlankAndComments()
            if peek() == "]" { advance(); return items }
            items.append(try value())
            skipBlankAndComments()
            if peek() == "," { advance(); continue }
            if peek() == "]" { advance(); return items }
            throw error("expected ',' or ']' in array")
        }
    }

    private mutating func inlineTable() throws(SyntaxError) -> TOMLTable {
        let openLine = line
        advance()
        var table = TOMLTable(line: openLine)
        skipSpaces()
        if peek() == "}" { advance(); return table }
        while true {
            skipSpaces()
            let keyLine = line
            let path = try key()
            skipSpaces()
            try expect("=")
            skipSpaces()
            let v = try value()
            try insert(path[...], v, into: &table, line: keyLine)
            skipSpaces()
            if peek() == "," { advance(); continue }
            if peek() == "}" { advance(); return table }
            throw error("expected ',' or '}' in inline table (inline tables stay on one line)")
        }
    }

    private func insert(_ path: ArraySlice<String>, _ v: TOMLValue, into table: inout TOMLTable, line keyLine: Int) throws(SyntaxError) {
        let first = path.first!
        if path.count == 1 {
            if table[first] != nil { throw error("duplicate key '\(first)' in inline table", line: keyLine) }
            table[first] = v
            return
        }
        try table.update(first) { slot throws(SyntaxError) in
            var child = slot ?? TOMLValue(.table(TOMLTable(line: keyLine)), line: keyLine)
            slot = nil
            guard var t = child.takeTable() else {
                throw error("'\(first)' is already a \(child.typeName), not a table", line: keyLine)
            }
            try insert(path.dropFirst(), v, into: &t, line: keyLine)
            child.kind = .table(t)
            slot = child
        }
    }

    private mutating func numberOrDate(line valueLine: Int) throws(SyntaxError) -> TOMLValue {
        var token = ""
        let startColumn = pos - lineStart + 1
        while let c = peek(), !(c == "," || c == "]" || c == "}" || c == "#" || c == "\n" || c == "\r") {
            // A space may separate date and time ("1979-05-27 07:32:00").
            if c == " " || c == "\t" {
                if c == " ", isDateLike(token), token.count == 10, let n = peek(at: 1), n.properties.numericType != nil {
                    token.unicodeScalars.append("T"); advance(); continue
                }
                break
            }
            token.unicodeScalars.append(c)
            advance()
        }
        if token.isEmpty { throw error("expected a value") }
        if isDateLike(token) { return TOMLValue(.datetime(token), line: valueLine) }
        if let n = TOMLNumber.parse(token) { return TOMLValue(n, line: valueLine) }
        throw SyntaxError(line: valueLine, column: startColumn,
                          message: "'\(token)' is not a valid value (strings need quotes)")
    }

    private func isDateLike(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars)
        func digit(_ i: Int) -> Bool { i < u.count && u[i] >= "0" && u[i] <= "9" }
        if u.count >= 10, digit(0), digit(1), digit(2), digit(3), u[4] == "-", digit(5), digit(6), u[7] == "-" { return true }
        if u.count >= 8, digit(0), digit(1), u[2] == ":", digit(3), digit(4), u[5] == ":" { return true }
        return false
    }
}
