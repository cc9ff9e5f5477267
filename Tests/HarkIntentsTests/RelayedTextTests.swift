import HarkCore
import HarkIntents
import Testing

/// Issue 15: text on the message bus that was relayed, not asked — Hark's own replies and status
/// reports echoed back, log, changelog and help text, quoted replies, other bots' commands — is not
/// acted on; a person's chat-style request is. Templates only, no model.
@Suite struct RelayedTextTests {
    @Test(arguments: [
        "Turning the kitchen light off", "Hark: Turning the bathroom light on", "Setting the bedroom to 19 degrees",
        "Checking the office temperature", "Here are the active alerts", "Timer set for 10 minutes",
        "office light brightness set to 40 percent", "timer for 10 minutes finished", "Hark bot: Garage door: close",
        "hark> The front door: lock", "hark replied: The back door: unlock", "\u{1F916} Hark: movie scene",
        "v2.3.1 - unlock the back door now requires PIN", "refactor: stop the vacuum via new API", "example: turn on the kitchen light",
        "Usage: /hark <command>, e.g. /hark lock the front door", "Help: to open the garage, type /hark open the garage",
        "Step 3: close the living room curtains with the remote", "> set a timer for 20 minutes   that's what I told you yesterday",
        "/spotify pause the music", "!dj stop playback", "/roomba start the vacuum", "Try saying \"set a timer for 5 minutes\"",
        "2026-12-01 07:12:03 garage door open", "Warning, do not open the garage door while the motor is being serviced",
    ])
    func relayedTextIsNotActedOn(text: String) async throws {
        try await Corpus.expectIgnored(text)
    }

    @Test(arguments: [
        ("@hark turn off the kitchen light pls", "light_power", ["room": "kitchen", "state": "off"]),
        ("/hark unlock the back door", "door_lock", ["door": "back", "action": "unlock"]),
        ("kitchen light: off", "light_power", ["room": "kitchen", "state": "off"]),
        ("turn the heating offfff pls", "heating_power", ["state": "off"]),
        ("lights off in the living room #goodnight", "light_power", ["room": "living room", "state": "off"]),
        ("set a timer for 10 minutes", "timer_set", ["minutes": "10"]),
        ("vol-", "volume", ["direction": "down"]),
    ])
    func chatStyleRequestsAreActedOn(text: String, intent: String, values: [String: String]) async throws {
        try await Corpus.expectUnderstood(text, as: intent, values)
    }
}
