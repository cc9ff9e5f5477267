/// Command paraphrases: phrases a person says, rewritten into the words templates use before
/// matching ("could you please" → nothing, "switch" → "turn", "temp" → "temperature"). The
/// built-in English table (`EnglishLexicon.text`) is data in the format below; each intent may add
/// its own (`synonyms` in the config), applied only when matching that intent.
///
///     # comment
///     phrase = replacement        replacement may be empty: the phrase is dropped
///
/// A paraphrase never says a negation and never brings in a polarity (on/off, open/close, …) the
/// phrase does not say: the polarity and negation guards see the command as said.
public struct Lexicon: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var phrase: [String]
        public var replacement: [String]
        /// Line in its source (the lexicon text, or the config file).
        public var line: Int
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Longest phrases first.
    public let entries: [Entry]
    private let byFirstWord: [String: [Entry]]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.phrase.count > $1.phrase.count }
        var index: [String: [Entry]] = [:]
        for e in self.entries { if let f = e.phrase.first { index[f, default: []].append(e) } }
        byFirstWord = index
    }

    public static let empty = Lexicon(entries: [])

    /// The built-in English paraphrases and idioms (`EnglishLexicon.idioms`: the only entries whose
    /// polarity may differ from their phrase's, each saying exactly one).
    public static let english: Lexicon = {
        let (lexicon, problems) = parse(EnglishLexicon.text)
        precondition(problems.isEmpty, "EnglishLexicon.text: \(problems)")
        let (idioms, idiomProblems) = parse(EnglishLexicon.idioms, checking: checkIdiom)
        precondition(idiomProblems.isEmpty, "EnglishLexicon.idioms: \(idiomProblems)")
        return Lexicon(entries: lexicon.entries + idioms.entries)
    }()

    /// Why an idiom is not allowed, or nil: it must say no negation and exactly one polarity.
    public static func checkIdiom(_ e: Entry) -> String? {
        if e.phrase.isEmpty { return "the phrase is empty" }
        if PolarityGuard.isNegated(e.phrase) || PolarityGuard.isNegated(e.replacement) { return "an idiom cannot say a negation" }
        if PolarityGuard.polarities(e.replacement).count != 1 { return "an idiom says exactly one polarity" }
        return nil
    }

    /// Parses `phrase = replacement` lines; problems (bad lines, negations, brought-in polarities) are listed, those lines left out.
    public static func parse(_ text: String, checking: (Entry) -> String? = Lexicon.check) -> (Lexicon, [Problem]) {
        var entries: [Entry] = []
        var problems: [Problem] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.trimmingSpaces.isEmpty else { continue }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                problems.append(Problem(line: n + 1, message: "expected 'phrase = replacement'"))
                continue
            }
            let entry = Entry(phrase: TextNormalizer.words(String(parts[0])), replacement: TextNormalizer.words(String(parts[1])), line: n + 1)
            if let problem = checking(entry) { problems.append(Problem(line: n + 1, message: problem)) } else { entries.append(entry) }
        }
        return (Lexicon(entries: entries), problems)
    }

    /// Why a paraphrase is not allowed, or nil.
    public static func check(_ e: Entry) -> String? {
        if e.phrase.isEmpty { return "the phrase is empty" }
        if e.phrase == e.replacement { return "the phrase is its own replacement" }
        if PolarityGuard.isNegated(e.phrase) || PolarityGuard.isNegated(e.replacement) {
            return "a paraphrase cannot say a negation ('\(e.phrase.joined(separator: " "))' = '\(e.replacement.joined(separator: " "))')"
        }
        let said = PolarityGuard.polarities(e.phrase), meant = PolarityGuard.polarities(e.replacement)
        if let extra = meant.first(where: { !said.contains($0) }) {
            return "'\(e.phrase.joined(separator: " "))' = '\(e.replacement.joined(separator: " "))' brings in '\(extra)', which the phrase does not say"
        }
        return nil
    }

    /// `words` with every paraphrase replaced (longest phrase first, left to right); `extra` (an
    /// intent's own synonyms) comes before the built-in ones.
    public func rewrite(_ words: [String], extra: Lexicon? = nil) -> [String] {
        var out: [String] = []
        var i = 0
        outer: while i < words.count {
            for lexicon in [extra, self].compactMap({ $0 }) {
                for e in lexicon.byFirstWord[words[i]] ?? [] where i + e.phrase.count <= words.count {
                    if Array(words[i..<(i + e.phrase.count)]) == e.phrase {
                        out += e.replacement
                        i += e.phrase.count
                        continue outer
                    }
                }
            }
            out.append(words[i])
            i += 1
        }
        return out
    }
}
