import Foundation
import Synchronization

/// How late this process's timers fire while an operation runs. A probe task on the cooperative
/// pool (where the code under test runs its own timers and continuations) sleeps 10 ms again and
/// again and keeps the worst overshoot. A test that bounds a duration adds a multiple of it to
/// its limit: on a loaded machine the bound widens by what the load actually cost in that run,
/// on a quiet one it stays tight, so the test still fails when the code itself waits too long.
public enum TimerLateness {
    /// Runs `body`, returning its value and the worst lateness seen meanwhile.
    /// A probe that has not run since its wake-up was due counts too: when other work holds every
    /// pool thread for seconds (tests doing heavy synchronous work run on the same pool), the probe
    /// cannot report its own lateness before `body` ends, but its missed wake-up (or its start, if
    /// it never ran) shows how long the pool was held.
    public static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, lateness: Duration) {
        try await measure(since: nil, body)
    }

    /// As `measure(_:)`, for a span that began at `start`, before this call: the hop into `measure`
    /// can itself wait seconds for a pool thread, and a probe that starts late counts that wait.
    public static func measure<T>(since start: ContinuousClock.Instant?,
                                  _ body: () async throws -> T) async rethrows -> (T, lateness: Duration) {
        let state = Mutex(ProbeState(due: (start ?? ContinuousClock.now) + .milliseconds(10)))
        let probe = Task {
            let started = ContinuousClock.now
            state.withLock { $0.worst = max($0.worst, started - $0.due) }
            while !Task.isCancelled {
                let due = ContinuousClock.now + .milliseconds(10)
                state.withLock { $0.due = due }
                do { try await Task.sleep(until: due, clock: .continuous) } catch { break }
                let late = ContinuousClock.now - due
                state.withLock { $0.worst = max($0.worst, late) }
            }
        }
        defer { probe.cancel() }
        let value = try await body()
        probe.cancel()
        let end = ContinuousClock.now
        return (value, state.withLock { max($0.worst, end - $0.due) })
    }
}

/// The probe's worst lateness so far and when its pending wake-up is due.
struct ProbeState: Sendable {
    var worst = Duration.zero
    var due: ContinuousClock.Instant
}

extension TimerLateness {
    /// Prints one `timing:` line (collected by the load runs: measured duration against its limit).
    public static func report(_ what: String, took: Duration, limit: Duration, lateness: Duration) {
        let margin = 100 * (1 - took / limit)
        print("timing: \(what): took \(ms(took)) ms, limit \(ms(limit)) ms, margin \(Int(margin.rounded(.down)))%, "
            + "timer lateness \(ms(lateness)) ms")
    }

    /// Milliseconds with one decimal.
    public static func ms(_ d: Duration) -> String { String(format: "%.1f", d / .milliseconds(1)) }
}
