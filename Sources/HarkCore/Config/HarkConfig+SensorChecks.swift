extension HarkConfig {
    /// Every rule watches a configured sensor.
    func checkSensorsAndRules(into sink: DiagnosticSink) {
        let names = Set(sensors.map(\.name))
        for (i, rule) in rules.enumerated() where !rule.sensor.isEmpty && !names.contains(rule.sensor) {
            let hint = Spelling.closest(to: rule.sensor, in: Array(names)).map { "did you mean '\($0)'?" }
                ?? (names.isEmpty ? "add a [[sensor]] first" : "sensors: " + names.sorted().joined(separator: ", "))
            sink.add(line: rule.line, path: "rule[\(i)].sensor", "no [[sensor]] has this name", got: "\"\(rule.sensor)\"", hint: hint)
        }
    }
}
