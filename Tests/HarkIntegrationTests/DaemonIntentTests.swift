import Foundation
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// The real daemon: text commands over MQTT with the cloud stand-in, and alert explanations
/// that wait in the queue across a daemon restart.
@Suite(.serialized, .timeLimit(.minutes(3))) struct DaemonIntentTests {
    static let key = "sk-daemon-SECRET-777"

    static func setup(broker: MosquittoBroker, cloudURL: String, audio: String = "enabled = false") throws
        -> (config: String, env: [String: String], dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-daemon-intents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("creds"), withIntermediateDirectories: true)
        try "\(key)\n".write(to: dir.appendingPathComponent("creds/cloud-api-key"), atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("hark.toml").path
        try """
            [device]
            id = "dev1"
            state_dir = "state"
            [log]
            level = "debug"
            [audio]
            \(audio)
            [models]
            dir = "no-models"
            [mqtt]
            host = "127.0.0.1"
            port = \(broker.port)
            hermes = true
            [cloud]
            enabled = true
            base_url = "\(cloudURL)"
            deadline = "1500ms"
            request_timeout = "500ms"
            open_duration = "300ms"
            explain_alerts = true
            [[sensor]]
            name = "temp"
            topic = "plant/+/temp"
            [[rule]]
            name = "hot"
            sensor = "temp"
            kind = "above"
            threshold = 80
            for = "0s"
            severity = "major"
            [[intent]]
            name = "fan_power"
            sentences = ["turn (on|off){state} the {room} fan"]
            slots = { room = ["kitchen", "office"] }
            topic = "home/{room}/fan/set"
            payload = "{state}"
            reply = "Turning the {room} fan {state}"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        env["CREDENTIALS_DIRECTORY"] = dir.appendingPathComponent("creds").path
        env.removeValue(forKey: "HARK_CLOUD_API_KEY")
        return (config, env, dir)
    }

    static func peer(_ broker: MosquittoBroker, _ filter: String) async throws -> (MQTTClient, MessageBox) {
        let peer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "peer-\(UUID().uuidString.prefix(6))"),
                                  logger: Logger(label: "t"))
        let box = MessageBox()
        let stream = peer.subscribe(filter, qos: 1)
        Task { for await m in stream { box.add(m) } }
        peer.start()
        await peer.waitUntilConnected()
        await peer.waitUntilSubscribed(filter)
        return (peer, box)
    }

    @Test func commandsLocalAndCloudReachTheBrokerAndTheKeyIsNeverLogged() async throws {
        let broker = try MosquittoBroker()
        let server = try FakeChatCompletionsServer()
        let (config, env, _) = try Self.setup(broker: broker, cloudURL: server.baseURL)
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await Self.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status") { $0.text == "online" } != nil)
        #expect(await daemon.waitUntilSubscribed(["hark/dev1/command", "plant/+/temp"]), "\(daemon.errorOutput())")

        try await peer.publish(topic: "hark/dev1/command", payload: Array("turn on the office fan".utf8), qos: 1)
        #expect(await box.waitFor("home/office/fan/set")?.text == "on")
        #expect(await box.waitFor("hermes/intent/fan_power") != nil)

        server.enqueue(.toolCall(name: "fan_power", arguments: #"{"room":"kitchen","state":"off"}"#))
        try await peer.publish(topic: "hark/dev1/command", payload: Array(#"{"text":"it's freezing in the kitchen, stop that fan","id":"x"}"#.utf8), qos: 1)
        #expect(await box.waitFor("home/kitchen/fan/set")?.text == "off")
        let result = await box.waitFor("hark/dev1/intent/fan_power") { $0.text.contains(#""id":"x""#) }
        #expect(result?.text.contains(#""source":"cloud""#) == true)
        #expect(server.requests.first?.header("Authorization") == "Bearer \(Self.key)")

        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        let logs = daemon.output() + daemon.errorOutput()
        #expect(logs.contains("command handled"))
        #expect(!logs.contains("SECRET"))
        await peer.stop()
        server.shutdown()
        broker.stop()
    }

    /// `"speak": true` has the reply said through real alsa-lib: the ALSA `file` plugin (defined in
    /// the daemon's `~/.asoundrc`) records what reaches the speaker. The microphone is missing, so
    /// this also shows replies are spoken while capture is degraded.
    @Test func aCommandAskingToSpeakIsSaidOnTheSpeaker() async throws {
        let broker = try MosquittoBroker()
        let server = try FakeChatCompletionsServer()
        var (config, env, dir) = try Self.setup(broker: broker, cloudURL: server.baseURL, audio: """
            device = "no_such_mic"
            output_device = "harkout"
            """)
        let out = dir.appendingPathComponent("speaker.raw")
        try """
            pcm.harkout { type plug; slave.pcm { type file; slave.pcm "null"; file "\(out.path)"; format "raw" } }
            """.write(to: dir.appendingPathComponent(".asoundrc"), atomically: true, encoding: .utf8)
        env["HOME"] = dir.path
        let daemon = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await Self.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status") { $0.text == "online" } != nil)
        #expect(await daemon.waitUntilSubscribed(["hark/dev1/command", "plant/+/temp"]), "\(daemon.errorOutput())")

        try await peer.publish(topic: "hark/dev1/command", payload: Array(#"{"text":"turn on the kitchen fan","speak":true}"#.utf8), qos: 1)
        let reply = await box.waitFor("hark/dev1/reply")
        #expect(reply?.text.contains(#""reply":"Turning the kitchen fan on","spoken":true"#) == true)
        // Not asked to speak: nothing more reaches the speaker.
        try await peer.publish(topic: "hark/dev1/command", payload: Array("turn off the office fan".utf8), qos: 1)
        #expect(await box.waitFor("home/office/fan/set")?.text == "off")

        // Wait until what reaches the speaker stops growing.
        var samples: [Int16] = []
        var previous = -1
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(300))
            let data = (try? Data(contentsOf: out)) ?? Data()
            samples = data.withUnsafeBytes { r in (0..<(data.count / 2)).map { r.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self) } }
            if samples.count > 0, samples.count == previous { break }
            previous = samples.count
        }
        #expect(samples.count > 22_050 / 2)  // more than half a second of espeak-ng speech at 22.05 kHz
        #expect(samples.count < 22_050 * 5 / 2)  // one sentence (1.7 s), not both replies (3.3 s)
        #expect((samples.map { abs(Int($0)) }.max() ?? 0) > 1000)
        #expect(daemon.terminate(grace: .seconds(5)) == 0)
        await peer.stop()
        server.shutdown()
        broker.stop()
    }

    @Test func alertExplanationWaitsAcrossADaemonRestart() async throws {
        let broker = try MosquittoBroker()
        let server = try FakeChatCompletionsServer()
        server.stop() // the cloud is down
        let (config, env, _) = try Self.setup(broker: broker, cloudURL: server.baseURL)
        let first = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let (peer, box) = try await Self.peer(broker, "#")
        #expect(await box.waitFor("hark/dev1/status") { $0.text == "online" } != nil)
        #expect(await first.waitUntilSubscribed(["hark/dev1/command", "plant/+/temp"]), "\(first.errorOutput())")
        try await peer.publish(topic: "plant/line1/temp", payload: Array("93.5".utf8), qos: 1)
        // The raw alert goes out at once, cloud or not.
        #expect(await box.waitFor("hark/dev1/alerts/events") { $0.text.contains(#""event":"raised""#) } != nil)
        try await Task.sleep(for: .milliseconds(500))
        #expect(first.terminate(grace: .seconds(5)) == 0)
        #expect(box.messages.allSatisfy { !$0.topic.hasSuffix("/explanation") })

        server.setFallback(.text("Line 1 is overheating; check the cooling water flow."))
        try server.restart()
        let second = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["run", "--config", config], environment: env)
        let explanation = await box.waitFor("hark/dev1/alerts/hot-line1/explanation", timeout: .seconds(20))
        #expect(explanation?.text.contains("Line 1 is overheating") == true)
        #expect(server.requests.count == 1)
        #expect(second.terminate(grace: .seconds(5)) == 0)
        #expect(!(first.errorOutput() + second.errorOutput() + first.output() + second.output()).contains("SECRET"))
        await peer.stop()
        server.shutdown()
        broker.stop()
    }
}

final class MessageBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [MQTTMessage] = []

    func add(_ m: MQTTMessage) { lock.lock(); items.append(m); lock.unlock() }
    var messages: [MQTTMessage] { lock.lock(); defer { lock.unlock() }; return items }

    func waitFor(_ topic: String, timeout: Duration = .seconds(10), where predicate: (MQTTMessage) -> Bool = { _ in true }) async -> MQTTMessage? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let m = messages.first(where: { $0.topic == topic && predicate($0) }) { return m }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return nil
    }
}
