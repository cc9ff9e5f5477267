import HarkCore
import Testing

/// Issue 15: slot filling by span for the classifier, and the rules that keep it from acting on
/// something not said (a value must be heard, one value per slot, polarity as said, content words,
/// numbers and units used, remarks and questions refused).
@Suite struct SlotSpanFillerTests {
    static let config = """
        [[intent]]
        name = "light_power"
        sentences = ["turn (on|off){state} the {room} (light|lights)", "{room} (light|lights) (on|off){state}"]
        slots = { room = ["kitchen", "living room", "bedroom"] }
        topic = "t/{room}"
        payload = "{state}"

        [[intent]]
        name = "thermostat"
        sentences = ["set the {zone} temperature to {degrees} degrees"]
        slots = { zone = ["house", "office"], degrees = "10..30" }
        topic = "t/heat/{zone}"
        payload = "{degrees}"

        [[intent]]
        name = "garage"
        sentences = ["(open|close){action} the garage [door]"]
        topic = "t/garage"
        payload = "{action}"

        [[intent]]
        name = "volume"
        sentences = ["turn (up|down){direction} the volume", "turn it (up|down){direction}"]
        topic = "t/volume"
        payload = "{direction}"

        [[intent]]
        name = "alerts"
        sentences = ["are there any alerts", "what are the alerts"]
        topic = "t/alerts"

        [[intent]]
        name = "scene"
        sentences = ["activate the {scene} scene"]
        slots = { scene = ["movie", "night"] }
        topic = "t/scene"
        payload = "{scene}"

        [[intent]]
        name = "security"
        sentences = ["(arm|disarm){action} the security system"]
        topic = "t/security"
        payload = "{action}"

        [[intent]]
        name = "pump"
        sentences = ["start the pump", "turn on the pump"]
        topic = "t/pump"
        """

    let fillers: [String: SlotSpanFiller]

    init() throws {
        var f: [String: SlotSpanFiller] = [:]
        for intent in try HarkConfig.parse(text: Self.config, file: "t.toml").get().intents { f[intent.name] = SlotSpanFiller(intent: intent) }
        fillers = f
    }

    func fill(_ intent: String, _ text: String) -> [String: String]? {
        let said = TextNormalizer.words(text)
        return fillers[intent]!.fill(Lexicon.english.rewrite(said), said: said).map { slots in
            Dictionary(uniqueKeysWithValues: slots.map { ($0.name, $0.value) })
        }
    }

    @Test func valuesAreFoundAnywhereInTheCommand() {
        #expect(fill("light_power", "could the lights in the living room go off please") == ["room": "living room", "state": "off"])
        #expect(fill("light_power", "on with the kitchn lights") == ["room": "kitchen", "state": "on"])
        #expect(fill("thermostat", "in the office I'd like the temperature at twenty one degrees") == ["zone": "office", "degrees": "21"])
    }

    @Test func aValueMustBeHeardAndBeTheOnlyOne() {
        #expect(fill("light_power", "turn on the lights") == nil) // no room said
        #expect(fill("light_power", "turn on the garage lights") == nil) // not a room of the list
        #expect(fill("light_power", "turn on the kitchen and the bedroom lights") == nil) // two rooms
        #expect(fill("light_power", "kitchen lights on then off") == nil) // on and off
        #expect(fill("thermostat", "set the house temperature to 40 degrees") == nil) // out of range
        #expect(fill("thermostat", "set the house temperature to 2.5 degrees") == nil)
    }

    @Test func polarityIsAsSaidWithFormsAndEquivalentsButNeverOpposites() {
        #expect(fill("garage", "shut the garage door") == ["action": "close"])
        #expect(fill("garage", "garage closed please") == ["action": "close"])
        #expect(fill("volume", "make it louder") == ["direction": "up"]) // "turn it up" has no content word to require
        #expect(fill("volume", "turn the volume louder") == ["direction": "up"])
        #expect(fill("volume", "lower the volume") == ["direction": "down"])
        #expect(fill("scene", "turn on the night scene") == ["scene": "night"]) // activate = on
        #expect(fill("light_power", "turn up the kitchen lights") == nil) // "up" is no sentence's polarity
        #expect(fill("garage", "open the garage and close it") == nil)
        #expect(fill("light_power", "don't turn off the kitchen light") == nil)
    }

