import Synchronization

/// A Prometheus histogram of durations in seconds: a count per bucket (upper bound, cumulative on
/// export), the total count and the sum. `observe` takes an uncontended lock for a few adds: cheap
/// enough per audio chunk.
public final class Histogram: Sendable {
    /// 0.5 ms … 30 s: covers a VAD chunk (~1 ms) up to a slow cloud call.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public let key: String
    public let name: String
    public let labels: [(String, String)]
    public let buckets: [Double]
    /// Per-bucket (not cumulative) counts; the last slot is +Inf.
    private let state: Mutex<(counts: [Int], sumNanoseconds: Int)>

    init(name: String, labels: [(String, String)], buckets: [Double]) {
        self.name = name
        self.labels = labels
        self.key = labels.isEmpty ? name : "\(name){\(labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ","))}"
        let sorted = buckets.filter { $0.isFinite && $0 > 0 }.sorted()
        self.buckets = sorted
        state = Mutex((Array(repeating: 0, count: sorted.count + 1), 0))
    }

    public func observe(_ d: Duration) {
        let (s, atto) = d.components
        let ns = max(0, Int(s) &* 1_000_000_000 &+ Int(atto / 1_000_000_000))
        observe(nanoseconds: ns)
    }

    public func observe(seconds: Double) {
        guard seconds.isFinite else { return }
        observe(nanoseconds: Int(max(0, min(seconds, 1e9)) * 1e9))
    }

    private func observe(nanoseconds ns: Int) {
        let seconds = Double(ns) / 1e9
        var i = 0
        while i < buckets.count, seconds > buckets[i] { i += 1 }
        state.withLock {
            $0.counts[i] += 1
            $0.sumNanoseconds &+= ns
        }
    }

    /// Times `body` and records its duration.
    public func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { observe(ContinuousClock.now - start) }
        return try body()
    }

    /// Cumulative counts per bucket bound (last is +Inf, equal to `count`), and the sum in seconds.
    public var snapshot: (cumulative: [Int], count: Int, sum: Double) {
        let (counts, sum) = state.withLock { ($0.counts, $0.sumNanoseconds) }
        var running = 0
        let cumulative = counts.map { c in
            running += c
            return running
        }
        return (cumulative, running, Double(sum) / 1e9)
    }
}
