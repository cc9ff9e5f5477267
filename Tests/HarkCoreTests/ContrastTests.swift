import HarkCore
import Testing

/// A clause that only rules out the opposite of a polarity said elsewhere confirms the request:
/// it is dropped before matching; one that rules out what the rest says, or says no polarity, stays.
@Suite struct ContrastTests {
    @Test(arguments: [
        ("volume up, not down", "volume up"),
        ("turn on the kitchen fan, not off", "turn on the kitchen fan"),
        ("lock the side door, not unlock, lock", "lock the side door, lock"),
        ("no, unlock the front door, not lock it", "no, unlock the front door"),
        ("shut the curtains, don't leave them open", "shut the curtains"),
    ])
    func aRuledOutOppositeIsDropped(text: String, expected: String) {
        #expect(PolarityGuard.withoutContrast(text) == expected)
    }

    @Test(arguments: [
        "turn the fan on, not off, no wait, off", // the ruled-out polarity is said again
        "volume up, not the kitchen",
        "not down, volume up please", // nothing before it: a correction, read as such
    ])
    func otherClausesStay(text: String) {
        #expect(PolarityGuard.withoutContrast(text) == text)
    }
}
