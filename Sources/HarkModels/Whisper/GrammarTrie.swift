import Foundation

/// The token sequences a `CommandGrammar` allows, as a trie: each sentence is tokenised in the forms
/// Whisper writes it (leading space; first letter capitalised or all lower case, as tiny.en writes on a
/// shortened context; with and without a final period), and
/// shared prefixes share nodes, so scoring thousands of sentences costs one decoder row per live node
/// rather than per sentence. Built once per grammar instance.
public final class GrammarTrie: @unchecked Sendable {
    public struct Node {
        /// token → child node index
        public var children: [Int32: Int] = [:]
        /// Sentence ending here (end-of-text may follow), if any.
        public var sentence: Int?
    }

    public let sentences: [String]
    public private(set) var nodes: [Node] = [Node()]
    /// Longest token sequence (for decoder capacity).
    public private(set) var maxDepth = 0

    public init(sentences: [String], tokenizer: WhisperTokenizer) {
        self.sentences = sentences
        for (i, sentence) in sentences.enumerated() {
            let trimmed = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let first = trimmed.first else { continue }
            for spelling in Self.spellings(of: trimmed) {
                let capital = first.uppercased() + spelling.dropFirst()
                let lower = spelling.lowercased()
                for form in Set([" " + capital + ".", " " + capital, " " + lower, " " + lower + "."]) {
                    insert(tokenizer.encode(form), sentence: i)
                }
            }
        }
    }

    /// The ways Whisper writes a sentence's words: as they are, and with "<number> percent" as
    /// "<number>%" (tiny.en writes the sign far more often than the word).
    static func spellings(of sentence: String) -> [String] {
        var words = sentence.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var changed = false
        var i = 1
        while i < words.count {
            if words[i] == "percent", let last = words[i - 1].last, last.isNumber {
                words[i - 1] += "%"
                words.remove(at: i)
                changed = true
            } else {
                i += 1
            }
        }
        return changed ? [sentence, words.joined(separator: " ")] : [sentence]
    }

    private func insert(_ tokens: [Int32], sentence: Int) {
        var at = 0
        for t in tokens {
            if let next = nodes[at].children[t] {
                at = next
            } else {
                nodes.append(Node())
                nodes[at].children[t] = nodes.count - 1
                at = nodes.count - 1
            }
        }
        if nodes[at].sentence == nil { nodes[at].sentence = sentence }
        maxDepth = max(maxDepth, tokens.count)
    }
}
