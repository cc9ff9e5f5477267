/// When to send `WATCHDOG=1`: every half `WATCHDOG_USEC`, and only while the daemon is healthy.
public struct WatchdogPolicy: Sendable {
    public let interval: Duration?
    private var lastPing: ContinuousClock.Instant?

    public init(interval: Duration?) { self.interval = interval }

    /// How often the caller should check (a quarter of the interval, at most every second).
    public var pollInterval: Duration {
        guard let interval else { return .seconds(1) }
        return min(.seconds(1), interval / 4)
    }

    /// True when a ping is due at `now` and `healthy`; records the ping.
    public mutating func shouldPing(at now: ContinuousClock.Instant, healthy: Bool) -> Bool {
        guard let interval, healthy else { return false }
        if let last = lastPing, now - last < interval / 2 { return false }
        lastPing = now
        return true
    }
}
