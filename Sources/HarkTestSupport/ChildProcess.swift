import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process spawned with a clean signal mask and default signal dispositions.
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and Dispatch/Swift Testing
/// worker threads block SIGTERM, SIGHUP and SIGINT: a daemon spawned that way never sees them.
/// Output goes to files (no pipes to fill up); read them with `output()` / `errorOutput()`.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let stdoutURL: URL
    public let stderrURL: URL
    private let lock = NSLock()
    private var status: Int32?

    public init(
        executable: String, arguments: [String], environment: [String: String]? = nil
    ) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        stdoutURL = dir.appendingPathComponent("stdout")
        stderrURL = dir.appendingPathComponent("stderr")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = [executable] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attr, &cArgs, &cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        pid = child
    }

    deinit {
        if isRunning { kill(pid, SIGKILL); _ = wait(timeout: .seconds(5)) }
    }

    public func signal(_ signal: Int32) { if isRunning { kill(pid, signal) } }

    public var isRunning: Bool { reap(block: false) == nil }

    /// Exit status (or 128 + signal number), or nil if still running after `timeout`.
    @discardableResult
    public func wait(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = reap(block: false) { return status }
            usleep(5_000)
        }
        return reap(block: false)
    }

    /// SIGTERM, then SIGKILL if it has not exited after `grace`.
    @discardableResult
    public func terminate(grace: Duration = .seconds(5)) -> Int32? {
        signal(SIGTERM)
        if let status = wait(timeout: grace) { return status }
        kill(pid, SIGKILL)
        return wait(timeout: .seconds(5))
    }

    public func output() -> String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    public func errorOutput() -> String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    private func reap(block: Bool) -> Int32? {
        lock.lock(); defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, block ? 0 : WNOHANG)
        guard r == pid else { return nil }
        let termSig = raw & 0x7f
        status = termSig == 0 ? (raw >> 8) & 0xff : 128 + termSig
        return status
    }
}
