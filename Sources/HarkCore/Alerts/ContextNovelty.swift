/// How unpredictable and how new a reading is in the context of the few readings before it: a
/// second, contextual anomaly score for one sensor instance (issue 14, an experiment beside
/// ``AnomalyDetector``; see scripts/nab-experiment/RESULTS.md).
///
/// The value is put in one of `bins` equal bins of a range learned over the first
/// `learningReadings` (their minimum and maximum, widened by `rangeMargin` of their span on each
/// side, then frozen; values beyond it fall in the end bins). For each order k = 1…`order`, the
/// last k bins form a context; two count tables (per context, and per context and current bin)
/// give `p_k`, the share of the context's past readings that were followed by this bin, and
/// `new_k`, whether this bin never followed it. The raw score is
/// `((1 − mean p_k) + mean new_k) / 2`; it is reported only if no raw score reached
/// `reportScore` in the previous `restReadings` (one report per episode), and not during learning.
///
/// Causal, O(`order`) work per reading, no allocation: 584 + 4,672 16-bit counts (~10.5 KB) per
/// instance. A context's counts are halved when it reaches `countCap` readings, so it keeps adapting.
public struct ContextNovelty: Sendable {
    /// Readings whose range is learned; nothing is scored before.
    public static let learningReadings = 300
    /// Bins of the learned range.
    public static let bins = 8
    /// Longest context (readings before the current one).
    public static let order = 3
    /// The learned range is widened by this fraction of its span on each side.
    public static let rangeMargin = 0.25
    /// A raw score from which the next `restReadings` are not reported.
    public static let reportScore = 0.75
    /// Readings not reported after a raw score of at least `reportScore`.
    public static let restReadings = 200
    /// A context's count at which its counts are halved.
    public static let countCap: UInt16 = 32768

    /// Contexts of order 1, 2, 3: 8 + 64 + 512.
    private static let contexts = 584
    private var contextCount = InlineArray<584, UInt16>(repeating: 0)
    private var pairCount = InlineArray<4672, UInt16>(repeating: 0)
    private var last1 = 0, last2 = 0, last3 = 0   // most recent bin first
    private var count = 0
    private var lastHigh = Int.min / 2
    private var low = 0.0, high = 0.0
    private var base = 0.0, step = 1.0

    public init() {}

    /// Adds a reading and returns its score in [0, 1] (0 while learning and while resting).
    public mutating func update(value x: Double) -> Double {
        let i = count
        count += 1
        if i < Self.learningReadings {
            if i == 0 { low = x; high = x }
            low = min(low, x)
            high = max(high, x)
            let span = high - low
            let a = low - Self.rangeMargin * span, b = high + Self.rangeMargin * span
            base = a
            step = b > a ? (b - a) / Double(Self.bins) : 1
        }
        let t = (x - base) / step
        let bin = t >= 0 ? (t < Double(Self.bins) ? Int(t) : Self.bins - 1) : 0   // NaN → 0
        let known = min(i, Self.order)
        var predicted = 0.0, new = 0
        if known > 0 {
            // context index: offset of its order + its bins in base `bins`, most recent lowest
            let b = Self.bins
            var ctx = last1
            observe(context: ctx, bin: bin, predicted: &predicted, new: &new)
            if known > 1 {
                ctx = b + last1 + b * last2
                observe(context: ctx, bin: bin, predicted: &predicted, new: &new)
            }
            if known > 2 {
                ctx = b + b * b + last1 + b * last2 + b * b * last3
                observe(context: ctx, bin: bin, predicted: &predicted, new: &new)
            }
        }
        last3 = last2; last2 = last1; last1 = bin
        let raw = known > 0 ? ((1 - predicted / Double(known)) + Double(new) / Double(known)) / 2 : 0
        var score = 0.0
        if i >= Self.learningReadings && i - lastHigh > Self.restReadings { score = raw }
        if raw >= Self.reportScore { lastHigh = i }
        return score
    }

    private mutating func observe(context c: Int, bin: Int, predicted: inout Double, new: inout Int) {
        let pair = c * Self.bins + bin
        let n = contextCount[c], m = pairCount[pair]
        if n > 0 { predicted += min(1, Double(m) / Double(n)) }
        if m == 0 { new += 1 }
        contextCount[c] = n + 1
        pairCount[pair] = m &+ 1
        if n + 1 >= Self.countCap {
            contextCount[c] = (n + 1) / 2
            for k in 0..<Self.bins { pairCount[c * Self.bins + k] /= 2 }
        }
    }
}
