import Foundation

/// The token sequences a `CommandGrammar` allows, as a trie: each sentence is tokenised in the forms
/// Whisper writes it (leading space, first letter capitalised, with and without a final period), and
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
            let capital = first.uppercased() + trimmed.dropFirst()
            for form in Set([" " + capital + ".", " " + capital]) {
                insert(tokenizer.encode(form), sentence: i)
            }
        }
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
