import HarkModels

/// Silero VAD (HarkModels) is Hark's speech detector: 512 samples at 16 kHz in, probability out.
extension SileroVAD: SpeechDetector {}
