import HarkCore
import HarkIntents
import Testing

/// Issue 15: long and disfluent speech — a request withdrawn further on, one waiting for a signal,
/// thinking aloud without deciding, stories and complaints that name the devices — is not acted on;
/// a request whose speaker decides, or repairs a word, is. Templates only, no model.
@Suite struct UndecidedSpeechTests {
    @Test(arguments: [
        "set a timer for ten minutes, oh, hang on, never mind, it's already done",
        "hold on, before you open the garage door, let me move the bikes, I'll tell you when",
        "maybe the bedroom light on, maybe not, um, I'll think about it",
        "I armed the security system before we left and then the cat set it off",
        "in summer we'll need the bedroom fan on all night, I reckon",
        "the garage door opens halfway and stops, the back door lock sticks, I'm going to complain to the landlord",
        "the music pauses on its own, the volume jumps up, it's, it's driving me mad",
        "ok, first I close the garage, then I put the bins out",
        "write this down for the babysitter: bedtime at seven, lights off in the bedroom at half past",
    ])
    func undecidedOrWithdrawnIsNotActedOn(text: String) async throws {
        try await Corpus.expectIgnored(text)
    }

    @Test(arguments: [
        ("um, turn on the kit- the bedroom light", "light_power", ["room": "bedroom", "state": "on"]),
        ("close the bedroom- no, the office curtains", "blinds", ["room": "office", "action": "close"]),
        ("uh, set a timer for twenty- twenty five minutes", "timer_set", ["minutes": "25"]),
        ("stop the, uh, the music, I need to make a phone call", "media_control", ["command": "stop"]),
        ("hmm, should I... yeah, turn the heating on", "heating_power", ["state": "on"]),
        ("never mind the pasta, cancel the timer", "timer_cancel", [:]),
        ("lock the back, no, the front door", "door_lock", ["door": "front", "action": "lock"]),
        ("set the office temperature to twenty five, no, twenty four degrees", "thermostat_set", ["zone": "office", "degrees": "24"]),
    ])
    func aDecidedOrRepairedRequestIsActedOn(text: String, intent: String, values: [String: String]) async throws {
        try await Corpus.expectUnderstood(text, as: intent, values)
    }
}
