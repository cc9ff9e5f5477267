import Foundation
import HarkCloud
import HarkCore
import HarkTestSupport
import Logging

/// A cloud fallback pointed at a stand-in server, with fast timings for tests.
struct CloudRig {
    static let apiKey = "sk-test-SECRET-0123456789abcdef"
    static let intentsConfig = """
        [[intent]]
        name = "light_power"
        sentences = ["turn (on|off){state} the {room} light"]
        slots = { room = ["kitchen", "living room"] }
        topic = "home/{room}/light/set"
        payload = "{state}"

        [[intent]]
        name = "thermostat"
        sentences = ["set the {zone} to {degrees} degrees"]
        slots = { zone = ["house", "office"], degrees = "10..30" }
        topic = "home/heating/{zone}"
        payload = "{degrees}"
        """

    let server: FakeChatCompletionsServer
    let fallback: CloudFallback
    let transport: HTTPChatTransport
    let logs = LogCapture()
    let counters = Counters()
    let settings: CloudSettings

    init(cloud extra: String = "", openDuration: String = "400ms", server: FakeChatCompletionsServer? = nil) throws {
        let server = try server ?? FakeChatCompletionsServer()
        self.server = server
        let text = """
            [cloud]
            enabled = true
            base_url = "\(server.baseURL)"
            request_timeout = "600ms"
            connect_timeout = "300ms"
            deadline = "2s"
            backoff_base = "50ms"
            backoff_max = "200ms"
            max_retries = 2
            open_duration = "\(openDuration)"
            \(extra)
            \(Self.intentsConfig)
            """
        let config = try HarkConfig.parse(text: text, file: "test.toml").get()
        settings = config.cloud
        transport = HTTPChatTransport(baseURL: config.cloud.baseURL, apiKey: Self.apiKey, connectTimeout: config.cloud.connectTimeout,
                                      maxBytes: config.cloud.maxResponseBytes)
        fallback = CloudFallback(settings: config.cloud, intents: config.intents, transport: transport, hasAPIKey: true,
                                 logger: logs.logger("hark.cloud"), counters: counters)
    }

    /// Resolves with the configured deadline; returns the outcome and how long it took.
    func resolve(_ text: String) async -> (CloudFallback.Outcome, Duration) {
        let start = ContinuousClock.now
        let outcome = await fallback.resolve(text: text, deadline: start + settings.deadline)
        return (outcome, ContinuousClock.now - start)
    }

    /// Like ``resolve(_:)``, also returning how late this process's timers ran meanwhile.
    func resolveTimed(_ text: String) async -> (CloudFallback.Outcome, took: Duration, lateness: Duration) {
        let ((outcome, took), lateness) = await TimerLateness.measure { await resolve(text) }
        return (outcome, took, lateness)
    }

    func close() async {
        await transport.shutdown()
        server.shutdown()
    }
}
