import HarkCore
import Testing

@Test func backoffDoublesWithJitterUpToTheCapAndResets() {
    var b = ReconnectBackoff(base: .seconds(1), cap: .seconds(30))
    #expect(b.next(unit: 1) == .seconds(1))
    #expect(b.next(unit: 0) == .seconds(1))  // half of 2 s
    #expect(b.next(unit: 1) == .seconds(4))
    for _ in 0..<10 { _ = b.next(unit: 1) }
    #expect(b.next(unit: 1) == .seconds(30))
    #expect(b.next(unit: 0) == .seconds(15))
    b.reset()
    #expect(b.next(unit: 0.5) == .milliseconds(750))
}
