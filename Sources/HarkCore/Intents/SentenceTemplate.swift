/// One sentence template of an intent, parsed.
///
/// Grammar (words are case-insensitive; spaces separate items):
///
///     template    := sequence
///     sequence    := item*
///     item        := WORD | '{' NAME '}' | group | optional
///     group       := '(' sequence ('|' sequence)+ ')' tag?      alternatives, none empty
///     optional    := '[' sequence ('|' sequence)* ']' tag?      may be left out
///     tag         := '{' NAME '}'                                written right after ')' or ']'
///
/// `turn (on|off){state} the {room} light`: the alternative that matched becomes the value of
/// slot `state`; `{room}` takes its values from the intent's slot list `room`.
public struct SentenceTemplate: Sendable, Equatable {
    public indirect enum Node: Sendable, Equatable {
        case word(String)
        /// A slot filled from the intent's slot list or number range.
        case slot(String)
        /// Alternatives (each a sequence); `optional` allows none of them; `tag` names the slot
        /// whose value is the alternative that matched.
        case group([[Node]], optional: Bool, tag: String?)
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        /// 1-based character column in the template.
        public var column: Int
        public var description: String { "\(message) at column \(column)" }
    }

    public let source: String
    public let nodes: [Node]

    public init(_ source: String) throws(ParseError) {
        self.source = source
        var parser = Parser(chars: Array(source))
        nodes = try parser.parseTemplate()
    }

    /// Slots referenced as `{name}` (not tags), in order of appearance, without repeats.
    public var slotReferences: [String] { Self.collect(nodes, tags: false) }
    /// Tag names (`(a|b){name}`), in order, without repeats.
    public var tagNames: [String] { Self.collect(nodes, tags: true) }

    private static func collect(_ nodes: [Node], tags: Bool) -> [String] {
        var out: [String] = []
        func walk(_ ns: [Node]) {
            for n in ns {
                switch n {
                case .word: break
                case let .slot(s): if !tags, !out.contains(s) { out.append(s) }
                case let .group(alts, _, tag):
                    if tags, let tag, !out.contains(tag) { out.append(tag) }
                    alts.forEach(walk)
                }
            }
        }
        walk(nodes)
        return out
    }

    // MARK: Parser

    private struct Parser {
        let chars: [Character]
        var pos = 0
        var depth = 0

        mutating func parseTemplate() throws(ParseError) -> [Node] {
            let seq = try sequence()
            if pos < chars.count {
                throw ParseError(message: "unexpected '\(chars[pos])'", column: pos + 1)
            }
            if seq.isEmpty { throw ParseError(message: "template is empty", column: 1) }
            return seq
        }

        mutating func sequence() throws(ParseError) -> [Node] {
            var out: [Node] = []
            while pos < chars.count {
                let c = chars[pos]
                switch c {
                case " ", "\t": pos += 1
                case "|", ")", "]": return out
                case "(", "[": out.append(try group(optional: c == "["))
                case "{":
                    out.append(.slot(try name()))
                case "}": throw ParseError(message: "'}' without '{'", column: pos + 1)
                default: out.append(.word(try word()))
                }
            }
            return out
        }

        mutating func group(optional: Bool) throws(ParseError) -> Node {
            let open = pos
            let close: Character = optional ? "]" : ")"
            depth += 1
            guard depth <= 8 else { throw ParseError(message: "groups nested more than 8 deep", column: pos + 1) }
            pos += 1
            var alternatives: [[Node]] = []
            while true {
                let start = pos
                let alt = try sequence()
                guard pos < chars.count else {
                    throw ParseError(message: "'\(chars[open])' is never closed", column: open + 1)
                }
                if alt.isEmpty {
                    throw ParseError(message: optional ? "empty alternative in '[…]'" : "empty alternative",
                                     column: start + 1)
                }
                alternatives.append(alt)
                let c = chars[pos]
                pos += 1
                if c == "|" { continue }
                if c != close {
                    throw ParseError(message: "'\(chars[open])' closed by '\(c)'", column: pos)
                }
                break
            }
            depth -= 1
            var tag: String?
            if pos < chars.count, chars[pos] == "{" { tag = try name() }
            return .group(alternatives, optional: optional, tag: tag)
        }

        mutating func name() throws(ParseError) -> String {
            let open = pos
            pos += 1
            var text = ""
            while pos < chars.count, chars[pos] != "}" {
                text.append(chars[pos])
                pos += 1
            }
            guard pos < chars.count else { throw ParseError(message: "'{' is never closed", column: open + 1) }
            pos += 1
            guard Self.isName(text) else {
                throw ParseError(message: "slot name '\(text)' must be letters, digits or '_'", column: open + 2)
            }
            return text
        }

        mutating func word() throws(ParseError) -> String {
            var text = ""
            while pos < chars.count {
                let c = chars[pos]
                if " \t|()[]{}".contains(c) { break }
                guard c.isLetter || c.isNumber || c == "'" || c == "-" || c == "." || c == "%" || c == "°" else {
                    throw ParseError(message: "'\(c)' is not allowed in a word", column: pos + 1)
                }
                text.append(c)
                pos += 1
            }
            if pos < chars.count, chars[pos] == "{" {
                throw ParseError(message: "a tag follows a group: write (\(text)){name}", column: pos + 1)
            }
            let normalized = TextNormalizer.words(text)
            guard normalized.count == 1 else {
                throw ParseError(message: "'\(text)' is not a single word", column: pos - text.count + 1)
            }
            return normalized[0]
        }

        static func isName(_ s: String) -> Bool {
            !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        }
    }
}
