import ArgumentParser
import Foundation
import HarkSensors

struct BenchAnomalyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomaly",
        abstract: "Precision, recall and detection latency of the anomaly model on labelled synthetic streams.")

    @Option(help: "Score at which a reading alerts.")
    var threshold = 0.9

    func run() throws {
        print("stream                   events detected recall precision alerts latency_s max_score readings")
        for stream in AnomalyScenarios.all() {
            let r = AnomalyScenarios.evaluate(stream, threshold: threshold)
            let name = stream.name.padding(toLength: 24, withPad: " ", startingAt: 0)
            let latency = r.meanLatency.map { String(format: "%9.0f", $0) } ?? "        -"
            print("\(name) " + String(format: "%6d %8d %6.2f %9.2f %6d", r.events, r.detected, r.recall, r.precision, r.alertedPoints)
                  + " \(latency) " + String(format: "%9.3f %8d", r.maxScore, stream.values.count))
        }
    }
}
