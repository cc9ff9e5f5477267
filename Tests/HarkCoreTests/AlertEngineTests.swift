#if canImport(Glibc)
import Glibc
#endif
import HarkCore
import Testing

@Suite struct AlertEngineTests {
    private func engine(_ rules: String, sensor: String = "topic = \"f/+/t\"\nunit = \"C\"") throws -> AlertEngine {
        let c = try HarkConfig.parse(text: "[[sensor]]\nname = \"temp\"\n\(sensor)\n\(rules)", file: "t.toml").get()
        return AlertEngine(sensors: c.sensors, rules: c.rules)
    }

    private func r(_ v: Double, _ t: Double, _ i: String = "m1") -> SensorReading {
        SensorReading(sensor: "temp", instance: i, value: v, time: t)
    }

    @Test func thresholdWithHysteresisAckAndClear() throws {
        var e = try engine("[[rule]]\nname = \"hot\"\nsensor = \"temp\"\nthreshold = 80\nclear = 75\nseverity = \"major\"")
        #expect(e.ingest(r(79, 0)).isEmpty)
        let raised = e.ingest(r(81, 1))
        #expect(raised.map(\.event) == [.raised])
        #expect(raised[0].alert.id == "hot-m1")
        #expect(raised[0].alert.message == "temp m1 81C above 80C for 0s")
        #expect(e.ingest(r(78, 2)).isEmpty)  // between clear and threshold: still active
        #expect(e.ingest(r(90, 3, "m2")).map(\.alert.id) == ["hot-m2"])  // other instance, own alert
        #expect(e.acknowledge(id: "hot-m1", at: 4).map(\.event) == [.acknowledged])
        #expect(e.acknowledge(id: "hot-m1", at: 5).isEmpty)
        let cleared = e.ingest(r(74, 6))
        #expect(cleared.map(\.event) == [.cleared])
        #expect(cleared[0].alert.clearedAt == 6)
        #expect(e.ingest(r(70, 7, "m2")).map(\.event) == [.clearedUnacknowledged])
    }

    @Test func minimumDurationAndKOfNDebounce() throws {
        var e = try engine("[[rule]]\nname = \"hot\"\nsensor = \"temp\"\nthreshold = 80\nfor = \"10s\"\nk = 2\nn = 3")
        #expect(e.ingest(r(90, 0)).isEmpty)  // 1 of 3
        #expect(e.ingest(r(90, 1)).isEmpty)  // 2 of 3: holds from t=1
        #expect(e.ingest(r(70, 5)).isEmpty)  // still 2 of 3
        #expect(e.tick(now: 10).isEmpty)
        #expect(e.tick(now: 11).map(\.event) == [.raised])
        let rf = e.alert(id: "hot-m1")
        #expect(rf?.message.hasSuffix("for 10s") == true)
    }

    @Test func escalationAndRenotify() throws {
        var e = try engine("[[rule]]\nname = \"hot\"\nsensor = \"temp\"\nthreshold = 80\nseverity = \"minor\"\nescalate_after = \"60s\"\nrenotify = \"30s\"")
        _ = e.ingest(r(90, 0))
        #expect(e.tick(now: 30).map(\.event) == [.renotified])
        let esc = e.tick(now: 60)
        #expect(esc.map(\.event) == [.escalated])
        #expect(esc.first?.alert.severity == .major)
        #expect(e.tick(now: 61).isEmpty)
        _ = e.acknowledge(id: "hot-m1", at: 62)
        #expect(e.tick(now: 500).isEmpty)  // acknowledged: no more renotify
    }

    @Test func staleAndFaultAndRate() throws {
        var e = try engine("""
            [[rule]]
            name = "silent"
            sensor = "temp"
            kind = "stale"
            after = "60s"
            [[rule]]
            name = "broken"
            sensor = "temp"
            kind = "fault"
            fault_count = 2
            [[rule]]
            name = "heating"
            sensor = "temp"
            kind = "rate"
            threshold = 5
            window = "60s"
            """, sensor: "topic = \"f/t\"")
        #expect(e.tick(now: 0).isEmpty)
        #expect(e.tick(now: 61).map(\.alert.id) == ["silent"])
        #expect(e.ingest(SensorReading(sensor: "temp", instance: "", value: 20, time: 62)).map(\.event) == [.clearedUnacknowledged])
        #expect(e.reject(sensor: "temp", instance: "", at: 63).isEmpty)
        #expect(e.reject(sensor: "temp", instance: "", at: 64).map(\.alert.id) == ["broken"])
        #expect(e.ingest(SensorReading(sensor: "temp", instance: "", value: 21, time: 92)).map(\.alert.id) == ["broken"])
        // 20 → 21 over 30 s is 2/min; 21 → 30 over the next 30 s makes 10/min over the window.
        #expect(e.ingest(SensorReading(sensor: "temp", instance: "", value: 30, time: 122)).map(\.alert.id) == ["heating"])
    }

