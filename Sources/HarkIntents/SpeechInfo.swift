import HarkCore

/// How a spoken command was heard: added to its result JSON as `"transcript"`, `"recognizer"`,
/// `"recognition_confidence"`, `"start_s"` and `"end_s"` (audio seconds), `"pipeline_ms"`.
public struct SpeechInfo: Sendable, Equatable {
    public var transcript: String
    public var recognizer: Recognition.Recognizer
    public var confidence: Double
    public var startSeconds: Double
    public var endSeconds: Double
    /// From the utterance reaching the voice path to the result (recognition + understanding).
    public var pipelineMilliseconds: Double?

    public init(transcript: String, recognizer: Recognition.Recognizer, confidence: Double, startSeconds: Double, endSeconds: Double,
                pipelineMilliseconds: Double? = nil) {
        self.transcript = transcript
        self.recognizer = recognizer
        self.confidence = confidence
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.pipelineMilliseconds = pipelineMilliseconds
    }

    /// The JSON fields it adds to a result (also the `<prefix>/transcript` payload).
    public var fields: [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("transcript", .string(transcript)), ("recognizer", .string(recognizer.rawValue)),
            ("recognition_confidence", .number((confidence * 1000).rounded() / 1000)),
            ("start_s", .number((startSeconds * 1000).rounded() / 1000)), ("end_s", .number((endSeconds * 1000).rounded() / 1000)),
        ]
        if let pipelineMilliseconds { out.append(("pipeline_ms", .number((pipelineMilliseconds * 10).rounded() / 10))) }
        return out
    }
}