    @Test func anIntentThatSaysOneActivationPolarityHearsTheOthersAsIt() {
        #expect(fill("security", "turn on the security system") == ["action": "arm"])
        #expect(fill("security", "switch off the security system") == ["action": "disarm"])
        #expect(fill("security", "stop the security system") == ["action": "disarm"])
        #expect(fill("security", "deactivate the security system") == ["action": "disarm"])
        #expect(fill("security", "open the security system") == nil) // open/close is not an activation
        #expect(fill("garage", "raise the garage door") == ["action": "open"]) // up/open, down/close
        #expect(fill("garage", "pull down the garage door") == ["action": "close"])
        #expect(fill("volume", "turn the volume up") == ["direction": "up"])
        #expect(fill("light_power", "start the kitchen lights") == ["room": "kitchen", "state": "on"])
        #expect(fill("light_power", "stop the kitchen lights") == ["room": "kitchen", "state": "off"])
        #expect(fill("light_power", "get the kitchen lights going") == ["room": "kitchen", "state": "on"])
        #expect(fill("security", "turn on the security system and stop it") == nil) // both sets: opposites
        // An intent that says two polarities of a set keeps them apart: nothing is heard as another.
        #expect(fillers["pump"]!.activation.isEmpty)
        #expect(fill("pump", "arm the pump") == nil)
        #expect(fillers["security"]!.activation == ["on": "arm", "start": "arm", "off": "disarm", "stop": "disarm"])
    }

    @Test func polarityWordsReadWithTheWordsAfterThem() {
        #expect(PolarityGuard.polarities(TextNormalizer.words("get the fan going")) == ["start"])
        #expect(PolarityGuard.polarities(TextNormalizer.words("i'm going to bed")) == [])
        #expect(PolarityGuard.polarities(TextNormalizer.words("shut the heating off")) == ["off"])
        #expect(PolarityGuard.polarities(TextNormalizer.words("shut the garage door")) == ["close"])
        #expect(fill("light_power", "shut the kitchen lights off") == ["room": "kitchen", "state": "off"])
    }

    @Test func contentNumbersAndUnitsMustBeTheIntents() {
        #expect(fill("garage", "open the fridge") == nil)
        #expect(fill("light_power", "turn on the kitchen lighting") == ["room": "kitchen", "state": "on"]) // light + ing
        #expect(fill("garage", "open the gar") == nil)
        #expect(fill("thermostat", "set the office temperature to 20 percent") == nil)
        #expect(fill("light_power", "turn on the kitchen light for 10 minutes") == nil) // a number no slot uses
        #expect(fill("thermostat", "bring the office temperature down to 19 degrees") == ["zone": "office", "degrees": "19"])
        #expect(fill("thermostat", "bring the office temperature down 12 degrees") == nil) // relative, not a target
    }

    /// A wished state is a request: "make sure …", "… please" after the thing, "can … be …".
    @Test func aWishedStateIsARequest() {
        #expect(fill("garage", "make sure the garage door is closed") == ["action": "close"])
        #expect(fill("garage", "garage door opened please") == ["action": "open"])
        #expect(fill("light_power", "can the kitchen lights be turned off") == ["room": "kitchen", "state": "off"])
        #expect(fill("garage", "someone opened the garage please") == nil) // a report, "please" or not
        #expect(fill("garage", "the kids opened the garage door please") == nil) // the verb has an object
        #expect(fill("garage", "the garage door is closed please") == nil) // "please" does not make "is" a request
        #expect(fill("garage", "i need the garage door closed") == ["action": "close"]) // wanted
        #expect(fill("garage", "we want the garage closed") == ["action": "close"])
        #expect(fill("garage", "i need to know if someone opened the garage") == nil) // the verb has an object
    }

    /// A subject followed by the verb the intent's sentences start with says what someone did or does.
    @Test func aSubjectBeforeTheIntentsVerbIsAReport() {
        #expect(fill("thermostat", "i set the office temperature to 20 degrees earlier") == nil)
        #expect(fill("light_power", "we turn the kitchen lights off at night") == nil)
        #expect(fill("thermostat", "can i set the office temperature to 20 degrees") == ["zone": "office", "degrees": "20"])
    }

    @Test func remarksAndQuestionsAreNotCommands() {
        #expect(fill("light_power", "is the kitchen light on") == nil)
        #expect(fill("light_power", "the kitchen light is on") == nil)
        #expect(fill("garage", "someone left the garage open") == nil)
        #expect(fill("light_power", "if it gets dark turn on the kitchen light") == nil)
        #expect(fill("scene", "my sister loves the movie scene") == nil)
        #expect(fill("alerts", "are there any alerts") == [:])
        #expect(fill("alerts", "tell me the alerts") == [:]) // the lexicon's "what is" is not a statement
        #expect(fill("light_power", "turn on the kitchen light if you can") == ["room": "kitchen", "state": "on"])
        // A subject and a polarity verb in the past: a report.
        #expect(fill("garage", "we closed the garage already") == nil)
        #expect(fill("security", "she armed the security system") == nil)
        #expect(fill("garage", "garage closed please") == ["action": "close"])
    }
}
