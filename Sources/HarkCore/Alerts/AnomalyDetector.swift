#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming anomaly score in [0, 1] for one sensor instance, learned from its own history.
///
/// Causal, O(1) work and a fixed ~1 KB of memory per instance. Each reading is compared with
/// several time-weighted baselines (so irregular sampling is handled: weights decay with elapsed
/// time, not reading count):
/// - level: a fast exponentially weighted mean and mean absolute deviation (spikes, level shifts);
/// - seasonal: a 48-slot time-of-day profile, used once each slot has history (daily patterns
///   stop looking anomalous; a reading unusual *for that hour* does);
/// - drift: a slow mean against the long-run scale (gradual drifts);
/// - variance: short- against long-term deviation (changed noise);
/// - flat-line: a run of identical readings much longer than seen before on a noisy signal.
/// The largest robust z-score maps to a score; nothing is scored during the learning period.
public struct AnomalyDetector: Sendable {
    public var learningReadings = 60
    private var count = 0
    private var lastTime: Double?
    private var fastMean = 0.0, fastDev = 0.0
    private var slowMean = 0.0, slowDev = 0.0
    private var shortDev = 0.0
    private var lastValue = Double.nan
    private var flatRun = 0
    private var longestFlat = 0
    private var slots = [Double](repeating: .nan, count: 48)
    private var slotDev = [Double](repeating: .nan, count: 48)
    private var slotCount = [Int](repeating: 0, count: 48)

    /// Time constants (seconds) of the baselines.
    public var fastTau = 600.0, slowTau = 6 * 3600.0, shortTau = 120.0, slotTau = 5 * 86400.0

    public init() {}

    public mutating func update(value x: Double, time t: Double) -> Double {
        defer { lastTime = t; lastValue = x; count += 1 }
        guard count > 0, let last = lastTime else {
            fastMean = x; slowMean = x
            return 0
        }
        let dt = max(t - last, 1e-3)
        // Time-weighted, but never slower than a plain average early on (so every baseline is
        // seeded from the learning period instead of from the first reading).
        let n = Double(count)
        func alpha(_ tau: Double) -> Double { max(1 - exp(-dt / tau), 1 / (n + 1)) }
        let floor = max(1e-9, 1e-3 * abs(slowMean))
        let scale = max(fastDev, slowDev * 0.5, floor)

        // Robust z-scores against the baselines before they learn this reading.
        var z = abs(x - fastMean) / (1.4826 * scale)
        let slot = Int((t.truncatingRemainder(dividingBy: 86400) + 86400).truncatingRemainder(dividingBy: 86400) / 1800)
        if slotCount[slot] >= 3, !slots[slot].isNaN {
            let seasonalZ = abs(x - slots[slot]) / (1.4826 * max(slotDev[slot], floor))
            z = min(z, max(seasonalZ, 0))  // a daily pattern explains the value if either baseline does
        }
        let driftZ = abs(fastMean - slowMean) / (1.4826 * max(slowDev, floor)) / 2
        let varianceZ = slowDev > floor ? max(0, shortDev / slowDev - 2) * 2 : 0
        flatRun = x == lastValue ? flatRun + 1 : 0
        let flatZ = slowDev > floor * 10 && longestFlat > 0 ? Double(flatRun) / Double(max(longestFlat, 3) * 3) * 6 : 0
        if flatRun > longestFlat, count < learningReadings * 4 { longestFlat = flatRun }

        // Learn (large outliers are clipped so one spike does not drag the baselines).
        let clipped = fastMean + max(-4 * scale, min(4 * scale, x - fastMean))
        fastDev += alpha(fastTau) * (abs(x - fastMean) - fastDev)
        fastMean += alpha(fastTau) * (clipped - fastMean)
        slowDev += alpha(slowTau) * (abs(x - slowMean) - slowDev)
        slowMean += alpha(slowTau) * (clipped - slowMean)
        shortDev += alpha(shortTau) * (abs(x - fastMean) - shortDev)
        if slots[slot].isNaN { slots[slot] = x; slotDev[slot] = scale } else {
            let a = 1 - exp(-max(dt, 1800) / slotTau * 48)
            slotDev[slot] += a * (abs(x - slots[slot]) - slotDev[slot])
            slots[slot] += a * (x - slots[slot])
        }
        slotCount[slot] += 1

        guard count >= learningReadings else { return 0 }
        let worst = max(z, driftZ, varianceZ, flatZ)
        return min(1, max(0, (worst - 3) / 3))
    }
}
