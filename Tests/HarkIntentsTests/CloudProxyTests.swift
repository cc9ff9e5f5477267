import Foundation
import HarkCloud
import HarkCore
import HarkIntents
import HarkTestSupport
import Testing

/// The cloud client through a real HTTP CONNECT proxy (Tests/Fixtures/connect-proxy.py), chosen from
/// the environment as curl would: HTTP(S)_PROXY, NO_PROXY.
@Suite(.serialized, .timeLimit(.minutes(1))) struct CloudProxyTests {
    struct Proxy {
        let port: Int
        let process: ChildProcess

        init() async throws {
            port = try FreePort.find()
            process = try ChildProcess(executable: "/usr/bin/python3",
                                       arguments: [Corpus.fixtures.appendingPathComponent("connect-proxy.py").path, String(port)])
            let deadline = ContinuousClock.now + .seconds(5)
            while !process.output().contains("listening"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        }

        var requests: [String] { process.output().split(separator: "\n").map(String.init).filter { $0 != "listening" } }
    }

    static func runtime(server: FakeChatCompletionsServer, environment: [String: String], logs: LogCapture) throws -> IntentRuntime {
        let config = try HarkConfig.parse(text: """
            [cloud]
            enabled = true
            base_url = "\(server.baseURL)"
            deadline = "1500ms"
            request_timeout = "500ms"
            max_retries = 0
            """, file: "proxy.toml").get()
        return IntentRuntime(config: config, apiKey: TestKey.apiKey, modelsDirectory: nil, stateDirectory: nil,
                             logger: logs.logger("hark.cloud"), counters: Counters(), environment: environment)
    }

    @Test func requestsGoThroughTheProxyWithItsCredentialsUnlessNoProxyExemptsTheHost() async throws {
        let server = try FakeChatCompletionsServer()
        server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"through"}"#))
        let proxy = try await Proxy()
        let logs = LogCapture()

        let proxied = try Self.runtime(server: server, environment: ["HTTP_PROXY": "http://hark:pr0xy-pw@127.0.0.1:\(proxy.port)"], logs: logs)
        let outcome = await proxied.cloud!.resolve(text: "hello", deadline: .now + .milliseconds(1500))
        #expect(outcome == .answer(.reply("through")))
        #expect(proxy.requests == ["CONNECT 127.0.0.1:\(server.port) HTTP/1.1 auth"])
        #expect(logs.contains("cloud requests go through a proxy"))
        #expect(!logs.text.contains("pr0xy-pw"))
        await proxied.shutdown()

        let exempt = try Self.runtime(server: server, environment: ["HTTP_PROXY": "http://127.0.0.1:\(proxy.port)", "NO_PROXY": "localhost,127.0.0.1"],
                                      logs: logs)
        #expect(await exempt.cloud!.resolve(text: "hello", deadline: .now + .milliseconds(1500)) == .answer(.reply("through")))
        #expect(proxy.requests.count == 1) // went directly
        await exempt.shutdown()
        #expect(server.requests.count == 2)
        _ = proxy.process.terminate(grace: .seconds(1))
        server.shutdown()
    }

    /// A proxy that is down fails the request within its limit (async-http-client keeps retrying
    /// the connection until then), like a dead network: the breaker counts it.
    @Test func aDeadProxyIsAFailureWithinTheDeadline() async throws {
        let server = try FakeChatCompletionsServer()
        let closed = try FreePort.find()
        let runtime = try Self.runtime(server: server, environment: ["HTTP_PROXY": "127.0.0.1:\(closed)"], logs: LogCapture())
        let start = ContinuousClock.now
        let (outcome, lateness) = await TimerLateness.measure(since: start) { await runtime.cloud!.resolve(text: "hello", deadline: start + .milliseconds(1500)) }
        let took = ContinuousClock.now - start
        await runtime.shutdown()
        switch outcome {
        case .failed(.connect), .failed(.timeout): break
        default: Issue.record("expected a connect failure or timeout, got \(outcome)")
        }
        // The 1.5 s deadline plus the hops after it fires (600 ms, as in CloudFaultTests) plus three
        // times the timer lateness measured during the call.
        let limit = Duration.milliseconds(2100) + lateness * 3
        TimerLateness.report("CloudProxyTests.deadProxy", took: took, limit: limit, lateness: lateness)
        #expect(took < limit)
        #expect(server.requests.isEmpty)
        server.shutdown()
    }
}
