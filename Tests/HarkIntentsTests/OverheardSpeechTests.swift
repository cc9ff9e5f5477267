import HarkCore
import HarkIntents
import Testing

/// Issue 15: what an always-on microphone overhears (adverts, broadcasts, videos, people asking each
/// other), talk about Hark (what it can do, rules for later, preferences) and messages said not to
/// be for it are not acted on; a preamble before a colon does not stop the request after it.
/// Templates only, no model.
@Suite struct OverheardSpeechTests {
    @Test(arguments: [
        "the new liftmaster, now half price. open the garage", "let me know in the comments. set a timer for 10 minutes",
        "grab me a drink while you're up and switch the kitchen light off", "my boss wants us to set a timer for 15 minutes",
        "in the demo we'll ask it to set a timer for 5 minutes", "next time i mention a film, activate the movie scene",
        "from now on, lock the front door", "could you in theory arm the security system",
        "new text from sarah: can you open the garage", "this isn't for you hark: turn the volume down",
        "step one, switch the kitchen light off", "go and close the garage", "play pump up the volume",
    ])
    func overheardOrAboutHarkIsNotActedOn(text: String) async throws {
        try await Corpus.expectIgnored(text)
    }

    @Test(arguments: [
        ("I'll give you another chance: set the brightness in the hallway to 70 percent", "light_brightness", ["room": "hallway", "percent": "70"]),
        ("office light: off", "light_power", ["room": "office", "state": "off"]),
        ("hark at last, turn the heating off", "heating_power", ["state": "off"]),
    ])
    func aRequestAfterAPreambleIsActedOn(text: String, intent: String, values: [String: String]) async throws {
        try await Corpus.expectUnderstood(text, as: intent, values)
    }
}
