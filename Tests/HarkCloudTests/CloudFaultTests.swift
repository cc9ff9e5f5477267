import Foundation
import HarkCloud
import HarkCore
import HarkTestSupport
import Testing

/// Every injected fault: the caller gets an outcome within the deadline, the breaker follows
/// its rules, nothing crashes, and the API key never reaches the logs.
@Suite(.serialized) struct CloudFaultTests {
    /// The deadline (2 s) plus scheduling slack on a loaded 2-core machine.
    static let bound = Duration.milliseconds(2600)

    @Test func hangTimesOutWithinTheDeadline() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.setFallback(.hang)
        let (outcome, took) = await rig.resolve("turn on the kitchen light")
        #expect(outcome == .failed(.timeout))
        #expect(took < Self.bound)
        // Timeouts are retried while the deadline allows: 600 ms attempts in a 2 s deadline.
        #expect(rig.server.requests.count >= 2)
        #expect(rig.counters.value("cloud_retries") >= 1)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.enqueue(.status(429, retryAfter: "1"), .toolCall(name: "light_power", arguments: #"{"room":"kitchen","state":"on"}"#))
        let (outcome, took) = await rig.resolve("lights on in the kitchen")
        guard case .answer(.intent) = outcome else { Issue.record("\(outcome)"); return }
        #expect(took >= .milliseconds(950)) // waited for Retry-After, not the 50 ms backoff
        #expect(took < Self.bound)
        #expect(rig.server.requests.count == 2)
    }

    @Test func retryAfterBeyondTheDeadlineFailsAtOnceAndPausesRequests() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.enqueue(.status(429, retryAfter: "30"))
        let (outcome, took) = await rig.resolve("x")
        #expect(outcome == .failed(.http(status: 429, retryAfter: .seconds(30))))
        #expect(took < .milliseconds(500))
        let (next, nextTook) = await rig.resolve("y")
        #expect(next == .unavailable("server asked to wait (Retry-After)"))
        #expect(nextTook < .milliseconds(100))
        #expect(rig.server.requests.count == 1)
    }

    @Test func serverErrorsAreRetriedThenOpenTheBreakerWhichProbesAndCloses() async throws {
        let rig = try CloudRig(cloud: "failure_threshold = 2")
        defer { Task { await rig.close() } }
        rig.server.setFallback(.status(500))
        let (a, tookA) = await rig.resolve("a")
        #expect(a == .failed(.http(status: 500, retryAfter: nil)))
        #expect(tookA < Self.bound)
        #expect(rig.server.requests.count == 3) // 1 + max_retries
        #expect(await rig.fallback.breakerState == .closed(failures: 1))
        _ = await rig.resolve("b")
        guard case .open = await rig.fallback.breakerState else { Issue.record("breaker not open"); return }
        // Open: refused at once, nothing sent.
        let (c, tookC) = await rig.resolve("c")
        #expect(c == .unavailable("circuit breaker open"))
        #expect(tookC < .milliseconds(100))
        #expect(rig.server.requests.count == 6)
        #expect(await !rig.fallback.isAvailable())
        // After open_duration one probe goes out (no retries); it fails: open again, cool-down doubled.
        try await Task.sleep(for: .milliseconds(450))
        let (d, _) = await rig.resolve("d")
        #expect(d == .failed(.http(status: 500, retryAfter: nil)))
        #expect(rig.server.requests.count == 7)
        guard case .open = await rig.fallback.breakerState else { Issue.record("breaker not reopened"); return }
        try await Task.sleep(for: .milliseconds(450))
        #expect(await !rig.fallback.isAvailable()) // 800 ms now
        // The server recovers; the next probe closes the breaker.
        rig.server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"back"}"#))
        try await Task.sleep(for: .milliseconds(400))
        let (e, _) = await rig.resolve("e")
        #expect(e == .answer(.reply("back")))
        #expect(await rig.fallback.breakerState == .closed(failures: 0))
    }

    @Test func malformedJSONIsNotRetried() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.setFallback(.malformedJSON)
        let (outcome, took) = await rig.resolve("x")
        guard case .failed(.malformed) = outcome else { Issue.record("\(outcome)"); return }
        #expect(took < Self.bound)
        #expect(rig.server.requests.count == 1)
        #expect(await rig.fallback.breakerState == .closed(failures: 1))
    }

    @Test func bodyCutMidwayFails() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.setFallback(.cutBody)
        let (outcome, took) = await rig.resolve("x")
        switch outcome {
        case .failed(.malformed), .failed(.connect): break
        default: Issue.record("\(outcome)")
        }
        #expect(took < Self.bound)
    }

    @Test func connectionRefusedFailsFastAndRecoversWhenTheServerIsBack() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.stop()
        let (outcome, took) = await rig.resolve("x")
        guard case .failed(.connect) = outcome else { Issue.record("\(outcome)"); return }
        #expect(took < Self.bound)
        try rig.server.restart()
        rig.server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"hello"}"#))
        let (after, _) = await rig.resolve("y")
        #expect(after == .answer(.reply("hello")))
    }

    @Test func fiveMegabyteReplyIsRefused() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.setFallback(.huge(bytes: 5 << 20))
        let (outcome, took) = await rig.resolve("x")
        #expect(outcome == .failed(.tooLarge(limit: 1 << 20)))
        #expect(took < Self.bound)
        #expect(rig.server.requests.count == 1)
    }

    @Test func slowButInTimeAnswerArrives() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        rig.server.enqueue(.delayed(.milliseconds(300), .toolCall(name: "thermostat", arguments: #"{"zone":"house","degrees":"21"}"#)))
        let (outcome, _) = await rig.resolve("make the house 21")
        guard case let .answer(.intent(m)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(m.values == ["zone": "house", "degrees": "21"])
    }

    @Test func unauthorizedIsNotRetriedAndTheKeyIsNeverLogged() async throws {
        let rig = try CloudRig()
        defer { Task { await rig.close() } }
        // OpenAI echoes part of a bad key in its 401 message; Hark never logs bodies.
        rig.server.setFallback(.status(401, message: "Incorrect API key provided: \(CloudRig.apiKey)"))
        let (outcome, _) = await rig.resolve("x")
        #expect(outcome == .failed(.http(status: 401, retryAfter: nil)))
        #expect(rig.server.requests.count == 1)
        #expect(await rig.fallback.breakerState == .closed(failures: 0))
        rig.server.setFallback(.hang)
        _ = await rig.resolve("y")
        #expect(!rig.logs.all.isEmpty)
        #expect(!rig.logs.text.contains(CloudRig.apiKey))
        #expect(!rig.logs.text.contains("SECRET"))
    }

    @Test func budgetAndRateLimitStopRequests() async throws {
        let rig = try CloudRig(cloud: "daily_token_budget = 100\nrequests_per_minute = 2")
        defer { Task { await rig.close() } }
        rig.server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"ok"}"#, promptTokens: 40, completionTokens: 10))
        #expect(await rig.resolve("a").0 == .answer(.reply("ok")))
        #expect(await rig.resolve("b").0 == .answer(.reply("ok")))
        #expect(await rig.resolve("c").0 == .unavailable("requests-per-minute limit reached"))
        let rig2 = try CloudRig(cloud: "daily_token_budget = 100")
        defer { Task { await rig2.close() } }
        rig2.server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"ok"}"#, promptTokens: 90, completionTokens: 20))
        #expect(await rig2.resolve("a").0 == .answer(.reply("ok")))
        #expect(await rig2.resolve("b").0 == .unavailable("daily token budget used up"))
        #expect(rig2.counters.value("cloud_not_sent", labels: ["reason": "budget"]) == 1)
        #expect(rig2.counters.value("cloud_tokens_today") == 110)
        #expect(rig2.counters.value("cloud_tokens_left_today") == 0)
        #expect(rig.counters.value("cloud_tokens_today") == 100)
    }

    @Test func schemaCheckCatchesInvalidRequests() throws {
        let schema = try OpenAIRequestSchema.load()
        let bad = try #require(JSONValue.parse(#"{"messages":[{"content":"hi"}],"tools":[{"function":{}}],"n":"2"}"#))
        let problems = schema.problems(bad)
        #expect(problems.contains("$: missing required property 'model'"))
        #expect(problems.contains { $0.hasPrefix("$.messages[0]: matches none of oneOf") })
        #expect(problems.contains { $0.hasPrefix("$.tools[0]") })
        #expect(problems.contains { $0.hasPrefix("$.n") })
        let good = try #require(JSONValue.parse(#"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"#))
        #expect(schema.problems(good) == [])
    }
}
