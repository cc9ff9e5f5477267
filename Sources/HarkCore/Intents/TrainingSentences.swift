/// The sentences the intent classifier learns from: each intent's templates spelt out (alternatives
/// and optional parts expanded, round-robin over its templates so every template is seen) with
/// their slots filled by varied values (list entries in turn, numbers spread over the range), and
/// each sentence also in the words the built-in lexicon rewrites it to (the classifier sees
/// commands after that rewrite), and a few said with another word for their polarity that the
/// intent hears as the same (`polarityVariants`). Deterministic: the same intents give the
/// same sentences.
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
        return out + polarityVariants(of: out, intent: intent, count: perIntent / 4)
    }

    /// Up to `count` of `sentences` said with another word for their first polarity that the intent
    /// hears as the same: a verb the polarity guard knows as that polarity (`PolarityGuard.imperatives`:
    /// "turn off the music" → "kill the music", "resume the music" → "unpause the music"), or a polarity
    /// of the same activation set the intent hears as its own (`SlotSpanFiller.activation`), in the
    /// general words on/off/start/stop: a verb by a verb ("arm the security system" → "turn on the
    /// security system", "turn off the kitchen fan" → "stop the kitchen fan"), a particle by a particle
    /// ("security arm" → "security on").
    static func polarityVariants(of sentences: [String], intent: IntentSettings, count: Int) -> [String] {
        guard count > 0 else { return [] }
        let activation = SlotSpanFiller(intent: intent).activation
        var others: [String: [String]] = [:] // the intent's own polarity → the ones it hears as it
        for (other, own) in activation.sorted(by: { $0.key < $1.key }) { others[own, default: []].append(other) }
        var seen = Set(sentences)
        var out: [String] = []
        var turn = 0
        for sentence in sentences where out.count < count {
            let words = sentence.split(separator: " ").map(String.init)
            guard let i = words.indices.first(where: { PolarityGuard.polarity(words[$0]) != nil }),
                  let c = PolarityGuard.polarity(words[i]) else { continue }
            let afterTurn = i > 0 && words[i - 1] == "turn"
            let verb = i == 0 || afterTurn
            var phrases: [[String]] = []
            if verb { phrases += (PolarityGuard.imperatives[c] ?? []).filter { $0 != words[i] }.map { [$0] } }
            for other in others[SlotSpanFiller.equivalent[c] ?? c] ?? [] {
                if ["on", "off"].contains(other) { phrases.append(verb ? ["turn", other] : [other]) }
                if verb, ["start", "stop"].contains(other) { phrases.append([other]) }
            }
            guard !phrases.isEmpty else { continue }
            let replacement = phrases[turn % phrases.count]
            turn += 1
            let from = afterTurn ? i - 1 : i
            let text = (words[..<from] + replacement + words[(i + 1)...]).joined(separator: " ")
            if seen.insert(text).inserted { out.append(text) }
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
