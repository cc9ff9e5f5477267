import Foundation

/// A real mosquitto broker on a random loopback port, started and stopped by a test.
///
/// `extraConfig` lines are appended to the generated mosquitto.conf (e.g. `max_queued_messages 0`
/// for flood tests). `stop()` sends SIGTERM; `kill()` sends SIGKILL; `restart()` starts a new
/// broker process on the same port with the same persistence directory.
public final class MosquittoBroker: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let extraConfig: [String]
    private var process: ChildProcess?
    private let lock = NSLock()

    public init(extraConfig: [String] = []) throws {
        self.extraConfig = extraConfig
        self.port = try FreePort.find()
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hark-mosquitto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    deinit { stop() }

    public static var executable: String {
        for path in ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"]
        where FileManager.default.isExecutableFile(atPath: path) { return path }
        return "/usr/sbin/mosquitto"
    }

    /// Starts the broker (again) and waits until it accepts connections.
    public func start() throws {
        lock.lock(); defer { lock.unlock() }
        guard process == nil else { return }
        let conf = directory.appendingPathComponent("mosquitto.conf")
        let lines = [
            "listener \(port) 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            "persistence_location \(directory.path)/",
            "log_dest file \(directory.path)/mosquitto.log",
            "user root",
        ] + extraConfig
        try (lines.joined(separator: "\n") + "\n").write(to: conf, atomically: true, encoding: .utf8)
        let p = try ChildProcess(executable: Self.executable, arguments: ["-c", conf.path])
        process = p
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if FreePort.accepts(port: port) { return }
            if !p.isRunning { break }
            usleep(20_000)
        }
        throw BrokerError.didNotStart(port: port, log: (try? String(contentsOf: directory.appendingPathComponent("mosquitto.log"), encoding: .utf8)) ?? "")
    }

    /// Graceful stop (SIGTERM); the broker saves its persistence file.
    public func stop() { end(signal: SIGTERM) }

    /// Abrupt stop (SIGKILL).
    public func kill() { end(signal: SIGKILL) }

    public func restart() throws {
        stop()
        try start()
    }

    private func end(signal: Int32) {
        lock.lock(); defer { lock.unlock() }
        guard let p = process else { return }
        p.signal(signal)
        if p.wait(timeout: .seconds(10)) == nil {
            p.signal(SIGKILL)
            p.wait(timeout: .seconds(5))
        }
        process = nil
    }

    public enum BrokerError: Error, CustomStringConvertible {
        case didNotStart(port: Int, log: String)
        public var description: String {
            switch self {
            case let .didNotStart(port, log): "mosquitto did not start on 127.0.0.1:\(port): \(log)"
            }
        }
    }
}
