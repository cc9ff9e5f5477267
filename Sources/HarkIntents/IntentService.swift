import HarkCore
import Logging
import ServiceLifecycle
import Synchronization

/// Listens on `<prefix>/command`, understands each command (``IntentEngine``), runs the action
/// (an MQTT publish), and publishes the result on `<prefix>/intent/<name>`, the reply on the
/// command's `reply_topic` or `<prefix>/reply`, and — with `[mqtt] hermes = true` — on
/// `hermes/intent/<name>` / `hermes/nlu/intentNotRecognized`; a command with `"speak": true` also
/// has its reply said on the speaker (`[audio] output_device`). Up to `concurrency` commands are
/// handled at once, so a slow cloud answer never holds up the next local one. Reloaded configs
/// (SIGHUP) replace the intents and the Hermes switch live; `[cloud]` changes need a restart.
public final class IntentService: Service, Sendable {
    private struct Current {
        var engine: IntentEngine
        var hermes: Bool
    }

    private let current: Mutex<Current>
    private let bus: any MessageBus
    private let prefix: String
    private let reloads: AsyncStream<HarkConfig>?
    private let siteID: String
    private let logger: Logger
    private let counters: Counters
    private let health: HealthRegistry?
    private let concurrency: Int
    /// Says a reply on the device's speaker (never blocks); nil without an output device.
    private let speaker: (@Sendable (String) -> Void)?

    public init(engine: IntentEngine, bus: any MessageBus, prefix: String, hermes: Bool, siteID: String, logger: Logger,
                counters: Counters, health: HealthRegistry? = nil, concurrency: Int = 4, reloads: AsyncStream<HarkConfig>? = nil,
                speaker: (@Sendable (String) -> Void)? = nil) {
        self.speaker = speaker
        self.current = Mutex(Current(engine: engine, hermes: hermes))
        self.bus = bus
        self.prefix = prefix
        self.reloads = reloads
        self.siteID = siteID
        self.logger = logger
        self.counters = counters
        self.health = health
        self.concurrency = max(1, concurrency)
    }

    /// The intent engine in use (replaced on config reloads).
    public var engine: IntentEngine { current.withLock { $0.engine } }
    /// Whether Hermes topics are on (follows config reloads).
    public var hermesEnabled: Bool { current.withLock { $0.hermes } }

    public func run() async throws {
        let engine = self.engine
        let commands = bus.subscribe("\(prefix)/command", qos: 1, buffer: 256)
        // Rhasspy/Hermes NLU queries, answered while `[mqtt] hermes` is on (it can change on reload).
        let queries = bus.subscribe("hermes/nlu/query", qos: 1, buffer: 256)
        let heartbeat = health?.register("intents", maxSilence: .seconds(30))
        defer { heartbeat?.end() }
        logger.info("listening for commands", metadata: ["topic": "\(prefix)/command", "intents": "\(engine.intents.count)",
                                                        "embedding": "\(engine.embedding != nil)", "cloud": "\(engine.cloud != nil)"])
        await withDiscardingTaskGroup { group in
            if let embedding = engine.embedding {
                // Build the example index before the first free-phrased command needs it.
                group.addTask { await embedding.prepare() }
            }
            if let reloads {
                group.addTask { for await config in reloads.cancelOnGracefulShutdown() { await self.apply(config) } }
            }
            group.addTask {
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    heartbeat?.beat()
                    try? await Task.sleep(for: .seconds(5))
                }
            }
            // Both sources into one bounded queue; what does not fit is dropped and counted.
            let (incoming, input) = AsyncStream.makeStream(of: (hermes: Bool, payload: [UInt8]).self, bufferingPolicy: .bufferingOldest(256))
            let feeders = FeederCount(2)
            for (source, hermes) in [(commands, false), (queries, true)] {
                group.addTask { [counters] in
                    for await m in source.cancelOnGracefulShutdown() {
                        if case .dropped = input.yield((hermes, m.payload)) { counters.counter("intent_dropped_commands").increment() }
                    }
                    if feeders.finishOne() { input.finish() }
                }
            }
            var inFlight = 0
            let (done, doneInput) = AsyncStream.makeStream(of: Void.self)
            var doneIterator = done.makeAsyncIterator()
            for await message in incoming.cancelOnGracefulShutdown() {
                heartbeat?.beat()
                if message.hermes, !current.withLock({ $0.hermes }) { continue }
                while inFlight >= concurrency {
                    _ = await doneIterator.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask {
                    if message.hermes { await self.handleHermesQuery(message.payload) } else { await self.handle(message.payload) }
                    doneInput.yield()
                }
            }
            group.cancelAll()
        }
        logger.info("intents stopped")
    }

