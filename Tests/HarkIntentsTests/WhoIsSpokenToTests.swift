import HarkCore
import HarkIntents
import Logging
import Testing

/// Issue 15: a request said to someone else — a person by name or family word, before or after it,
/// another assistant, a game, a call — is not acted on; one said to Hark is, by any of its names.
/// Templates only, no model.
@Suite struct WhoIsSpokenToTests {
    @Test(arguments: [
        "turn the heating off, dad", "can you close the garage, mum?", "heat the office to 21 degrees, would you, alex",
        "disarm the security system, uncle dev, before you open the back door", "will, close the garage door, your bike's in",
        "put your toys away and close the bedroom curtains, little man", "alexa, turn off the kitchen light",
        "turn on the bathroom fan, alexa", "hey google, arm the security system", "let Grandad unlock the side door, he's got the key",
        "pretend this sofa's a spaceship. computer, close the garage door", "you're the shop robot now. beep boop, start the vacuum",
        "hello, this is the front gate intercom, can you open the garage for the delivery?",
        "anyone upstairs? close the bedroom curtains, the neighbours can see in",
        "we're playing hotels. welcome sir, shall I set the temperature in your bedroom to 22 degrees?",
        "for the tiling you'll want to turn off the bathroom fan first, mate", "come on team, turn it up! turn it up!",
    ])
    func aRequestForSomeoneElseIsNotActedOn(text: String) async throws {
        try await Corpus.expectIgnored(text)
    }

    @Test(arguments: [
        ("hark, turn off the kitchen light", "light_power", ["room": "kitchen", "state": "off"]),
        ("turn off the kitchen light, hark", "light_power", ["room": "kitchen", "state": "off"]),
        ("computer, close the garage door", "garage_door", ["action": "close"]),
        ("okay nabu, lock the front door", "door_lock", ["door": "front", "action": "lock"]),
        ("turn the volume down, dear", "volume", ["direction": "down"]),
        ("activate the dinner scene, y'all", "scene", ["scene": "dinner"]),
        ("disarm the alarm, it's me", "security", ["action": "disarm"]),
        ("lights off in the living room, mate", "light_power", ["room": "living room", "state": "off"]),
    ])
    func aRequestToHarkIsActedOn(text: String, intent: String, values: [String: String]) async throws {
        try await Corpus.expectUnderstood(text, as: intent, values)
    }

    /// "alexa" is another assistant's name unless Hark wakes to it.
    @Test func aWakeModelsNameIsHarksOwn() async throws {
        let config = try Corpus.config()
        let alexa = IntentEngine(intents: config.intents, cloudSettings: config.cloud, embedding: nil, cloud: nil,
                                 wakeModels: ["alexa"], logger: Logger(label: "test"))
        let m = await alexa.matchLocally("alexa, turn off the kitchen light")
        #expect(m?.intent == "light_power" && m?.values == ["room": "kitchen", "state": "off"], Corpus.describe("alexa, …", m))
        let nabu = await alexa.matchLocally("okay nabu, turn off the kitchen light")
        #expect(nabu == nil, Corpus.describe("okay nabu, … (Hark wakes to alexa)", nabu))
    }
}
