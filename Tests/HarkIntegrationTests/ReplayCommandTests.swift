import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HarkTestSupport
import Testing

@Suite struct ReplayCommandTests {
    /// Collects the alert-span rectangles while checking the SVG is well-formed XML.
    final class SpanCollector: NSObject, XMLParserDelegate {
        var spans: [[String: String]] = []
        var polylines: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "rect", attributes["class"] == "alert-span" { spans.append(attributes) }
            if name == "polyline", let id = attributes["id"] { polylines.append(id) }
        }
    }

    @Test func tenThousandRowsScoredWithAlertSpansInTheSVG() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "timestamp,value\n"
        var rng = SystemRandomNumberGenerator()
        for i in 0..<10_000 {
            var v = 20 + 2 * sin(Double(i) / 200) + Double.random(in: -0.5...0.5, using: &rng)
            if (5000..<5100).contains(i) { v += 70 }  // 1000 s above the 60° threshold
            let t = i % 2 == 0 ? "\(1_795_586_400 + i * 10)" : "2026-11-25T\(String(format: "%02d:%02d:%02d", (6 + (i * 10) / 3600) % 24, (i * 10 / 60) % 60, (i * 10) % 60))Z"
            csv += "\(i < 8640 ? t : "\(1_795_586_400 + i * 10)"),\(v)\n"
        }
        try csv.write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        try """
            [[sensor]]
            name = "temp"
            topic = "x"
            [[rule]]
            name = "hot"
            sensor = "temp"
            threshold = 60
            clear = 50
            for = "30s"
            severity = "major"
            """.write(to: dir.appendingPathComponent("hark.toml"), atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: [
            "replay", dir.appendingPathComponent("in.csv").path, "--out", dir.appendingPathComponent("out.csv").path,
            "--config", dir.appendingPathComponent("hark.toml").path, "--plot", dir.appendingPathComponent("out.svg").path,
        ])
        #expect(run.wait(timeout: .seconds(60)) == 0, "\(run.errorOutput())")
        print("hark replay of 10,000 rows took \(ContinuousClock.now - started) (debug build)")

        let out = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8).split(separator: "\n")
        #expect(out.count == 10_001)
        #expect(out[0] == "timestamp,value,anomaly_score,alert")
        let alerts = out.dropFirst().enumerated().filter { !$0.element.hasSuffix(",") }
        // Raised once, at the first row where the 30 s hold is met (row 5003), at the rule's severity.
        #expect(alerts.map(\.offset) == [5003])
        #expect(alerts.first?.element.hasSuffix(",major") == true)
        let scores = out.dropFirst().compactMap { Double($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }
        #expect(scores.count == 10_000 && scores.allSatisfy { (0...1).contains($0) })

        let parser = XMLParser(data: try Data(contentsOf: dir.appendingPathComponent("out.svg")))
        let collector = SpanCollector()
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.polylines.contains("series") && collector.polylines.contains("score"))
        #expect(collector.spans.count == 1)
        #expect(collector.spans.first?["data-severity"] == "major")
        #expect(collector.spans.first?["data-start"] == "2026-11-25T19:53:50.000Z")
    }

    @Test func unreadableRowsAreNamedAndKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "timestamp,value\n0,1\nbad,2\n20,x\n30,4\n".write(to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let run = try ChildProcess(executable: BinaryLocator.hark.path, arguments: [
            "replay", dir.appendingPathComponent("in.csv").path, "--out", dir.appendingPathComponent("out.csv").path,
        ])
        #expect(run.wait(timeout: .seconds(30)) == 0)
        #expect(run.errorOutput().contains("in.csv:3: skipped"))
        #expect(run.errorOutput().contains("in.csv:4: skipped"))
        let out = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8).split(separator: "\n")
        #expect(out.count == 5)
    }
}
