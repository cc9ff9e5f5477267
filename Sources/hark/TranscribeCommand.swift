import ArgumentParser
import Foundation
import HarkModels

struct TranscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe a recording with Whisper tiny.en (free decoding, full 30 s context, as faster-whisper).",
        discussion: """
            FILE: 16 kHz mono 16-bit WAV, or headerless .raw (s16le, 16 kHz). Prints the text as one line on
            stdout; --json prints one JSON object instead: text, tokens, average log-probability, timing.
            Audio longer than 30 s is decoded in 30 s windows.
            """)

    @Argument(help: "Recording to transcribe.")
    var file: String

    @Flag(help: "Print JSON: text, tokens, avg_logprob, windows, audio_s and timings in seconds.")
    var json = false

    @OptionGroup var models: ModelOptions

    func run() throws {
        let store = try models.openStore()
        let transcriber = try reportingModelErrors { try WhisperTranscriber(store: store) }
        let audio = try reportingModelErrors { try PCMFile.read(URL(fileURLWithPath: file)) }
        guard audio.sampleRate == 16_000 else {
            ConsoleOutput.error("\(file): sample rate \(audio.sampleRate) Hz; Whisper needs 16000 Hz mono (convert with: sox IN -r 16000 -c 1 -b 16 OUT.wav)")
            throw ExitCode.modelError
        }
        let start = ContinuousClock.now
        let r = transcriber.transcribe(audio.samples)
        let d = ContinuousClock.now - start
        let total = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        guard json else {
            print(r.text)
            return
        }
        let object: [String: Any] = [
            "text": r.text, "tokens": r.tokens.map(Int.init), "avg_logprob": r.averageLogProbability,
            "windows": r.windows, "audio_s": Double(audio.samples.count) / 16_000,
            "features_s": r.featureSeconds, "encoder_s": r.encoderSeconds, "decoder_s": r.decoderSeconds,
            "total_s": total,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }
}
