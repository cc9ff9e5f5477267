import HarkCore
import Testing

@Suite struct TimeoutTests {
    struct Late: Error, Equatable {}

    @Test func aQuickBodyReturnsItsValue() async throws {
        #expect(try await withTimeout(.seconds(5)) { 42 } == 42)
    }

    @Test func theBodysOwnErrorComesThrough() async {
        await #expect(throws: Late.self) { try await withTimeout(.seconds(5)) { throw Late() } }
    }

    /// A body that ignores cancellation (like a network stack slow to unwind) does not hold the
    /// caller past the limit; the caller gets the given error.
    @Test func returnsAtTheLimitEvenIfTheBodyIgnoresCancellation() async {
        let start = ContinuousClock.now
        await #expect(throws: Late.self) {
            try await withTimeout(.milliseconds(100), error: Late()) {
                let end = ContinuousClock.now + .seconds(2)
                while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(10)) } // never throws
                return 1
            }
        }
        #expect(ContinuousClock.now - start < .milliseconds(1000))
    }

    @Test func cancellingTheCallerEndsTheWait() async {
        let task = Task { try await withTimeout(.seconds(10)) { try await Task.sleep(for: .seconds(10)); return 1 } }
        try? await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
