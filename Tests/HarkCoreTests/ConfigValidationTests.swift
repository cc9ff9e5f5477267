import HarkCore
import Testing

@Suite struct ConfigValidationTests {
    private func problems(_ text: String) -> [ConfigDiagnostic] {
        switch HarkConfig.parse(text: text, file: "hark.toml") {
        case .success: return []
        case let .failure(errors): return errors.diagnostics
        }
    }

    @Test func emptyFileIsValidWithDefaults() throws {
        let config = try HarkConfig.parse(text: "", file: "/etc/hark/hark.toml").get()
        #expect(config.mqtt.host == "localhost")
        #expect(config.mqtt.port == 1883)
        #expect(config.log.level == .info)
        #expect(config.topicPrefix(hostName: "pi4") == "hark/pi4")
        #expect(config.resolvePath("models") == "/etc/hark/models")
        #expect(config.resolvePath("/var/x") == "/var/x")
    }

    @Test func reportsAllThreeProblemsWithLinesInOneRun() {
        let found = problems("""
            [mqtt]
            hots = "broker"
            port = "1883"

            [[sensor]]
            name = "t"
            topic = "a/+b/c"
            """)
        #expect(found.count == 3)
        #expect(found.map(\.description) == [
            "hark.toml:2: mqtt.hots: unknown key; did you mean 'host'?",
            "hark.toml:3: mqtt.port: must be an integer (got string \"1883\"); write a number without quotes",
            "hark.toml:7: sensor[0].topic: '+' must fill a whole level (got 'a/+b/c')",
        ])
    }

    @Test func rangesChoicesDurationsAndDuplicates() {
        let found = problems("""
            [mqtt]
            port = 70000
            keepalive = "soon"
            [log]
            level = "verbose"
            [[sensor]]
            name = "x"
            topic = "a/#/b"
            [[sensor]]
            name = "x"
            topic = "a/b"
            [unknown_section]
            """)
        let text = found.map(\.description)
        #expect(text.contains { $0.hasPrefix("hark.toml:2: mqtt.port: must be between 1 and 65535 (got 70000)") })
        #expect(text.contains { $0.hasPrefix("hark.toml:3: mqtt.keepalive: must be a duration") })
        #expect(text.contains { $0.hasPrefix("hark.toml:5: log.level: is not one of the allowed values") })
        #expect(text.contains { $0.hasPrefix("hark.toml:8: sensor[0].topic: '#' must be the last level") })
        #expect(text.contains { $0.hasPrefix("hark.toml:9: sensor[1].name: duplicate sensor name") })
        #expect(text.contains { $0.hasPrefix("hark.toml:12: unknown_section: unknown key") })
    }

    @Test func mqttSecurityMistakesAreCaught() {
        let text = problems("""
            [mqtt]
            password = "hunter2"
            tls_cert_file = "c.pem"
            protocol = "4"
            discovery_prefix = "ha/#"
            """).map(\.description)
        #expect(text.contains { $0.hasPrefix("hark.toml:2: mqtt.password: secrets are not read from the config file") })
        #expect(text.contains { $0.contains("mqtt.tls_cert_file: client certificate and key go together") })
        #expect(text.contains { $0.contains("mqtt.tls_cert_file: a client certificate needs TLS") })
        #expect(text.contains { $0.hasPrefix("hark.toml:4: mqtt.protocol: is not a supported MQTT version") })
        #expect(text.contains { $0.hasPrefix("hark.toml:5: mqtt.discovery_prefix:") })
        #expect(!text.joined().contains("hunter2"))
    }

    @Test func syntaxErrorIsOneDiagnosticWithItsLine() {
        let found = problems("[mqtt]\nport = = 1")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.problem.contains("TOML syntax error") == true)
    }

    @Test(arguments: [
        ("a/b/c", nil), ("+/b/#", nil), ("#", nil), ("a/+b", "'+' must fill a whole level"),
        ("a/#/c", "'#' must be the last level"), ("a#", "'#' must fill a whole level"), ("", "a topic filter cannot be empty"),
    ] as [(String, String?)])
    func topicFilters(filter: String, problem: String?) {
        #expect(MQTTTopic.filterProblem(filter) == problem)
    }

    @Test func topicMatchingCapturesPlusLevels() {
        #expect(MQTTTopic.match("factory/+/temperature", "factory/m1/temperature") == ["m1"])
        #expect(MQTTTopic.match("factory/#", "factory/m1/x") == [])
        #expect(MQTTTopic.match("factory/+", "factory/m1/x") == nil)
        #expect(MQTTTopic.match("#", "$SYS/x") == nil)
    }

    @Test func durationsParseAndFormat() {
        #expect(DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("5m") == .seconds(300))
        #expect(DurationText.parse("1.5s") == .milliseconds(1500))
        #expect(DurationText.parse("abc") == nil)
        #expect(DurationText.format(.seconds(7200)) == "2h")
    }
}
