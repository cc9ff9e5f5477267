#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one sensor instance is expected to read next, and how far each reading is from it, as
/// robust z-scores. The first stage of ``AnomalyDetector``.
///
/// Causal, O(1) work and fixed memory. Weights decay with elapsed time, not with the number of
/// readings, so irregular sampling is handled.
/// 1. Expected value: a 48-slot time-of-day profile (30-minute slots, ~5-day memory) once a slot
///    has history, else a 10-minute moving level. Daily patterns therefore stop looking unusual.
/// 2. `level`: the residual (reading − expected) against its own robust scale (mean absolute
///    deviation, ~1-day memory): spikes and level shifts.
/// 3. `drift`: the 6-hour mean of the de-seasonalised value against its 7-day mean, in units of the
///    scale (only once the time-of-day profile is known).
/// 4. `variance`: the residual's 1-hour deviation against its 1-day deviation; `spread`: the same
///    ratio as |ln(1-hour / 1-day)|, so a stream that turns quieter counts as well as a noisier one.
/// 5. `flat`: a run of identical readings far longer than any seen while learning, on a signal
///    that is normally noisy.
/// Outliers are clipped before they are learned; every z is 0 during the first `learningReadings`.
public struct ResidualModel: Sendable {
    public struct Features: Sendable, Equatable {
        public var level = 0.0, drift = 0.0, variance = 0.0, flat = 0.0, spread = 0.0
    }

    public var learningReadings = 60
    /// The most one reading weighs in the 1-day scale: an hourly reading weighs 0.041, so only gaps are capped.
    static let maxScaleWeight = 0.1
    private var count = 0
    private var lastTime = 0.0
    private var lastValue = Double.nan
    private var level = 0.0
    private var resMean6h = 0.0
    /// 6-hour and 7-day means of the value minus its time-of-day offset (nan until known).
    private var deseason6h = Double.nan, deseason7d = Double.nan
    private var resDev = 0.0, resDevShort = 0.0
    private var flatRun = 0, longestFlat = 0
    private var slotMean = InlineArray<48, Double>(repeating: 0)
    private var slotCount = InlineArray<48, Int32>(repeating: 0)

    public init() {}

    public mutating func update(value x: Double, time t: Double) -> Features {
        defer { lastTime = t; lastValue = x; count += 1 }
        guard count > 0 else {
            level = x
            return Features()
        }
        let dt = max(t - lastTime, 1e-3)
        let n = Double(count)
        /// Time-weighted, but never slower than a plain average early on.
        func alpha(_ tau: Double) -> Double { max(1 - exp(-dt / tau), 1 / (n + 1)) }

        let slot = Int(((t.truncatingRemainder(dividingBy: 86_400)) + 86_400).truncatingRemainder(dividingBy: 86_400) / 1800)
        let seasonal = slotCount[slot] >= 3
        let expected = seasonal ? (deseason7d.isNaN ? level : deseason6h) + slotMean[slot] : level
        let r = x - expected
        let floor = max(1e-9, 1e-4 * abs(level))
        let scale = max(resDev, floor)

        var f = Features()
        f.level = abs(r - resMean6h) / (1.4826 * scale)
        if seasonal, !deseason7d.isNaN { f.drift = abs(deseason6h - deseason7d) / (1.4826 * scale) }
        f.variance = resDev > floor ? max(0, resDevShort / resDev - 1.5) * 3 : 0
        // Either direction: a stream whose noise shrinks (a holiday, a stalled process) is a change too.
        f.spread = resDev > floor ? abs(log(max(resDevShort / resDev, 1e-3))) : 0
        flatRun = x == lastValue ? flatRun + 1 : 0
        f.flat = resDev > 10 * floor ? Double(flatRun) / Double(max(longestFlat, 2) * 4) * 6 : 0
        if count < learningReadings * 4 { longestFlat = max(longestFlat, flatRun) }

        // Learn, with the residual clipped to ±4 scales so one outlier cannot drag the baselines.
        let clipped = count < learningReadings ? r : resMean6h + max(-4 * scale, min(4 * scale, r - resMean6h))
        let xc = expected + clipped
        level += alpha(600) * (xc - level)
        // The profile learns offsets from the slow level, so a drift moves the level, not the profile.
        let base = deseason7d.isNaN ? level : deseason7d
        let sa = max(1 - exp(-dt / (5 * 86_400 / 48)), 1 / Double(slotCount[slot] + 1))
        slotMean[slot] = slotCount[slot] == 0 ? xc - base : slotMean[slot] + sa * ((xc - base) - slotMean[slot])
        slotCount[slot] &+= 1
        resMean6h += alpha(6 * 3600) * (clipped - resMean6h)
        if seasonal {
            let d = x - slotMean[slot]
            if deseason7d.isNaN { deseason7d = d; deseason6h = d } else {
                deseason6h += (1 - exp(-dt / (6 * 3600))) * (d - deseason6h)
                deseason7d += (1 - exp(-dt / (7 * 86_400))) * (d - deseason7d)
            }
        }
        let dev = min(abs(r - resMean6h), 4 * scale + floor)
        // One reading never weighs more than `maxScaleWeight` in the 1-day scale (except early on): after a gap
        // of a day or more it would otherwise replace it with its own deviation, ≈ 0 as the 6-hour mean has
        // just moved onto it, and the next reading would be a spike.
        resDev += max(min(1 - exp(-dt / 86_400), Self.maxScaleWeight), 1 / (n + 1)) * (dev - resDev)
        resDevShort += alpha(3600) * (dev - resDevShort)

        return count >= learningReadings ? f : Features()
    }
}
