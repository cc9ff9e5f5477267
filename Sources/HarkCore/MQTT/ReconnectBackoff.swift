/// Exponential backoff with full jitter for reconnecting: the n-th wait is drawn uniformly from
/// [base·2ⁿ / 2, base·2ⁿ], capped at `cap`. Reset after a successful connection.
public struct ReconnectBackoff: Sendable {
    public let base: Duration
    public let cap: Duration
    public private(set) var attempt = 0

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(30)) {
        self.base = base
        self.cap = cap
    }

    /// The wait before the next attempt; `unit` in [0, 1] is the random draw (injectable for tests).
    public mutating func next(unit: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(attempt, 20)
        attempt += 1
        let ceiling = min(base * (1 << exponent), cap)
        return ceiling / 2 + (ceiling / 2) * min(max(unit, 0), 1)
    }

    public mutating func reset() { attempt = 0 }
}
