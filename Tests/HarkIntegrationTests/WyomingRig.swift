import Foundation
import HarkTestSupport
import Testing

/// A real `hark run` with `[wyoming]` on a free port (and a real broker), driven by the real
/// `wyoming==1.10.2` Python package from a private venv (scripts/wyoming/venv.sh creates it once).
final class WyomingRig {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let broker: MosquittoBroker
    let daemon: ChildProcess
    let port: Int
    let dir: URL
    let socket: NotifySocket

    /// The venv's python (created on first use; pinned wyoming==1.10.2).
    static let python: String = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: root.appendingPathComponent("scripts/wyoming/venv.sh").path)
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = FileHandle.nullDevice
        try? p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// - home: the daemon's HOME (for an `~/.asoundrc` with test devices); the caller's by default.
    init(wyoming extra: String = "", models: String? = nil, audio: String = "[audio]\nenabled = false", home: URL? = nil) throws {
        broker = try MosquittoBroker()
        port = try FreePort.find()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-wyoming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("hark.toml").path
        try """
            [device]
            id = "wyo"
            state_dir = "state"
            [log]
            stats_interval = "1s"
            \(audio)
            [mqtt]
            host = "127.0.0.1"
            port = \(broker.port)
            [models]
            dir = "\(models ?? dir.appendingPathComponent("no-models").path)"
            [wyoming]
            enabled = true
            port = \(port)
            \(extra)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        socket = try NotifySocket()
        var env = ProcessInfo.processInfo.environment
        env["NOTIFY_SOCKET"] = socket.path
        env.removeValue(forKey: "JOURNAL_STREAM")
        if let home { env["HOME"] = home.path }
        daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        guard socket.waitFor("READY=1", timeout: .seconds(60)) != nil else {
            throw RigError.notReady(daemon.errorOutput())
        }
        // READY comes when the services started; the listener binds right after.
        let deadline = ContinuousClock.now + .seconds(10)
        while !FreePort.accepts(port: port), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    enum RigError: Error { case notReady(String) }

    /// The installed models (make models) whose file names start with one of `prefixes`, in a
    /// folder of their own with a manifest listing only them: the daemon checks every listed
    /// file's sha256 at start, which for all the models takes minutes in a debug build.
    static func models(_ prefixes: [String]) throws -> String {
        let source = root.appendingPathComponent("models")
        let data = try Data(contentsOf: source.appendingPathComponent("manifest.json"))
        var manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = (manifest["files"] as? [String: Any]) ?? [:]
        let kept = files.filter { name, _ in prefixes.contains { name.hasPrefix($0) } }
        manifest["files"] = kept
        // Hard links (the store checks sizes without following symlinks) next to the models, on their file system.
        let dir = root.appendingPathComponent(".build/wyoming-test-models/\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in kept.keys {
            let from = source.appendingPathComponent(name), to = dir.appendingPathComponent(name)
            do { try FileManager.default.linkItem(at: from, to: to) } catch { try FileManager.default.copyItem(at: from, to: to) }
        }
        try JSONSerialization.data(withJSONObject: manifest).write(to: dir.appendingPathComponent("manifest.json"))
        return dir.path
    }

    /// Runs a script under scripts/wyoming with the venv's python; its stdout parsed as a JSON object.
    func run(_ script: String, _ args: [String]) throws -> (status: Int32, json: [String: Any], stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = [Self.root.appendingPathComponent("scripts/wyoming/\(script)").path] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (p.terminationStatus, json, errText)
    }

    func client(_ args: String...) throws -> [String: Any] {
        let r = try run("ha_client.py", ["--port", String(port)] + args)
        #expect(r.status == 0, "ha_client \(args): \(r.stderr)")
        return r.json
    }

    var rssKiB: Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(daemon.pid)/status", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
    }

    func stop() -> Int32? {
        let status = daemon.terminate(grace: .seconds(5))
        broker.stop()
        return status
    }
}
