import Foundation
import HarkInference

/// Whisper's GPT-2 byte-level BPE vocabulary: ids → text (decoding) and text → ids (for grammar
/// sentences). Files: whisper-vocab.txt (token i on line i, bytes spelled with GPT-2's byte-to-unicode
/// table) and whisper-config.json (suppress_ids, suppress_ids_begin, BPE merges by rank).
public final class WhisperTokenizer: Sendable {
    public static let vocabName = "whisper-vocab.txt", configName = "whisper-config.json"
    public static let endOfText: Int32 = 50256, startOfTranscript: Int32 = 50257, noTimestamps: Int32 = 50362
    /// Ids ≥ this are special (not text).
    public static let firstSpecial = 50256

    let bytes: [[UInt8]]                 // id → bytes
    let ids: [String: Int32]             // byte-level spelling → id
    let ranks: [String: Int]             // "a b" → merge rank
    public let suppress: [Int32]         // at every step
    public let suppressAtBegin: [Int32]  // at the first generated token only

    public init(vocabURL: URL, configURL: URL) throws {
        guard let text = try? String(contentsOf: vocabURL, encoding: .utf8) else {
            throw ModelFileError(file: vocabURL.path, problem: "cannot read the vocabulary")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == WhisperWeights.vocab else {
            throw ModelFileError(file: vocabURL.path, problem: "\(lines.count) tokens, expected \(WhisperWeights.vocab)")
        }
        let decoder = Self.unicodeToByte
        bytes = lines.enumerated().map { i, token in
            i >= Self.firstSpecial ? [] : token.unicodeScalars.map { decoder[$0] ?? 0x3F }
        }
        var ids: [String: Int32] = [:]
        for (i, token) in lines.enumerated() where i < Self.firstSpecial { ids[token] = Int32(i) }
        self.ids = ids
        guard let data = FileManager.default.contents(atPath: configURL.path),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let suppress = root["suppress_ids"] as? [Int], let begin = root["suppress_ids_begin"] as? [Int],
              let merges = root["merges"] as? [String] else {
            throw ModelFileError(file: configURL.path, problem: "expected suppress_ids, suppress_ids_begin and merges")
        }
        self.suppress = suppress.map(Int32.init)
        suppressAtBegin = begin.map(Int32.init)
        var ranks: [String: Int] = [:]
        for (i, m) in merges.enumerated() { ranks[m] = i }
        self.ranks = ranks
    }

    public convenience init(store: ModelStore) throws {
        try store.verify(Self.vocabName)
        try store.verify(Self.configName)
        try self.init(vocabURL: store.url(Self.vocabName), configURL: store.url(Self.configName))
    }

    /// Text of `tokens` (special tokens skipped), as faster-whisper's tokenizer.decode.
    public func decode(_ tokens: [Int32]) -> String {
        var out: [UInt8] = []
        for t in tokens where t >= 0 && Int(t) < Self.firstSpecial { out += bytes[Int(t)] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Token ids of `text` (GPT-2 pre-tokenisation, then BPE merges by rank).
    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        let encoder = Self.byteToUnicode
        for piece in Self.pretokenize(text) {
            var symbols = Array(piece.utf8).map { String(encoder[Int($0)]) }
            while symbols.count > 1 {
                var best = Int.max, at = -1
                for i in 0..<(symbols.count - 1) {
                    if let r = ranks[symbols[i] + " " + symbols[i + 1]], r < best { best = r; at = i }
                }
                if at < 0 { break }
                let left = symbols[at], right = symbols[at + 1]
                var merged: [String] = []
                var i = 0
                while i < symbols.count {
                    if i + 1 < symbols.count, symbols[i] == left, symbols[i + 1] == right {
                        merged.append(left + right); i += 2
                    } else { merged.append(symbols[i]); i += 1 }
                }
                symbols = merged
            }
            for s in symbols { if let id = ids[s] { out.append(id) } }
        }
        return out
    }

    /// GPT-2's pattern: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    static func pretokenize(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic && c.properties.numericType == nil }
        func isNumber(_ c: Unicode.Scalar) -> Bool { c.properties.numericType != nil }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
        var pieces: [String] = []
        var i = 0
        while i < s.count {
            var j = i
            if s[i] == "'", i + 1 < s.count {
                let two = i + 2 < s.count ? String(String.UnicodeScalarView(s[(i + 1)...(i + 2)])) : ""
                if ["re", "ve", "ll"].contains(two) {
                    pieces.append("'" + two); i += 3; continue
                }
                if ["s", "t", "m", "d"].contains(String(s[i + 1])) {
                    pieces.append("'" + String(s[i + 1])); i += 2; continue
                }
            }
            let start = i
            if s[j] == " ", j + 1 < s.count, !isSpace(s[j + 1]) { j += 1 }
            let c = s[j]
            if isLetter(c) {
                while j < s.count, isLetter(s[j]) { j += 1 }
            } else if isNumber(c) {
                while j < s.count, isNumber(s[j]) { j += 1 }
            } else if !isSpace(c) {
                while j < s.count, !isSpace(s[j]), !isLetter(s[j]), !isNumber(s[j]) { j += 1 }
            } else {
                // whitespace run; leave the last space for the next word when one follows
                while j < s.count, isSpace(s[j]) { j += 1 }
                if j < s.count, j - start > 1 { j -= 1 }
            }
            pieces.append(String(String.UnicodeScalarView(s[start..<j])))
            i = j
        }
        return pieces
    }

    /// GPT-2's table: printable bytes map to themselves, the rest to U+0100 onwards.
    static let byteToUnicode: [Character] = {
        var table = [Character](repeating: " ", count: 256)
        var n = 0
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            table[b] = Character(Unicode.Scalar(UInt32(printable ? b : 256 + n))!)
            if !printable { n += 1 }
        }
        return table
    }()

    static let unicodeToByte: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (b, c) in byteToUnicode.enumerated() { map[c.unicodeScalars.first!] = UInt8(b) }
        return map
    }()
}
