import HarkCore
import Testing

/// Issue 15: a number taken for a range slot must be the one value asked for, said as an amount.
@Suite struct ValueGuardTests {
    static let config = """
        [[intent]]
        name = "light_brightness"
        sentences = ["dim the {room} lights to {percent} [percent]"]
        slots = { room = ["kitchen", "bedroom"], percent = "0..100" }
        topic = "t/{room}"
        payload = "{percent}"

        [[intent]]
        name = "timer_set"
        sentences = ["set a timer for {minutes} (minute|minutes)"]
        slots = { minutes = "1..180" }
        topic = "t/timer"
        payload = "{minutes}"
        """

    func reason(_ text: String, _ intent: String, _ slot: String, _ value: Int) throws -> String? {
        let intents = try HarkConfig.parse(text: Self.config, file: "t.toml").get().intents
        let known = UnknownModifierGuard(intents: intents)
        let match = IntentMatch(intent: intent, slots: [.init(name: slot, value: "\(value)", raw: "\(value)")], confidence: 1,
                                source: .exact, sentence: "")
        return ValueGuard(intents: intents).reason(match, clauses: TextNormalizer.clauses(text).map(TextNormalizer.words), intents: intents,
                                                   isKnown: known.isKnown)
    }

    @Test func notOneValueAsAnAmount() throws {
        #expect(try reason("dim the bedroom lights to 20, maybe 30 percent", "light_brightness", "percent", 20) != nil)
        #expect(try reason("set a timer for 5 minutes then another for 15 minutes", "timer_set", "minutes", 5) != nil)
        #expect(try reason("dim the kitchen lights by 20 percent", "light_brightness", "percent", 20) != nil)
        #expect(try reason("set a timer for twice 10 minutes", "timer_set", "minutes", 10) != nil)
        #expect(try reason("set a timer for the square root of 64 minutes", "timer_set", "minutes", 64) != nil)
        #expect(try reason("set a timer for 3 eggs", "timer_set", "minutes", 3) != nil)
    }

    @Test func oneValueWithReadingsAndDurationsAround() throws {
        #expect(try reason("dim the bedroom lights to 20 percent", "light_brightness", "percent", 20) == nil)
        #expect(try reason("it's only 15 percent, dim the kitchen lights to 40 percent", "light_brightness", "percent", 40) == nil)
        #expect(try reason("set a timer for 1 hour 30 minutes", "timer_set", "minutes", 90) == nil)
        #expect(try reason("the recipe serves 4, set a timer for 35 minutes", "timer_set", "minutes", 35) == nil)
        #expect(try reason("dim the kitchen lights to 20, thanks", "light_brightness", "percent", 20) == nil)
    }
}
