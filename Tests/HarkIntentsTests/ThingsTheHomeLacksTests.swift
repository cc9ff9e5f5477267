import HarkCore
import HarkIntents
import Testing

/// Issue 15: a request that names a thing the configuration does not declare, next to one it does,
/// is not acted on ("the bedroom closet light" is not the bedroom light); the usual words for a
/// declared thing still are ("the big kitchen light"). Templates only, no model.
@Suite struct ThingsTheHomeLacksTests {
    @Test(arguments: [
        "turn off the bedroom closet light", "turn on the bathroom mirror light", "open the garage fridge", "close the garage window",
        "cancel the oven timer", "read the weather alerts", "start the pool vacuum", "turn down the doorbell volume",
        "open the neighbour's garage door", "open the second garage door", "heat the living room aquarium to 26 degrees",
        "turn on the kitchen and dining room lights", "open the bedroom and office blinds", "open the garage door and the gate",
        "turn off the heating in the bathroom", "set the kitchen fan to 50 percent",
    ])
    func anotherThingIsNotActedOn(text: String) async throws {
        try await Corpus.expectIgnored(text)
    }

    @Test(arguments: [
        ("turn on the big kitchen light", "light_power", ["room": "kitchen", "state": "on"]),
        ("turn the main bedroom lights off", "light_power", ["room": "bedroom", "state": "off"]),
        ("hark kitchen extractor fan on", "fan_power", ["room": "kitchen", "state": "on"]),
        ("turn off the heating in the house", "heating_power", ["state": "off"]),
        ("close the blinds in the kitchen, the sun's in my eyes", "blinds", ["action": "close", "room": "kitchen"]),
        ("turn the sound down", "volume", ["direction": "down"]),
        ("pls close garage dr", "garage_door", ["action": "close"]),
    ])
    func theUsualWordsForADeclaredThingAreActedOn(text: String, intent: String, values: [String: String]) async throws {
        try await Corpus.expectUnderstood(text, as: intent, values)
    }
}