    @Test func restoredAlertsCanBeAcknowledgedAndCleared() throws {
        var first = try engine("[[rule]]\nname = \"hot\"\nsensor = \"temp\"\nthreshold = 80")
        let raised = first.ingest(r(90, 0))[0].alert
        var second = try engine("[[rule]]\nname = \"hot\"\nsensor = \"temp\"\nthreshold = 80")
        second.restore([raised])
        #expect(second.activeAlerts.map(\.id) == ["hot-m1"])
        #expect(second.ingest(r(91, 1)).isEmpty)  // already raised: no second raise
        #expect(second.ingest(r(70, 2)).map(\.event) == [.clearedUnacknowledged])
    }

    @Test func alertJSONCarriesIdSequenceAndTimes() throws {
        var e = try engine("[[rule]]\nname = \"hot\"\nsensor = \"temp\"\nthreshold = 80")
        let t = e.ingest(r(90.5, 1_795_586_400))[0]
        let json = t.json(sequence: 7)
        #expect(json.hasPrefix(#"{"event":"raised","id":"hot-m1","sequence":7,"rule":"hot","sensor":"temp","instance":"m1","state":"raised","severity":"warning","value":90.5,"limit":80,"unit":"C","#))
        #expect(json.contains(#""raised_at":"2026-11-25T06:00:00.000Z""#))
        #expect(json.contains(#""acknowledged_at":null"#))
    }

    @Test func anomalyDetectorIsSilentWhileLearningAndFlagsASpike() {
        var d = AnomalyDetector()
        var rng = TestRandom(seed: 7)
        var maxLearning = 0.0
        var maxNormal = 0.0
        for i in 0..<2000 {
            let v = 20 + rng.uniform() - 0.5
            let s = d.update(value: v, time: Double(i) * 10)
            if i < d.learningReadings { maxLearning = max(maxLearning, s) } else { maxNormal = max(maxNormal, s) }
        }
        #expect(maxLearning == 0)
        #expect(maxNormal < AnomalyDetector.episodeScore)
        #expect(d.update(value: 35, time: 20_000) > 0.9)
    }

    /// The point of the likelihood: one threshold, the same (small) false-alarm rate on streams of
    /// any scale and noise shape. Readings of normal, stationary streams reaching 0.9.
    /// "bursty" (2 % of readings 8–12 × the base level, independently) is the known weak spot: the
    /// 10-reading mean's distribution is then far from normal, two bursts close together look
    /// unlikely, and 70 of 20,000 readings (0.35 %) reach 0.9; its bound is 1/200, the others 1/1000.
    @Test(arguments: ["gaussian", "heavy-tailed", "bursty", "daily pattern", "integer counts"])
    func anomalyScoreFalseAlarmRateIsSmallOnAnyNormalStream(kind: String) {
        var d = AnomalyDetector()
        var rng = TestRandom(seed: 11)
        var alarms = 0
        let n = 20_000
        for i in 0..<n {
            let t = Double(i) * 300
            let v: Double = switch kind {
            case "gaussian": 1000 + 50 * rng.gauss()
            case "heavy-tailed": 3 + 0.2 * rng.gauss() / max(0.2, rng.uniform())  // Cauchy-like tails, clipped
            case "bursty": rng.uniform() < 0.02 ? 40 + 20 * rng.uniform() : 5 + rng.uniform()
            case "daily pattern": 20 + 5 * sin(2 * .pi * t / 86_400) + 0.3 * rng.gauss()
            default: Double(Int(4 * rng.uniform() * rng.uniform()))
            }
            if d.update(value: v, time: t) >= 0.9 { alarms += 1 }
        }
        // At most one reading in 1000 (NAB's corpus: about 1 per 1000 outside the labelled windows).
        #expect(alarms <= n / (kind == "bursty" ? 200 : 1000), "\(kind): \(alarms) readings of \(n) at >= 0.9")
    }

