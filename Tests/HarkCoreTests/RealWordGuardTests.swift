import HarkCore
import Testing

/// Issue 15: a real word one edit from a word of the matched intent ("garbage" for "garage", "black"
/// for "back") is that word, not a misspelling; misspellings that are no word, forms of the word
/// and look-alikes of another intent's words are left alone. The dictionary here stands in for the
/// MiniLM vocabulary the engine uses.
@Suite struct RealWordGuardTests {
    static let config = """
        [[intent]]
        name = "garage_door"
        sentences = ["(open|close){action} the garage [door]"]
        topic = "t/garage"
        payload = "{action}"

        [[intent]]
        name = "door_lock"
        sentences = ["(lock|unlock){action} the {door} door"]
        slots = { door = ["front", "back"] }
        topic = "t/lock"
        payload = "{action}"

        [[intent]]
        name = "heating_power"
        sentences = ["turn (on|off){state} the heating"]
        topic = "t/heat"
        payload = "{state}"
        """
    static let dictionary: Set<String> = ["garbage", "black", "heading", "open", "the", "door", "garages", "unlock", "bed"]

    func reason(_ text: String, intent: String, slots: [IntentMatch.Slot] = [], source: IntentMatch.Source = .fuzzy) throws -> String? {
        let intents = try HarkConfig.parse(text: Self.config, file: "t.toml").get().intents
        let guardrail = UnknownModifierGuard(intents: intents)
        let match = IntentMatch(intent: intent, slots: slots, confidence: 0.93, source: source, sentence: "")
        return guardrail.realWordReadAsAnother(TextNormalizer.words(text), match: match, intents: intents, isWord: Self.dictionary.contains)
    }

    @Test func aRealWordIsNotAMisspelling() throws {
        #expect(try reason("open the garbage door", intent: "garage_door") != nil)
        #expect(try reason("unlock the black door", intent: "door_lock", slots: [.init(name: "door", value: "back", raw: "black")]) != nil)
    }

    @Test func misspellingsFormsAndOtherIntentsWordsAreLeftAlone() throws {
        #expect(try reason("open the garbge door", intent: "garage_door") == nil) // not a word
        #expect(try reason("open the garages", intent: "garage_door") == nil) // a form of "garage"
        #expect(try reason("i'm heading to bed, unlock the back door", intent: "door_lock",
                           slots: [.init(name: "door", value: "back", raw: "back")]) == nil) // "heating" is another intent's
        #expect(try reason("open the garbage door", intent: "garage_door", source: .exact) == nil)
    }
}
