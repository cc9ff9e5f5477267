#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming anomaly score in [0, 1] for one sensor instance, learned from its own history.
///
/// Causal, O(1) work and a fixed ~1.2 KB of memory per instance. Weights decay with elapsed time,
/// not with the number of readings, so irregular sampling is handled.
/// 1. Expected value: a 48-slot time-of-day profile (30-minute slots, ~5-day memory) once a slot
///    has history, else a 10-minute moving level. Daily patterns therefore stop looking unusual.
/// 2. The residual (reading − expected) is compared with its own robust scale (mean absolute
///    deviation, ~1-day memory): spikes and level shifts give large robust z-scores.
/// 3. Drift: the 6-hour mean of the de-seasonalised value against its 3-day mean, in units of the
///    scale (only once the time-of-day profile is known).
/// 4. Changed variance: the residual's 1-hour deviation against its 1-day deviation.
/// 5. Flat-line: a run of identical readings far longer than any seen while learning, on a
///    signal that is normally noisy.
/// The largest of these maps to the score: z ≤ 3 → 0, z ≥ 6 → 1. Outliers are clipped before
/// they are learned, and nothing is scored during the learning period.
public struct AnomalyDetector: Sendable {
    public var learningReadings = 60
    private var count = 0
    private var lastTime: Double?
    private var lastValue = Double.nan
    private var level = 0.0
    private var resMean6h = 0.0
    /// 6-hour and 3-day means of the value minus its time-of-day offset (nan until known).
    private var deseason6h = Double.nan, deseason3d = Double.nan
    private var resDev = 0.0, resDevShort = 0.0
    private var flatRun = 0, longestFlat = 0
    private var slotMean = [Double](repeating: 0, count: 48)
    private var slotCount = [Int32](repeating: 0, count: 48)

    public init() {}

    public mutating func update(value x: Double, time t: Double) -> Double {
        defer { lastTime = t; lastValue = x; count += 1 }
        guard count > 0, let last = lastTime else {
            level = x
            return 0
        }
        let dt = max(t - last, 1e-3)
        let n = Double(count)
        /// Time-weighted, but never slower than a plain average early on.
        func alpha(_ tau: Double) -> Double { max(1 - exp(-dt / tau), 1 / (n + 1)) }

        let slot = Int(((t.truncatingRemainder(dividingBy: 86_400)) + 86_400).truncatingRemainder(dividingBy: 86_400) / 1800)
        let seasonal = slotCount[slot] >= 3
        let expected = seasonal ? (deseason3d.isNaN ? level : deseason6h) + slotMean[slot] : level
        let r = x - expected
        let floor = max(1e-9, 1e-4 * abs(level))
        let scale = max(resDev, floor)

        let z = abs(r - resMean6h) / (1.4826 * scale)
        var driftZ = 0.0
        if seasonal, !deseason3d.isNaN { driftZ = abs(deseason6h - deseason3d) / (1.4826 * scale) / 1.5 }
        let varianceZ = resDev > floor ? max(0, resDevShort / resDev - 1.5) * 3 : 0
        flatRun = x == lastValue ? flatRun + 1 : 0
        let flatZ = resDev > 10 * floor ? Double(flatRun) / Double(max(longestFlat, 2) * 4) * 6 : 0
        if count < learningReadings * 4 { longestFlat = max(longestFlat, flatRun) }

        // Learn, with the residual clipped to ±4 scales so one outlier cannot drag the baselines.
        let clipped = count < learningReadings ? r : resMean6h + max(-4 * scale, min(4 * scale, r - resMean6h))
        let xc = expected + clipped
        level += alpha(600) * (xc - level)
        // The profile learns offsets from the slow level, so a drift moves the level, not the profile.
        let base = deseason3d.isNaN ? level : deseason3d
        let sa = max(1 - exp(-dt / (5 * 86_400 / 48)), 1 / Double(slotCount[slot] + 1))
        slotMean[slot] = slotCount[slot] == 0 ? xc - base : slotMean[slot] + sa * ((xc - base) - slotMean[slot])
        slotCount[slot] &+= 1
        resMean6h += alpha(6 * 3600) * (clipped - resMean6h)
        if seasonal {
            let d = x - slotMean[slot]
            if deseason3d.isNaN { deseason3d = d; deseason6h = d } else {
                deseason6h += (1 - exp(-dt / (6 * 3600))) * (d - deseason6h)
                deseason3d += (1 - exp(-dt / (3 * 86_400))) * (d - deseason3d)
            }
        }
        let dev = min(abs(r - resMean6h), 4 * scale + floor)
        resDev += alpha(86_400) * (dev - resDev)
        resDevShort += alpha(3600) * (dev - resDevShort)

        guard count >= learningReadings else { return 0 }
        let worst = max(z, driftZ, varianceZ, flatZ)
        return min(1, max(0, (worst - 3) / 3))
    }
}
