import Foundation
import HarkCore
import Logging
import ServiceLifecycle
import Synchronization

/// The daemon's MQTT connection: libmosquitto driven by its own network thread, with a Swift
/// async API. Reconnects forever (exponential backoff with jitter, 1 s → 30 s), re-subscribes
/// after every reconnect, keeps a persistent session (fixed client id, clean session off), and
/// announces itself on `<prefix>/status` (retained `online`; `offline` as will and on stop).
public final class MQTTClient: Service, @unchecked Sendable {
    struct Subscription {
        var filter: String
        var qos: Int
        var continuation: AsyncStream<MQTTMessage>.Continuation
        var dropped: Counter
    }

    struct BatchSubscription {
        var filter: String
        var qos: Int
        var continuation: AsyncStream<[MQTTMessage]>.Continuation
        var dropped: Counter
    }

    struct State {
        var subscriptions: [Int: Subscription] = [:]
        var batchSubscriptions: [Int: BatchSubscription] = [:]
        /// Which subscriptions a topic matches (topics repeat: sensors report again and again).
        var routes: [String: (single: [Int], batch: [Int])] = [:]
        var nextSubscriptionID = 0
        var pendingAcks: [Int32: CheckedContinuation<Void, any Error>] = [:]
        var earlyAcks: Set<Int32> = []
        /// QoS 0 message ids whose "sent" callback nobody awaits.
        var ignoredAcks: Set<Int32> = []
        var connected = false
        var running = false
        /// stop() has begun: no new reconnects; publishes still allowed (the `offline` status).
        var stopping = false
        /// No more publishes accepted.
        var stopped = false
        var backoff: ReconnectBackoff
        var connectWaiters: [CheckedContinuation<Void, Never>] = []
        /// Why the broker last refused us (bad credentials, …), until the next success.
        var refusal: String?
        /// Filters the broker has acknowledged (SUBACK) on the current connection.
        var acknowledgedFilters: Set<String> = []
        /// SUBSCRIBE message ids awaiting their SUBACK, and SUBACKs that beat the bookkeeping.
        var subscribeIDs: [Int32: String] = [:]
        var earlySubacks: Set<Int32> = []
        var subscribeWaiters: [(filter: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    public let options: MQTTOptions
    let received: Counter
    let logger: Logger
    let counters: Counters
    let status: DaemonStatus?
    let health: HealthRegistry?
    let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)
    private let threadDone = DispatchSemaphore(value: 0)
    var handle: MosquittoHandle!
    /// Messages for batch subscriptions gathered during one network-loop round (network thread only).
    var gathered: [Int: [MQTTMessage]] = [:]

    public init(options: MQTTOptions, logger: Logger, counters: Counters = Counters(), status: DaemonStatus? = nil,
                health: HealthRegistry? = nil) throws {
        self.options = options
        self.logger = logger
        self.counters = counters
        self.status = status
        self.health = health
        self.received = counters.counter("mqtt_received_messages")
        self.state = Mutex(State(backoff: ReconnectBackoff(base: options.reconnectBase, cap: options.reconnectCap)))
        handle = try MosquittoHandle(clientID: options.clientID, cleanSession: options.cleanSession,
                                     context: Unmanaged.passUnretained(self).toOpaque())
        try handle.configure(options)
        handle.setCallbacks()
    }

    public var isConnected: Bool { state.withLock { $0.connected } }

    // MARK: Service

    /// Runs the network thread until graceful shutdown, then says `offline` and disconnects.
    public func run() async throws {
        start()
        try? await gracefulShutdown()
        await stop()
    }

    /// Starts the network thread (idempotent). `run()` calls it; tests may call it directly.
    public func start() {
        let first = state.withLock { s -> Bool in
            defer { s.running = true }
            return !s.running && !s.stopping
        }
        guard first else { return }
        status?.set("mqtt", "connecting to \(options.host):\(options.port)")
        let thread = Thread { [self] in
            networkLoop()
            threadDone.signal()
        }
        thread.name = "hark-mqtt"
        thread.start()
    }

    /// Publishes `offline` (when connected), disconnects and ends the thread and all streams.
    public func stop() async {
        let wasRunning = state.withLock { s -> Bool in
            defer { s.stopping = true }
            return s.running && !s.stopping
        }
        guard wasRunning else { return }
        if let topic = options.statusTopic, isConnected {
            _ = try? await withTimeout(.seconds(1)) { try await self.publish(topic: topic, payload: Array("offline".utf8), qos: 1, retain: true) }
        }
        // A clean DISCONNECT (no last will), sent by the network thread; then end the thread.
        state.withLock { $0.stopped = true }
        if isConnected {
            handle.disconnect()
            let deadline = ContinuousClock.now + .milliseconds(500)
            while isConnected, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        }
        state.withLock { $0.running = false }
        wake.signal()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { self.threadDone.wait(); c.resume() }
        }
        let (subs, batchSubs, acks, waiters) = state.withLock { s in
            defer {
                s.subscriptions = [:]; s.batchSubscriptions = [:]; s.pendingAcks = [:]; s.connectWaiters = []; s.connected = false
                s.subscribeWaiters = []
            }
            return (Array(s.subscriptions.values), Array(s.batchSubscriptions.values), Array(s.pendingAcks.values),
                    s.connectWaiters + s.subscribeWaiters.map(\.continuation))
        }
        subs.forEach { $0.continuation.finish() }
        batchSubs.forEach { $0.continuation.finish() }
        acks.forEach { $0.resume(throwing: MQTTError.notRunning) }
        waiters.forEach { $0.resume() }
        status?.set("mqtt", "stopped")
        logger.info("mqtt stopped")
    }

