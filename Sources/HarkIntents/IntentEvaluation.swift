import HarkCore

/// Local accuracy on a corpus of phrasings (`text | intent | slot=value; …`, `-` for commands
/// that must not match): how many are understood correctly at or above the confidence
/// threshold, how many fall back (cloud or "not understood"), how many are wrong, and whether
/// any polarity was confused. Used by the accuracy test and `hark bench intents`.
public struct IntentEvaluation: Sendable {
    public struct Entry: Sendable, Equatable {
        public var text: String
        /// nil: must not match.
        public var intent: String?
        public var slots: [String: String]
    }

    public struct Outcome: Sendable {
        public var entry: Entry
        public var match: IntentMatch?
        public var accepted: Bool
        public var correct: Bool
        public var polarityConfused: Bool
        public var latency: Duration
    }

    public var outcomes: [Outcome] = []
    public let threshold: Double

    public static func parseCorpus(_ text: String) -> [Entry] {
        text.split(separator: "\n").compactMap { line in
            let l = line.trimmingSpaces
            guard !l.isEmpty, !l.hasPrefix("#") else { return nil }
            let parts = l.split(separator: "|", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
            guard parts.count >= 2 else { return nil }
            let intent = parts[1] == "-" ? nil : parts[1]
            var slots: [String: String] = [:]
            if parts.count > 2 {
                for pair in parts[2].split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map { String($0.trimmingSpaces) }
                    if kv.count == 2 { slots[kv[0]] = kv[1] }
                }
            }
            return Entry(text: parts[0], intent: intent, slots: slots)
        }
    }

    public init(threshold: Double) { self.threshold = threshold }

    public mutating func add(_ entry: Entry, _ match: IntentMatch?, latency: Duration) {
        let accepted = (match?.confidence ?? 0) >= threshold
        let correct: Bool
        if let intent = entry.intent {
            correct = accepted && match?.intent == intent && match?.values == entry.slots
        } else {
            correct = !accepted
        }
        var confused = false
        if let match {
            let words = TextNormalizer.words(TextNormalizer.fluent(entry.text)) // as the engine reads it ("offff" is "off")
            // A negated command acted on is a confusion, unless the negation was a remark before the
            // command and the match is the labelled one ("never mind the pasta, cancel the timer").
            if PolarityGuard.isNegated(words) { confused = accepted && !correct }
            if let intent = entry.intent, match.intent == intent {
                for (name, value) in entry.slots where PolarityGuard.isPolarity(value) && match.slot(name) != value { confused = true }
            }
            // The matched sentence, as filled, must carry the command's polarity.
            // Equivalents ("louder" for "up", "activate" for "on") are the same polarity, never an opposite;
            // so are the polarities of one same-meaning set ("on" for "arm", "stop" for "off", "up" for "open").
            // As said, read through the built-in idioms ("fire up" is start); the other paraphrases never bring one in.
            let said = SlotSpanFiller.polarities(Lexicon.english.rewrite(words))
            let meant = SlotSpanFiller.polarities(match.slots.flatMap { TextNormalizer.words($0.value) })
            if !meant.isEmpty, meant.contains(where: { m in !said.contains { SlotSpanFiller.sameMeaning($0, m) } }) { confused = true }
        }
        outcomes.append(Outcome(entry: entry, match: match, accepted: accepted, correct: correct, polarityConfused: confused, latency: latency))
    }

    public var positives: Int { outcomes.filter { $0.entry.intent != nil }.count }
    public var negatives: Int { outcomes.filter { $0.entry.intent == nil }.count }
    public var correctPositives: Int { outcomes.filter { $0.entry.intent != nil && $0.correct }.count }
    /// Positives accepted with the wrong intent or slots.
    public var wrongPositives: Int { outcomes.filter { $0.entry.intent != nil && $0.accepted && !$0.correct }.count }
    /// Positives not accepted locally (they go to the cloud, or get "not understood").
    public var fallbacks: Int { outcomes.filter { $0.entry.intent != nil && !$0.accepted }.count }
    /// Negatives accepted locally (false actions).
    public var falseAccepts: Int { outcomes.filter { $0.entry.intent == nil && $0.accepted }.count }
    public var polarityConfusions: Int { outcomes.filter(\.polarityConfused).count }

    /// Share of all phrasings handled correctly locally (positives understood, negatives refused).
    public var accuracy: Double { Double(outcomes.filter(\.correct).count) / Double(max(1, outcomes.count)) }
    public var positiveAccuracy: Double { Double(correctPositives) / Double(max(1, positives)) }
    public var fallbackRate: Double { Double(fallbacks) / Double(max(1, positives)) }

    public func latencyPercentile(_ p: Double) -> Duration {
        let sorted = outcomes.map(\.latency).sorted()
        guard !sorted.isEmpty else { return .zero }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    /// One line per phrasing not handled correctly: what was said, what was expected, what came out.
    public var misses: String {
        func describe(_ intent: String?, _ slots: [String: String]) -> String {
            guard let intent else { return "no match" }
            return intent + (slots.isEmpty ? "" : " " + slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        }
        return outcomes.filter { !$0.correct }.map { o in
            let got = o.match.map { describe($0.intent, $0.values) + " (\($0.source.rawValue) \((($0.confidence * 1000).rounded() / 1000)))" }
                ?? "no match"
            let kind = !o.accepted ? "fallback" : o.entry.intent == nil ? "ACCEPTED NEGATIVE" : "WRONG"
            return "\(kind): '\(o.entry.text)': expected \(describe(o.entry.intent, o.entry.slots)); got \(got)"
        }.joined(separator: "\n")
    }

    public var summary: String {
        func pct(_ x: Double) -> String { String((x * 1000).rounded() / 10) + "%" }
        func ms(_ d: Duration) -> String { String(Double(Int((Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) * 100)) / 100) + " ms" }
        return """
            phrasings: \(outcomes.count) (\(positives) to match, \(negatives) must not) at threshold \(threshold)
            accuracy (all phrasings handled correctly locally): \(pct(accuracy))
            understood locally: \(correctPositives)/\(positives) (\(pct(positiveAccuracy))); wrong: \(wrongPositives); \
            fallback: \(fallbacks) (\(pct(fallbackRate)))
            negatives wrongly accepted: \(falseAccepts)/\(negatives); polarity confusions: \(polarityConfusions)
            latency p50 \(ms(latencyPercentile(0.5))), p95 \(ms(latencyPercentile(0.95))), max \(ms(latencyPercentile(1)))
            """
    }
}
