#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A calibrated, sparse anomaly score in [0, 1] for one sensor instance: how unusual this reading
/// is given the stream's own recent history.
///
/// 1. ``ResidualModel`` turns each reading into robust z-scores against what was expected (level,
///    drift, variance change, flat-line).
/// 2. The level z (capped at 1.5, so its 10-reading mean is about the share of recent readings
///    that are unusual, not how far a few of them are: large single ones are the spike limit's),
///    the drift z (capped at 4) and the spread change (|ln| of the 1-hour against the 1-day
///    deviation, capped at 6: a stream turning noisier or quieter), scaled to [0, 1], each go
///    through a ``ScoreLikelihood``: the tail probability `p` of their 10-reading mean under their
///    own distribution over the last ~2000 readings. The score is `1 − (2p)^0.25` for the least
///    likely of the three: 0 at the usual level (p = ½), 0.9 ⇔ p = 5·10⁻⁵, 0.99 ⇔ p = 5·10⁻⁹, on
///    any stream. The drift counts only once the stream is 2 days old (before that its 7-day mean
///    is what little has been seen). A spread change alone scores at most 0.89: unusual, worth
///    a lower alert threshold, but not an alert at 0.9 by itself (a large one is the variance
///    z's, below).
/// 3. Certain anomalies score from 0.95 at their limit towards 1 (`1 − 0.05 · limit / z`): a
///    reading outside every value seen so far by more than 2 % of that range (and at least 3 z from
///    what was expected); a spike: a level z of at least 5 and beyond this stream's own tail,
///    `q99 + 3 · (q99 − q90)` of its level z (both tracked as it goes) — an exponential tail fitted
///    to the two quantiles puts that at a tail probability of ~10⁻⁵, and a heavy-tailed stream,
///    whose q99 − q90 is wide, needs a far larger spike; a variance change or a flat-line whose z
///    reaches 9 (a flat-line that goes on is reported again only once its z has doubled since it
///    was last reported, not after every mute; likewise a drift likelihood alert repeats only once
///    the drift z reaches 1.5 times the z last reported, that z fading over 30 days). On a stream whose spike limit exceeds 10 z (a tail heavier than exponential, where
///    that fit understates how often large spikes come) a spike scores `1 − 0.2 · limit / z`
///    instead: 0.8 at the limit, 0.9 at twice it.
/// 4. An episode is reported once: after a reading scores ≥ 0.9, the next 30 readings, and any
///    further ones while the likelihood stays below 1 %, score 0 — except a value beyond everything
///    seen (the range check) after at least 5 of them were back to normal (level z < 1), when the
///    alert was not itself the range check's: a second drop right after the first is reported. A weaker episode likewise: after
///    a reading scores ≥ 0.3, the next 30 readings score 0 unless they reach 0.9. The score is
///    therefore sparse at every level, and any alert threshold gives onsets, not runs.
/// Causal, O(1) work, ~1.1 KB fixed per instance, no allocation per reading. Nothing is scored
/// during the first `learningReadings` (the likelihood needs a history). One set of parameters
/// for every stream, chosen on alternate NAB files (docs/sensors.md).
public struct AnomalyDetector: Sendable {
    /// Readings before anything is scored.
    public let learningReadings = 300
    /// Score at which an episode is reported (the default alert threshold).
    public static let episodeScore = 0.9
    /// Readings muted after an episode is reported.
    public static let episodeReadings = 30
    /// Score from which a weaker episode is reported once, at its onset (readings below 0.9).
    public static let weakEpisodeScore = 0.3
    /// Readings back to normal (level z < 1) after an alert before a new extreme is a new episode.
    public static let calmBeforeNewExtreme = 5
    /// Margin, as a fraction of the range seen so far, beyond which a value is new.
    public static let rangeTolerance = 0.02
    /// Variance-change and flat-line z at which an anomaly is certain.
    public static let certainZ = 9.0
    /// Smallest level z of a spike (when also beyond the stream's tail, see `spikeTail`).
    public static let spikeZ = 5.0
    /// A spike's level z is at least q99 + `spikeTail` · (q99 − q90) of the stream's level z.
    public static let spikeTail = 3.0
    /// Score of a certain anomaly at its limit: 1 − `certainMargin`, rising towards 1 beyond it.
    public static let certainMargin = 0.05
    /// A spike limit above this z means a tail heavier than exponential (a Gaussian stream's limit
    /// is 5, a Laplace one's ~7.8), where the exponential fit understates how often large spikes
    /// come: there a spike scores from 1 − `heavyTailMargin` at its limit and reaches 0.9 only at
    /// twice the limit.
    public static let heavyTailZ = 10.0
    /// Score margin of a spike on a heavy-tailed stream (see `heavyTailZ`).
    public static let heavyTailMargin = 0.2
    /// Level z at which its likelihood's input saturates (drift: `driftCap`, spread change:
    /// `spreadCap`, in units of |ln(1-hour / 1-day deviation)|).
    public static let levelCap = 1.5
    public static let driftCap = 4.0
    public static let spreadCap = 6.0
    /// Highest score of the spread likelihood (just under the default alert threshold).
    public static let spreadMaxScore = 0.89
    /// The likelihood score is `1 − (2p)^likelihoodExponent`.
    public static let likelihoodExponent = 0.25
    /// Seconds from a stream's first reading before its drift likelihood counts.
    public static let driftAfter = 2 * 86_400.0
    /// A flat-line already reported is reported again only when its z reaches this multiple of
    /// the z it was reported at (the run has doubled), not each time the mute ends.
    public static let flatRepeat = 2.0
    /// Likewise a drift: once reported, the drift likelihood alerts again only when the drift z
    /// reaches `driftRepeat` times the z it was reported at, that z fading over
    /// `driftRepeatSeconds`; below it the reading scores just under 0.9.
    public static let driftRepeat = 1.5
    public static let driftRepeatSeconds = 30 * 86_400.0

