import Foundation
import HarkAudio
import HarkModels

/// Builds the voice activity detector: Silero VAD from the models folder.
enum VADFactory {
    /// `modelsDirectory` nil: `ModelStore.defaultDirectory()` (`HARK_MODELS_DIR`, a `models/` folder
    /// above the executable or working directory, else /usr/local/share/hark/models).
    static func silero(modelsDirectory: String?) throws -> any SpeechDetector {
        let dir = modelsDirectory.map { URL(fileURLWithPath: $0) } ?? ModelStore.defaultDirectory()
        let store = try ModelStore(directory: dir)
        return try SileroVAD(store: store)
    }
}
