import Foundation
import HarkAudio
import HarkCore
import HarkWyoming
import Logging

extension Assembly {
    /// The Wyoming server (`[wyoming] enabled`) and its zeroconf announcement.
    func addWyoming() throws {
        let config = context.config
        let w = config.wyoming
        guard w.enabled else { return }
        var logger = Logger(label: "hark.wyoming")
        logger[metadataKey: "area"] = "wyoming"
        var backends = WyomingBackendsFactory.make(config: config)
        let satellite = w.satellite ? makeSatellite(backends: backends, logger: logger) : nil
        if w.satellite, satellite == nil { backends.info.satellite = nil }
        if let satellite { add(satellite, name: "wyoming-satellite") }
        let server = WyomingServer(
            options: .init(host: w.host, port: w.port, maxConnections: w.maxConnections, idleTimeout: w.idleTimeout,
                           satellite: satellite != nil),
            backends: backends, satellite: satellite, counters: context.counters, status: context.status, logger: logger)
        add(server, name: "wyoming")
        if w.zeroconf {
            add(ZeroconfAnnouncer(name: "\(w.satelliteName) (\(context.deviceID))", host: w.host, port: w.port, logger: logger),
                name: "wyoming-zeroconf")
        }
    }
}

extension Assembly {
    /// The satellite needs the microphone (`[audio] enabled`), a speaker (`output_device`) and a
    /// wake word model; without one of them it is off and the log says which.
    fileprivate func makeSatellite(backends: WyomingBackends, logger: Logger) -> WyomingSatellite? {
        guard let frontEnd else {
            logger.warning("wyoming: satellite needs the microphone; set [audio] enabled = true. Satellite mode is off")
            return nil
        }
        guard let playback else {
            logger.warning("wyoming: satellite needs a speaker; set [audio] output_device. Satellite mode is off")
            return nil
        }
        let wakeModels = backends.info.wake.filter(\.installed).map(\.name)
        guard let makeSpotter = backends.makeSpotter, !wakeModels.isEmpty else {
            logger.warning("wyoming: satellite needs a wake word model (run `make models`). Satellite mode is off")
            return nil
        }
        // Utterances not sent to Home Assistant (none connected, or no wake word) go on to the voice
        // path as if there were no satellite (bounded; drops counted).
        let (handedOn, handOn) = AsyncStream.makeStream(of: Utterance.self, bufferingPolicy: .bufferingNewest(8))
        voiceUtterances = handedOn
        let counters = context.counters
        let satellite = WyomingSatellite(
            utterances: frontEnd.utterances, wakeModels: wakeModels, makeSpotter: makeSpotter,
            listenTimeout: Self.seconds(context.config.wake.listenTimeout), minCommand: Self.seconds(context.config.speech.minCommand),
            play: { samples, rate, done in playback.enqueue(.pcm(samples, rate: rate, done: PlaybackCompletion(done))) },
            standalone: { utterance in
                if case .dropped = handOn.yield(utterance) { counters.counter("wyoming_dropped_standalone_utterances").increment() }
            }, logger: logger)
        satelliteFrames.connect { samples, end in satellite.frames(samples, end: end) }
        return satellite
    }
}
