/// `[audio]`: microphone, endpointing and speaker.
public struct AudioSettings: Sendable, Equatable {
    /// Capture audio at all (off: sensors and text commands only).
    public var enabled: Bool
    /// ALSA capture device name (`hark devices`).
    public var device: String
    /// ALSA playback device for chimes and speech; empty = no playback.
    public var outputDevice: String
    /// Frames per ALSA period (at 16 kHz: 512 = 32 ms).
    public var periodFrames: Int
    /// Frames in the ALSA ring buffer (several periods).
    public var bufferFrames: Int
    /// Captured periods queued between the capture thread and the pipeline before the oldest are dropped.
    public var queuePeriods: Int
    /// First and longest wait between attempts to reopen a capture device that went away.
    public var reopenMin: Duration
    public var reopenMax: Duration
    /// Silero VAD probability at or above which a chunk counts as speech.
    public var vadThreshold: Double
    /// Speech must last this long before an utterance starts.
    public var minSpeech: Duration
    /// Silence that ends an utterance.
    public var endSilence: Duration
    /// Longest utterance; longer speech is cut here.
    public var maxUtterance: Duration
    /// Audio kept before the detected start of speech.
    public var preroll: Duration
    /// Audio kept after the detected end of speech (at most `end_silence`): the last word's fading
    /// tail, which the VAD already calls silence.
    public var postroll: Duration
    /// Play chimes (listening/done/error) on the output device.
    public var chimes: Bool
    /// Speech synthesis command (reads text on stdin, writes WAV on stdout).
    public var ttsCommand: [String]
    /// Chime loudness, 0…1.
    public var chimeVolume: Double

    public init(_ t: ConfigTable) {
        enabled = t.bool("enabled", default: true)
        device = t.string("device", default: "default")
        if device.isEmpty { t.report("device", "must not be empty", got: "\"\"", hint: "use \"default\" or a name from `hark devices`") }
        outputDevice = t.string("output_device", default: "")
        periodFrames = t.int("period_frames", default: 512, in: 64...16384)
        bufferFrames = t.int("buffer_frames", default: 4096, in: 256...262144)
        if bufferFrames < 2 * periodFrames {
            t.report("buffer_frames", "must hold at least two periods (period_frames = \(periodFrames))", got: String(bufferFrames), hint: "use \(4 * periodFrames) or more")
        }
        queuePeriods = t.int("queue_periods", default: 64, in: 2...4096)
        reopenMin = t.duration("reopen_min", default: .milliseconds(250), in: .milliseconds(10)...(.seconds(60)))
        reopenMax = t.duration("reopen_max", default: .seconds(5), in: .milliseconds(10)...(.seconds(600)))
        if reopenMax < reopenMin { t.report("reopen_max", "must not be shorter than reopen_min", hint: "raise reopen_max or lower reopen_min") }
        vadThreshold = t.double("vad_threshold", default: 0.5, in: 0.05...0.95)
        minSpeech = t.duration("min_speech", default: .milliseconds(250), in: .zero...(.seconds(5)))
        endSilence = t.duration("end_silence", default: .milliseconds(500), in: .milliseconds(64)...(.seconds(10)))
        maxUtterance = t.duration("max_utterance", default: .seconds(15), in: .seconds(1)...(.seconds(120)))
        preroll = t.duration("preroll", default: .milliseconds(300), in: .zero...(.seconds(5)))
        // Unset: 300 ms, or all of end_silence when that is shorter.
        postroll = t.duration("postroll", default: min(.milliseconds(300), endSilence), in: .zero...(.seconds(5)))
        if t.has("postroll"), postroll > endSilence {
            t.report("postroll", "must not be longer than end_silence (\(Self.ms(endSilence)) ms): the audio after that is not yet heard",
                     got: "\(Self.ms(postroll))ms", hint: "lower postroll or raise end_silence")
        }
        chimes = t.bool("chimes", default: true)
        ttsCommand = t.strings("tts_command", default: ["espeak-ng", "--stdout"])
        if ttsCommand.isEmpty { t.report("tts_command", "must name a program", got: "[]", hint: "e.g. [\"espeak-ng\", \"--stdout\"]") }
        chimeVolume = t.double("chime_volume", default: 0.3, in: 0...1)
    }

    /// The endpointing part, in samples of 16 kHz audio.
    public var endpointing: EndpointingSettings {
        EndpointingSettings(
            threshold: Float(vadThreshold), minSpeechMs: Self.ms(minSpeech), endSilenceMs: Self.ms(endSilence),
            maxUtteranceMs: Self.ms(maxUtterance), prerollMs: Self.ms(preroll), postrollMs: Self.ms(postroll))
    }

    static func ms(_ d: Duration) -> Int {
        Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
    }
}
