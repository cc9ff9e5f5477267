import HarkCore
import HarkIntents
import Synchronization

/// From a recognition to an intent result, the same way for the daemon and `hark listen`:
/// a grammar recognition is one of the intents' sentences and goes to the intent engine as is; a
/// free transcription (the grammar recogniser rejected the utterance, or `[speech] grammar = false`)
/// goes on as free text to the text matchers and the cloud, unless `[speech] free_fallback = false`.
/// In `always` mode only a grammar recognition at `[wake] always_min_confidence` or more is a
/// command; anything else is ignored (not answered: it was probably not said to the device).
public struct VoiceInterpreter: Sendable {
    public enum Outcome: Sendable {
        case result(IntentResult)
        /// Not a command (`always` mode); the reason, for logs and `hark listen`.
        case ignored(String)
    }

    public let mode: ListeningGate.Mode
    public let settings: SpeechSettings
    public let alwaysMinConfidence: Double
    private let grammars = GrammarCache()

    public init(mode: ListeningGate.Mode, settings: SpeechSettings, alwaysMinConfidence: Double) {
        self.mode = mode
        self.settings = settings
        self.alwaysMinConfidence = alwaysMinConfidence
    }

    /// The grammar for `engine`'s intents (built once per engine; nil with `[speech] grammar = false`).
    public func grammar(for engine: IntentEngine) -> IntentGrammar.Built? {
        guard settings.grammar else { return nil }
        return grammars.get(engine)
    }

    public func interpret(_ recognition: Recognition, engine: IntentEngine, speech: SpeechInfo) async -> Outcome {
        let text = recognition.text.trimmed(of: " \t\r\n")
        if mode == .always {
            guard recognition.recognizer == .grammar else { return .ignored("not in the grammar") }
            guard recognition.confidence >= alwaysMinConfidence else {
                return .ignored("grammar confidence \(recognition.confidence) below always_min_confidence \(alwaysMinConfidence)")
            }
        }
        var result: IntentResult
        if text.isEmpty {
            result = .notUnderstood(text, note: "nothing recognised")
        } else if recognition.recognizer == .free, settings.grammar, !settings.freeFallback {
            result = .notUnderstood(text, note: "not in the grammar (free_fallback off)")
        } else if let rejected = recognition.rejectedMeaning {
            // The same audio decoded against the grammar came out as this intent with other slot values
            // ("unlock the front door" against the free "and lock the front door"): two readings that
            // contradict each other on what to do are not acted on. (Another intent altogether is not a
            // contradiction: a paraphrase far from the templates has no meaningful nearest sentence.)
            let rejectedIntent = rejected.split(separator: " ").first.map(String.init)
            result = await engine.understand(text, everyClause: false, localVeto: { m in
                let heard = Recognition.meaningName(intent: m.intent, slots: m.slots.map { ($0.name, $0.value) })
                guard m.intent == rejectedIntent, heard != rejected else { return nil }
                return "the grammar recogniser heard \"\(rejected)\""
            })
        } else {
            // A transcript is matched like typed text, except that a compound one is read by the
            // classifier from its last clause only (`IntentEngine.matchLocally`).
            result = await engine.understand(text, everyClause: false)
        }
        result.text = text
        result.speech = speech
        return .result(result)
    }

    /// The utterance's samples as floats in [-1, 1], from `from` audio seconds (nil: all of it).
    public static func samples(of u: Utterance, from: Double?) -> [Float] {
        var first = 0
        if let from { first = max(0, min(u.samples.count, Int((from * 16_000).rounded()) - u.audioStartSample)) }
        return u.samples[first...].map { Float($0) / 32768 }
    }
}

/// One grammar per intent engine (engines are replaced on config reloads).
final class GrammarCache: Sendable {
    private let cached = Mutex<(ObjectIdentifier, IntentGrammar.Built)?>(nil)

    func get(_ engine: IntentEngine) -> IntentGrammar.Built {
        let id = ObjectIdentifier(engine)
        if let (key, built) = cached.withLock({ $0 }), key == id { return built }
        let built = IntentGrammar.build(engine.intents)
        cached.withLock { $0 = (id, built) }
        return built
    }
}