    @Test func anomalyDetectorHasFixedSizeAndIsMutedAfterAnEpisode() {
        #expect(MemoryLayout<AnomalyDetector>.size <= 2048)
        var d = AnomalyDetector()
        var rng = TestRandom(seed: 3)
        var t = 0.0
        for _ in 0..<1000 { t += 60; _ = d.update(value: 10 + rng.gauss(), time: t) }
        t += 60
        #expect(d.update(value: 100, time: t) >= 1 - AnomalyDetector.certainMargin)
        // The same episode: the next readings are not new anomalies; once the stream is back to
        // normal and the likelihood has settled, a new one is reported.
        for _ in 0..<AnomalyDetector.episodeReadings { t += 60; #expect(d.update(value: 100, time: t) == 0) }
        for _ in 0..<500 { t += 60; _ = d.update(value: 10 + rng.gauss(), time: t) }
        t += 60
        #expect(d.update(value: 300, time: t) >= 1 - AnomalyDetector.certainMargin)
    }

    /// Within the mute after an alert, a value beyond everything seen is a new episode once the
    /// stream was back to normal for 5 readings, unless the range check raised the alert itself (a
    /// stream setting record after record is one episode).
    @Test func aNewExtremeAfterAReturnToNormalBreaksTheMute() {
        func stream(_ seed: UInt64) -> (AnomalyDetector, Double, TestRandom) {
            var d = AnomalyDetector()
            var rng = TestRandom(seed: seed)
            var t = 0.0
            // The first readings widen the range to 0…29, so a spike to 25 is inside it.
            for i in 0..<2300 { t += 60; _ = d.update(value: i < 30 ? Double(i) : 10 + rng.gauss(), time: t) }
            return (d, t, rng)
        }
        // After a spike alert, a new low once back to normal is reported; before 5 normal readings, not.
        for (calm, reported) in [(AnomalyDetector.calmBeforeNewExtreme, true), (2, false)] {
            var (d, t, rng) = stream(9)
            t += 60
            #expect(d.update(value: 25, time: t) >= AnomalyDetector.episodeScore) // a spike, within the range
            for _ in 0..<calm { t += 60; _ = d.update(value: 10 + 0.3 * rng.gauss(), time: t) }
            t += 60
            #expect((d.update(value: -20, time: t) >= AnomalyDetector.episodeScore) == reported, "after \(calm) normal readings")
        }
        // After an alert the range check raised, a further record within the mute is the same episode.
        var (d, t, rng) = stream(9)
        t += 60
        #expect(d.update(value: 60, time: t) >= AnomalyDetector.episodeScore)
        for _ in 0..<10 { t += 60; _ = d.update(value: 10 + 0.3 * rng.gauss(), time: t) }
        t += 60
        #expect(d.update(value: 90, time: t) == 0)
    }

    /// A level shift of 8 σ inside the range already seen is reported at its first reading (the
    /// spike limit on a Gaussian stream is about 5.5 z, 8 σ is 6.7 z).
    @Test func aLevelShiftIsReportedAtItsFirstReading() {
        var d = AnomalyDetector()
        var rng = TestRandom(seed: 5)
        var t = 0.0
        for i in 0..<2300 { t += 60; _ = d.update(value: i < 30 ? Double(i) : 10 + rng.gauss(), time: t) }
        t += 60
        #expect(d.update(value: 18 + rng.gauss() * 0.1, time: t) >= AnomalyDetector.episodeScore)
        var quiet = AnomalyDetector()
        var t2 = 0.0
        rng = TestRandom(seed: 5)
        for i in 0..<2300 { t2 += 60; _ = quiet.update(value: i < 30 ? Double(i) : 10 + rng.gauss(), time: t2) }
        t2 += 60
        // The same stream, 3 σ instead: not an anomaly.
        #expect(quiet.update(value: 13, time: t2) < AnomalyDetector.episodeScore)
    }
}

/// Deterministic numbers for tests (SplitMix64).
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gauss() -> Double { (-2 * log(max(uniform(), 1e-12))).squareRoot() * cos(2 * .pi * uniform()) }
}
