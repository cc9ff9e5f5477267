import Foundation
import HarkMQTT
import HarkTestSupport
import Logging
import Synchronization
import Testing

/// What is installed in the repository's models folder (`make models`).
enum InstalledModels {
    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["HARK_MODELS_DIR"] { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models")
    }

    static func manifestMentions(_ word: String) -> Bool {
        let text = (try? String(contentsOf: directory.appendingPathComponent("manifest.json"), encoding: .utf8)) ?? ""
        return text.lowercased().contains(word)
    }

    static var whisper: Bool { manifestMentions("whisper") }

    /// The installed models without MiniLM (the voice path does not need it, and the daemon
    /// verifies every installed file at start, which takes minutes in a debug build on a busy
    /// machine), copied with their own manifest.
    static func withoutMiniLM(in parent: URL, keep: (String) -> Bool = { _ in true }) throws -> URL {
        let dir = parent.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = try Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        guard var root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = root["files"] as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        let kept = files.filter { !$0.key.lowercased().contains("minilm") && keep($0.key) }
        for name in kept.keys {
            try FileManager.default.copyItem(at: directory.appendingPathComponent(name).resolvingSymlinksInPath(),
                                             to: dir.appendingPathComponent(name))
        }
        root["files"] = kept
        try JSONSerialization.data(withJSONObject: root).write(to: dir.appendingPathComponent("manifest.json"))
        return dir
    }
    static var wake: Bool { manifestMentions("okay_nabu") }
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/voice")
    }
}

/// Feeds a microphone made of the ALSA `file` plugin reading a FIFO: silence at about twice real
/// time, and a recording when asked (bit for bit, padded to whole periods), so the daemon's
/// capture is paced by what the test writes.
final class FIFOMicrophone: @unchecked Sendable {
    let path: String
    private let queue = Mutex<[[Int16]]>([])
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(directory: URL) throws {
        path = directory.appendingPathComponent("mic.fifo").path
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let thread = Thread { [self] in run() }
        thread.start()
    }

    /// `pcm.harkmic` for the daemon's ~/.asoundrc.
    var asoundrc: String {
        """
        pcm.harkmic { type plug; slave.pcm { type file; slave.pcm "null"; file "/dev/null"; format "raw"; infile "\(path)" } }
        """
    }

