import Foundation
import Synchronization

/// How late this process's timers fire while an operation runs. A probe task on the cooperative
/// pool (where the code under test runs its own timers and continuations) sleeps 10 ms again and
/// again and keeps the worst overshoot. A test that bounds a duration adds a multiple of it to
/// its limit: on a loaded machine the bound widens by what the load actually cost in that run,
/// on a quiet one it stays tight, so the test still fails when the code itself waits too long.
public enum TimerLateness {
    /// Runs `body`, returning its value and the worst lateness seen meanwhile.
    public static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, lateness: Duration) {
        let worst = Mutex<Duration>(.zero)
        let probe = Task {
            while !Task.isCancelled {
                let due = ContinuousClock.now + .milliseconds(10)
                do { try await Task.sleep(until: due, clock: .continuous) } catch { break }
                let late = ContinuousClock.now - due
                worst.withLock { $0 = max($0, late) }
            }
        }
        defer { probe.cancel() }
        let value = try await body()
        probe.cancel()
        return (value, worst.withLock { $0 })
    }
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
