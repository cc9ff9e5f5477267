import HarkCore
import Testing

@Suite struct CloudPolicyTests {
    let t0 = ContinuousClock.now

    @Test func breakerOpensAfterThresholdThenProbesAndCloses() {
        var b = CircuitBreaker(failureThreshold: 3, openDuration: .seconds(10), maxOpenDuration: .seconds(60))
        do { let v = b.admit(now: t0); #expect(v == .allowed) }
        b.recordFailure(now: t0)
        b.recordFailure(now: t0)
        #expect(b.state == .closed(failures: 2))
        b.recordSuccess()
        #expect(b.state == .closed(failures: 0))
        for _ in 0..<3 { b.recordFailure(now: t0) }
        #expect(b.state == .open(until: t0 + .seconds(10)))
        do { let v = b.admit(now: t0 + .seconds(9)); #expect(v == .refused(retryAt: t0 + .seconds(10))) }
        // Cool-down over: exactly one probe.
        do { let v = b.admit(now: t0 + .seconds(10)); #expect(v == .probe) }
        do { let v = b.admit(now: t0 + .seconds(10)); #expect(v.isRefused) }
        b.recordSuccess()
        #expect(b.state == .closed(failures: 0))
        do { let v = b.admit(now: t0 + .seconds(11)); #expect(v == .allowed) }
    }

    @Test func failedProbeReopensWithDoubledCoolDownCapped() {
        var b = CircuitBreaker(failureThreshold: 1, openDuration: .seconds(10), maxOpenDuration: .seconds(25))
        b.recordFailure(now: t0)
        do { let v = b.admit(now: t0 + .seconds(10)); #expect(v == .probe) }
        b.recordFailure(now: t0 + .seconds(10))
        #expect(b.state == .open(until: t0 + .seconds(30)))
        do { let v = b.admit(now: t0 + .seconds(30)); #expect(v == .probe) }
        b.recordFailure(now: t0 + .seconds(30))
        #expect(b.state == .open(until: t0 + .seconds(55))) // 40 capped to 25
        do { let v = b.admit(now: t0 + .seconds(55)); #expect(v == .probe) }
        b.recordSuccess()
        b.recordFailure(now: t0 + .seconds(60))
        #expect(b.state == .open(until: t0 + .seconds(70))) // back to the base cool-down
    }

    @Test func abandonedProbeFreesTheSlotAndRetryAfterExtendsOpen() {
        var b = CircuitBreaker(failureThreshold: 1, openDuration: .seconds(5), maxOpenDuration: .seconds(120))
        b.recordFailure(now: t0, retryAfter: .seconds(30))
        #expect(b.state == .open(until: t0 + .seconds(30)))
        do { let v = b.admit(now: t0 + .seconds(30)); #expect(v == .probe) }
        b.recordAbandoned()
        do { let v = b.admit(now: t0 + .seconds(31)); #expect(v == .probe) }
    }

    @Test func retriesOnlyRetryableFailuresWithJitteredBackoff() {
        let p = RetryPolicy(maxRetries: 3, base: .milliseconds(100), cap: .milliseconds(350))
        let left = Duration.seconds(10)
        #expect(p.delay(retry: 1, after: .timeout, remaining: left, random: 0.5) == .milliseconds(50))
        #expect(p.delay(retry: 2, after: .http(status: 503, retryAfter: nil), remaining: left, random: 0.999)! <= .milliseconds(200))
        #expect(p.delay(retry: 3, after: .connect("refused"), remaining: left, random: 1) == .milliseconds(350)) // capped
        #expect(p.delay(retry: 4, after: .timeout, remaining: left, random: 0.5) == nil) // used up
        #expect(p.delay(retry: 1, after: .http(status: 400, retryAfter: nil), remaining: left, random: 0.5) == nil)
        #expect(p.delay(retry: 1, after: .http(status: 401, retryAfter: nil), remaining: left, random: 0.5) == nil)
        #expect(p.delay(retry: 1, after: .malformed("x"), remaining: left, random: 0.5) == nil)
        // 429 honours Retry-After, unless it would overrun the deadline.
        #expect(p.delay(retry: 1, after: .http(status: 429, retryAfter: .seconds(2)), remaining: left, random: 0.1) == .seconds(2))
        #expect(p.delay(retry: 1, after: .http(status: 429, retryAfter: .seconds(20)), remaining: left, random: 0.1) == nil)
        // Jitter spreads the waits.
        let waits = Set((0..<10).map { p.delay(retry: 2, after: .timeout, remaining: left, random: Double($0) / 10)! })
        #expect(waits.count == 10)
    }

    @Test func parsesRetryAfterSecondsAndHTTPDates() {
        #expect(RetryAfter.parse("120", nowUnix: 0) == .seconds(120))
        #expect(RetryAfter.parse(" 1.5 ", nowUnix: 0) == .milliseconds(1500))
        // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", nowUnix: 784111777 - 30) == .seconds(30))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", nowUnix: 784111777 + 30) == .zero)
        #expect(RetryAfter.parse("soon", nowUnix: 0) == nil)
    }

    @Test func rateLimiterSlidingWindow() {
        var r = RateLimiter(perMinute: 2)
        do { let v = r.acquire(now: t0); #expect(v) }
        do { let v = r.acquire(now: t0 + .seconds(1)); #expect(v) }
        do { let v = r.acquire(now: t0 + .seconds(2)); #expect(!v) }
        do { let v = r.nextFree(now: t0 + .seconds(2)); #expect(v == t0 + .seconds(60)) }
        do { let v = r.acquire(now: t0 + .seconds(60)); #expect(v) }
        do { let v = r.acquire(now: t0 + .seconds(60.5)); #expect(!v) }
    }

    @Test func tokenBudgetResetsAtUTCMidnight() {
        var b = TokenBudget(dailyLimit: 1000)
        let day = TokenBudget.day(unixSeconds: 1_764_000_000)
        do { let v = b.hasRoom(day: day); #expect(v) }
        b.record(tokens: 700, day: day)
        #expect(b.remaining(day: day) == 300)
        b.record(tokens: 400, day: day)
        do { let v = b.hasRoom(day: day); #expect(!v) }
        do { let v = b.hasRoom(day: day + 1); #expect(v) }
        #expect(b.used == 0)
        var unlimited = TokenBudget(dailyLimit: 0)
        unlimited.record(tokens: 1_000_000, day: day)
        do { let v = unlimited.hasRoom(day: day); #expect(v) }
    }

    @Test func policyChecksBreakerPauseRateAndBudgetInOrder() {
        var p = CloudPolicy(breaker: CircuitBreaker(failureThreshold: 2, openDuration: .seconds(30), maxOpenDuration: .seconds(60)),
                            rate: RateLimiter(perMinute: 3), budget: TokenBudget(dailyLimit: 100))
        let day = 20000
        do { let v = p.admit(now: t0, day: day); #expect(v == .go(probe: false)) }
        p.recordSuccess(tokens: 60, day: day)
        // A 429 with Retry-After pauses without opening the breaker (one failure < threshold).
        do { let v = p.admit(now: t0, day: day); #expect(v == .go(probe: false)) }
        p.recordFailure(.http(status: 429, retryAfter: .seconds(5)), now: t0, day: day)
        do { let v = p.admit(now: t0 + .seconds(1), day: day); #expect(v == .refused(.pausedByServer)) }
        do { let v = p.admit(now: t0 + .seconds(5), day: day); #expect(v == .go(probe: false)) }
        do { let v = p.admit(now: t0 + .seconds(6), day: day); #expect(v == .refused(.rateLimited)) }
        p.recordSuccess(tokens: 50, day: day)
        do { let v = p.admit(now: t0 + .seconds(70), day: day); #expect(v == .refused(.budgetExhausted)) }
        do { let v = p.admit(now: t0 + .seconds(70), day: day + 1); #expect(v == .go(probe: false)) }
        // A rejected tool call is the model's fault, a 400 ours: neither opens the breaker.
        p.recordFailure(.rejected("bad slot"), now: t0 + .seconds(70), day: day + 1)
        p.recordFailure(.http(status: 400, retryAfter: nil), now: t0 + .seconds(70), day: day + 1)
        #expect(p.breaker.state == .closed(failures: 0))
        p.recordFailure(.timeout, now: t0 + .seconds(70), day: day + 1)
        p.recordFailure(.http(status: 500, retryAfter: nil), now: t0 + .seconds(70), day: day + 1)
        do { let v = p.admit(now: t0 + .seconds(71), day: day + 1); #expect(v == .refused(.breakerOpen)) }
        #expect(!p.isAvailable(now: t0 + .seconds(71), day: day + 1))
        #expect(p.isAvailable(now: t0 + .seconds(200), day: day + 1))
        do { let v = p.admit(now: t0 + .seconds(200), day: day + 1); #expect(v == .go(probe: true)) }
    }
}

@Suite struct CloudToolsTests {
    let tools: CloudTools

    init() throws {
        let intents = try HarkConfig.parse(text: IntentMatcherTests.config, file: "t.toml").get().intents
        tools = CloudTools(intents: intents, maxReplyChars: 40)
    }

    @Test func schemaFromSlotsPlusReplyTool() throws {
        let tools = try #require(self.tools.schema.arrayValue)
        #expect(tools.count == 4)
        let light = try #require(tools[0]["function"])
        #expect(light["name"] == .string("light_power"))
        let params = try #require(light["parameters"])
        #expect(params["required"] == .array([.string("room"), .string("state")]))
        #expect(params["additionalProperties"] == .bool(false))
        #expect(params["properties"]?["state"]?["enum"] == .array([.string("on"), .string("off")]))
        let thermo = try #require(tools[1]["function"]?["parameters"]?["properties"]?["degrees"])
        #expect(thermo == .object([("type", .string("integer")), ("minimum", .number(10)), ("maximum", .number(30))]))
        #expect(tools[3]["function"]?["name"] == .string("reply"))
    }

    @Test func acceptsValidCallsAndCanonicalizesValues() throws {
        let r = tools.validate(name: "light_power", arguments: #"{"state":"off","room":"Living Room"}"#, text: "lights out in the lounge")
        guard case let .success(.intent(m)) = r else { Issue.record("\(r)"); return }
        #expect(m.values == ["room": "living room", "state": "off"])
        #expect(m.source == .cloud)
        let t = tools.validate(name: "thermostat", arguments: #"{"zone":"office","degrees":21}"#, text: "x")
        guard case let .success(.intent(tm)) = t else { Issue.record("\(t)"); return }
        #expect(tm.values["degrees"] == "21")
        let reply = tools.validate(name: "reply", arguments: #"{"text":"The capital of France is Paris, a city on the Seine river."}"#, text: "x")
        guard case let .success(.reply(text)) = reply else { Issue.record("\(reply)"); return }
        #expect(text.count <= 40)
        #expect(text.hasSuffix("…"))
    }

    @Test(arguments: [
        ("publish_anything", #"{"topic":"x/#"}"#, "is not a declared action"),
        ("light_power", #"{"state":"off","room":"attic"}"#, "value is not one of"),
        ("light_power", #"{"state":"dim","room":"kitchen"}"#, "value is not one of"),
        ("light_power", #"{"state":"off"}"#, "required slot 'room' is missing"),
        ("light_power", #"{"state":"off","room":"kitchen","topic":"evil/#"}"#, "'topic' is not a slot"),
        ("thermostat", #"{"zone":"office","degrees":99}"#, "whole number from 10 to 30"),
        ("thermostat", #"{"zone":"office","degrees":20.5}"#, "whole number from 10 to 30"),
        ("light_power", #"{"state":"off","room":"#, "not a JSON object"),
        ("light_power", #"["off"]"#, "not a JSON object"),
        ("reply", #"{"text":""}"#, "reply text is empty"),
        ("reply", #"{"text":"hi","topic":"a"}"#, "exactly one string argument"),
    ])
    func rejectsUndeclaredActionsAndBadSlots(_ name: String, _ args: String, _ reason: String) {
        let r = tools.validate(name: name, arguments: args, text: "x")
        guard case let .failure(rejection) = r else { Issue.record("accepted: \(r)"); return }
        #expect(rejection.reason.contains(reason), "\(rejection.reason)")
    }

    @Test func jsonValueRoundTripsAndRejectsJunk() throws {
        let v = try #require(JSONValue.parse(#"{"a":[1,2.5,true,null],"b":"\u00e9\n\ud83d\ude00"}"#))
        #expect(v["b"] == .string("é\n😀"))
        #expect(JSONValue.parse(v.serialized) == v)
        #expect(JSONValue.parse("{\"a\":1} x") == nil)
        #expect(JSONValue.parse("01") == nil)
        #expect(JSONValue.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) == nil)
    }
}