    func play(_ samples: [Int16]) { queue.withLock { $0.append(samples) } }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        done.wait()
    }

    private func run() {
        defer { done.signal() }
        // Wait for the daemon to open its microphone (ENXIO until a reader is there).
        var fd: Int32 = -1
        while fd < 0 {
            if stopping.load(ordering: .relaxed) { return }
            fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd < 0 { Thread.sleep(forTimeInterval: 0.02) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        defer { close(fd) }
        signal(SIGPIPE, SIG_IGN)
        // Whole 512-frame periods per write (atomic on a pipe): the `file` plugin fills a period it
        // reads short with stale samples, so the FIFO must never hold part of a period.
        let step = 3 * 512
        let silence = [Int16](repeating: 0, count: step)
        var pending: [Int16] = []
        while !stopping.load(ordering: .relaxed) {
            if pending.isEmpty, let next = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { pending = next }
            var chunk = pending.isEmpty ? silence : Array(pending.prefix(step))
            if !pending.isEmpty { pending.removeFirst(min(step, pending.count)) }
            chunk += repeatElement(0, count: step - chunk.count)
            let ok = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == chunk.count * 2
            if !ok { return }
            Thread.sleep(forTimeInterval: 0.048)  // 96 ms of audio every 48 ms
        }
    }
}

/// The real daemon hearing spoken commands through real alsa-lib capture, actions at a real
/// mosquitto; `hark listen` on the same recording agrees. Needs the Whisper model (and for the
/// wake tests the wake models) installed by `make models`.
/// Loading is slow in a debug build (every model file's sha256 is checked at start: minutes for
/// Whisper's 150 MB on a busy machine), hence the long waits for "online" and the first result.
@Suite(.serialized, .timeLimit(.minutes(15)), .enabled(if: InstalledModels.whisper, "the Whisper model is not installed (make models)"))
struct DaemonVoiceTests {
    static func setup(broker: MosquittoBroker, mode: String, models keep: (String) -> Bool = { _ in true }) throws
        -> (config: String, env: [String: String], dir: URL, mic: FIFOMicrophone) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-voice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mic = try FIFOMicrophone(directory: dir)
        try mic.asoundrc.write(to: dir.appendingPathComponent(".asoundrc"), atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("hark.toml").path
        let models = try InstalledModels.withoutMiniLM(in: dir, keep: keep)
        try """
            [device]
            id = "dev1"
            state_dir = "state"
            [audio]
            device = "harkmic"
            queue_periods = 1024
            [wake]
            mode = "\(mode)"
            listen_timeout = "6s"
            [models]
            dir = "\(models.path)"
            [mqtt]
            host = "127.0.0.1"
            port = \(broker.port)
            hermes = true
            [[intent]]
            name = "fan_power"
            sentences = ["turn (on|off){state} the {room} fan", "switch (on|off){state} the {room} fan"]
            slots = { room = ["kitchen", "office", "bedroom"] }
            topic = "home/{room}/fan/set"
            payload = "{state}"
            reply = "Turning the {room} fan {state}"
            [[intent]]
            name = "timer_set"
            sentences = ["set a timer for {minutes} minutes"]
            slots = { minutes = "1..60" }
            topic = "home/timer/start"
            payload = "{minutes}"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = dir.path
        return (config, env, dir, mic)
    }

    static func wav(_ name: String) throws -> [Int16] {
        let data = try Data(contentsOf: InstalledModels.fixtures.appendingPathComponent("\(name).wav"))
        return data.withUnsafeBytes { r in (0..<((data.count - 44) / 2)).map { r.loadUnaligned(fromByteOffset: 44 + $0 * 2, as: Int16.self) } }
    }

    static func listen(_ config: String, _ name: String) throws -> (Int32?, String) {
        let p = try ChildProcess(executable: BinaryLocator.hark.path,
                                 arguments: ["listen", "--config", config, "--dry-run", InstalledModels.fixtures.appendingPathComponent("\(name).wav").path],
                                 environment: ProcessInfo.processInfo.environment)
        let code = p.wait(timeout: .seconds(600))
        return (code, p.output())
    }

    @Test func aSpokenCommandThroughTheMicrophoneActsAndListenAgrees() async throws {
        let broker = try MosquittoBroker()
        let (config, env, _, mic) = try Self.setup(broker: broker, mode: "always")
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await DaemonIntentTests.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status", timeout: .seconds(600)) { $0.text == "online" } != nil)
        mic.play(try Self.wav("command"))
        let action = await box.waitFor("home/kitchen/fan/set", timeout: .seconds(120))
        #expect(action?.text == "on", "\(daemon.errorOutput().suffix(3000))")
        let reply = await box.waitFor("hark/dev1/reply")
        #expect(reply?.text.contains(#""transcript":"turn on the kitchen fan""#) == true, "\(reply?.text ?? "-")")
        #expect(reply?.text.contains(#""recognizer":"grammar""#) == true)
        #expect(await box.waitFor("hark/dev1/transcript") != nil)
        #expect(await box.waitFor("hermes/asr/textCaptured") != nil)

        let (code, out) = try Self.listen(config, "command")
        #expect(code == 0)
        #expect(out.contains(#""intent":"fan_power""#) && out.contains(#""room":"kitchen""#) && out.contains(#""state":"on""#), "\(out)")
        // Out of grammar: not acted on, and `hark listen` says so with exit 1.
        let (oogCode, oogOut) = try Self.listen(config, "command-oog")
        #expect(oogCode == 1, "\(oogOut)")
        #expect(!oogOut.contains(#""action""#))

        mic.stop()
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        await peer.stop()
        broker.stop()
    }

    @Test(.enabled(if: InstalledModels.wake, "the wake models are not installed"))
    func theWakePhraseOpensAWindowAndSpeechWithoutItDoesNot() async throws {
        let broker = try MosquittoBroker()
        let (config, env, _, mic) = try Self.setup(broker: broker, mode: "wake")
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await DaemonIntentTests.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status", timeout: .seconds(600)) { $0.text == "online" } != nil)
        // A command without the wake phrase: no window, no action.
        mic.play(try Self.wav("command"))
        try await Task.sleep(for: .seconds(5))
        #expect(box.messages.allSatisfy { $0.topic != "hark/dev1/listening" && $0.topic != "home/kitchen/fan/set" })
        // "okay nabu … turn off the office fan".
        mic.play(try Self.wav("wake-pause-command"))
        #expect(await box.waitFor("hark/dev1/wake", timeout: .seconds(120)) { $0.text.contains("okay_nabu") } != nil)
        #expect(await box.waitFor("hermes/hotword/okay_nabu/detected") != nil)
        #expect(await box.waitFor("hark/dev1/listening") { $0.text.contains(#""state":"open""#) } != nil)
        #expect(await box.waitFor("home/office/fan/set", timeout: .seconds(120))?.text == "off", "\(daemon.errorOutput().suffix(3000))")
        // In the same breath.
        mic.play(try Self.wav("wake-same-breath"))
        // The command in the same breath is cut from the utterance at the wake detection; where the
        // cut lands moves with the capture period, and this synthetic clip's last word ("fan") is
        // marginal for the grammar (seen both accepted and rejected as "… office and"). Known and
        // open (docs/voice.md): the action is not yet reliable.
        let sameBreath = await box.waitFor("home/office/fan/set", timeout: .seconds(60)) { $0.text == "on" }
        withKnownIssue("a wake phrase and command in one breath is not yet recognised reliably", isIntermittent: true) {
            #expect(sameBreath != nil)
        }
        let (code, out) = try Self.listen(config, "wake-pause-command")
        // `hark listen` opens the window too and recognises the command after it…
        #expect(out.contains(#""transcript":"turn off the office"#), "\(out)")
        // …but on this clip it has been seen to reject the grammar result the daemon accepted (the
        // wake detection lands on the other side of the first utterance's end with 512-sample file
        // chunks than with the microphone's periods). Known and open: docs/voice.md.
        withKnownIssue("hark listen and the daemon can disagree on a wake-phrase clip", isIntermittent: true) {
            #expect(code == 0 && out.contains(#""intent":"fan_power""#), "\(out)")
        }
        mic.stop()
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        await peer.stop()
        broker.stop()
    }

    @Test func pushToTalkOverMQTT() async throws {
        let broker = try MosquittoBroker()
        let (config, env, _, mic) = try Self.setup(broker: broker, mode: "push_to_talk")
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await DaemonIntentTests.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status", timeout: .seconds(600)) { $0.text == "online" } != nil)
        try await Task.sleep(for: .milliseconds(500))
        mic.play(try Self.wav("command"))  // no request yet: ignored
        try await Task.sleep(for: .seconds(5))
        #expect(box.messages.allSatisfy { $0.topic != "home/kitchen/fan/set" })
        try await peer.publish(topic: "hark/dev1/listen", payload: [], qos: 1)
        #expect(await box.waitFor("hark/dev1/listening") { $0.text.contains("push_to_talk") } != nil)
        mic.play(try Self.wav("command"))
        #expect(await box.waitFor("home/kitchen/fan/set", timeout: .seconds(120))?.text == "on", "\(daemon.errorOutput().suffix(3000))")
        mic.stop()
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        await peer.stop()
        broker.stop()
    }
}

/// The listening side of the real daemon, with or without a speech model: push-to-talk over MQTT
/// opens a window, and the utterance heard through real alsa-lib capture (ALSA `file` plugin)
/// closes it with its times; speech without a request opens nothing.
@Suite(.serialized, .timeLimit(.minutes(2))) struct DaemonListeningTests {
    @Test func pushToTalkOpensAWindowThatTheNextUtteranceCloses() async throws {
        let broker = try MosquittoBroker()
        // Silero VAD only: no speech model (quick to start in a debug build).
        let (config, env, _, mic) = try DaemonVoiceTests.setup(broker: broker, mode: "push_to_talk", models: { $0.hasPrefix("silero") })
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await DaemonIntentTests.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status", timeout: .seconds(30)) { $0.text == "online" } != nil, "\(daemon.errorOutput())")
        try await Task.sleep(for: .milliseconds(500))
        mic.play(try DaemonVoiceTests.wav("command"))  // no request: nothing opens
        try await Task.sleep(for: .seconds(4))
        #expect(box.messages.allSatisfy { $0.topic != "hark/dev1/listening" }, "\(daemon.errorOutput().suffix(2000))")

        try await peer.publish(topic: "hark/dev1/listen", payload: [], qos: 1)
        let opened = await box.waitFor("hark/dev1/listening") { $0.text.contains(#""state":"open""#) }
        #expect(opened?.text.contains(#""trigger":"push_to_talk""#) == true)
        mic.play(try DaemonVoiceTests.wav("command"))
        let closed = await box.waitFor("hark/dev1/listening", timeout: .seconds(120)) { $0.text.contains(#""state":"closed""#) }
        #expect(closed?.text.contains(#""reason":"command""#) == true, "\(closed?.text ?? "-") \(daemon.errorOutput().suffix(2000))")
        // The utterance is the 1.5 s command that started after the window opened.
        if let text = closed?.text, let j = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
           let start = j["start_s"] as? Double, let end = j["end_s"] as? Double,
           let o = opened.flatMap({ try? JSONSerialization.jsonObject(with: Data($0.text.utf8)) as? [String: Any] }),
           let at = o["at_s"] as? Double {
            #expect(start >= at - 0.5 && end - start > 0.8 && end - start < 2.5, "window at \(at), utterance \(start)–\(end)")
        } else {
            Issue.record("unreadable window messages: \(opened?.text ?? "-") / \(closed?.text ?? "-")")
        }
        // And with no command in time, the window times out (6 s of audio: the debug build's VAD may
        // run behind the microphone on a busy machine, so the wall-clock wait is generous).
        try await peer.publish(topic: "hark/dev1/listen", payload: [], qos: 1)
        #expect(await box.waitFor("hark/dev1/listening", timeout: .seconds(120)) { $0.text.contains(#""reason":"timeout""#) } != nil,
                "\(daemon.errorOutput().suffix(2000))")
        mic.stop()
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        await peer.stop()
        broker.stop()
    }
}
