#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How unlikely a raw anomaly feature's recent level is, given the same feature's own history:
/// the upper-tail probability of the mean of its last `window` values under a normal fit of that
/// mean's distribution over about the last `history` readings (exponentially weighted).
///
/// The idea of HTM's anomaly likelihood, in O(1) work and fixed memory: a stream that is always a
/// little surprising learns that this is normal, a quiet stream notices the smallest change, so
/// one threshold means the same false-alarm rate on every stream.
public struct ScoreLikelihood: Sendable {
    /// Values averaged (readings).
    public static let window = 10
    /// Readings of history the mean and variance forget over.
    public static let history = 2000.0
    /// Smallest variance of the averaged feature (features are in [0, 1]).
    public static let minimumVariance = 0.0003

    private var recent = InlineArray<10, Double>(repeating: 0)
    private var sum = 0.0
    private var seen = 0
    private var mean = 0.0
    private var variance = 0.0

    public init() {}

    /// Adds `value` (in [0, 1]) and returns the tail probability of the new recent mean under the
    /// distribution seen before it (0.5 when at or below the usual level).
    public mutating func update(_ value: Double) -> Double {
        let i = seen % Self.window
        sum += value - recent[i]
        recent[i] = value
        let m = sum / Double(min(seen + 1, Self.window))
        let sd = max(variance, Self.minimumVariance).squareRoot()
        let p = m > mean ? 0.5 * erfc((m - mean) / sd / 2.0.squareRoot()) : 0.5
        let a = 1 / min(Double(seen + 1), Self.history)
        let d = m - mean
        mean += a * d
        variance = (1 - a) * (variance + a * d * d)
        seen += 1
        return p
    }
}
