/// Why one cloud request failed, as far as retrying and the breaker are concerned.
public enum CloudFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer within the attempt's time limit.
    case timeout
    /// Could not connect (refused, unreachable, DNS, TLS).
    case connect(String)
    /// HTTP status other than 2xx; `retryAfter` from the header when given.
    case http(status: Int, retryAfter: Duration?)
    /// The body was not a chat completion (bad JSON, cut short, wrong shape).
    case malformed(String)
    /// The body was bigger than allowed.
    case tooLarge(limit: Int)
    /// The model answered with something not allowed (undeclared tool, bad slot, no answer).
    case rejected(String)
    /// Not sent: breaker open, rate limit or budget.
    case notAdmitted(String)

    /// Timeouts, refused connections, 429 and 5xx are retried; 4xx and bad replies are not.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connect: true
        case let .http(status, _): status == 429 || status >= 500
        case .malformed, .tooLarge, .rejected, .notAdmitted: false
        }
    }

    /// Whether it says the endpoint is unhealthy (counts against the breaker). A 4xx other than
    /// 408/429 is our request's fault and a rejected tool call the model's: neither opens it.
    public var countsAgainstEndpoint: Bool {
        switch self {
        case .timeout, .connect, .malformed, .tooLarge: true
        case let .http(status, _): status == 408 || status == 429 || status >= 500
        case .rejected, .notAdmitted: false
        }
    }

    public var isRejection: Bool { if case .rejected = self { true } else { false } }

    public var retryAfter: Duration? {
        if case let .http(_, after) = self { after } else { nil }
    }

    public var description: String {
        switch self {
        case .timeout: "timed out"
        case let .connect(why): "cannot connect: \(why)"
        case let .http(status, after): "HTTP \(status)" + (after.map { " (retry after \(DurationText.format($0)))" } ?? "")
        case let .malformed(why): "malformed reply: \(why)"
        case let .tooLarge(limit): "reply larger than \(limit) bytes"
        case let .rejected(why): "rejected: \(why)"
        case let .notAdmitted(why): "not sent: \(why)"
        }
    }
}

/// Exponential backoff with full jitter between attempts, honouring `Retry-After`, bounded by
/// what is left of the deadline.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var base: Duration
    public var cap: Duration

    public init(maxRetries: Int, base: Duration, cap: Duration) {
        self.maxRetries = maxRetries
        self.base = base
        self.cap = max(base, cap)
    }

    /// The wait before retry number `retry` (1 = first retry) after `failure`, or nil when it
    /// must not be retried: not retryable, retries used up, or the wait would not leave
    /// `minimumAttempt` before the deadline. `random` in [0, 1) draws the jitter.
    public func delay(retry: Int, after failure: CloudFailure, remaining: Duration, minimumAttempt: Duration = .milliseconds(50),
                      random: Double) -> Duration? {
        guard failure.isRetryable, retry >= 1, retry <= maxRetries else { return nil }
        let exponent = min(retry - 1, 30)
        let ceiling = min(cap, base * (1 << exponent))
        var wait = ceiling * min(max(random, 0), 1)
        if let after = failure.retryAfter { wait = max(wait, after) }
        guard wait + minimumAttempt <= remaining else { return nil }
        return wait
    }
}

/// `Retry-After`: delay-seconds or an HTTP-date (IMF-fixdate), relative to `now` (Unix seconds).
public enum RetryAfter {
    public static func parse(_ value: String, nowUnix: Double) -> Duration? {
        let v = value.trimmed(of: " \t")
        if let seconds = Int(v), seconds >= 0 { return .seconds(min(seconds, 86400)) }
        if let seconds = Double(v), seconds >= 0, seconds.isFinite { return .milliseconds(Int64(min(seconds, 86400) * 1000)) }
        guard let date = parseIMFDate(v) else { return nil }
        let delta = max(0, date - nowUnix)
        return .milliseconds(Int64(min(delta, 86400) * 1000))
    }

    /// "Sun, 06 Nov 1994 08:49:37 GMT" → Unix seconds.
    static func parseIMFDate(_ s: String) -> Double? {
        let parts = s.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let m = months.firstIndex(of: String(parts[2])) else { return nil }
        let hms = parts[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = m + 1 <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 1 + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2])
    }
}
