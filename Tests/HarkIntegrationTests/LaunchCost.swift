import Foundation
import HarkTestSupport

/// What starting and ending the built `hark` costs on this machine right now: `hark version`
/// (same binary, same dynamic loading and runtime start-up, no work) timed from spawn to exit,
/// the worse of two runs. Lifecycle tests add it to their limits: the daemon's own promises
/// (ready within 2 s, stopped within 3 s) are about its work, while a loaded machine stretches
/// process start and exit for every program alike.
enum LaunchCost {
    static func measure() throws -> Duration {
        var worst = Duration.zero
        for _ in 0..<2 {
            let start = ContinuousClock.now
            let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["version"])
            guard run.wait(timeout: .seconds(60)) == 0 else { throw POSIXError(.EIO) }
            worst = max(worst, ContinuousClock.now - start)
        }
        return worst
    }
}
