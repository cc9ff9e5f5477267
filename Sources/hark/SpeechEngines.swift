import Foundation
import HarkCore

/// Builds the speech recogniser and the wake-word spotter from the models folder. The engines
/// themselves come from their own targets; until they are in this build, these say so.
enum SpeechEngines {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The Whisper recogniser (grammar-guided with rejection, free transcription otherwise).
    static func recognizer(modelsDirectory: String, threads: Int) throws -> any SpeechRecognizer {
        throw Unavailable(description: "the Whisper speech engine is not in this build (models folder \(modelsDirectory))")
    }

    /// The wake-word spotter for `models`; nil when the engine or the models are not installed.
    static func spotter(models: [String], modelsDirectory: String) throws -> (any WakeWordSpotter)? {
        nil
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
