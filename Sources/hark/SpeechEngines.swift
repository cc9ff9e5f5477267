import Foundation
import HarkCore
import HarkModels

/// Builds the speech recogniser (Whisper tiny.en, grammar-guided) and the wake-word spotter
/// (microWakeWord) from the models folder.
enum SpeechEngines {
    /// The Whisper recogniser (grammar-guided with rejection, free transcription otherwise).
    static func recognizer(modelsDirectory: String, threads: Int,
                           settings: WhisperRecognizer.Settings = .init()) throws -> any SpeechRecognizer {
        try WhisperRecognizer(store: ModelStore(directory: URL(fileURLWithPath: modelsDirectory)), settings: settings)
    }

    /// The wake-word spotter for `models` (each at its own cutoff unless `cutoffs` names it); nil when
    /// none of them is installed.
    static func spotter(models: [String], cutoffs: [String: Double] = [:], modelsDirectory: String) throws -> (any WakeWordSpotter)? {
        let store = try ModelStore(directory: URL(fileURLWithPath: modelsDirectory))
        let installed = MicroWakeWordSpotter.installedModels(store: store)
        guard !installed.isEmpty else { return nil }
        // A named model that is not installed is an error (the message lists the installed ones).
        return try MicroWakeWordSpotter(store: store, names: models, cutoffs: cutoffs)
    }

    /// The listening mode: `[wake] mode`, else `wake` when a spotter could be built, else `always`.
    static func mode(_ settings: WakeSettings, spotterAvailable: Bool) -> ListeningGate.Mode {
        switch settings.mode {
        case .wake?: .wake
        case .pushToTalk?: .pushToTalk
        case .always?: .always
        case nil: spotterAvailable ? .wake : .always
        }
    }
}
