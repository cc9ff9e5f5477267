import HarkCore
import HarkIntents
import Testing

/// A number said rules out the intents with no slot for one: their probability counts for the one
/// fillable intent that takes a number; "none" keeps its own.
@Suite struct ClassifierNumberRuleTests {
    static let intents = try! HarkConfig.parse(text: """
        [[intent]]
        name = "thermostat"
        sentences = ["set the {zone} temperature to {degrees} degrees"]
        slots = { zone = ["office"], degrees = "10..30" }
        topic = "t/heat"

        [[intent]]
        name = "temperature"
        sentences = ["{zone} temperature"]
        slots = { zone = ["office"] }
        topic = "t/get"

        [[intent]]
        name = "timer"
        sentences = ["timer for {minutes} minutes"]
        slots = { minutes = "1..60" }
        topic = "t/timer"
        """, file: "t.toml").get().intents

    static let slots = [IntentMatch.Slot(name: "degrees", value: "20", raw: "20")]

    @Test func theNumberlessIntentsProbabilityGoesToTheFillableOne() {
        let reading = IntentClassifier.Reading(words: ["office", "temperature", "to", "20"], fillable: [0: Self.slots], saysNumber: true)
        let p = IntentClassifier.movingNumberless([0.13, 0.80, 0.02, 0.05], reading: reading, intents: Self.intents)
        #expect(abs(p[0] - 0.93) < 1e-6 && p[1] == 0)
        #expect(p[2] == 0.02 && p[3] == 0.05) // another number-taking intent and "none" keep theirs
    }

    @Test func nothingMovesWithoutANumberOrWithTwoFillableIntents() {
        let p: [Float] = [0.13, 0.80, 0.02, 0.05]
        let noNumber = IntentClassifier.Reading(words: ["office", "temperature"], fillable: [0: Self.slots], saysNumber: false)
        #expect(IntentClassifier.movingNumberless(p, reading: noNumber, intents: Self.intents) == p)
        let two = IntentClassifier.Reading(words: ["x"], fillable: [0: Self.slots, 2: Self.slots], saysNumber: true)
        #expect(IntentClassifier.movingNumberless(p, reading: two, intents: Self.intents) == p)
        let numberless = IntentClassifier.Reading(words: ["x"], fillable: [1: Self.slots], saysNumber: true)
        #expect(IntentClassifier.movingNumberless(p, reading: numberless, intents: Self.intents) == p)
    }
}
