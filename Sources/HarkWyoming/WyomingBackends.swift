import HarkCore

/// What the Wyoming server serves with: the `info` it announces and the engines behind it. Each
/// engine is optional (not installed); every closure blocks and is called on inference threads only.
public struct WyomingBackends: Sendable {
    public var info: WyomingInfo
    /// Loads (once, in the background at start) and returns the recogniser.
    public var recognizer: ModelLoader<any SpeechRecognizer>?
    /// Makes a spotter for these installed wake models (one per connection, reused across `audio-start`s).
    public var makeSpotter: (@Sendable ([String]) throws -> any WakeWordSpotter)?
    /// Runs the TTS command: 16-bit mono samples and their rate.
    public var synthesize: (@Sendable (String) throws -> (samples: [Int16], rate: Int))?

    public init(info: WyomingInfo, recognizer: ModelLoader<any SpeechRecognizer>?,
                makeSpotter: (@Sendable ([String]) throws -> any WakeWordSpotter)?,
                synthesize: (@Sendable (String) throws -> (samples: [Int16], rate: Int))?) {
        self.info = info
        self.recognizer = recognizer
        self.makeSpotter = makeSpotter
        self.synthesize = synthesize
    }

    func capabilities(satellite: Bool) -> WyomingServerSession.Capabilities {
        .init(info: info.event, asr: recognizer != nil, wakeModels: makeSpotter == nil ? [] : info.wake.filter(\.installed).map(\.name),
              tts: synthesize != nil, satellite: satellite)
    }
}
