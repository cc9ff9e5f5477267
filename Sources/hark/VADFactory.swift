import HarkAudio

/// Builds the voice activity detector. The Silero VAD comes from HarkModels (inference branch);
/// until that branch is merged this build has none and says so.
enum VADFactory {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "the Silero VAD is not part of this build yet (HarkModels.SileroVAD not merged)" }
    }

    static func silero(modelsDirectory: String?) throws -> any SpeechDetector {
        throw Unavailable()
    }
}
