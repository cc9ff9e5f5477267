import Foundation
import HarkCloud
import HarkCore
import HarkIntents
import HarkMQTT
import HarkTestSupport
import Logging
import Synchronization
import Testing

/// The intent service over a real broker, with the cloud stand-in.
@Suite(.serialized, .timeLimit(.minutes(2))) struct IntentServiceTests {
    struct Rig {
        let bus: BrokerRig
        let server: FakeChatCompletionsServer
        let runtime: IntentRuntime
        let service: IntentService
        let task: Task<Void, any Error>
        let logs: LogCapture
        let counters: Counters

        init(hermes: Bool = false, cloudExtra: String = "", openDuration: String = "300ms", reloads: AsyncStream<HarkConfig>? = nil,
             speaker: (@Sendable (String) -> Void)? = nil, apiKey: String? = TestKey.apiKey) async throws {
            bus = try await BrokerRig()
            server = try FakeChatCompletionsServer()
            let config = try homeConfig(cloudURL: server.baseURL, extra: cloudExtra, openDuration: openDuration)
            logs = LogCapture()
            counters = Counters()
            runtime = IntentRuntime(config: config, apiKey: apiKey, modelsDirectory: nil, stateDirectory: nil,
                                    logger: logs.logger("hark.cloud"), counters: counters)
            service = IntentService(engine: runtime.engine, bus: bus.client, prefix: "hark/test", hermes: hermes, siteID: "test",
                                    logger: logs.logger("hark.intents"), counters: counters, reloads: reloads,
                                    speaker: speaker)
            let service = self.service
            task = Task { try await service.run() }
            await bus.client.waitUntilSubscribed("hark/test/command")
            if hermes { await bus.client.waitUntilSubscribed("hermes/nlu/query") }
        }

        func close() async {
            task.cancel()
            _ = await task.result
            await runtime.shutdown()
            server.shutdown()
            await bus.close()
        }
    }

    @Test func localCommandRunsItsActionAndPublishesResultReplyAndHermes() async throws {
        let rig = try await Rig(hermes: true)
        let (action, late) = try await TimerLateness.measure {
            try await rig.bus.publish("hark/test/command", #"{"text": "Turn off the kitchen light", "id": "c1", "reply_topic": "ui/replies"}"#)
            return await rig.bus.waitFor("home/kitchen/light/set")
        }
        #expect(action?.text == #"{"state": "off"}"#)
        let result = try #require(json(await rig.bus.waitFor("hark/test/intent/light_power")))
        #expect(result["id"] == .string("c1"))
        #expect(result["source"] == .string("local"))
        #expect(result["slots"] == .object([("room", .string("kitchen")), ("state", .string("off"))]))
        #expect(result["confidence"] == .number(1))
        // A local match is fast: 50 ms (quiet machine: a few ms) plus three times the timer
        // lateness measured while the command ran (the service's hops wait for the same pool).
        Self.expectWithin("local latency_ms", .milliseconds(result["latency_ms"]?.numberValue ?? 1e9), .milliseconds(50) + late * 3, late)
        let reply = try #require(json(await rig.bus.waitFor("ui/replies")))
        #expect(reply["reply"] == .string("Turning the kitchen light off"))
        let hermes = try #require(json(await rig.bus.waitFor("hermes/intent/light_power")))
        #expect(hermes["intent"]?["intentName"] == .string("light_power"))
        #expect(hermes["siteId"] == .string("test"))
        #expect(hermes["slots"]?.arrayValue?.count == 2)
        #expect(rig.server.requests.isEmpty) // confident local match: no cloud request
        // Plain-text command; the reply goes to <prefix>/reply.
        try await rig.bus.publish("hark/test/command", "set a timer for twenty minutes")
        #expect(await rig.bus.waitFor("home/timer/start")?.text == #"{"minutes": 20}"#)
        #expect(json(await rig.bus.waitFor("hark/test/reply"))?["reply"] == .string("Timer set for 20 minutes"))
        await rig.close()
    }

    @Test func cloudToolCallIsValidatedAndItsActionReachesTheBroker() async throws {
        let rig = try await Rig()
        rig.server.enqueue(.toolCall(name: "light_power", arguments: #"{"room":"living room","state":"off"}"#))
        try await rig.bus.publish("hark/test/command", "kill every lamp in the lounge")
        let action = await rig.bus.waitFor("home/living room/light/set")
        #expect(action?.text == #"{"state": "off"}"#)
        let result = try #require(json(await rig.bus.waitFor("hark/test/intent/light_power")))
        #expect(result["source"] == .string("cloud"))
        #expect(result["method"] == .string("cloud"))
        let request = try #require(rig.server.requests.first)
        #expect(request.schemaProblems == [])
        await rig.close()
    }

    @Test func undeclaredActionOrBadSlotFromTheCloudIsRejectedAndLogged() async throws {
        let rig = try await Rig()
        rig.server.enqueue(.toolCall(name: "mqtt_publish", arguments: #"{"topic":"factory/valve/1","payload":"open"}"#),
                           .toolCall(name: "door_lock", arguments: #"{"door":"garage","action":"unlock"}"#))
        try await rig.bus.publish("hark/test/command", #"{"text":"open the factory valve","id":"a"}"#)
        let a = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("a") }))
        try await rig.bus.publish("hark/test/command", #"{"text":"let the plumber in through the garage","id":"b"}"#)
        let b = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("b") }))
        #expect(a["reply"] == .string("Sorry, I can't do that."))
        #expect(b["intent"] == .null)
        #expect(a["note"]?.stringValue?.contains("'mqtt_publish' is not a declared action") == true)
        #expect(b["note"]?.stringValue?.contains("slot 'door' value is not one of 3 allowed values") == true)
        try await Task.sleep(for: .milliseconds(200))
        // Nothing but results and replies was published: no action topic at all.
        #expect(rig.bus.messages.allSatisfy { $0.topic.hasPrefix("hark/test/") })
        #expect(rig.logs.contains("cloud answer rejected"))
        #expect(rig.counters.value("cloud_failures", labels: ["reason": "rejected"]) == 2)
        await rig.close()
    }

    @Test func deadCloudAnswersWithinTheDeadlineThenAtOnceWhenTheBreakerOpens() async throws {
        // open_duration 5 s (not 300 ms): commands 3 and 4 must find the breaker still open
        // however long the broker round trips between commands take on a loaded machine.
        let rig = try await Rig(openDuration: Self.longOpen)
        rig.server.setFallback(.hang)
        var latencies: [Double] = []
        var lateness: [Duration] = []
        for i in 0..<4 {
            let start = ContinuousClock.now
            let (reply, late) = try await TimerLateness.measure(since: start) {
                try await rig.bus.publish("hark/test/command", #"{"text":"what's the meaning of life","id":"q\#(i)"}"#)
                return try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("q\(i)") }))
            }
            #expect(reply["reply"] == .string("I can't reach the cloud right now."))
            Self.expectWithin("deadCloud q\(i)", ContinuousClock.now - start, Self.deadlineBound(late), late)
            latencies.append(reply["latency_ms"]?.numberValue ?? 1e9)
            lateness.append(late)
        }
        // Two failures open the breaker: the next commands are answered without waiting.
        #expect(latencies[0] > 400 && latencies[1] > 400)
        for i in 2...3 {
            Self.expectWithin("deadCloud q\(i) latency_ms", .milliseconds(latencies[i]), Self.atOnce(lateness[i]), lateness[i])
        }
        #expect(rig.server.requests.count == 4) // 2 commands × (1 + 1 retry)
        // Local commands never wait on the dead cloud.
        try await rig.bus.publish("hark/test/command", "lock the front door")
        #expect(await rig.bus.waitFor("home/door/front/lock")?.text == "lock")
        await rig.close()
    }

    /// With `[mqtt] hermes = true` Hark answers Rhasspy's NLU queries: the Hermes answer carries
    /// the query's session, site and id, and the intent's action runs as for any command.
    @Test func hermesNLUQueriesAreAnsweredWithTheirSessionAndSite() async throws {
        let rig = try await Rig(hermes: true)
        rig.server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"I can't sing"}"#))
        try await rig.bus.publish("hermes/nlu/query", #"{"input":"turn off the kitchen light","sessionId":"s-1","siteId":"satellite","id":"q1"}"#)
        let intent = try #require(json(await rig.bus.waitFor("hermes/intent/light_power")))
        #expect(intent["sessionId"] == .string("s-1"))
        #expect(intent["siteId"] == .string("satellite"))
        #expect(intent["id"] == .string("q1"))
        #expect(intent["input"] == .string("turn off the kitchen light"))
        #expect(await rig.bus.waitFor("home/kitchen/light/set")?.text == #"{"state": "off"}"#)
        try await rig.bus.publish("hermes/nlu/query", #"{"input":"sing me a song","sessionId":"s-2","siteId":"satellite"}"#)
        let notRecognized = try #require(json(await rig.bus.waitFor("hermes/nlu/intentNotRecognized")))
        #expect(notRecognized["sessionId"] == .string("s-2"))
        #expect(notRecognized["siteId"] == .string("satellite"))
        try await rig.bus.publish("hermes/nlu/query", #"{"text":"turn on the office light"}"#)
        let error = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["error"] != nil }))
        #expect(error["error"] == .string("Hermes NLU query needs a string \"input\""))
        #expect(error["topic"] == .string("hermes/nlu/query"))
        await rig.close()
    }

    @Test func hermesQueriesAreIgnoredWhenHermesIsOff() async throws {
        let rig = try await Rig(hermes: false)
        try await rig.bus.publish("hermes/nlu/query", #"{"input":"turn off the kitchen light","sessionId":"s-1"}"#)
        try await rig.bus.publish("hark/test/command", #"{"text":"turn on the office light","id":"after"}"#)
        #expect(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("after") } != nil)
        try await Task.sleep(for: .milliseconds(200))
        #expect(rig.bus.messages(on: "home/kitchen/light/set").isEmpty)
        #expect(rig.bus.messages.allSatisfy { !$0.topic.hasPrefix("hermes/intent") })
        await rig.close()
    }

    /// Without a key the cloud is off (nothing sent, answered at once), unless the config says the
    /// server needs none (a local OpenAI-compatible server): then requests go without Authorization.
    @Test func noAPIKeyMeansNoCloudUnlessNoneIsRequired() async throws {
        let keyless = try await Rig(apiKey: nil)
        let (reply, late) = try await TimerLateness.measure {
            try await keyless.bus.publish("hark/test/command", #"{"text":"what's the meaning of life","id":"k1"}"#)
            return await keyless.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("k1") }
        }
        let refused = try #require(json(reply))
        #expect(refused["reply"] == .string("I can't reach the cloud right now."))
        // Answered at once (no request, no wait for the request timeout), on a loaded machine too.
        Self.expectWithin("keyless latency_ms", .milliseconds(refused["latency_ms"]?.numberValue ?? 1e9), Self.atOnce(late), late)
        #expect(keyless.server.requests.isEmpty)
        await keyless.close()

        let local = try await Rig(cloudExtra: "require_api_key = false", apiKey: nil)
        local.server.enqueue(.toolCall(name: "reply", arguments: #"{"text":"forty-two"}"#))
        try await local.bus.publish("hark/test/command", #"{"text":"what's the meaning of life","id":"k2"}"#)
        let answered = try #require(json(await local.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("k2") }))
        #expect(answered["reply"] == .string("forty-two"))
        let request = try #require(local.server.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(request.schemaProblems == [])
        await local.close()
    }

    @Test func speakTrueHandsTheReplyToTheSpeakerOnlyWhenAsked() async throws {
        let said = SpokenLog()
        let rig = try await Rig(speaker: { text in said.items.withLock { $0.append(text) } })
        try await rig.bus.publish("hark/test/command", #"{"text":"turn on the bedroom light","id":"s1","speak":true}"#)
        let spoken = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("s1") }))
        #expect(spoken["spoken"] == .bool(true))
        try await rig.bus.publish("hark/test/command", #"{"text":"turn off the bedroom light","id":"s2"}"#)
        let silent = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("s2") }))
        #expect(silent["spoken"] == nil)
        try await rig.bus.publish("hark/test/command", #"{"text":"sing","id":"s3","speak":true}"#)
        let notUnderstood = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("s3") }))
        #expect(notUnderstood["spoken"] == .bool(true))
        #expect(said.items.withLock { $0 } == ["Turning the bedroom light on", notUnderstood["reply"]?.stringValue ?? "?"])
        #expect(rig.counters.value("intent_spoken_replies") == 2)
        await rig.close()
    }

    @Test func speakWithoutASpeakerIsReportedInTheResult() async throws {
        let rig = try await Rig()
        try await rig.bus.publish("hark/test/command", #"{"text":"turn on the bedroom light","id":"n1","speak":true}"#)
        let result = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("n1") }))
        #expect(result["spoken"] == .bool(false))
        #expect(result["note"]?.stringValue?.contains("no [audio] output_device") == true)
        #expect(rig.counters.value("intent_unspoken_replies") == 1)
        #expect(await rig.bus.waitFor("home/bedroom/light/set")?.text == #"{"state": "on"}"#)
        await rig.close()
    }

    enum Fault: String, CaseIterable, Sendable {
        case hang, tooManyRequests, serverError, malformedJSON, cutBody, refused, fiveMegabytes
    }

    /// Every injected fault at the command level: each command gets its answer within the deadline
    /// (1.5 s), the breaker opens after two failed commands (later ones are answered at once), and
    /// once the server is healthy the half-open probe brings the cloud back.
    @Test(arguments: Fault.allCases) func everyFaultIsAnsweredWithinTheDeadlineAndTheCloudComesBack(fault: Fault) async throws {
        let rig = try await Rig(openDuration: Self.oneSecondOpen)
        switch fault {
        case .hang: rig.server.setFallback(.hang)
        case .tooManyRequests: rig.server.setFallback(.status(429, retryAfter: "1"))
        case .serverError: rig.server.setFallback(.status(500))
        case .malformedJSON: rig.server.setFallback(.malformedJSON)
        case .cutBody: rig.server.setFallback(.cutBody)
        case .refused: rig.server.stop()
        case .fiveMegabytes: rig.server.setFallback(.huge(bytes: 5 << 20))
        }
        for i in 0..<3 {
            let start = ContinuousClock.now
            let (reply, late) = try await TimerLateness.measure(since: start) {
                try await rig.bus.publish("hark/test/command", #"{"text":"what's the meaning of life","id":"f\#(i)"}"#)
                return try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("f\(i)") }))
            }
            #expect(reply["reply"] == .string("I can't reach the cloud right now."), "\(fault) \(i)")
            Self.expectWithin("\(fault) f\(i)", ContinuousClock.now - start, Self.deadlineBound(late), late)
            if i == 2 {
                // The open breaker answers at once.
                Self.expectWithin("\(fault) f2 latency_ms", .milliseconds(reply["latency_ms"]?.numberValue ?? 1e9), Self.atOnce(late), late)
            }
        }
        // A Retry-After pause (1 s) or the breaker's cool-down (1 s) must pass first: wait until
        // the cloud says it would send again (10 s is only there for a broken breaker).
        if fault == .refused { try rig.server.restart() }
        rig.server.setFallback(.toolCall(name: "reply", arguments: #"{"text":"forty-two"}"#))
        let available = ContinuousClock.now + .seconds(10)
        while await !rig.runtime.cloud!.isAvailable(), ContinuousClock.now < available { try await Task.sleep(for: .milliseconds(20)) }
        try await rig.bus.publish("hark/test/command", #"{"text":"what's the meaning of life","id":"back"}"#)
        let back = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("back") }))
        #expect(back["reply"] == .string("forty-two"), "\(fault)")
        #expect(back["source"] == .string("cloud"), "\(fault)")
        await rig.close()
    }

    /// Breaker cool-downs long enough that "the next command finds the breaker open" cannot race
    /// the broker round trips between two commands (which a loaded machine stretches).
    static let longOpen = "5s"
    static let oneSecondOpen = "1s"

    /// The deadline (1.5 s) plus broker round trips and hops (1 s of slack, as measured on a
    /// quiet machine) plus three times the timer lateness measured during the command.
    static func deadlineBound(_ lateness: Duration) -> Duration { .milliseconds(2500) + lateness * 3 }

    /// "At once" (the daemon's own latency_ms, no network wait): under the 500 ms request timeout
    /// with room, 300 ms, plus three times the measured timer lateness.
    static func atOnce(_ lateness: Duration) -> Duration { .milliseconds(300) + lateness * 3 }

    static func expectWithin(_ what: String, _ took: Duration, _ limit: Duration, _ lateness: Duration,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        TimerLateness.report("IntentServiceTests.\(what)", took: took, limit: limit, lateness: lateness)
        #expect(took < limit, "\(what): took \(took), limit \(limit) (timer lateness \(lateness))", sourceLocation: sourceLocation)
    }

    @Test func badCommandsGetAnErrorAndAreCounted() async throws {
        let rig = try await Rig()
        try await rig.bus.publish("hark/test/command", #"{"text": 42}"#)
        try await rig.bus.publish("hark/test/command", "{not json")
        try await rig.bus.publish("hark/test/command", #"{"text":"turn on the office light","reply_topic":"a/+/b"}"#)
        try await rig.bus.publish("hark/test/command", #"{"text":"turn on the office light","speak":"yes"}"#)
        var errors: [String] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while errors.count < 4, ContinuousClock.now < deadline {
            errors = rig.bus.messages(on: "hark/test/reply").compactMap { json($0)?["error"]?.stringValue }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(errors.sorted() == ["JSON command is not valid JSON", "JSON command needs a string \"text\"",
                                    "reply_topic: a topic to publish to cannot contain '+' or '#'", "speak must be true or false"])
        #expect(rig.counters.value("intent_bad_commands") == 4)
        await rig.close()
    }

    @Test func reloadedConfigReplacesTheIntentsAndCloudTools() async throws {
        let (reloads, reload) = AsyncStream.makeStream(of: HarkConfig.self)
        let rig = try await Rig(reloads: reloads)
        try await rig.bus.publish("hark/test/command", #"{"text":"water the garden","id":"before"}"#)
        let before = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("before") }))
        #expect(before["intent"] == .null)

        var config = try homeConfig(cloudURL: rig.server.baseURL)
        let extra = try HarkConfig.parse(text: """
            [[intent]]
            name = "sprinkler"
            sentences = ["water the garden"]
            topic = "garden/sprinkler"
            payload = "on"
            """, file: "extra.toml").get()
        config.intents += extra.intents
        reload.yield(config)
        try await Task.sleep(for: .milliseconds(200))
        try await rig.bus.publish("hark/test/command", #"{"text":"water the garden","id":"after"}"#)
        #expect(await rig.bus.waitFor("garden/sprinkler")?.text == "on")
        #expect(rig.logs.contains("intents reloaded"))
        // The cloud is offered the new intent too.
        rig.server.enqueue(.toolCall(name: "sprinkler", arguments: "{}"))
        try await rig.bus.publish("hark/test/command", #"{"text":"the lawn looks thirsty","id":"cloud"}"#)
        let cloud = try #require(json(await rig.bus.waitFor("hark/test/reply") { json($0)?["id"] == .string("cloud") }))
        #expect(cloud["intent"] == .string("sprinkler"))
        let names = rig.server.requests.last?.json?["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue }
        #expect(names?.contains("sprinkler") == true)
        reload.finish()
        await rig.close()
    }
}

/// What the service handed to the speaker.
final class SpokenLog: Sendable {
    let items = Mutex<[String]>([])
}
