/// Requests-per-minute limit as a sliding window of the last minute's request times.
public struct RateLimiter: Sendable, Equatable {
    public let perMinute: Int
    private var times: [ContinuousClock.Instant] = []

    public init(perMinute: Int) { self.perMinute = max(1, perMinute) }

    /// Takes a slot if one is free now.
    public mutating func acquire(now: ContinuousClock.Instant) -> Bool {
        prune(now)
        guard times.count < perMinute else { return false }
        times.append(now)
        return true
    }

    /// When the next slot frees up (now if one is free).
    public mutating func nextFree(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        prune(now)
        return times.count < perMinute ? now : times[0] + .seconds(60)
    }

    public var inWindow: Int { times.count }

    private mutating func prune(_ now: ContinuousClock.Instant) {
        times.removeAll { now - $0 >= .seconds(60) }
    }
}

/// Daily token budget from the replies' `usage.total_tokens`, reset at midnight UTC.
public struct TokenBudget: Sendable, Equatable, Codable {
    /// 0 = no limit.
    public let dailyLimit: Int
    /// Days since 1970-01-01 (UTC) the count belongs to.
    public private(set) var day: Int
    public private(set) var used: Int

    public init(dailyLimit: Int, day: Int = 0, used: Int = 0) {
        self.dailyLimit = max(0, dailyLimit)
        self.day = day
        self.used = used
    }

    public static func day(unixSeconds: Double) -> Int { Int((unixSeconds / 86400).rounded(.down)) }

    /// Whether another request may be sent on `day`.
    public mutating func hasRoom(day: Int) -> Bool {
        roll(day)
        return dailyLimit == 0 || used < dailyLimit
    }

    public mutating func record(tokens: Int, day: Int) {
        roll(day)
        used += max(0, tokens)
    }

    public func remaining(day: Int) -> Int? {
        guard dailyLimit > 0 else { return nil }
        return day == self.day ? max(0, dailyLimit - used) : dailyLimit
    }

    private mutating func roll(_ day: Int) {
        if day != self.day {
            self.day = day
            used = 0
        }
    }
}