    /// Understands one command payload and publishes everything that follows from it.
    public func handle(_ payload: [UInt8]) async {
        switch TextCommand.parse(payload) {
        case let .success(command): await handle(command)
        case let .failure(problem): await reject(problem, source: "\(prefix)/command")
        }
    }

    /// A Hermes NLU query: understood like a command; the Hermes answer carries its session and site.
    public func handleHermesQuery(_ payload: [UInt8]) async {
        switch TextCommand.parseHermesQuery(payload) {
        case let .success(command): await handle(command)
        case let .failure(problem): await reject(problem, source: "hermes/nlu/query")
        }
    }

    private func reject(_ problem: TextCommand.Problem, source: String) async {
        counters.counter("intent_bad_commands").increment()
        logger.warning("bad command", metadata: ["topic": "\(source)", "problem": "\(problem)"])
        let error = JSONValue.object([("error", .string(problem.description)), ("topic", .string(source))]).serialized
        await publish("\(prefix)/reply", error, qos: 1)
    }

    private func handle(_ command: TextCommand) async {
        counters.counter("intent_commands").increment()
        let (engine, hermes) = current.withLock { ($0.engine, $0.hermes) }
        let started = ContinuousClock.now
        var result = await engine.understand(command.text, id: command.id)
        counters.counter("intent_results", labels: ["source": result.source]).increment()
        counters.histogram("intent_duration_seconds", labels: ["source": result.source]).observe(ContinuousClock.now - started)
        if command.speak { say(&result) }

        let delivery = IntentDelivery(bus: bus, prefix: prefix, counters: counters, logger: logger)
        await delivery.act(result)
        var address: IntentDelivery.HermesAddress?
        if hermes {
            address = .init(session: command.hermesSession ?? command.id ?? "hark-\(UInt32.random(in: 0...UInt32.max))",
                            site: command.hermesSite ?? siteID)
        }
        await delivery.announce(result, replyTopic: command.replyTopic, hermes: address)
        logger.info("command handled", metadata: [
            "intent": "\(result.match?.intent ?? "-")", "source": "\(result.source)", "method": "\(result.match?.source.rawValue ?? "-")",
            "confidence": "\(result.match.map { String(format3: $0.confidence) } ?? "-")",
            "latency_ms": "\(String(format3: result.latencyMilliseconds))", "note": "\(result.note ?? "")",
        ])
    }

    /// Applies a reloaded config: new intents (templates, slots, actions, cloud tools) and Hermes switch.
    func apply(_ config: HarkConfig) async {
        let old = engine
        if config.cloud != old.settings {
            logger.warning("[cloud] changes apply after a restart", metadata: ["config": "\(config.file)"])
        }
        if config.intents != old.intents {
            let embedding = old.embedding?.with(intents: config.intents)
            let engine = IntentEngine(intents: config.intents, cloudSettings: old.settings, embedding: embedding, cloud: old.cloud,
                                      wakeModels: config.wake.models, logger: logger)
            await old.cloud?.setIntents(config.intents)
            current.withLock { $0.engine = engine }
            logger.notice("intents reloaded", metadata: ["intents": "\(config.intents.count)"])
            await embedding?.prepare()
        }
        current.withLock { $0.hermes = config.mqtt.hermes }
    }

    /// Queues the reply for the speaker and records in the result whether it will be said.
    private func say(_ result: inout IntentResult) {
        guard let reply = result.reply else { return }
        guard let speaker else {
            counters.counter("intent_unspoken_replies").increment()
            result.spoken = false
            result.note = [result.note, "not spoken: no [audio] output_device"].compactMap { $0 }.joined(separator: "; ")
            return
        }
        speaker(reply)
        counters.counter("intent_spoken_replies").increment()
        result.spoken = true
    }

    private func publish(_ topic: String, _ text: String, qos: Int) async {
        do {
            try await bus.publish(topic: topic, payload: Array(text.utf8), qos: qos, retain: false)
        } catch {
            counters.counter("intent_publish_errors").increment()
            logger.warning("publish failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }
}

/// Counts the feeders of a merged stream down; the last one to end finishes it.
final class FeederCount: Sendable {
    private let remaining: Mutex<Int>
    init(_ count: Int) { remaining = Mutex(count) }
    /// True for the last feeder.
    func finishOne() -> Bool { remaining.withLock { $0 -= 1; return $0 == 0 } }
}
