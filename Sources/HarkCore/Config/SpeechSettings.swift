/// `[speech]`: turning utterances into commands (the daemon's voice path and `hark listen`).
public struct SpeechSettings: Sendable, Equatable {
    /// Recognise spoken commands at all (off: utterances are cut but not recognised).
    public var enabled: Bool
    /// Recognise against the intents' sentences (the grammar recogniser, with rejection of
    /// out-of-grammar speech); false: free transcription + the text matchers only.
    public var grammar: Bool
    /// Utterances waiting for the recogniser before the oldest is dropped (counted).
    public var queue: Int
    /// Transcripts the grammar recogniser rejected go on as free text to the text matchers (and
    /// the cloud, when enabled). false: a rejected utterance is "not understood".
    public var freeFallback: Bool
    /// Say the reply of a spoken command on `[audio] output_device`.
    public var speakReplies: Bool
    /// Play the done/error chimes after a spoken command.
    public var resultChimes: Bool
    /// Audio shorter than this (after the wake phrase is cut off) is not a command.
    public var minCommand: Duration

    public init(_ t: ConfigTable) {
        enabled = t.bool("enabled", default: true)
        grammar = t.bool("grammar", default: true)
        queue = t.int("queue", default: 4, in: 1...64)
        freeFallback = t.bool("free_fallback", default: true)
        speakReplies = t.bool("speak_replies", default: true)
        resultChimes = t.bool("result_chimes", default: true)
        minCommand = t.duration("min_command", default: .milliseconds(300), in: .zero...(.seconds(5)))
    }
}
