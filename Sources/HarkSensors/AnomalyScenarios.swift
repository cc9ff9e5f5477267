#if canImport(Glibc)
import Glibc
#endif
import HarkCore

/// Labelled synthetic streams, one per kind of anomaly the detector must handle, for measuring
/// precision, recall and detection latency (`hark bench anomaly`, and the tests).
public enum AnomalyScenarios {
    public struct Stream: Sendable {
        public var name: String
        public var times: [Double]
        public var values: [Double]
        /// Anomalous intervals [start, end] (empty for a stream that must stay quiet).
        public var events: [ClosedRange<Double>]
    }

    public struct Result: Sendable {
        public var name: String
        public var events: Int
        public var detected: Int
        public var alertedPoints: Int
        public var truePoints: Int
        public var learningAlerts: Int
        public var meanLatency: Double?
        public var maxScore: Double

        public var recall: Double { events == 0 ? 1 : Double(detected) / Double(events) }
        public var precision: Double { alertedPoints == 0 ? 1 : Double(truePoints) / Double(alertedPoints) }
    }

    /// Deterministic generator (SplitMix64) so results repeat.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func gauss() -> Double { sqrt(-2 * log(max(uniform(), 1e-12))) * cos(2 * .pi * uniform()) }
    }

    static let day = 86_400.0

    /// Daily cycle (amplitude 5) plus noise (σ 0.5) around 20, every `step` seconds for `days`.
    static func base(days: Double, step: @escaping (inout Random) -> Double, seed: UInt64) -> (t: [Double], v: [Double]) {
        var rng = Random(state: seed)
        var t = 1_795_564_800.0  // a midnight
        let end = t + days * day
        var ts: [Double] = [], vs: [Double] = []
        while t < end {
            ts.append(t)
            vs.append(20 + 5 * sin(2 * .pi * t / day) + 0.5 * rng.gauss())
            t += step(&rng)
        }
        return (ts, vs)
    }

    public static func all(seed: UInt64 = 42) -> [Stream] {
        let fiveMinutes: (inout Random) -> Double = { _ in 300 }
        var out: [Stream] = []
        let start = 1_795_564_800.0
        let anomalyStart = start + 7 * day

        // Spikes: 20 single readings 6–10 units off (12–20 σ) after the first week.
        do {
            var (t, v) = base(days: 14, step: fiveMinutes, seed: seed)
            var rng = Random(state: seed + 1)
            var events: [ClosedRange<Double>] = []
            for k in 0..<20 {
                let i = t.firstIndex { $0 >= anomalyStart } ?? 0
                let j = i + 50 + k * 90 + Int(rng.uniform() * 40)
                v[j] += (rng.uniform() < 0.5 ? -1 : 1) * (6 + 4 * rng.uniform())
                events.append(t[j]...t[j])
            }
            out.append(Stream(name: "spike", times: t, values: v, events: events))
        }
        // Level shift: +4 from day 7 on.
        do {
            var (t, v) = base(days: 14, step: fiveMinutes, seed: seed + 2)
            for i in t.indices where t[i] >= anomalyStart { v[i] += 4 }
            out.append(Stream(name: "level shift", times: t, values: v, events: [anomalyStart...(anomalyStart + 6 * 3600)]))
            _ = t
        }
        // Variance change: noise ×6 for one day.
        do {
            var (t, v) = base(days: 14, step: fiveMinutes, seed: seed + 3)
            var rng = Random(state: seed + 4)
            for i in t.indices where t[i] >= anomalyStart && t[i] < anomalyStart + day { v[i] += 3 * rng.gauss() }
            out.append(Stream(name: "variance change", times: t, values: v, events: [anomalyStart...(anomalyStart + day)]))
            _ = t
        }
        // Drift: +2 per day for four days.
        do {
            var (t, v) = base(days: 14, step: fiveMinutes, seed: seed + 5)
            for i in t.indices where t[i] >= anomalyStart { v[i] += 2 * min(4, (t[i] - anomalyStart) / day) }
            out.append(Stream(name: "drift", times: t, values: v, events: [anomalyStart...(anomalyStart + 4 * day)]))
            _ = t
        }
        // Flat-line: the sensor repeats one value for six hours.
        do {
            var (t, v) = base(days: 14, step: fiveMinutes, seed: seed + 6)
            let i0 = t.firstIndex { $0 >= anomalyStart }!
            for i in t.indices where t[i] >= anomalyStart && t[i] < anomalyStart + 6 * 3600 { v[i] = v[i0] }
            out.append(Stream(name: "flat-line", times: t, values: v, events: [anomalyStart...(anomalyStart + 6 * 3600)]))
            _ = t
        }
        // Irregular sampling (1–15 min) with 10 spikes.
        do {
            var (t, v) = base(days: 14, step: { rng in 60 + rng.uniform() * 840 }, seed: seed + 7)
            var rng = Random(state: seed + 8)
            var events: [ClosedRange<Double>] = []
            let i = t.firstIndex { $0 >= anomalyStart }!
            for k in 0..<10 {
                let j = i + 40 + k * 60 + Int(rng.uniform() * 20)
                guard j < t.count else { break }
                v[j] += 8
                events.append(t[j]...t[j])
            }
            out.append(Stream(name: "irregular sampling", times: t, values: v, events: events))
        }
        // The daily pattern alone: nothing should alert.
        do {
            let (t, v) = base(days: 14, step: fiveMinutes, seed: seed + 9)
            out.append(Stream(name: "daily pattern (normal)", times: t, values: v, events: []))
        }
        return out
    }

    /// Runs the detector over `stream`; a reading alerts when its score reaches `threshold`.
    /// An event counts as detected if a reading alerts within it or up to `grace` after it ends.
    public static func evaluate(_ stream: Stream, threshold: Double = 0.9, grace: Double = 3600) -> Result {
        var detector = AnomalyDetector()
        var alertedPoints = 0, truePoints = 0, learningAlerts = 0
        var firstHit = [Double?](repeating: nil, count: stream.events.count)
        var maxScore = 0.0
        for (k, (t, v)) in zip(stream.times, stream.values).enumerated() {
            let score = detector.update(value: v, time: t)
            maxScore = max(maxScore, score)
            guard score >= threshold else { continue }
            if k < detector.learningReadings { learningAlerts += 1 }
            alertedPoints += 1
            var inEvent = false
            for (e, range) in stream.events.enumerated() where t >= range.lowerBound && t <= range.upperBound + grace {
                inEvent = true
                if firstHit[e] == nil { firstHit[e] = t - range.lowerBound }
            }
            if inEvent { truePoints += 1 }
        }
        let hits = firstHit.compactMap { $0 }
        return Result(name: stream.name, events: stream.events.count, detected: hits.count, alertedPoints: alertedPoints,
                      truePoints: truePoints, learningAlerts: learningAlerts,
                      meanLatency: hits.isEmpty ? nil : hits.reduce(0, +) / Double(hits.count), maxScore: maxScore)
    }
}
