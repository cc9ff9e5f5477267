import HarkCore
import HarkAudio
import HarkIntents
import HarkVoice
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
    /// The audio front end (audio area), whose utterances the voice path takes.
    var audioFrontEnd: AudioFrontEnd?
    var frontEnd: AudioFrontEnd? { audioFrontEnd }
    /// The utterances the voice path takes: the front end's, or those the Wyoming satellite hands on.
    var voiceUtterances: AsyncStream<Utterance>?
    /// The captured frames for the Wyoming satellite's spotter (made after the front end that feeds it).
    let satelliteFrames = FrameRelay()
    /// The listening mode and wake-word spotter (voice area; made before the front end that feeds it).
    var listening: ListeningController?
    /// The intent service (intents area), whose engine the voice path shares.
    var intentService: IntentService?

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
        // The Wyoming satellite (when on) takes the microphone's utterances first and hands the ones
        // not meant for Home Assistant to the voice path, so it is built before the voice path.
        try addWyoming()
        try addVoice()
    }
}