    private var residuals = ResidualModel()
    private var levelLikelihood = ScoreLikelihood()
    private var driftLikelihood = ScoreLikelihood()
    private var spreadLikelihood = ScoreLikelihood()
    private var count = 0
    private var low = 0.0, high = 0.0
    /// The drift z at which the drift likelihood last alerted (decayed over `driftRepeatSeconds`),
    /// and the last reading's time.
    private var driftReported = 0.0, lastTime = 0.0
    /// Running estimates of the level z's 90th and 99th percentiles (stochastic quantile tracking).
    private var level90 = 0.5, level99 = 1.0
    private var muted = 0, mutedWeak = 0
    /// Whether the range check raised the alert that started the current mute, and how many readings
    /// since that alert were back to normal (level z < 1).
    private var mutedByRange = false, calmSinceAlert = 0
    private var firstTime = Double.nan
    /// The flat-line z at which the current run of identical readings was last reported (0: not yet).
    private var flatReported = 0.0

    public init() {}

    public mutating func update(value x: Double, time t: Double) -> Double {
        defer { count += 1 }
        var outside = false
        if count == 0 { low = x; high = x }
        if high > low {
            let margin = (high - low) * Self.rangeTolerance
            outside = x > high + margin || x < low - margin
        }
        if count > 0 { driftReported *= exp(-max(t - lastTime, 0) / Self.driftRepeatSeconds) }
        lastTime = t
        low = min(low, x)
        high = max(high, x)

        let f = residuals.update(value: x, time: t)
        if firstTime.isNaN { firstTime = t }
        let pLevel = levelLikelihood.update(min(1, f.level / Self.levelCap))
        var pDrift = driftLikelihood.update(min(1, f.drift / Self.driftCap))
        if t - firstTime < Self.driftAfter { pDrift = 0.5 }
        // While the residual model learns its scale the spread is unknown: fed as the largest change
        // (1), which starts its distribution wide, so this likelihood stays quiet for the first
        // few thousand readings and sharpens as its history grows (fed 0 instead, it alarmed on
        // the early noise of the NAB streams: 85 rows outside the windows of the even files, not 64).
        let spreadInput = count < residuals.learningReadings ? 1 : min(1, f.spread / Self.spreadCap)
        let pSpread = spreadLikelihood.update(spreadInput)
        // The tail's width, never taken as less than a tenth of q99 (a stream whose z barely varies).
        let spikeLimit = max(Self.spikeZ, level99 + Self.spikeTail * max(level99 - level90, 0.1 * level99))
        if f.level > 0 {
            level90 *= exp(0.05 * ((f.level > level90 ? 1 : 0) - 0.1))
            level99 *= exp(0.05 * ((f.level > level99 ? 1 : 0) - 0.01))
        }
        guard count >= learningReadings else { return 0 }
        let p = min(pLevel, pDrift, pSpread)
        var score = 1 - pow(2 * min(pLevel, pDrift), Self.likelihoodExponent)
        var fromDrift = pDrift < pLevel
        if pSpread < min(pLevel, pDrift) {
            // Alone, a change of spread is unusual but no alert at 0.9 (on the even NAB files the
            // same NAB scores either way, but 2 rows more outside the windows and 1 window more
            // at 0.9 without this cap).
            score = max(score, min(Self.spreadMaxScore, 1 - pow(2 * pSpread, Self.likelihoodExponent)))
        }
        var byRange = false
        func certain(_ z: Double, limit: Double, margin: Double = Self.certainMargin, range: Bool = false) {
            if z >= limit, 1 - margin * limit / z > score { score = 1 - margin * limit / z; fromDrift = false; byRange = range }
        }
        if outside { certain(f.level, limit: 3, range: true) }
        certain(f.level, limit: spikeLimit, margin: spikeLimit > Self.heavyTailZ ? Self.heavyTailMargin : Self.certainMargin)
        certain(f.variance, limit: Self.certainZ)
        if f.flat == 0 { flatReported = 0 }
        certain(f.flat, limit: max(Self.certainZ, Self.flatRepeat * flatReported))
        let weakSilent = mutedWeak > 0
        if mutedWeak > 0 { mutedWeak -= 1 }
        if muted > 0, f.level < 1 { calmSinceAlert += 1 }
        // A value beyond everything seen, after the stream was back to normal for a while, is a new
        // episode even within the mute ("a second drop right after the first"); not after an alert
        // the range check raised itself (a stream setting record after record stays one episode).
        let newExtreme = muted > 0 && byRange && score >= Self.episodeScore && !mutedByRange && calmSinceAlert >= Self.calmBeforeNewExtreme
        if muted > 0, !newExtreme {
            muted -= 1
            // The episode lasts while the likelihood stays high (p < 1 %).
            if muted == 0, p < 0.01 { muted = 1 }
            return 0
        }
        if score >= Self.episodeScore, fromDrift {
            if f.drift < Self.driftRepeat * driftReported { score = 0.89 } else { driftReported = f.drift }
        }
        if score >= Self.episodeScore {
            if f.flat >= Self.certainZ { flatReported = f.flat }
            muted = Self.episodeReadings
            mutedWeak = Self.episodeReadings
            mutedByRange = byRange
            calmSinceAlert = 0
            return score
        }
        // A weaker episode is reported at its onset as well; only a reading reaching 0.9 breaks its
        // silence, so a lower alert threshold means a few more alerts, not a run of them.
        if weakSilent { return 0 }
        if score >= Self.weakEpisodeScore { mutedWeak = Self.episodeReadings }
        return score
    }
}
