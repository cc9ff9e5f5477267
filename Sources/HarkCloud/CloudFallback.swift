import Foundation
import HarkCore
import Logging

/// The cloud endpoint behind its policy: circuit breaker, `Retry-After` pauses, rate limit and
/// daily token budget (``CloudPolicy``), retries with backoff and jitter (``RetryPolicy``), every
/// request bounded by the caller's deadline. Actor: the policy's state changes only here.
public actor CloudFallback {
    public enum Outcome: Sendable, Equatable {
        /// A validated answer: a declared intent with allowed slots, or a reply.
        case answer(CloudTools.Decision)
        /// Not sent (breaker open, paused, rate limit, budget, no API key).
        case unavailable(String)
        /// Sent, and failed (after retries) or the answer was rejected.
        case failed(CloudFailure)
    }

    public nonisolated let settings: CloudSettings
    /// The declared intents as tools (replaced when the config is reloaded).
    public private(set) var tools: CloudTools
    private let transport: any ChatTransport
    private let retry: RetryPolicy
    private var policy: CloudPolicy
    private let logger: Logger
    private let counters: Counters
    private let status: DaemonStatus?
    private let hasKey: Bool
    /// Called with the budget after every change (persisted by the owner).
    private let budgetChanged: (@Sendable (TokenBudget) -> Void)?

    public init(settings: CloudSettings, intents: [IntentSettings], transport: any ChatTransport, hasAPIKey: Bool,
                logger: Logger, counters: Counters, status: DaemonStatus? = nil, budget: TokenBudget? = nil,
                budgetChanged: (@Sendable (TokenBudget) -> Void)? = nil) {
        self.settings = settings
        self.tools = CloudTools(intents: intents, maxReplyChars: settings.maxReplyChars)
        self.transport = transport
        self.retry = RetryPolicy(maxRetries: settings.maxRetries, base: settings.backoffBase, cap: settings.backoffMax)
        var policy = CloudPolicy(settings)
        if let budget, budget.dailyLimit == settings.dailyTokenBudget { policy.budget = budget }
        self.policy = policy
        self.logger = logger
        self.counters = counters
        self.status = status
        self.hasKey = hasAPIKey
        self.budgetChanged = budgetChanged
        status?.set("cloud", hasAPIKey ? "closed" : "no API key")
        Self.export(policy.budget, counters)
    }

    /// Gauges of today's token use (and what is left of the budget), in the daemon's stats.
    static func export(_ budget: TokenBudget, _ counters: Counters) {
        let today = Self.today()
        counters.gauge("cloud_tokens_today").set(budget.day == today ? budget.used : 0)
        if let left = budget.remaining(day: today) { counters.gauge("cloud_tokens_left_today").set(left) }
    }

    /// New intents after a config reload; the breaker, limits and budget carry on.
    public func setIntents(_ intents: [IntentSettings]) {
        tools = CloudTools(intents: intents, maxReplyChars: settings.maxReplyChars)
    }

    static func today() -> Int { TokenBudget.day(unixSeconds: Date().timeIntervalSince1970) }

    /// Whether a request would be sent now.
    public func isAvailable() -> Bool { hasKey && policy.isAvailable(now: .now, day: Self.today()) }

    public var breakerState: CircuitBreaker.State { policy.breaker.state }
    public var budget: TokenBudget { policy.budget }

    /// Asks the model what `text` means; the answer is validated against the declared intents.
    public func resolve(text: String, deadline: ContinuousClock.Instant) async -> Outcome {
        let body = ChatCompletionMessages.commandRequest(text: text, settings: settings, tools: tools)
        let tools = self.tools
        let result = await perform(body, deadline: deadline, kind: "command") { reply throws(CloudFailure) -> CloudTools.Decision in
            guard let name = reply.toolName, let args = reply.toolArguments else {
                if let content = reply.content?.trimmed(of: " \n"), !content.isEmpty {
                    return .reply(CloudTools.cap(content, tools.maxReplyChars))
                }
                throw .rejected("no tool call and no text")
            }
            switch tools.validate(name: name, arguments: args, text: text) {
            case let .success(decision): return decision
            case let .failure(rejection): throw .rejected(rejection.description)
            }
        }
        switch result {
        case let .success(decision): return .answer(decision)
        case let .failure(.notAdmitted(why)): return .unavailable(why)
        case let .failure(failure): return .failed(failure)
        }
    }

    /// Asks for a short explanation of a raised alert.
    public func explain(_ alert: AlertNotice, deadline: ContinuousClock.Instant) async -> Result<String, CloudFailure> {
        let body = ChatCompletionMessages.explanationRequest(alert: alert, settings: settings)
        let cap = settings.maxReplyChars
        return await perform(body, deadline: deadline, kind: "explanation") { reply throws(CloudFailure) -> String in
            guard let text = reply.content?.trimmed(of: " \n"), !text.isEmpty else { throw .rejected("empty explanation") }
            return CloudTools.cap(text, cap)
        }
    }

    private func perform<T: Sendable>(_ body: JSONValue, deadline: ContinuousClock.Instant, kind: String,
                                      _ validate: (ChatCompletionMessages.Reply) throws(CloudFailure) -> T) async -> Result<T, CloudFailure> {
        guard hasKey else { return .failure(.notAdmitted("no API key")) }
        let admission = policy.admit(now: .now, day: Self.today())
        guard case let .go(probe) = admission else {
            if case let .refused(refusal) = admission {
                counters.counter("cloud_not_sent", labels: ["reason": Self.label(refusal)]).increment()
                return .failure(.notAdmitted(refusal.description))
            }
            return .failure(.notAdmitted("refused"))
        }
        let bytes = Array(body.serialized.utf8)
        var attempt = 0
        let started = ContinuousClock.now
        while true {
            let remaining = deadline - .now
            guard remaining > .milliseconds(20) else { return finish(.timeout, kind: kind, started: started) }
            counters.counter("cloud_requests", labels: ["kind": kind]).increment()
            var tokens = 0
            do throws(CloudFailure) {
                let raw = try await transport.send(bytes, timeout: min(settings.requestTimeout, remaining))
                let reply = try ChatCompletionMessages.parseReply(raw)
                tokens = reply.totalTokens
                let value = try validate(reply)
                policy.recordSuccess(tokens: tokens, day: Self.today())
                counters.counter("cloud_tokens").increment(by: tokens)
                budgetChanged?(policy.budget)
                publishState()
                logger.debug("cloud answered", metadata: ["kind": "\(kind)", "tokens": "\(tokens)", "attempts": "\(attempt + 1)",
                                                          "ms": "\(Self.ms(ContinuousClock.now - started))"])
                counters.histogram("cloud_request_duration_seconds", labels: ["kind": kind, "outcome": "ok"])
                    .observe(ContinuousClock.now - started)
                return .success(value)
            } catch {
                if case .rejected = error {
                    counters.counter("cloud_tokens").increment(by: tokens)
                    return finish(error, kind: kind, started: started, tokens: tokens)
                }
                if Task.isCancelled {
                    policy.recordAbandoned()
                    return .failure(.timeout)
                }
                attempt += 1
                if !probe, let wait = retry.delay(retry: attempt, after: error, remaining: deadline - .now, random: Double.random(in: 0..<1)) {
                    counters.counter("cloud_retries").increment()
                    logger.info("cloud request failed; retrying", metadata: [
                        "kind": "\(kind)", "error": "\(error)", "attempt": "\(attempt)", "wait_ms": "\(Self.ms(wait))",
                    ])
                    do { try await Task.sleep(for: wait) } catch {
                        policy.recordAbandoned()
                        return .failure(.timeout)
                    }
                    continue
                }
                return finish(error, kind: kind, started: started)
            }
        }
    }

    private func finish<T>(_ failure: CloudFailure, kind: String, started: ContinuousClock.Instant, tokens: Int = 0) -> Result<T, CloudFailure> {
        policy.recordFailure(failure, now: .now, tokens: tokens, day: Self.today())
        if tokens > 0 { budgetChanged?(policy.budget) }
        counters.counter("cloud_failures", labels: ["reason": Self.label(failure)]).increment()
        counters.histogram("cloud_request_duration_seconds", labels: ["kind": kind, "outcome": "failed"])
            .observe(ContinuousClock.now - started)
        logger.warning(failure.isRejection ? "cloud answer rejected" : "cloud request failed", metadata: [
            "kind": "\(kind)", "error": "\(failure)", "breaker": "\(policy.breaker.state.name)",
            "ms": "\(Self.ms(ContinuousClock.now - started))",
        ])
        publishState()
        return .failure(failure)
    }

    private func publishState() {
        status?.set("cloud", policy.breaker.state.name)
        Self.export(policy.budget, counters)
    }

    static func label(_ f: CloudFailure) -> String {
        switch f {
        case .timeout: "timeout"
        case .connect: "connect"
        case let .http(status, _): status == 429 ? "http_429" : status >= 500 ? "http_5xx" : "http_4xx"
        case .malformed: "malformed"
        case .tooLarge: "too_large"
        case .rejected: "rejected"
        case .notAdmitted: "not_sent"
        }
    }

    static func label(_ r: CloudPolicy.Refusal) -> String {
        switch r {
        case .breakerOpen: "breaker_open"
        case .pausedByServer: "retry_after"
        case .rateLimited: "rate_limit"
        case .budgetExhausted: "budget"
        }
    }

    static func ms(_ d: Duration) -> Int64 { d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000 }
}
