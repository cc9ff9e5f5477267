/// String literals and low-level scanning for ``TOMLParser``.
extension TOMLParser {
    // MARK: Strings

    mutating func basicString() throws(SyntaxError) -> String {
        advance()
        var s = ""
        while true {
            guard let c = peek() else { throw error("unterminated string") }
            if c == "\n" { throw error("unterminated string (use \"\"\" for multi-line strings)") }
            advance()
            if c == "\"" { return s }
            if c == "\\" { s.unicodeScalars.append(contentsOf: try escape()) } else { s.unicodeScalars.append(c) }
        }
    }

    mutating func multilineBasicString() throws(SyntaxError) -> String {
        pos += 3
        skipOneNewline()
        var s = ""
        while true {
            guard let c = peek() else { throw error("unterminated multi-line string") }
            if lookahead("\"\"\"") {
                pos += 3
                // Up to two quotes may sit right before the closing delimiter.
                var extra = 0
                while peek() == "\"", extra < 2 { s.unicodeScalars.append("\""); advance(); extra += 1 }
                return s
            }
            if c == "\\" {
                advance()
                if let n = peek(), n == " " || n == "\t" || n == "\n" || n == "\r" {
                    // Line-ending backslash: trim whitespace and newlines that follow.
                    while let w = peek(), w == " " || w == "\t" || w == "\n" || w == "\r" { advanceTrackingLines() }
                } else {
                    s.unicodeScalars.append(contentsOf: try escape())
                }
                continue
            }
            s.unicodeScalars.append(c)
            advanceTrackingLines()
        }
    }

    mutating func literalString() throws(SyntaxError) -> String {
        advance()
        var s = ""
        while true {
            guard let c = peek(), c != "\n" else { throw error("unterminated literal string") }
            advance()
            if c == "'" { return s }
            s.unicodeScalars.append(c)
        }
    }

    mutating func multilineLiteralString() throws(SyntaxError) -> String {
        pos += 3
        skipOneNewline()
        var s = ""
        while true {
            guard let c = peek() else { throw error("unterminated multi-line literal string") }
            if lookahead("'''") {
                pos += 3
                var extra = 0
                while peek() == "'", extra < 2 { s.unicodeScalars.append("'"); advance(); extra += 1 }
                return s
            }
            s.unicodeScalars.append(c)
            advanceTrackingLines()
        }
    }

    mutating func escape() throws(SyntaxError) -> [Unicode.Scalar] {
        guard let e = peek() else { throw error("unterminated escape") }
        advance()
        switch e {
        case "b": return ["\u{08}"]
        case "t": return ["\t"]
        case "n": return ["\n"]
        case "f": return ["\u{0C}"]
        case "r": return ["\r"]
        case "e": return ["\u{1B}"]
        case "\"": return ["\""]
        case "\\": return ["\\"]
        case "u", "U":
            let count = e == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let h = peek(), h.properties.isASCIIHexDigit else { throw error("bad \\\(e) escape: expected \(count) hex digits") }
                hex.unicodeScalars.append(h)
                advance()
            }
            guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { throw error("\\\(e)\(hex) is not a Unicode scalar") }
            return [scalar]
        default:
            throw error("unknown escape '\\\(e)'")
        }
    }

    // MARK: Scanning

    func peek(at offset: Int = 0) -> Unicode.Scalar? {
        pos + offset < chars.count ? chars[pos + offset] : nil
    }

    mutating func advance() { pos += 1 }

    mutating func advanceTrackingLines() {
        if peek() == "\n" { line += 1; lineStart = pos + 1 }
        pos += 1
    }

    func lookahead(_ s: String) -> Bool {
        var i = pos
        for c in s.unicodeScalars {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        return true
    }

    mutating func skipOneNewline() {
        if peek() == "\r", peek(at: 1) == "\n" { advance() }
        if peek() == "\n" { advanceTrackingLines() }
    }

    mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    mutating func skipComment() {
        if peek() == "#" { while let c = peek(), c != "\n" { advance() } }
    }

    mutating func skipBlankAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" { advance() } else if c == "\n" { advanceTrackingLines() } else if c == "#" { skipComment() } else { return }
        }
    }

    mutating func endOfLine() throws(SyntaxError) {
        skipSpaces()
        skipComment()
        if peek() == "\r" { advance() }
        guard let c = peek() else { return }
        guard c == "\n" else { throw error("expected the end of the line, found '\(c)'") }
        advanceTrackingLines()
    }

    mutating func expect(_ c: Unicode.Scalar) throws(SyntaxError) {
        guard peek() == c else {
            throw error("expected '\(c)'" + (peek().map { ", found '\($0)'" } ?? " before the end of the file"))
        }
        advance()
    }

    func error(_ message: String, line errorLine: Int? = nil) -> SyntaxError {
        SyntaxError(line: errorLine ?? line, column: errorLine == nil ? pos - lineStart + 1 : 1, message: message)
    }
}
