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
        // Byte-level reading and writing: the replay of a large file is bounded by the model, not by
        // text handling (docs/sensors.md, "Replay").
        let bytes = [UInt8](data)
        var lines: [Range<Int>] = []
        lines.reserveCapacity(bytes.count / 24)
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 10 || b == 13 {
                lines.append(lineStart..<i)
                if b == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < bytes.count { lines.append(lineStart..<bytes.count) }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let headerRange = lines.first else { throw ValidationError("\(input): the file is empty; expected a header 'timestamp,value'") }
        let header = String(decoding: bytes[headerRange], as: UTF8.self)
        let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let ti = columns.firstIndex(of: "timestamp"), let vi = columns.firstIndex(of: "value") else {
            throw ValidationError("\(input):1: the header must name the columns 'timestamp' and 'value' (got '\(header)')")
        }

        var run = ReplayRun(sensor: sensorSettings, rules: rules)
        var drawing = plot.map { _ in ReplayPlot() }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + lines.count * 16)
        output.append(contentsOf: "timestamp,value,anomaly_score,alert\n".utf8)
        var bad = 0
        var lastTime = 0.0
        bytes.withUnsafeBufferPointer { all in
            var fields: [Range<Int>] = []
            for (n, line) in lines.enumerated().dropFirst() {
                CSVFields.split(all, line, into: &fields)
                let rawTime = fields.count > ti ? fields[ti] : line.upperBound..<line.upperBound
                let rawValue = fields.count > vi ? fields[vi] : line.upperBound..<line.upperBound
                let timeBytes = UnsafeBufferPointer(rebasing: all[rawTime])
                let time = Timestamp.parse(utf8: timeBytes)
                let value = Double(String(decoding: UnsafeBufferPointer(rebasing: all[rawValue]), as: UTF8.self))
                output.append(contentsOf: all[rawTime])
                output.append(44)
                output.append(contentsOf: all[rawValue])
                output.append(44)
                guard let time, let value, value.isFinite else {
                    bad += 1
                    if bad <= 10 {
                        let text = String(decoding: all[line].prefix(60), as: UTF8.self)
                        ConsoleOutput.error("\(input):\(n + 1): skipped: not a timestamp and a number (got '\(text)')")
                    }
                    output.append(contentsOf: ",\n".utf8)
                    continue
                }
                lastTime = time
                let row = run.feed(time: time, value: value)
                drawing?.add(row)
                CSVFields.appendFixed4(row.score, to: &output)
                output.append(44)
                if let alert = row.alert { output.append(contentsOf: alert.rawValue.utf8) }
                output.append(10)
            }
        }
        run.finish(at: lastTime)
        try Data(output).write(to: URL(fileURLWithPath: out), options: .atomic)
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