    // MARK: API

    /// Publishes; for QoS 1 and 2 returns once the broker has acknowledged the message. While
    /// disconnected, QoS ≥ 1 messages wait in libmosquitto's queue and go out after the reconnect.
    public func publish(topic: String, payload: [UInt8], qos: Int = 1, retain: Bool = false) async throws {
        if let problem = MQTTTopic.nameProblem(topic) {
            throw MQTTError(function: "MQTTClient.publish", code: -2, message: "\(problem) (got '\(topic)')")
        }
        if state.withLock({ $0.stopped }) { throw MQTTError.notRunning }
        let (mid, error) = handle.publish(topic: topic, payload: payload, qos: qos, retain: retain)
        if let error, qos == 0 || !MosquittoHandle.isNotConnected(error) || mid == 0 {
            counters.counter("mqtt_publish_errors").increment()
            throw error
        }
        guard qos > 0 else {
            state.withLock { s in if s.earlyAcks.remove(mid) == nil { s.ignoredAcks.insert(mid) } }
            return
        }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.earlyAcks.remove(mid) != nil { return true }
                if s.stopped { return true }
                s.pendingAcks[mid] = c
                return false
            }
            if resumeNow {
                if state.withLock({ $0.stopped }) { c.resume(throwing: MQTTError.notRunning) } else { c.resume() }
            }
        }
    }

    /// Queues `messages` in order (QoS 1) and returns once the broker has acknowledged all of them.
    /// Order on the wire is the order given; up to `maxInflight` are in flight at once.
    public func publishInOrder(_ messages: [(topic: String, payload: [UInt8], retain: Bool)]) async throws {
        if state.withLock({ $0.stopped }) { throw MQTTError.notRunning }
        var mids: [Int32] = []
        mids.reserveCapacity(messages.count)
        for m in messages {
            let (mid, error) = handle.publish(topic: m.topic, payload: m.payload, qos: 1, retain: m.retain)
            if let error, !MosquittoHandle.isNotConnected(error) || mid == 0 {
                counters.counter("mqtt_publish_errors").increment()
                throw error
            }
            mids.append(mid)
        }
        for mid in mids {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let now = state.withLock { s -> Bool in
                    if s.earlyAcks.remove(mid) != nil || s.stopped { return true }
                    s.pendingAcks[mid] = c
                    return false
                }
                if now {
                    if state.withLock({ $0.stopped }) { c.resume(throwing: MQTTError.notRunning) } else { c.resume() }
                }
            }
        }
    }

    /// Messages matching `filter`. At most `buffer` wait unread; newer ones are dropped and counted
    /// (`mqtt_dropped_messages{filter}`). The subscription is renewed after every reconnect.
    public func subscribe(_ filter: String, qos: Int = 1, buffer: Int = 1024) -> AsyncStream<MQTTMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self, bufferingPolicy: .bufferingOldest(buffer))
        let dropped = counters.counter("mqtt_dropped_messages", labels: ["filter": filter])
        let cleanUp = register(filter, qos: qos,
                               add: { $0.subscriptions[$1] = Subscription(filter: filter, qos: qos, continuation: continuation, dropped: dropped) },
                               remove: { $0.subscriptions.removeValue(forKey: $1) })
        continuation.onTermination = { _ in cleanUp() }
        return stream
    }

    /// Like ``subscribe(_:qos:buffer:)`` but delivers the messages of one network round as one
    /// array: far less overhead per message for high-rate streams. At most `buffer` batches wait
    /// unread; the messages of a dropped batch are counted in `mqtt_dropped_messages{filter}`.
    public func subscribeBatches(_ filter: String, qos: Int = 1, buffer: Int = 4096) -> AsyncStream<[MQTTMessage]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [MQTTMessage].self, bufferingPolicy: .bufferingOldest(buffer))
        let dropped = counters.counter("mqtt_dropped_messages", labels: ["filter": filter])
        let cleanUp = register(filter, qos: qos,
                               add: { $0.batchSubscriptions[$1] = BatchSubscription(filter: filter, qos: qos, continuation: continuation, dropped: dropped) },
                               remove: { $0.batchSubscriptions.removeValue(forKey: $1) })
        continuation.onTermination = { _ in cleanUp() }
        return stream
    }

    /// Records a subscription (`add`), subscribes at the broker unless the filter is already held
    /// at this QoS, and returns the clean-up that unsubscribes when its last reader goes away.
    private func register(_ filter: String, qos: Int, add: (inout State, Int) -> Void,
                          remove: @escaping @Sendable (inout State, Int) -> Void) -> @Sendable () -> Void {
        let (id, connected, held) = state.withLock { s in
            let id = s.nextSubscriptionID
            s.nextSubscriptionID += 1
            let held = (Self.highestQoS(s, filter) ?? -1) >= qos
            add(&s, id)
            s.routes.removeAll()
            return (id, s.connected, held)
        }
        if connected, !held { sendSubscribe(filter, qos: qos, onFailure: "subscribe failed; retried after the next reconnect") }
        return { [weak self] in
            guard let self else { return }
            let last = self.state.withLock { s -> Bool in
                remove(&s, id)
                s.routes.removeAll()
                let last = Self.highestQoS(s, filter) == nil
                if last { s.acknowledgedFilters.remove(filter) }
                return last
            }
            if last, !self.state.withLock({ $0.stopped }) { self.handle.unsubscribe(filter) }
        }
    }

    /// The highest QoS any reader holds `filter` at, or nil if none does.
    private static func highestQoS(_ s: State, _ filter: String) -> Int? {
        (s.subscriptions.values.lazy.filter { $0.filter == filter }.map(\.qos)
            + s.batchSubscriptions.values.lazy.filter { $0.filter == filter }.map(\.qos)).max()
    }

    /// Sends SUBSCRIBE and records its id, so the SUBACK marks `filter` acknowledged.
    func sendSubscribe(_ filter: String, qos: Int, onFailure message: Logger.Message) {
        switch handle.subscribe(filter, qos: qos) {
        case let .success(mid):
            // The SUBACK may have been handled (network thread) before this bookkeeping.
            let (acknowledged, waiters) = state.withLock { s -> (Bool, [CheckedContinuation<Void, Never>]) in
                guard s.earlySubacks.remove(mid) != nil else {
                    s.subscribeIDs[mid] = filter
                    return (false, [])
                }
                return (true, Self.acknowledge(filter, in: &s))
            }
            waiters.forEach { $0.resume() }
            if acknowledged { logger.debug("mqtt subscription acknowledged", metadata: ["filter": "\(filter)"]) }
        case let .failure(error):
            logger.warning(message, metadata: ["filter": "\(filter)", "error": "\(error)"])
        }
    }

    /// Marks `filter` acknowledged; returns the waiters to resume (outside the lock).
    static func acknowledge(_ filter: String, in s: inout State) -> [CheckedContinuation<Void, Never>] {
        s.acknowledgedFilters.insert(filter)
        let ready = s.subscribeWaiters.filter { $0.filter == filter }.map(\.continuation)
        s.subscribeWaiters.removeAll { $0.filter == filter }
        return ready
    }

    /// Waits until the broker has acknowledged a subscription to exactly `filter` on the current
    /// connection (or the client stopped): from then on messages matching it are delivered. For
    /// tests and start-up ordering; subscribing does not need it.
    public func waitUntilSubscribed(_ filter: String) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.acknowledgedFilters.contains(filter) || s.stopped { return true }
                s.subscribeWaiters.append((filter, c))
                return false
            }
            if now { c.resume() }
        }
    }

    /// Waits until the client is connected (or stopped).
    public func waitUntilConnected() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.connected || s.stopped { return true }
                s.connectWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    // MARK: Network thread

    private func networkLoop() {
        let heartbeat = health?.register("mqtt.loop", maxSilence: .seconds(10))
        defer { heartbeat?.end() }
        var needsConnect = true
        var everConnected = false
        var lastError = ""
        while state.withLock({ $0.running }) {
            heartbeat?.beat()
            if needsConnect {
                if state.withLock({ $0.stopping }) {
                    _ = wake.wait(timeout: .now() + .milliseconds(50))
                    continue
                }
                let error = everConnected ? handle.reconnect()
                    : handle.connect(host: options.host, port: options.port, keepalive: Int(options.keepalive.components.seconds))
                if let error {
                    waitBeforeRetry(error, lastError: &lastError, heartbeat: heartbeat)
                    continue
                }
                everConnected = true
                needsConnect = false
            }
            var loopError = handle.loop(timeoutMS: 100)
            if loopError == nil { loopError = handle.drainReadable(max: 4096) }
            flushGathered()
            if let error = loopError {
                markDisconnected()
                needsConnect = true
                if state.withLock({ $0.stopping }) { continue }  // our own DISCONNECT
                waitBeforeRetry(error, lastError: &lastError, heartbeat: heartbeat)
            }
        }
    }

    private func waitBeforeRetry(_ error: MQTTError, lastError: inout String, heartbeat: Heartbeat?) {
        let delay = state.withLock { $0.backoff.next() }
        counters.counter("mqtt_connect_failures").increment()
        let text = "\(error.message)"
        if text != lastError {
            logger.warning("mqtt broker unreachable; retrying", metadata: [
                "host": "\(options.host)", "port": "\(options.port)", "error": "\(error)", "retry_in": "\(DurationText.format(delay))",
            ])
            lastError = text
        }
        if let refusal = state.withLock({ $0.refusal }) {
            status?.set("mqtt", "refused by the broker (\(refusal)); retrying in \(DurationText.format(delay))")
        } else {
            status?.set("mqtt", "disconnected (\(error.message)); retrying in \(DurationText.format(delay))")
        }
        // Sleep in short slices so the heartbeat stays fresh and a stop is prompt.
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline, state.withLock({ $0.running }) {
            heartbeat?.beat()
            _ = wake.wait(timeout: .now() + .milliseconds(200))
        }
    }

    private func flushGathered() {
        guard !gathered.isEmpty else { return }
        let targets = state.withLock { s in s.batchSubscriptions.mapValues { ($0.continuation, $0.dropped) } }
        for (id, batch) in gathered {
            guard let (continuation, dropped) = targets[id] else { continue }
            if case .dropped = continuation.yield(batch) { dropped.increment(by: batch.count) }
        }
        gathered.removeAll(keepingCapacity: true)
    }

    func markDisconnected() {
        state.withLock { s in
            s.connected = false
            // A new connection subscribes afresh; its SUBACKs count, not the old ones.
            s.acknowledgedFilters = []
            s.subscribeIDs = [:]
            s.earlySubacks = []
        }
    }
}
