import Foundation
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// `hark say` with the real binary: one JSON line, and the action reaches a real broker.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SayCommandTests {
    static func writeConfig(brokerPort: Int, cloudURL: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-say-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("hark.toml").path
        try """
            [mqtt]
            host = "127.0.0.1"
            port = \(brokerPort)
            [models]
            dir = "no-models-here"
            [cloud]
            enabled = \(cloudURL != nil)
            base_url = "\(cloudURL ?? "http://127.0.0.1:9/v1")"
            deadline = "1s"
            request_timeout = "400ms"
            [[intent]]
            name = "light_power"
            sentences = ["turn (on|off){state} the {room} light"]
            slots = { room = ["kitchen", "living room"] }
            topic = "home/{room}/light/set"
            payload = '{{"state": "{state}"}}'
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func run(_ args: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (Int32?, String, String) {
        let p = try ChildProcess(executable: BinaryLocator.hark.path, arguments: args, environment: environment)
        let code = p.wait(timeout: .seconds(30))
        return (code, p.output(), p.errorOutput())
    }

    @Test func printsTheResultAndTheActionReachesTheBroker() async throws {
        let broker = try MosquittoBroker()
        let config = try Self.writeConfig(brokerPort: broker.port)
        let peer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "say-peer"), logger: Logger(label: "t"))
        let actions = peer.subscribe("home/#", qos: 1)
        peer.start()
        await peer.waitUntilConnected()
        await peer.waitUntilSubscribed("home/#")

        let (code, out, err) = try Self.run(["say", "--config", config, "turn off the kitchen light"])
        #expect(code == 0, "\(err)")
        let lines = out.split(separator: "\n")
        #expect(lines.count == 1)
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix(#"{"text":"turn off the kitchen light","intent":"light_power","slots":{"room":"kitchen","state":"off"},"confidence":1,"source":"local","method":"exact","latency_ms":"#))
        #expect(line.contains(#""action":{"topic":"home/kitchen/light/set","payload":"{\"state\": \"off\"}"}"#))
        #expect(line.hasSuffix(#","executed":true}"#))
        let reader = Task { () -> MQTTMessage? in
            for await m in actions { return m }
            return nil
        }
        let timer = Task { try await Task.sleep(for: .seconds(5)); reader.cancel(); await peer.stop() }
        let received = await reader.value
        timer.cancel()
        #expect(received?.topic == "home/kitchen/light/set")
        #expect(received?.text == #"{"state": "off"}"#)

        // --dry-run publishes nothing; not understood exits 1.
        let (dryCode, dryOut, _) = try Self.run(["say", "--config", config, "--dry-run", "turn", "on", "the", "living", "room", "light"])
        #expect(dryCode == 0)
        #expect(dryOut.contains(#""executed":false"#))
        let (noCode, noOut, _) = try Self.run(["say", "--config", config, "make me a sandwich"])
        #expect(noCode == 1)
        #expect(noOut.contains(#""intent":null"#) && noOut.contains(#""reply":"Sorry, I didn't understand that.""#))
        await peer.stop()
        broker.stop()
    }

    @Test func unreachableCloudAnswersAtOnceAndTheKeyStaysOutOfTheOutput() async throws {
        let broker = try MosquittoBroker()
        let server = try FakeChatCompletionsServer()
        server.setFallback(.hang)
        let config = try Self.writeConfig(brokerPort: broker.port, cloudURL: server.baseURL)
        var env = ProcessInfo.processInfo.environment
        env["HARK_CLOUD_API_KEY"] = "sk-say-SECRET-42"
        let start = ContinuousClock.now
        let (code, out, err) = try Self.run(["say", "--config", config, "--dry-run", "what is the meaning of life"], environment: env)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(code == 1)
        #expect(out.contains(#""reply":"I can't reach the cloud right now.""#))
        #expect(out.contains(#""note":"cloud timed out""#))
        #expect(!out.contains("SECRET") && !err.contains("SECRET"))
        #expect(server.requests.first?.header("Authorization") == "Bearer sk-say-SECRET-42")
        server.shutdown()
        broker.stop()
    }
}
