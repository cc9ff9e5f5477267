import Foundation
import HarkAudio
import HarkCore
import HarkIntents
import Logging
import ServiceLifecycle

extension Assembly {
    /// The intent service (text commands on `<prefix>/command`, actions, cloud fallback) and,
    /// with `[cloud] explain_alerts`, the alert explanation service.
    func addIntents() throws {
        let config = context.config
        guard let mqtt, !config.intents.isEmpty || config.cloud.enabled else { return }
        let logger = Logger(label: "hark.intents")
        let stateDir = ProcessInfo.processInfo.environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
            ?? config.resolvePath(config.device.stateDir)
        let runtime = IntentRuntime(
            config: config, apiKey: context.credentials.read("cloud-api-key", environment: "HARK_CLOUD_API_KEY"),
            modelsDirectory: config.resolvePath(config.models.dir), stateDirectory: stateDir,
            logger: Logger(label: "hark.cloud"), counters: context.counters, status: context.status)
        // Added before its users so it stops after them (the group stops services in reverse order).
        if runtime.transport != nil { add(CloudShutdown(runtime: runtime), name: "cloud-client") }
        let service = IntentService(engine: runtime.engine, bus: mqtt, prefix: context.topicPrefix, hermes: config.mqtt.hermes,
                          siteID: context.deviceID, logger: logger, counters: context.counters, health: context.health,
                          reloads: context.configUpdates.subscribe(),
                          speaker: speaker())
        intentService = service
        add(service, name: "intents")
        if config.cloud.explainAlerts, let cloud = runtime.cloud, let store = runtime.store {
            add(AlertExplanationService(cloud: cloud, store: store, bus: mqtt, prefix: context.topicPrefix, sensors: config.sensors,
                                        settings: config.cloud, logger: Logger(label: "hark.explain"), counters: context.counters),
                name: "alert-explanations")
        }
    }
}

extension Assembly {
    /// Says replies on the speaker, when there is one (`[audio] output_device`).
    fileprivate func speaker() -> (@Sendable (String) -> Void)? {
        guard let playback else { return nil }
        return { text in playback.enqueue(.speak(text)) }
    }
}

/// Closes the HTTP client when the daemon stops.
private struct CloudShutdown: Service {
    let runtime: IntentRuntime
    func run() async throws {
        try? await gracefulShutdown()
        await runtime.shutdown()
    }
}
