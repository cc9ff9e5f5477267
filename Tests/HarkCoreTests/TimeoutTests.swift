import HarkCore
import HarkTestTiming
import Synchronization
import Testing

@Suite struct TimeoutTests {
    struct Late: Error, Equatable {}

    /// Set once, read from any task.
    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    @Test func aQuickBodyReturnsItsValue() async throws {
        #expect(try await withTimeout(.seconds(5)) { 42 } == 42)
    }

    @Test func theBodysOwnErrorComesThrough() async {
        await #expect(throws: Late.self) { try await withTimeout(.seconds(5)) { throw Late() } }
    }

    /// A body that ignores cancellation (like a network stack slow to unwind) does not hold the
    /// caller past the limit; the caller gets the given error. The body would run 300 s (it stops
    /// once the caller is back, so the test stays short); the caller must be back within the 100 ms
    /// limit plus 900 ms of slack (quiet-machine measurement: ~100 ms) plus three times the timer
    /// lateness measured meanwhile, from before the call: far below 300 s unless timers run over
    /// 99 s late, which the last check reports. (Seen with the HarkCore and HarkIntents suites
    /// running together on 2 cores, CPU-bound tests holding both pool threads: 31 s late.)
    @Test func returnsAtTheLimitEvenIfTheBodyIgnoresCancellation() async {
        let body = Duration.seconds(300)
        let callerBack = Flag()
        let start = ContinuousClock.now
        let (_, lateness) = await TimerLateness.measure(since: start) {
            await #expect(throws: Late.self) {
                try await withTimeout(.milliseconds(100), error: Late()) {
                    let end = ContinuousClock.now + body
                    while ContinuousClock.now < end, !callerBack.isSet { try? await Task.sleep(for: .milliseconds(10)) } // never throws
                    return 1
                }
            }
        }
        let took = ContinuousClock.now - start
        callerBack.set()
        let limit = Duration.milliseconds(1000) + lateness * 3
        TimerLateness.report("TimeoutTests.returnsAtTheLimit", took: took, limit: limit, lateness: lateness)
        #expect(took < limit)
        #expect(limit < body, "timers ran \(lateness) late: too loaded to tell waiting for the body from not")
    }

    @Test func cancellingTheCallerEndsTheWait() async {
        let task = Task { try await withTimeout(.seconds(10)) { try await Task.sleep(for: .seconds(10)); return 1 } }
        try? await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        let (_, lateness) = await TimerLateness.measure(since: start) {
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
        let took = ContinuousClock.now - start
        // Far below the 10 s the body would take: 1 s plus three times the measured lateness.
        let limit = Duration.seconds(1) + lateness * 3
        TimerLateness.report("TimeoutTests.cancellingTheCaller", took: took, limit: limit, lateness: lateness)
        #expect(took < limit)
    }
}
