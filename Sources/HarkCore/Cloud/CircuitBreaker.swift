/// Circuit breaker for the cloud endpoint: closed (requests flow; consecutive failures counted)
/// → open after `failureThreshold` failures (requests refused at once until the cool-down ends)
/// → half-open (exactly one probe request allowed) → closed on the probe's success, or open again
/// with the cool-down doubled (up to `maxOpenDuration`) on its failure. A `Retry-After` longer than
/// the cool-down keeps it open that long. Value type: the caller passes the time.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen(probeInFlight: Bool)

        public var name: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half-open"
            }
        }
    }

    public enum Admission: Sendable, Equatable {
        /// Go ahead (closed).
        case allowed
        /// Go ahead: this request is the half-open probe.
        case probe
        /// Refused; the breaker is open (or a probe is already out) until about `retryAt`.
        case refused(retryAt: ContinuousClock.Instant?)

        public var isAllowed: Bool { !isRefused }
        public var isRefused: Bool { if case .refused = self { true } else { false } }
    }

    public private(set) var state: State = .closed(failures: 0)
    public let failureThreshold: Int
    public let openDuration: Duration
    public let maxOpenDuration: Duration
    /// The cool-down to use the next time it opens.
    public private(set) var currentOpenDuration: Duration

    public init(failureThreshold: Int, openDuration: Duration, maxOpenDuration: Duration) {
        self.failureThreshold = max(1, failureThreshold)
        self.openDuration = openDuration
        self.maxOpenDuration = max(openDuration, maxOpenDuration)
        self.currentOpenDuration = openDuration
    }

    /// Whether a request may go now (moves open → half-open when the cool-down is over).
    public mutating func admit(now: ContinuousClock.Instant) -> Admission {
        switch state {
        case .closed:
            return .allowed
        case let .open(until):
            guard now >= until else { return .refused(retryAt: until) }
            state = .halfOpen(probeInFlight: true)
            return .probe
        case .halfOpen(probeInFlight: true):
            return .refused(retryAt: nil)
        case .halfOpen(probeInFlight: false):
            state = .halfOpen(probeInFlight: true)
            return .probe
        }
    }

    /// Whether `admit` would allow a request now, without changing anything.
    public func wouldAdmit(now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: true
        case let .open(until): now >= until
        case let .halfOpen(probeInFlight): !probeInFlight
        }
    }

    public mutating func recordSuccess() {
        state = .closed(failures: 0)
        currentOpenDuration = openDuration
    }

    /// A failed request (after its retries). `retryAfter` (from a 429/503) keeps it open at least that long.
    public mutating func recordFailure(now: ContinuousClock.Instant, retryAfter: Duration? = nil) {
        switch state {
        case let .closed(failures):
            let n = failures + 1
            if n >= failureThreshold {
                open(now: now, retryAfter: retryAfter)
            } else {
                state = .closed(failures: n)
            }
        case .halfOpen:
            currentOpenDuration = min(currentOpenDuration * 2, maxOpenDuration)
            open(now: now, retryAfter: retryAfter)
        case let .open(until):
            // A request admitted before it opened failed late: keep the later reopening time.
            let candidate = now + max(currentOpenDuration, retryAfter ?? .zero)
            state = .open(until: max(until, candidate))
        }
    }

    /// A probe or request that ended without a verdict (cancelled): release the probe slot.
    public mutating func recordAbandoned() {
        if case .halfOpen(probeInFlight: true) = state { state = .halfOpen(probeInFlight: false) }
    }

    private mutating func open(now: ContinuousClock.Instant, retryAfter: Duration?) {
        state = .open(until: now + max(currentOpenDuration, min(retryAfter ?? .zero, maxOpenDuration)))
    }
}
