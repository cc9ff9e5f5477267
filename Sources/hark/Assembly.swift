import HarkAudio
import HarkMQTT
import HarkSystemd
import ServiceLifecycle

/// Builds the daemon's services from the config. Each area adds its own services in its own
/// file (`Assembly+<Area>.swift`); sinks (the MQTT client) are added first so they start first
/// and stop last.
final class Assembly {
    let context: DaemonContext
    private(set) var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    /// The daemon's one broker connection (created by the sensors area, used by every area).
    var mqtt: MQTTClient?
    /// Chimes and spoken replies (created by the audio area when `[audio] output_device` is set).
    var playback: AudioPlaybackService?

    init(context: DaemonContext) { self.context = context }

    func add(_ service: any Service, name: String) {
        services.append(.init(service: service, serviceName: name))
    }

    /// All areas, in start order.
    func addAreas() throws {
        try addMetrics()
        try addSensors()
        try addAudio()
        try addIntents()
    }
}
