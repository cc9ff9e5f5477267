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

    /// A whole request said again after the correction is what is meant (tuning12); a correction
    /// that does not say the request again, or "no" said of the thing, is not acted on.
    @Test(arguments: [
        ("open the garage, no wait, close the garage", "garage_door", ["action": "close"]),
        ("no wait, not the bedroom, the office lights off", "light_power", ["room": "office", "state": "off"]),
        ("pause the music, actually, stop the music", "media_control", ["command": "stop"]),
    ])
    func aRequestSaidAgainAfterACorrectionIsActedOn(text: String, intent: String, values: [String: String]) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m?.intent == intent && m?.values == values, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    @Test(arguments: ["actually no, no movie scene tonight", "turn the heating on, turn the heating off", "open the garage, no wait",
                      "in an hour, set the living room to 20 degrees", "Ben, open the garage door for the van",
                      "who parked so close to the garage door"])
    func correctionsContradictionsAndOthersAreNotActedOn(text: String) async throws {
        let config = try Corpus.config()
        let m = await (try Self.engine()).matchLocally(text)
        #expect((m?.confidence ?? 0) < config.cloud.minLocalConfidence, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// "it"/"them" in a later clause is the thing an earlier clause named; a place an earlier clause
    /// says is where a later clause that names none is meant.
    @Test(arguments: [
        ("is the back door locked? lock it please", "door_lock", ["action": "lock", "door": "back"]),
        ("i don't need the timer anymore, cancel it", "timer_cancel", [:]),
        ("the garage is open, close it", "garage_door", ["action": "close"]),
        ("it's pitch black in the office, lights on", "light_power", ["state": "on", "room": "office"]),
    ])
    func anEarlierClauseSaysWhatALaterOneMeans(text: String, intent: String, values: [String: String]) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m?.intent == intent && m?.values == values, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// Two things or two places named before: which one is meant cannot be told.
    @Test(arguments: ["the kitchen light and the bedroom light are on, turn it off",
                      "it's dark in the kitchen and the office, lights on"])
    func twoThingsNamedBeforeLeaveItUnclear(text: String) async throws {
        let config = try Corpus.config()
        let m = await (try Self.engine()).matchLocally(text)
        #expect((m?.confidence ?? 0) < config.cloud.minLocalConfidence, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// A command taken back at its end is not acted on, even when the whole text matches a sentence.
    @Test(arguments: ["set a timer for 5 minutes... scratch that", "turn on the kitchen light never mind",
                      "unlock the front door, forget it", "cancel the timer, ignore that"])
    func aRetractionAtTheEndTakesTheCommandBack(text: String) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m == nil, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// A sentence said after the command without punctuation, a remark before it, or a reason saying
    /// what the speaker cannot do, does not stop it.
    @Test(arguments: [
        ("unlock the front door my friends are here", "door_lock", ["action": "unlock", "door": "front"]),
        ("switch the kitchen light off we're done cooking", "light_power", ["state": "off", "room": "kitchen"]),
        ("i'm going to bed turn off the bedroom light", "light_power", ["state": "off", "room": "bedroom"]),
        ("volume up, i can't hear", "volume", ["direction": "up"]),
    ])
    func aRemarkOrReasonAroundTheCommandDoesNotStopIt(text: String, intent: String, values: [String: String]) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m?.intent == intent && m?.values == values, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// A statement after a remark is still a statement ("it's already set to 20 degrees in the office"),
    /// and a negated reason that says a polarity takes the command back.
    @Test(arguments: ["it's already set to 20 degrees in the office", "turn on the fan, i can't turn it off"])
    func statementsAroundARemarkAreNotCommands(text: String) async throws {
        let config = try Corpus.config()
        let m = await (try Self.engine()).matchLocally(text)
        #expect((m?.confidence ?? 0) < config.cloud.minLocalConfidence, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// A joke, someone else's request, a quote, another time or a habit is not acted on; a clause that
    /// only gives another time as a reason does not stop the request in another clause.
    @Test(arguments: ["lol sure, open the garage", "tell dad to turn off the lights in the living room",
                      "the guy in the movie just yelled open the garage", "at 10pm switch off the office lights",
                      "we usually set the living room to 20 degrees", "turn the heating on. just kidding"])
    func notARequestToActNow(text: String) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m == nil, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    /// "remind me in half an hour" sets the reminder now; "in an hour, set …" asks for later.
    @Test(arguments: [("remind me in half an hour", "30"), ("wake me in an hour", "60"), ("remind me in an hour and a half", "90")])
    func aReminderForLaterIsSetNow(text: String, minutes: String) async throws {
        let engine = try Self.engine()
        let m = await engine.matchLocally(text)
        #expect(m?.intent == "timer_set" && m?.values == ["minutes": minutes], Corpus.describe(text, m))
        let later = await engine.matchLocally("in an hour, set the living room to 20 degrees")
        #expect(later == nil, Corpus.describe("in an hour, …", later))
    }

    @Test func anotherTimeAsAReasonDoesNotStopTheRequest() async throws {
        let m = await (try Self.engine()).matchLocally("we're away until tomorrow, turn off the heating")
        #expect(m?.intent == "heating_power" && m?.values == ["state": "off"], "\(String(describing: m))")
    }

    /// A message ending with "?" asks, unless it asks as a request or its intent answers questions;
    /// a slot value with an unknown word next to it names something else.
    @Test(arguments: ["front door locked?", "turn off the guest bedroom lights", "lock the front gate", "garage door open?"])
    func questionsAndUnknownPlacesAreNotActedOn(text: String) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m == nil, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }

    @Test(arguments: [
        ("could you lock the front door?", "door_lock", ["action": "lock", "door": "front"]),
        ("lock the front door, would you?", "door_lock", ["action": "lock", "door": "front"]),
        ("what's the temperature in the kitchen?", "get_temperature", ["room": "kitchen"]),
        ("hark kitchen extractor fan on", "fan_power", ["room": "kitchen", "state": "on"]),
        ("turn teh bedroom lights on", "light_power", ["room": "bedroom", "state": "on"]),
    ])
    func requestsAskedAsQuestionsAndKnownNeighboursAreActedOn(text: String, intent: String, values: [String: String]) async throws {
        let m = await (try Self.engine()).matchLocally(text)
        #expect(m?.intent == intent && m?.values == values, "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")")
    }
}
