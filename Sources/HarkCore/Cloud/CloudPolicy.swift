/// Whether a cloud request may go out now: the circuit breaker, a `Retry-After` pause, the
/// requests-per-minute limit and the daily token budget, in that order. Value type; the caller
/// passes the time (monotonic for the breaker and rate, UTC day for the budget).
public struct CloudPolicy: Sendable, Equatable {
    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        case breakerOpen
        case pausedByServer
        case rateLimited
        case budgetExhausted

        public var description: String {
            switch self {
            case .breakerOpen: "circuit breaker open"
            case .pausedByServer: "server asked to wait (Retry-After)"
            case .rateLimited: "requests-per-minute limit reached"
            case .budgetExhausted: "daily token budget used up"
            }
        }
    }

    public enum Admission: Sendable, Equatable {
        case go(probe: Bool)
        case refused(Refusal)
    }

    public var breaker: CircuitBreaker
    public var rate: RateLimiter
    public var budget: TokenBudget
    /// No request before this (a `Retry-After` from the server).
    public private(set) var notBefore: ContinuousClock.Instant?

    public init(breaker: CircuitBreaker, rate: RateLimiter, budget: TokenBudget) {
        self.breaker = breaker
        self.rate = rate
        self.budget = budget
    }

    public init(_ s: CloudSettings) {
        self.init(breaker: CircuitBreaker(failureThreshold: s.failureThreshold, openDuration: s.openDuration,
                                          maxOpenDuration: s.maxOpenDuration),
                  rate: RateLimiter(perMinute: s.requestsPerMinute), budget: TokenBudget(dailyLimit: s.dailyTokenBudget))
    }

    /// Whether a request would be admitted now (nothing changes).
    public func isAvailable(now: ContinuousClock.Instant, day: Int) -> Bool {
        var copy = self
        return copy.check(now: now, day: day) == nil
    }

    /// Admits one request (takes a rate slot; may make it the breaker's probe).
    public mutating func admit(now: ContinuousClock.Instant, day: Int) -> Admission {
        if let refusal = check(now: now, day: day) { return .refused(refusal) }
        let a = breaker.admit(now: now)
        guard a.isAllowed else { return .refused(.breakerOpen) }
        _ = rate.acquire(now: now)
        return .go(probe: a == .probe)
    }

    private mutating func check(now: ContinuousClock.Instant, day: Int) -> Refusal? {
        if !breaker.wouldAdmit(now: now) { return .breakerOpen }
        if let nb = notBefore, now < nb { return .pausedByServer }
        if rate.nextFree(now: now) > now { return .rateLimited }
        if !budget.hasRoom(day: day) { return .budgetExhausted }
        return nil
    }

    /// A request that succeeded, with the tokens it used.
    public mutating func recordSuccess(tokens: Int, day: Int) {
        breaker.recordSuccess()
        budget.record(tokens: tokens, day: day)
    }

    /// A request that failed after its retries.
    public mutating func recordFailure(_ failure: CloudFailure, now: ContinuousClock.Instant, tokens: Int = 0, day: Int) {
        if tokens > 0 { budget.record(tokens: tokens, day: day) }
        if let after = failure.retryAfter {
            let until = now + after
            notBefore = max(notBefore ?? until, until)
        }
        if failure.countsAgainstEndpoint {
            breaker.recordFailure(now: now, retryAfter: failure.retryAfter)
        } else if case .rejected = failure {
            breaker.recordSuccess() // the endpoint answered; the model's answer was bad
        } else {
            breaker.recordAbandoned()
        }
    }

    /// An admitted request that was cancelled before an outcome.
    public mutating func recordAbandoned() { breaker.recordAbandoned() }
}
