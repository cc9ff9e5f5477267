import ArgumentParser
import Foundation
import HarkCore
import HarkSensors
import HarkSystemd

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run recorded readings through a sensor's rules and the anomaly model, as the daemon would.",
        discussion: """
            IN.csv has a header with columns 'timestamp' (ISO-8601 or epoch seconds) and 'value'. OUT.csv gets \
            one row per input row: timestamp,value,anomaly_score,alert (alert: empty or the severity raised \
            at that row). Without --config, the anomaly model alone is used, alerting at score 0.9.
            """)

    @Argument(help: "Recorded readings (CSV with timestamp,value).")
    var input: String

    @Option(name: .long, help: "Where to write the scored rows (CSV).")
    var out: String

    @Option(name: .long, help: "Config whose rules to apply.")
    var config: String?

    @Option(name: .long, help: "The [[sensor]] in --config the readings belong to (default: the only one).")
    var sensor: String?

    @Option(name: .long, help: "Also draw the series, limits, alert spans and score as SVG.")
    var plot: String?

    func run() throws {
        let (sensorSettings, rules) = try pickSensor()
        guard let data = FileManager.default.contents(atPath: input) else {
            throw ValidationError("\(input): cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let header = lines.first else { throw ValidationError("\(input): the file is empty; expected a header 'timestamp,value'") }
        let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let ti = columns.firstIndex(of: "timestamp"), let vi = columns.firstIndex(of: "value") else {
            throw ValidationError("\(input):1: the header must name the columns 'timestamp' and 'value' (got '\(header)')")
        }

        var run = ReplayRun(sensor: sensorSettings, rules: rules)
        var drawing = plot.map { _ in ReplayPlot() }
        var output = "timestamp,value,anomaly_score,alert\n"
        output.reserveCapacity(lines.count * 48)
        var bad = 0
        var lastTime = 0.0
        for (n, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let rawTime = fields.count > ti ? String(fields[ti]).trimmingCharacters(in: .whitespaces) : ""
            let rawValue = fields.count > vi ? String(fields[vi]).trimmingCharacters(in: .whitespaces) : ""
            guard let time = Timestamp.parse(rawTime), let value = Double(rawValue), value.isFinite else {
                bad += 1
                if bad <= 10 { ConsoleOutput.error("\(input):\(n + 1): skipped: not a timestamp and a number (got '\(line.prefix(60))')") }
                output += "\(rawTime),\(rawValue),,\n"
                continue
            }
            lastTime = time
            let row = run.feed(time: time, value: value)
            drawing?.add(row)
            output += "\(rawTime),\(rawValue),\(String(format: "%.4f", row.score)),\(row.alert?.rawValue ?? "")\n"
        }
        run.finish(at: lastTime)
        try output.write(toFile: out, atomically: true, encoding: .utf8)
        if let plot, let drawing {
            var limits: [(String, Double)] = []
            for r in rules where r.kind == .above || r.kind == .below {
                limits.append(("\(r.name) \(r.kind.rawValue)", r.threshold))
                if r.clear != r.threshold { limits.append(("\(r.name) clear", r.clear)) }
            }
            try drawing.render(title: "\(sensorSettings.name): \(input)", limits: limits, spans: run.spans)
                .write(toFile: plot, atomically: true, encoding: .utf8)
        }
        let summary = "\(lines.count - 1) row(s), \(run.spans.count) alert span(s)" + (bad > 0 ? ", \(bad) unreadable row(s) skipped" : "")
        print("\(out): \(summary)")
    }

    private func pickSensor() throws -> (SensorSettings, [RuleSettings]) {
        guard let config else {
            let defaults = try HarkConfig.parse(text: """
                [[sensor]]
                name = "\(sensor ?? "replay")"
                topic = "replay"
                [[rule]]
                name = "anomaly"
                sensor = "\(sensor ?? "replay")"
                kind = "anomaly"
                threshold = 0.9
                """, file: "(built-in)").get()
            return (defaults.sensors[0], defaults.rules)
        }
        let loaded: HarkConfig
        switch ConfigFile.load(config) {
        case let .success(c): loaded = c
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            throw ExitCode.configError
        }
        if let sensor {
            guard let s = loaded.sensors.first(where: { $0.name == sensor }) else {
                throw ValidationError("\(config): no [[sensor]] named '\(sensor)'; sensors: \(loaded.sensors.map(\.name).joined(separator: ", "))")
            }
            return (s, loaded.rules)
        }
        guard loaded.sensors.count == 1 else {
            throw ValidationError("\(config) has \(loaded.sensors.count) sensors; pick one with --sensor NAME")
        }
        return (loaded.sensors[0], loaded.rules)
    }
}
