import HarkCore
import Testing

@Suite struct IntentConfigTests {
    private func problems(_ text: String) -> [String] {
        switch HarkConfig.parse(text: text, file: "hark.toml") {
        case .success: return []
        case let .failure(errors): return errors.diagnostics.map(\.description)
        }
    }

    @Test func validIntentParses() throws {
        let config = try HarkConfig.parse(text: IntentMatcherTests.config, file: "hark.toml").get()
        #expect(config.intents.count == 3)
        #expect(config.intents[0].slots["state"] == .list(["on", "off"]))
        #expect(config.intents[1].slots["degrees"] == .range(10...30))
        #expect(config.intents[0].slotOrder == ["room", "state"])
    }

    @Test func reportsTemplateSlotAndActionProblemsWithLines() {
        let found = problems("""
            [[intent]]
            name = "light"
            sentences = ["turn (on|){state} the {rooom} light", "switch on the {room} light"]
            slots = { room = ["kitchen", "hall/way"] }
            topic = "home/{room}/light/{colour}/#"

            [[intent]]
            name = "bad name"
            sentences = ["hello"]

            [[intent]]
            name = "reply"
            sentences = ["[say] hi"]
            payload = "x"
            """)
        #expect(found.contains("hark.toml:3: intent[0].sentences[0]: empty alternative at column 10 (got \"turn (on|){state} the {rooom} light\")"))
        #expect(found.contains("hark.toml:5: intent[0].topic: unknown slot '{colour}' (got \"home/{room}/light/{colour}/#\"); known: {room}, {intent}"))
        #expect(found.contains("hark.toml:5: intent[0].topic: a topic to publish to cannot contain '+' or '#' (got \"home/{room}/light/{colour}/#\")"))
        #expect(found.contains { $0.hasPrefix("hark.toml:8: intent[1].name: must be 1 to 64 letters, digits, '_' or '-'") })
        #expect(found.contains("hark.toml:7: intent[1]: needs an action; add topic = \"…\" (MQTT publish) and/or reply = \"…\" (answer)"))
        #expect(found.contains { $0.hasPrefix("hark.toml:11: intent[2].name: 'reply' is reserved") })
        #expect(found.contains { $0.hasPrefix("hark.toml:14: intent[2].payload: a payload needs a topic") })
    }

    @Test func unknownSlotGetsDidYouMean() {
        let found = problems("""
            [[intent]]
            name = "light"
            sentences = ["turn on the {rooom} light"]
            slots = { room = ["kitchen"] }
            reply = "ok"
            """)
        #expect(found == ["hark.toml:3: intent[0].sentences[0]: unknown slot '{rooom}' (got \"turn on the {rooom} light\"); did you mean '{room}'?"])
    }

    @Test func topicSlotMustBeFilledByEverySentenceAndPayloadMustBeJSON() {
        let found = problems("""
            [[intent]]
            name = "light"
            sentences = ["turn on the [{room}] light"]
            slots = { room = ["kitchen"], level = "0..x" }
            topic = "home/{room}/light"
            payload = '{"on": true}'
            """)
        #expect(found.contains { $0.hasPrefix("hark.toml:4: intent[0].slots.level: must be a list of phrases or a number range") })
        #expect(found.contains { $0.hasPrefix("hark.toml:5: intent[0].topic: uses '{room}' but sentence 1 can match without it") })
        #expect(found.contains { $0.hasPrefix("hark.toml:6: intent[0].payload: '{\"on\": true}' at column 1 is not a slot name") })
    }

    @Test func cloudSettingsDefaultsAndSecretsRefused() throws {
        let c = try HarkConfig.parse(text: "", file: "hark.toml").get().cloud
        #expect(c.minLocalConfidence == 0.8)
        #expect(c.model == "gpt-4o-mini")
        #expect(!c.explainAlerts)
        let found = problems("""
            [cloud]
            api_key = "sk-123"
            backoff_base = "5s"
            backoff_max = "1s"
            min_local_confidence = 1.5
            """)
        #expect(found.contains { $0.hasPrefix("hark.toml:2: cloud.api_key: secrets are not read from the config file") })
        #expect(found.contains { $0.hasPrefix("hark.toml:4: cloud.backoff_max: must be at least backoff_base") })
        #expect(found.contains { $0.hasPrefix("hark.toml:5: cloud.min_local_confidence: must be between 0.0 and 1.0") })
        #expect(!found.contains { $0.contains("sk-123") })
    }

    @Test func hermesKeyInMQTT() throws {
        #expect(try HarkConfig.parse(text: "[mqtt]\nhermes = true", file: "h.toml").get().mqtt.hermes)
        #expect(try !HarkConfig.parse(text: "", file: "h.toml").get().mqtt.hermes)
    }
}
