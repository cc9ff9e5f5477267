import Foundation
import HarkAudio
import HarkCore
import HarkModels
import HarkWyoming

/// What the Wyoming server offers on this device: the engines that are installed, and the
/// `info` that describes them (from the files present, so it is ready before anything loads).
enum WyomingBackendsFactory {
    static func make(config: HarkConfig) -> WyomingBackends {
        let command = config.audio.ttsCommand
        let voice = ttsVoice(command: command)
        let modelsDirectory = config.resolvePath(config.models.dir)
        let catalog = WyomingCatalog(modelsDirectory: modelsDirectory)
        let storeURL = URL(fileURLWithPath: modelsDirectory)
        // One store, opened on first use; each connection gets its own spotter (per-stream state)
        // over the weights the store shares.
        let store = ModelLoader { try ModelStore(directory: storeURL) }
        var makeSpotter: (@Sendable ([String]) throws -> any WakeWordSpotter)?
        let cutoffs = config.wake.cutoffs
        if !catalog.wake.isEmpty {
            makeSpotter = { @Sendable (names: [String]) throws -> any WakeWordSpotter in
                try MicroWakeWordSpotter(store: store.get(), names: names, cutoffs: cutoffs)
            }
        }
        // Whisper loads in the background when the server starts (describe is answered meanwhile).
        var recognizer: ModelLoader<any SpeechRecognizer>?
        if catalog.whisper != nil {
            recognizer = ModelLoader { () throws -> any SpeechRecognizer in try WhisperRecognizer(store: store.get()) }
        }
        let info = WyomingInfo(
            harkVersion: HarkVersion.string, asr: catalog.whisper.map { [$0] } ?? [], wake: catalog.wake, ttsVoices: [voice],
            satellite: config.wyoming.satellite
                ? (name: config.wyoming.satelliteName, area: config.wyoming.satelliteArea.isEmpty ? nil : config.wyoming.satelliteArea)
                : nil)
        var synthesize: (@Sendable (String) throws -> (samples: [Int16], rate: Int))?
        if voice.installed {
            synthesize = { @Sendable (text: String) throws -> (samples: [Int16], rate: Int) in
                let (samples, rate) = try TextToSpeech.synthesize(text, command: command)
                return (samples: samples, rate: rate)
            }
        }
        return WyomingBackends(info: info, recognizer: recognizer, makeSpotter: makeSpotter, synthesize: synthesize)
    }

    /// The TTS command as a Wyoming voice, attributed to the program it runs.
    static func ttsVoice(command: [String]) -> WyomingInfo.Model {
        let program = (command.first ?? "").split(separator: "/").last.map(String.init) ?? ""
        let known: [String: WyomingInfo.Attribution] = [
            "espeak-ng": .init(name: "eSpeak NG", url: "https://github.com/espeak-ng/espeak-ng"),
            "espeak": .init(name: "eSpeak", url: "https://espeak.sourceforge.net"),
            "flite": .init(name: "CMU Flite", url: "http://www.festvox.org/flite/"),
            "piper": .init(name: "Rhasspy Piper", url: "https://github.com/rhasspy/piper"),
        ]
        return WyomingInfo.Model(
            name: program, description: "[audio] tts_command: \(command.joined(separator: " "))",
            attribution: known[program] ?? .init(name: program, url: ""), installed: executableExists(command.first ?? ""),
            version: nil, languages: ["en"])
    }

    static func executableExists(_ name: String) -> Bool {
        if name.isEmpty { return false }
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}
