/// The whole validated config file.
public struct HarkConfig: Sendable, Equatable {
    /// Path of the file it was read from (for messages and relative paths).
    public var file: String
    public var device: DeviceSettings
    public var mqtt: MQTTSettings
    public var audio: AudioSettings
    public var speech: SpeechSettings
    public var wake: WakeSettings
    public var models: ModelSettings
    public var cloud: CloudSettings
    public var wyoming: WyomingSettings
    public var sensors: [SensorSettings]
    public var rules: [RuleSettings]
    public var intents: [IntentSettings]
    public var log: LogSettings
    public var metrics: MetricsSettings

    /// Parses and validates `text`, reporting every problem found, not just the first.
    public static func parse(text: String, file: String) -> Result<HarkConfig, ConfigErrors> {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text)
        } catch {
            return .failure(ConfigErrors([ConfigDiagnostic(
                file: file, line: error.line, path: "", problem: "TOML syntax error at column \(error.column): \(error.message)")]))
        }
        let sink = DiagnosticSink(file: file)
        let t = ConfigTable(root, path: "", sink: sink)
        func section(_ key: String) -> ConfigTable { t.table(key) ?? .empty(path: key, sink: sink) }
        let config = HarkConfig(
            file: file,
            device: DeviceSettings(section("device")),
            mqtt: MQTTSettings(section("mqtt")),
            audio: AudioSettings(section("audio")),
            speech: SpeechSettings(section("speech")),
            wake: WakeSettings(section("wake")),
            models: ModelSettings(section("models")),
            cloud: CloudSettings(section("cloud")),
            wyoming: WyomingSettings(section("wyoming")),
            sensors: t.tables("sensor").map(SensorSettings.init),
            rules: t.tables("rule").map(RuleSettings.init),
            intents: t.tables("intent").map(IntentSettings.init),
            log: LogSettings(section("log")),
            metrics: MetricsSettings(section("metrics")))
        t.finish()
        config.checkUniqueNames(into: sink)
        config.checkSensorsAndRules(into: sink)
        config.checkIntents(into: sink)
        config.checkAudio(into: sink)
        config.checkModels(into: sink)
        return sink.diagnostics.isEmpty ? .success(config) : .failure(ConfigErrors(sink.diagnostics))
    }

    /// `path` made absolute against the config file's folder (absolute paths are kept).
    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = file.lastIndex(of: "/") else { return path }
        let dir = file[..<slash]
        return dir.isEmpty ? "/" + path : "\(dir)/\(path)"
    }

    /// The device id, or `fallback` (the host name) when the file names none.
    public func deviceID(fallback: String) -> String { device.id ?? fallback }

    /// The MQTT topic prefix: `[mqtt] prefix`, or `hark/<device id>`.
    public func topicPrefix(hostName: String) -> String { mqtt.prefix ?? "hark/\(deviceID(fallback: hostName))" }

    /// One line for `hark check-config`.
    public var summary: String {
        "\(sensors.count) sensor(s), \(rules.count) rule(s), \(intents.count) intent(s); mqtt \(mqtt.host):\(mqtt.port); "
            + "audio \(audio.enabled ? audio.device : "off"); cloud \(cloud.enabled ? cloud.model : "off")"
    }

    private func checkUniqueNames(into sink: DiagnosticSink) {
        func unique(_ kind: String, _ items: [(name: String, line: Int)]) {
            var seen: [String: Int] = [:]
            for (i, item) in items.enumerated() where !item.name.isEmpty {
                if let first = seen[item.name] {
                    sink.add(line: item.line, path: "\(kind)[\(i)].name", "duplicate \(kind) name", got: "\"\(item.name)\"",
                             hint: "already used by the \(kind) on line \(first)")
                } else {
                    seen[item.name] = item.line
                }
            }
        }
        unique("sensor", sensors.map { ($0.name, $0.line) })
        unique("rule", rules.map { ($0.name, $0.line) })
        unique("intent", intents.map { ($0.name, $0.line) })
    }
}
