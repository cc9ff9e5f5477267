import HarkCore
import Logging

/// Publishes everything that follows from one understood (or not understood) command, for text
/// and spoken commands alike: the action, the result on `<prefix>/intent/<name>`, the reply on
/// the reply topic (default `<prefix>/reply`), and with Hermes on `hermes/intent/<name>` or
/// `hermes/nlu/intentNotRecognized`. Publish failures are logged and counted, never thrown.
public struct IntentDelivery: Sendable {
    public let bus: any MessageBus
    public let prefix: String
    public let counters: Counters
    public let logger: Logger

    public init(bus: any MessageBus, prefix: String, counters: Counters, logger: Logger) {
        self.bus = bus
        self.prefix = prefix
        self.counters = counters
        self.logger = logger
    }

    /// Where to answer in Hermes terms (nil: Hermes off).
    public struct HermesAddress: Sendable {
        public var session: String
        public var site: String
        public init(session: String, site: String) {
            self.session = session
            self.site = site
        }
    }

    /// Runs the action; true when it was published.
    @discardableResult
    public func act(_ result: IntentResult) async -> Bool {
        guard let action = result.action, let topic = action.topic else { return false }
        do {
            try await bus.publish(topic: topic, payload: Array(action.payload.utf8), qos: action.qos, retain: action.retain)
            counters.counter("intent_actions").increment()
            return true
        } catch {
            counters.counter("intent_action_errors").increment()
            logger.error("action publish failed", metadata: ["intent": "\(result.match?.intent ?? "")", "topic": "\(topic)",
                                                             "error": "\(error)"])
            return false
        }
    }

    /// The result JSON on `<prefix>/intent/<name>` (when understood) and the reply topic; the Hermes answer.
    public func announce(_ result: IntentResult, replyTopic: String? = nil, hermes: HermesAddress? = nil) async {
        let json = result.json
        if let match = result.match {
            await publish("\(prefix)/intent/\(match.intent)", json)
        }
        await publish(replyTopic ?? "\(prefix)/reply", json)
        if let hermes {
            if let match = result.match, let h = result.hermesJSON(siteID: hermes.site, sessionID: hermes.session) {
                await publish("hermes/intent/\(match.intent)", h)
            } else {
                await publish("hermes/nlu/intentNotRecognized", result.hermesNotRecognizedJSON(siteID: hermes.site, sessionID: hermes.session))
            }
        }
    }

    public func publish(_ topic: String, _ text: String, qos: Int = 1) async {
        do {
            try await bus.publish(topic: topic, payload: Array(text.utf8), qos: qos, retain: false)
        } catch {
            counters.counter("intent_publish_errors").increment()
            logger.warning("publish failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }
}
