import HarkCore
import Testing

/// Issue 15: speech as a recogniser writes it and chat as people type it, made fluent before it is
/// read; nothing else of the text changes.
@Suite struct DisfluencyTests {
    @Test(arguments: [
        ("um, turn on the kit- the bedroom light", "turn on the bedroom light"),
        ("turn off the living room- no wait, the bedroom lights", "turn off the bedroom lights"),
        ("uh, set a timer for twenty- twenty five minutes", "set a timer for twenty five minutes"),
        ("what is the temperature in the kitch- in the office", "what is the temperature in the office"),
        ("set the living room light to eighty percent- sorry, eighty five percent", "set the living room light to eighty five percent"),
        ("stop the, uh, the music, I need to make a phone call", "stop the music, I need to make a phone call"),
        ("turn the bedroom fan off, it's, uh, it's getting chilly", "turn the bedroom fan off, it's getting chilly"),
        ("lights, um, lights on in the hallway", "lights on in the hallway"),
        ("turn offff the bathroom light", "turn off the bathroom light"),
        ("nooo it's the vacuum again", "no it's the vacuum again"),
        ("pleeease lights off #goodnight #cozy", "please lights off"),
    ])
    func disfluenciesAreRemoved(said: String, meant: String) {
        #expect(TextNormalizer.fluent(said) == meant)
    }

    /// Said so on purpose, or not a disfluency at all: left as written.
    @Test(arguments: [
        "vol-", "go go go, open the garage", "timer timer timer timer", "set the bedroom temperature to twenty twenty one degrees",
        "turn on the living-room light", "turn on the kitchen light -- sent from my phone", "set the temperature to -5 degrees",
        "dim the lights to 20 20 percent", "lights off #1 priority",
    ])
    func textWithoutDisfluencyIsUnchanged(text: String) {
        #expect(TextNormalizer.fluent(text) == text)
    }

    /// A correction's repair in place of the words it starts as; the request's verb always stays.
    @Test func aRepairReplacesTheWordsItStartsAs() {
        let w = TextNormalizer.words
        #expect(TextNormalizer.spliced(w("lock the back"), repair: w("the front door")) == w("lock the front door"))
        #expect(TextNormalizer.spliced(w("set the office temperature to twenty five"), repair: w("twenty four degrees"))
                == w("set the office temperature to twenty four degrees"))
        #expect(TextNormalizer.spliced(w("lock the back"), repair: w("front door")) == nil)
        #expect(TextNormalizer.spliced(w("lock"), repair: w("lock the door")) == nil)
        #expect(TextNormalizer.spliced(w("open the garage"), repair: w("open the blinds")) == nil) // the verb is not replaced
    }
}
