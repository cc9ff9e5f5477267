import HarkCore
import HarkInference

/// Free-phrasing understanding learnt from the declared intents: a multinomial logistic regression
/// over MiniLM sentence embeddings, trained at start-up on each intent's template sentences
/// (`TrainingSentences`) and on a "none" class of sentences that are not commands
/// (`NonCommandSentences`), with a calibrated confidence (`SoftmaxRegression`). Slots are then
/// filled from wherever their values are said (`SlotSpanFiller`).
///
/// A command is understood only when all of these hold: it is not negated; the classifier's most
/// probable class is an intent, not "none"; that intent's slots can all be filled from the words
/// said (a value must be heard; two different values for one slot refuse); its polarity words are
/// exactly those of one of the intent's sentences; it says one of the intent's content words.
/// The confidence is the calibrated probability of that intent (see `movingNumberless` for the one
/// case where another intent's is added to it). When no intent can be filled the
/// model is not run at all.
public struct IntentClassifier: Sendable {
    public let intents: [IntentSettings]
    /// The lexical half (slot filling and guards).
    public let reader: Reader
    let model: SoftmaxRegression
    /// Sentences trained on (intents' and "none").
    public let exampleCount: Int
    /// Calibration temperature chosen at training.
    public var temperature: Float { model.temperature }
    /// Time spent embedding the training sentences, and training (with calibration).
    public let embeddingTime: Duration
    public let trainingTime: Duration

    /// Sentences per intent; "none" sentences come from `NonCommandSentences`.
    public static let sentencesPerIntent = 40

    public init(intents: [IntentSettings], embed: ([String]) -> [[Float]], perIntent: Int = IntentClassifier.sentencesPerIntent,
                settings: SoftmaxRegression.Settings = SoftmaxRegression.Settings()) {
        self.intents = intents
        self.reader = Reader(intents: intents)
        var texts: [String] = [], labels: [Int] = []
        for (i, intent) in intents.enumerated() {
            for s in TrainingSentences.make(intent, perIntent: perIntent) { texts.append(s); labels.append(i) }
        }
        for s in NonCommandSentences.sentences {
            let rewritten = Lexicon.english.rewrite(TextNormalizer.words(s)).joined(separator: " ")
            if !rewritten.isEmpty { texts.append(rewritten); labels.append(intents.count) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: texts.count, by: 16) {
            vectors += embed(Array(texts[start..<min(texts.count, start + 16)]))
        }
        exampleCount = texts.count
        let embedded = clock.now
        model = SoftmaxRegression.fit(features: vectors, labels: labels, classes: intents.count + 1, settings: settings)
        embeddingTime = embedded - started
        trainingTime = clock.now - embedded
    }

    /// What the command says that the intents could use, without the model: its words as the
    /// classifier sees them and the slots of every intent that can be filled from it; nil when
    /// it is negated or no intent can be filled (then the model is not needed at all).
    public struct Reading: Sendable {
        public var words: [String]
        public var fillable: [Int: [IntentMatch.Slot]]
        /// Whether the command says a whole number.
        public var saysNumber = false

        public init(words: [String], fillable: [Int: [IntentMatch.Slot]], saysNumber: Bool = false) {
            self.words = words
            self.fillable = fillable
            self.saysNumber = saysNumber
        }
    }

    /// The lexical half, cheap to build (no model): usable before the classifier is trained.
    public struct Reader: Sendable {
        let intents: [IntentSettings]
        let fillers: [SlotSpanFiller]
        let durations: DurationPhrases

        public init(intents: [IntentSettings]) {
            self.intents = intents
            self.fillers = intents.map(SlotSpanFiller.init(intent:))
            self.durations = DurationPhrases(intents: intents)
        }

        public func read(_ text: String) -> Reading? {
            let said = TextNormalizer.words(text)
            guard !said.isEmpty, !PolarityGuard.isNegated(said) else { return nil }
            let paraphrased = Lexicon.english.rewrite(said)
            guard !paraphrased.isEmpty else { return nil }
            let words = durations.rewrite(paraphrased)
            var fillable: [Int: [IntentMatch.Slot]] = [:]
            for (i, filler) in fillers.enumerated() {
                let own = intents[i].synonyms
                let w = own.entries.isEmpty ? words : durations.rewrite(Lexicon.english.rewrite(said, extra: own))
                if let slots = filler.fill(w, said: said) { fillable[i] = slots }
            }
            let saysNumber = words.indices.contains { NumberWords.readWhole(words, from: $0) != nil }
            return fillable.isEmpty ? nil : Reading(words: words, fillable: fillable, saysNumber: saysNumber)
        }
    }

    /// The understood intent and its slots, or nil.
    public func match(_ text: String, embed: ([String]) -> [[Float]]) -> IntentMatch? {
        guard let reading = reader.read(text) else { return nil }
        return match(reading, embed: embed)
    }

    /// The understood intent for a command already read.
    public func match(_ reading: Reading, embed: ([String]) -> [[Float]]) -> IntentMatch? {
        let words = reading.words
        let embedded = embed([words.joined(separator: " ")])
        guard let vector = embedded.first, vector.count == model.dimension else { return nil }
        let p = Self.movingNumberless(model.probabilities(vector), reading: reading, intents: intents)
        guard let top = p.indices.max(by: { p[$0] < p[$1] }), top < intents.count, let slots = reading.fillable[top] else { return nil }
        return IntentMatch(intent: intents[top].name, slots: slots, confidence: Double(p[top]), source: .embedding,
                           sentence: "classifier: " + words.joined(separator: " "))
    }

    /// A number said rules out the intents that have no slot for one (the embedding hardly tells
    /// "office temperature 24" from "office temperature"): when the one intent that can be filled
    /// takes a number, their probabilities are counted as that intent's. "none" keeps its own, so a
    /// remark stays a remark.
    public static func movingNumberless(_ p: [Float], reading: Reading, intents: [IntentSettings]) -> [Float] {
        guard reading.saysNumber, reading.fillable.count == 1, let only = reading.fillable.keys.first, intents[only].takesNumber
        else { return p }
        var moved = p
        for i in intents.indices where i != only && !intents[i].takesNumber {
            moved[only] += moved[i]
            moved[i] = 0
        }
        return moved
    }

    /// Class probabilities (intents in order, then "none") of a command, for diagnostics.
    public func probabilities(_ text: String, embed: ([String]) -> [[Float]]) -> [Float] {
        let words = reader.durations.rewrite(Lexicon.english.rewrite(TextNormalizer.words(text)))
        guard let v = embed([words.joined(separator: " ")]).first else { return [] }
        return model.probabilities(v)
    }
}
