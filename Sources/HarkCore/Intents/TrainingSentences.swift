/// The sentences the intent classifier learns from: each intent's templates spelt out (alternatives
/// and optional parts expanded, round-robin over its templates so every template is seen) with
/// their slots filled by varied values (list entries in turn, numbers spread over the range), and
/// each sentence also in the words the built-in lexicon rewrites it to (the classifier sees
/// commands after that rewrite). Deterministic: the same intents give the same sentences.
public enum TrainingSentences {
    /// Up to `perIntent` distinct sentences per intent, in intent order.
    public static func make(_ intent: IntentSettings, perIntent: Int) -> [String] {
        let perTemplate = intent.templates.map { (try? TemplateExpansion.expand($0.nodes, limit: IntentSettings.maxExpansions)) ?? [] }
        var out: [String] = []
        var seen: Set<String> = []
        var round = 0
        var fillIndex = 0
        while out.count < perIntent, perTemplate.contains(where: { round < max($0.count * 3, perIntent) }) {
            for expansions in perTemplate where !expansions.isEmpty && round < max(expansions.count * 3, perIntent) && out.count < perIntent {
                // Spread picks over each template's expansions; a small prime stride visits them all.
                let e = expansions[(round * 7) % expansions.count]
                let words = e.flatMap { element -> [String] in
                    switch element {
                    case let .word(w): return [w]
                    case let .tagged(_, _, ws): return ws
                    case let .slot(s):
                        fillIndex += 1
                        return TextNormalizer.words(value(intent.slots[s], index: fillIndex) ?? s)
                    }
                }
                let text = Lexicon.english.rewrite(words).joined(separator: " ")
                if !text.isEmpty, seen.insert(text).inserted { out.append(text) }
            }
            round += 1
        }
        return out
    }

    /// The `index`-th value of a slot: list entries in turn; numbers spread over the range (as digits
    /// or, every third time, as words when below 100).
    static func value(_ values: SlotValues?, index: Int) -> String? {
        switch values {
        case let .list(items)?: return items.isEmpty ? nil : items[index % items.count]
        case let .range(r)?:
            let span = r.upperBound - r.lowerBound + 1
            let n = r.lowerBound + (index * 37) % span
            return index % 3 == 0 ? (spell(n) ?? String(n)) : String(n)
        case nil: return nil
        }
    }

    /// 0…99 in English words ("twenty one"), nil otherwise.
    static func spell(_ n: Int) -> String? {
        let units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
        let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        guard n >= 0, n < 100 else { return nil }
        if n < 20 { return units[n] }
        return n % 10 == 0 ? tens[n / 10] : tens[n / 10] + " " + units[n % 10]
    }
}
