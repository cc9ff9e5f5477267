import Foundation
import HarkCore
import HarkSensors
import Testing

/// The anomaly model on labelled synthetic streams (`hark bench anomaly` prints the same table).
@Suite struct AnomalyEvaluationTests {
    static let streams = AnomalyScenarios.all()

    @Test(arguments: ["spike", "level shift", "variance change", "flat-line", "irregular sampling"])
    func detectsEveryEventWithoutFalseAlarms(kind: String) throws {
        let stream = try #require(Self.streams.first { $0.name == kind })
        let r = AnomalyScenarios.evaluate(stream)
        #expect(r.recall >= 0.9, "\(kind): recall \(r.recall)")
        #expect(r.precision >= 0.9, "\(kind): precision \(r.precision)")
        #expect(r.learningAlerts == 0)
    }

    /// Drift (+2 a day for four days, then a plateau): once, within the first day, and the plateau
    /// after it does not keep alerting (before the likelihood: 3.3 days, precision 0.43).
    @Test func aSlowDriftIsDetectedOnceWithinADay() throws {
        let stream = try #require(Self.streams.first { $0.name == "drift" })
        let r = AnomalyScenarios.evaluate(stream)
        #expect(r.recall == 1)
        #expect((r.meanLatency ?? .infinity) < 86_400)
        #expect(r.precision >= 0.9, "drift: precision \(r.precision)")
        #expect(r.learningAlerts == 0)
    }

    /// +4 (8 σ) at midnight, inside the range the daily cycle already covers: reported at its first
    /// reading, once (before the tail-based spike limit: 600 s, the 10-reading likelihood's lag).
    @Test func aLevelShiftIsReportedAtOnce() throws {
        let stream = try #require(Self.streams.first { $0.name == "level shift" })
        let r = AnomalyScenarios.evaluate(stream)
        #expect(r.meanLatency == 0)
        #expect(r.alertedPoints == 1)
    }

    /// The score is sparse at every level, not only at 0.9: on every labelled stream, two readings
    /// scoring ≥ `weakEpisodeScore` are more than `episodeReadings` apart, unless the later one
    /// reaches 0.9 after a weaker onset. (Before: the daily pattern alone gave runs of 0.3–0.72.)
    @Test func weakerEpisodesAreReportedOnceAtTheirOnset() {
        var weakReadings = 0
        for stream in Self.streams {
            var d = AnomalyDetector()
            var last: (index: Int, score: Double)?
            for (k, (t, v)) in zip(stream.times, stream.values).enumerated() {
                let s = d.update(value: v, time: t)
                guard s >= AnomalyDetector.weakEpisodeScore else { continue }
                if s < AnomalyDetector.episodeScore { weakReadings += 1 }
                if let last, k - last.index <= AnomalyDetector.episodeReadings {
                    #expect(s >= AnomalyDetector.episodeScore && last.score < AnomalyDetector.episodeScore,
                            "\(stream.name): \(last.score) at \(last.index), then \(s) at \(k)")
                }
                last = (k, s)
            }
        }
        #expect(weakReadings > 0, "no weaker episode at all: the check above saw nothing")
    }

    /// A flat-line that goes on is reported again as it grows (each time its z has doubled), not
    /// after every mute: a 1000-reading run on a noisy stream gives 3 alerts (13 before).
    @Test func aLongFlatLineIsReportedAgainOnlyAsItDoubles() {
        var d = AnomalyDetector()
        var state: UInt64 = 7
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var t = 0.0
        for _ in 0..<2000 {
            t += 300
            _ = d.update(value: 20 + noise(), time: t)
        }
        var alerts = 0
        for _ in 0..<1000 {
            t += 300
            if d.update(value: 20.25, time: t) >= AnomalyDetector.episodeScore { alerts += 1 }
        }
        #expect(alerts >= 2, "the run is reported, and again as it grows")
        #expect(alerts <= 6, "a long run re-alerted after every mute: \(alerts) alerts")
    }

    /// A sensor that was offline for two days and comes back with its usual readings raises no
    /// alert: one reading after a long gap does not replace the stream's 1-day noise scale (before:
    /// that reading's deviation, ≈ 0, set the scale to its floor and the next reading scored as a
    /// spike of z 8–218 on NAB's `ambient_temperature_system_failure`).
    @Test(arguments: [1.0, 2.0, 5.0]) func readingsAfterALongGapAreNotAnomalies(gapDays: Double) {
        var d = AnomalyDetector()
        var state: UInt64 = 11
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        func reading(_ t: Double) -> Double { 20 + 2 * sin(2 * Double.pi * t / 86_400) + noise() }
        var t = 0.0
        for _ in 0..<(12 * 288) { // 12 days, every 5 minutes
            t += 300
            _ = d.update(value: reading(t), time: t)
        }
        t += gapDays * 86_400
        var worst = 0.0
        for _ in 0..<288 {
            t += 300
            worst = max(worst, d.update(value: reading(t), time: t))
        }
        #expect(worst < AnomalyDetector.episodeScore, "a reading after a \(gapDays)-day gap scored \(worst)")
    }

    @Test func aDailyPatternAloneNeverAlerts() throws {
        let stream = try #require(Self.streams.first { $0.name == "daily pattern (normal)" })
        let r = AnomalyScenarios.evaluate(stream)
        #expect(r.alertedPoints == 0)
        #expect(r.maxScore < AnomalyDetector.episodeScore)
    }

    @Test func scoresStayInUnitIntervalOnHostileInput() {
        var d = AnomalyDetector()
        var t = 0.0
        for i in 0..<5000 {
            t += i % 7 == 0 ? 0 : Double(i % 13)  // repeated and irregular timestamps
            let v: Double = i % 100 == 0 ? 1e12 : (i % 3 == 0 ? -1e-9 : Double(i % 5))
            let s = d.update(value: v, time: t)
            #expect((0...1).contains(s))
        }
    }
}
