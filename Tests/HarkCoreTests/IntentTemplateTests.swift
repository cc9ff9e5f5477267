import HarkCore
import Testing

@Suite struct IntentTemplateTests {
    @Test func parsesGroupsTagsSlotsAndOptionals() throws {
        let t = try SentenceTemplate("turn (on|off){state} the {room} [main] light")
        #expect(t.nodes == [
            .word("turn"),
            .group([[.word("on")], [.word("off")]], optional: false, tag: "state"),
            .word("the"), .slot("room"),
            .group([[.word("main")]], optional: true, tag: nil),
            .word("light"),
        ])
        #expect(t.slotReferences == ["room"])
        #expect(t.tagNames == ["state"])
    }

    @Test(arguments: [
        ("turn (on|) the light", "empty alternative at column 10"),
        ("turn (on|off the light", "'(' is never closed at column 6"),
        ("turn on the {room light", "'{' is never closed at column 13"),
        ("turn on the {ro om} light", "slot name 'ro om' must be letters, digits or '_' at column 14"),
        ("", "template is empty at column 1"),
        ("turn on) the light", "unexpected ')' at column 8"),
        ("turn [on] the light!", "'!' is not allowed in a word at column 20"),
        ("(a|b]", "'(' closed by ']' at column 5"),
    ])
    func reportsGrammarErrorsWithColumns(_ text: String, _ message: String) {
        #expect(throws: SentenceTemplate.ParseError.self) { try SentenceTemplate(text) }
        do {
            _ = try SentenceTemplate(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func expandsAlternativesAndOptionalsKeepingSlots() throws {
        let t = try SentenceTemplate("(turn|switch) (on|off){state} [the] {room} light")
        let e = try TemplateExpansion.expand(t.nodes)
        #expect(e.count == 8)
        #expect(e.first == [.word("turn"), .tagged(slot: "state", value: "on", words: ["on"]), .word("the"), .slot("room"), .word("light")])
        #expect(e.last == [.word("switch"), .tagged(slot: "state", value: "off", words: ["off"]), .slot("room"), .word("light")])
    }

    @Test func expansionIsBounded() throws {
        let t = try SentenceTemplate(String(repeating: "(a|b|c|d) ", count: 8))
        #expect(throws: TemplateExpansion.TooLarge.self) { try TemplateExpansion.expand(t.nodes, limit: 2000) }
    }

    @Test func normalizesText() {
        #expect(TextNormalizer.words("Turn OFF the Kitchen-light, please!") == ["turn", "off", "the", "kitchen", "light", "please"])
        #expect(TextNormalizer.words("What’s it at 21.5 °C? 75%") == ["what's", "it", "at", "21.5", "degrees", "75", "percent"])
        #expect(TextNormalizer.words("bedroom 21°C") == ["bedroom", "21", "degrees"])
        #expect(TextNormalizer.words("living room 22C") == ["living", "room", "22", "degrees"])
        #expect(TextNormalizer.words("vol+ pleeease") == ["vol", "up", "please"])
        #expect(TextNormalizer.words("vol-") == ["vol", "down"])
        #expect(TextNormalizer.words("living-room -5") == ["living", "room", "-5"])
        #expect(TextNormalizer.words("set -5") == ["set", "-5"])
    }

    @Test func readsNumbersAsDigitsOrWords() {
        func read(_ s: String) -> Int? { NumberWords.read(s.split(separator: " ").map(String.init), from: 0)?.value }
        #expect(read("21") == 21)
        #expect(read("twenty one") == 21)
        #expect(read("forty") == 40)
        #expect(read("seventeen") == 17)
        #expect(read("one hundred") == 100)
        #expect(read("one hundred and five") == 105)
        #expect(read("minus five") == -5)
        #expect(read("kitchen") == nil)
        #expect(NumberWords.read(["twenty", "two", "degrees"], from: 0)! == (22, 2))
        #expect(SlotValues.parseRange("15..30") == 15...30)
        #expect(SlotValues.parseRange("-10..40") == -10...40)
        #expect(SlotValues.parseRange("30..15") == nil)
        #expect(SlotValues.parseRange("15-30") == nil)
    }

    @Test func rendersActionTemplatesWithJSONEscaping() throws {
        let t = try ActionTemplate("{{\"state\": \"{state}\", \"room\": \"{room}\"}}")
        #expect(t.placeholders == ["state", "room"])
        #expect(t.render(["state": "on", "room": "a \"b\""], escaping: .json) == "{\"state\": \"on\", \"room\": \"a \\\"b\\\"\"}")
        #expect(throws: ActionTemplate.ParseError.self) { try ActionTemplate("home/{room/light") }
        #expect(throws: ActionTemplate.ParseError.self) { try ActionTemplate("{\"state\": 1}") }
    }

    @Test func editDistanceAndFuzzyWords() {
        #expect(TemplateMatcher.fuzzyEqual("kitchn", "kitchen"))
        #expect(TemplateMatcher.fuzzyEqual("garrage", "garage"))
        #expect(TemplateMatcher.fuzzyEqual("ligth", "light")) // transposition
        #expect(!TemplateMatcher.fuzzyEqual("off", "of")) // too short, and polarity
        #expect(!TemplateMatcher.fuzzyEqual("lock", "lick")) // polarity word
        #expect(!TemplateMatcher.fuzzyEqual("open", "opens")) // both polarity
        #expect(!TemplateMatcher.fuzzyEqual("bedroom", "bathroom"))
    }
}
