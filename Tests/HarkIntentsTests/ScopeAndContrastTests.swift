import HarkCore
import HarkIntents
import Testing

/// Issue 15: a request about several things, a part of one, or one the home has more of ("lights on
/// in the kitchen and the office", "open the garage door halfway", "open the other garage door") is
/// not acted on as if it were about one; a request that names one of them ("all the lights in the
/// kitchen"), says its scope in another clause ("…, I'm already upstairs"), rules out another value
/// or the opposite ("not the bedroom, the office lights off", "volume up, not down") is. "it" is the
/// thing an earlier clause named. Templates only, no model.
@Suite struct ScopeAndContrastTests {
    @Test(arguments: [
        "lights on in the kitchen, the living room and the office",
        "turn the heating on upstairs",
        "stop the music upstairs",
        "open the garage door halfway",
        "set half the living room lights to 50 percent",
        "open the other garage door",
        "cancel the other timer",
        "close both curtains in the living room",
        "lights off everywhere except the hallway",
        "the bedroom light is too bright, turn it down",
        "do the opposite with the front door lock",
    ])
    func severalThingsOrAPartIsNotActedOnAsOne(text: String) async throws {
        try await Corpus.expectIgnored(text)
    }

    @Test(arguments: [
        ("turn off all the kitchen lights", "light_power", ["room": "kitchen", "state": "off"]),
        ("turn all the kitchen lights off please", "light_power", ["room": "kitchen", "state": "off"]),
        ("could u turn the bathroom fan on, shower steam everywhere", "fan_power", ["room": "bathroom", "state": "on"]),
        ("turn off the kitchen lights, I left them on and I'm already upstairs", "light_power", ["room": "kitchen", "state": "off"]),
        ("not the living room blinds, close the bedroom blinds", "blinds", ["room": "bedroom", "action": "close"]),
        ("no wait, not the bedroom, the office lights off", "light_power", ["room": "office", "state": "off"]),
        ("turn on the kitchen fan, not off", "fan_power", ["room": "kitchen", "state": "on"]),
        ("lock the side door, not unlock, lock", "door_lock", ["door": "side", "action": "lock"]),
        ("close the living room blinds, don't leave them open", "blinds", ["room": "living room", "action": "close"]),
        ("I can't hear a thing, volume up, not down", "volume", ["direction": "up"]),
        ("the music's too loud, turn the volume down", "volume", ["direction": "down"]),
    ])
    func oneThingOrARuledOutOppositeIsActedOn(text: String, intent: String, values: [String: String]) async throws {
        try await Corpus.expectUnderstood(text, as: intent, values)
    }
}
