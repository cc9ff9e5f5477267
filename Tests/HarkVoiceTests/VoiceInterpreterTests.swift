import HarkCore
import HarkIntents
import HarkVoice
import Logging
import Testing

/// A free transcription after a grammar rejection is not acted on when the text matchers read the
/// grammar recogniser's (rejected) best sentence's intent with other slot values.
@Suite struct VoiceInterpreterTests {
    static let config = """
        [[intent]]
        name = "door_lock"
        sentences = ["(lock|unlock){action} the {door} door"]
        slots = { door = ["front", "back"] }
        topic = "home/door/{door}"
        payload = "{action}"
        """

    func interpret(_ text: String, rejected: String?) async throws -> IntentResult {
        let c = try HarkConfig.parse(text: Self.config, file: "t.toml").get()
        let engine = IntentEngine(intents: c.intents, cloudSettings: c.cloud, embedding: nil, cloud: nil, logger: Logger(label: "test"))
        var r = Recognition(text: text, recognizer: .free, confidence: 0.7)
        r.rejectedMeaning = rejected
        let speech = SpeechInfo(transcript: text, recognizer: .free, confidence: 0.7, startSeconds: 0, endSeconds: 1)
        let interpreter = VoiceInterpreter(mode: .pushToTalk, settings: c.speech, alwaysMinConfidence: 0.9)
        guard case let .result(result) = await interpreter.interpret(r, engine: engine, speech: speech) else {
            throw InterpreterTestError()
        }
        return result
    }

    struct InterpreterTestError: Error {}

    @Test func theGrammarsMeaningNamesMatchTheTextMatchers() throws {
        let c = try HarkConfig.parse(text: Self.config, file: "t.toml").get()
        let g = IntentGrammar.build(c.intents).grammar
        let i = try #require(g.sentences.firstIndex(of: "unlock the front door"))
        #expect(g.meaningNames[g.meanings[i]] == Recognition.meaningName(intent: "door_lock", slots: [("door", "front"), ("action", "unlock")]))
    }

    @Test func agreeingReadingsAct() async throws {
        let r = try await interpret("lock the front door", rejected: "door_lock action=lock door=front")
        #expect(r.action != nil && r.match?.slot("action") == "lock")
    }

    @Test func anotherIntentIsNoContradiction() async throws {
        let r = try await interpret("lock the front door", rejected: "light_power room=kitchen state=on")
        #expect(r.action != nil && r.match?.slot("action") == "lock")
    }

    @Test func withoutAGrammarReadingTheTextMatchersDecide() async throws {
        let r = try await interpret("lock the front door", rejected: nil)
        #expect(r.action != nil)
    }

    @Test func disagreeingReadingsDoNotAct() async throws {
        // "unlock" heard as "and lock" by the free transcription; the grammar's best was "unlock".
        let r = try await interpret("lock the front door", rejected: "door_lock action=unlock door=front")
        #expect(r.action == nil && r.match == nil)
        #expect(r.note?.contains("door_lock action=unlock door=front") == true, "\(r.note ?? "-")")
        #expect(r.reply != nil)
    }
}
