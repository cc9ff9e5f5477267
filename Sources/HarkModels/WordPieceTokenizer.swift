import Foundation

/// BERT uncased WordPiece tokenizer (as all-MiniLM-L6-v2 uses): clean text (drop NUL, U+FFFD and
/// control characters; whitespace → space), space around CJK ideographs, lowercase, strip accents
/// (NFD, drop nonspacing marks), split on whitespace and punctuation, then greedy longest-match
/// WordPiece with "##" continuations; a word with no full match (or > 100 characters) is [UNK].
public struct WordPieceTokenizer: Sendable {
    public let vocab: [String: Int32]
    public let unk: Int32, cls: Int32, sep: Int32
    public static let maxWordCharacters = 100

    public init(vocabFile url: URL) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ModelFileErrorForVocab(file: url.path, problem: "cannot read vocabulary")
        }
        var vocab: [String: Int32] = [:]
        var index: Int32 = 0
        text.enumerateLines { line, _ in
            if vocab[line] == nil { vocab[line] = index }
            index += 1
        }
        guard let unk = vocab["[UNK]"], let cls = vocab["[CLS]"], let sep = vocab["[SEP]"] else {
            throw ModelFileErrorForVocab(file: url.path, problem: "missing [UNK]/[CLS]/[SEP]")
        }
        self.vocab = vocab
        self.unk = unk
        self.cls = cls
        self.sep = sep
    }

    /// Token ids with [CLS] … [SEP], at most `maxLength` in all (word pieces truncated).
    public func encode(_ text: String, maxLength: Int = 256) -> [Int32] {
        var ids: [Int32] = [cls]
        for word in words(text) {
            for id in wordPieces(word) {
                if ids.count >= maxLength - 1 { ids.append(sep); return ids }
                ids.append(id)
            }
        }
        ids.append(sep)
        return ids
    }

    /// Basic tokenization: normalised words and punctuation marks.
    public func words(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
            if Self.isWhitespace(s) { cleaned.append(" "); continue }
            if Self.isCJK(s) { cleaned.append(" "); cleaned.append(s); cleaned.append(" "); continue }
            cleaned.append(s)
        }
        let lowered = String(cleaned).lowercased().decomposedStringWithCanonicalMapping
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() { if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() } }
        for s in lowered.unicodeScalars {
            if s.properties.generalCategory == .nonspacingMark { continue }
            if Self.isWhitespace(s) { flush(); continue }
            if Self.isPunctuation(s) { flush(); words.append(String(Character(s))); continue }
            current.append(s)
        }
        flush()
        return words
    }

    func wordPieces(_ word: String) -> [Int32] {
        let scalars = Array(word.unicodeScalars)
        if scalars.count > Self.maxWordCharacters { return [unk] }
        var pieces: [Int32] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int32?
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocab[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unk] }
            pieces.append(id)
            start = end
        }
        return pieces
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        let c = s.properties.generalCategory
        return c == .control || c == .format
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}

import HarkInference
typealias ModelFileErrorForVocab = ModelFileError
