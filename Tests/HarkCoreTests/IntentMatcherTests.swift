import HarkCore
import Testing

@Suite struct IntentMatcherTests {
    static let config = """
        [[intent]]
        name = "light_power"
        sentences = ["turn (on|off){state} the {room} light", "switch the {room} light (on|off){state}"]
        slots = { room = ["kitchen", "living room", "bedroom"] }
        topic = "home/{room}/light/set"
        payload = '{{"state": "{state}"}}'

        [[intent]]
        name = "thermostat"
        sentences = ["set the {zone} to {degrees} degrees"]
        slots = { zone = ["house", "office"], degrees = "10..30" }
        topic = "home/heating/{zone}"
        payload = "{degrees}"

        [[intent]]
        name = "garage"
        sentences = ["(open|close){action} the garage [door]"]
        topic = "home/garage"
        payload = "{action}"
        """

    let matcher: TemplateMatcher

    init() throws {
        matcher = TemplateMatcher(intents: try HarkConfig.parse(text: Self.config, file: "t.toml").get().intents)
    }

    @Test func exactMatchExtractsSlotsInDeclarationOrder() throws {
        let m = try #require(matcher.match("turn off the living room light"))
        #expect(m.intent == "light_power")
        #expect(m.source == .exact)
        #expect(m.confidence == 1)
        #expect(m.slots.map(\.name) == ["room", "state"])
        #expect(m.values == ["state": "off", "room": "living room"])
    }

    @Test func fuzzyMatchToleratesFillersTyposAndMissingArticles() throws {
        let a = try #require(matcher.match("please turn off the kitchen light"))
        #expect(a.values == ["state": "off", "room": "kitchen"])
        #expect(a.source == .fuzzy)
        #expect(a.confidence > 0.9 && a.confidence < 1)
        let b = try #require(matcher.match("turn on the kitchn light"))
        #expect(b.values == ["state": "on", "room": "kitchen"])
        let c = try #require(matcher.match("switch the bedroom light off"))
        #expect(c.values == ["state": "off", "room": "bedroom"])
        let d = try #require(matcher.match("turn on kitchen light"))
        #expect(d.values["room"] == "kitchen")
        #expect(d.confidence < a.confidence)
    }

    @Test func numbersFromDigitsOrWordsWithinRange() throws {
        #expect(matcher.match("set the office to 21 degrees")?.values == ["zone": "office", "degrees": "21"])
        #expect(matcher.match("set the house to twenty two degrees")?.values == ["zone": "house", "degrees": "22"])
        #expect(matcher.match("set the house to 45 degrees") == nil)
    }

    @Test func polarityIsNeverFuzzedSkippedOrSwapped() {
        // "of" is not "off"; an extra polarity word cannot be ignored; negations never match.
        #expect(matcher.match("turn of the kitchen light") == nil)
        #expect(matcher.match("turn on the kitchen light off")?.intent == nil)
        #expect(matcher.match("don't turn off the kitchen light") == nil)
        #expect(matcher.match("do not open the garage") == nil)
        #expect(matcher.match("open the garage")?.values == ["action": "open"])
        #expect(matcher.match("close the garage door")?.values == ["action": "close"])
        #expect(matcher.match("shut the garage") == nil)
    }

    @Test func unknownSlotValuesAndOutOfDomainDoNotMatch() {
        #expect(matcher.match("turn on the attic light") == nil)
        #expect(matcher.match("what's the weather tomorrow") == nil)
        #expect(matcher.match("") == nil)
        #expect(matcher.match("turn on the") == nil)
    }

    @Test func resolvesActionsFromSlots() throws {
        let intents = try HarkConfig.parse(text: Self.config, file: "t.toml").get().intents
        let m = try #require(matcher.match("turn on the living room light"))
        let action = try #require(IntentActions.resolve(m, intents: intents))
        #expect(action.topic == "home/living room/light/set")
        #expect(action.payload == "{\"state\": \"on\"}")
        #expect(action.qos == 1)
    }
}
