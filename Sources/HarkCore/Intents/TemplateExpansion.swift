/// One step of an expanded sentence: a literal word, a literal chosen from a tagged group (it
/// sets that slot), or a slot filled from a list or number range.
public enum TemplateElement: Sendable, Equatable {
    case word(String)
    case tagged(slot: String, value: String, words: [String])
    case slot(String)

    /// The words this element shows in an example sentence (slots: their representative).
    func exampleWords(_ slots: [String: SlotValues]) -> [String] {
        switch self {
        case let .word(w): [w]
        case let .tagged(_, _, words): words
        case let .slot(s): TextNormalizer.words(slots[s]?.representative ?? s)
        }
    }
}

public enum TemplateExpansion {
    public struct TooLarge: Error, Sendable, Equatable {
        public var limit: Int
    }

    /// Every sentence `nodes` can produce, alternatives and optional parts spelled out, slots
    /// kept as slots. Throws when there would be more than `limit`.
    public static func expand(_ nodes: [SentenceTemplate.Node], limit: Int = 2000) throws(TooLarge) -> [[TemplateElement]] {
        try sequence(nodes, limit: limit)
    }

    private static func sequence(_ nodes: [SentenceTemplate.Node], limit: Int) throws(TooLarge) -> [[TemplateElement]] {
        var results: [[TemplateElement]] = [[]]
        for node in nodes {
            let options = try options(node, limit: limit)
            guard results.count * options.count <= limit else { throw TooLarge(limit: limit) }
            var next: [[TemplateElement]] = []
            next.reserveCapacity(results.count * options.count)
            for r in results {
                for o in options { next.append(r + o) }
            }
            results = next
        }
        return results
    }

    private static func options(_ node: SentenceTemplate.Node, limit: Int) throws(TooLarge) -> [[TemplateElement]] {
        switch node {
        case let .word(w): return [[.word(w)]]
        case let .slot(s): return [[.slot(s)]]
        case let .group(alternatives, optional, tag):
            var out: [[TemplateElement]] = []
            for alt in alternatives {
                for expanded in try sequence(alt, limit: limit) {
                    if let tag {
                        let words = expanded.flatMap { e -> [String] in
                            if case let .word(w) = e { return [w] }
                            if case let .tagged(_, _, ws) = e { return ws }
                            return []
                        }
                        out.append([.tagged(slot: tag, value: words.joined(separator: " "), words: words)])
                    } else {
                        out.append(expanded)
                    }
                    if out.count > limit { throw TooLarge(limit: limit) }
                }
            }
            if optional { out.append([]) }
            return out
        }
    }
}
