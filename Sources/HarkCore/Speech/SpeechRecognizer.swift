/// One utterance turned into words.
public struct Recognition: Sendable, Equatable {
    /// How the text was obtained: decoding constrained to the intents' grammar (the text is one of
    /// the grammar's sentences), or free transcription (no grammar, or the grammar result was rejected).
    public enum Recognizer: String, Sendable { case grammar, free }

    public var text: String
    public var recognizer: Recognizer
    /// The recogniser's confidence in `text` (its meaning is documented by the recogniser).
    public var confidence: Double
    /// Token ids of `text` (the model's vocabulary), for `--json` outputs and tests.
    public var tokens: [Int]
    /// Wall-clock seconds spent recognising.
    public var computeSeconds: Double
    /// For a free transcription after the grammar recogniser rejected the utterance: the meaning of
    /// the grammar's best (rejected) sentence (`CommandGrammar.meaningNames`), nil otherwise. The voice
    /// path does not act on a text match of the same intent with other slot values (a contradiction).
    public var rejectedMeaning: String?

    public init(text: String, recognizer: Recognizer, confidence: Double, tokens: [Int] = [], computeSeconds: Double = 0) {
        self.text = text
        self.recognizer = recognizer
        self.confidence = confidence
        self.tokens = tokens
        self.computeSeconds = computeSeconds
    }

    /// The meaning name `IntentGrammar` gives a sentence with this intent and these slot values
    /// (`light_power room=kitchen state=on`), to compare a text match with `rejectedMeaning`.
    public static func meaningName(intent: String, slots: [(name: String, value: String)]) -> String {
        ([intent] + slots.map { "\($0.name)=\(TextNormalizer.normalize($0.value))" }.sorted()).joined(separator: " ")
    }
}

/// The commands the intents allow, as the sentences their templates expand to (normalised text).
/// Recognisers may cache work per grammar instance (compare with `===`).
public final class CommandGrammar: Sendable {
    public let sentences: [String]
    /// Per sentence, the index of its meaning in `meaningNames`: sentences that would take the same
    /// action (same intent and slot values, e.g. "turn on the light" and "switch the light on") share
    /// one. Recognisers use it to tell a rival reading of the audio from a paraphrase of the same command.
    public let meanings: [Int]
    /// One name per meaning, e.g. `light_power room=kitchen state=on` (for tools and logs).
    public let meaningNames: [String]

    /// Every sentence its own meaning.
    public init(sentences: [String]) {
        self.sentences = sentences
        meanings = Array(sentences.indices)
        meaningNames = sentences
    }

    /// `meanings[i]` is sentence i's index into `meaningNames` (every index must be valid).
    public init(sentences: [String], meanings: [Int], meaningNames: [String]) {
        precondition(meanings.count == sentences.count && meanings.allSatisfy { meaningNames.indices.contains($0) })
        self.sentences = sentences
        self.meanings = meanings
        self.meaningNames = meaningNames
    }
}

/// Speech to text for one utterance at a time.
public protocol SpeechRecognizer: AnyObject, Sendable {
    /// Recognises one utterance: 16 kHz mono samples scaled to [-1, 1]. Blocking (runs inference):
    /// call it from a dedicated thread, never from the cooperative pool. With a grammar, decoding is
    /// constrained to it and out-of-grammar speech is rejected: the result is then the free
    /// transcription (`recognizer == .free`), which goes on to the text matchers.
    func recognize(_ samples: [Float], grammar: CommandGrammar?) throws -> Recognition
}
