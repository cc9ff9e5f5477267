import HarkCore
import HarkIntents
import Logging
import Testing

/// Compound commands split into clauses (templates only, no model): a negated remark before the
/// command does not stop it; a negation after the command takes it back; questions are not commands.
@Suite struct CompoundCommandTests {
    static func engine() throws -> IntentEngine {
        let config = try Corpus.config()
        return IntentEngine(intents: config.intents, cloudSettings: config.cloud, embedding: nil, cloud: nil, logger: Logger(label: "test"))
    }

    @Test(arguments: [
        ("never mind the pasta, cancel the timer", "timer_cancel"),
        ("no, cancel the timer", "timer_cancel"),
        ("don't bother with the kitchen, turn on the office light", "light_power"),
    ])
    func aNegatedRemarkBeforeTheCommandIsNotACommand(text: String, intent: String) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m?.intent == intent, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    @Test(arguments: ["cancel the timer, no, don't", "turn on the office light, actually don't", "cancel the timer. not now",
                      "don't cancel the timer, never"])
    func aNegationAfterTheCommandTakesItBack(text: String) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m == nil, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// A correction after the command ("…, I mean the kitchen") leaves it unclear: the first clause is
    /// not acted on (the whole text may match fuzzily, below the confidence that acts).
    @Test(arguments: ["turn on the office light, i mean the kitchen", "turn on the office light, no, the kitchen one",
                      "turn on the office light, or the kitchen", "cancel the timer, actually set it for ten minutes"])
    func aCorrectionAfterTheCommandIsNotActedOn(text: String) async throws {
        let config = try Corpus.config()
        let m = await (try Self.engine()).matchLocally(text)
        #expect((m?.confidence ?? 0) < config.cloud.minLocalConfidence, "\(text) → \(m.map { "\($0.intent) \($0.values) \($0.confidence)" } ?? "nothing")")
    }
}
