import ArgumentParser
import Foundation
import HarkModels

struct VADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vad",
        abstract: "Print Silero VAD speech probabilities of a 16 kHz mono 16-bit WAV (or .raw) file.",
        discussion: "One line per 32 ms chunk (512 samples): `time_s probability`. A trailing partial chunk is zero-padded.")

    @Argument(help: "16 kHz mono 16-bit PCM .wav, or headerless s16le .raw at 16 kHz.")
    var file: String

    @OptionGroup var models: ModelOptions

    func run() throws {
        let store = try models.openStore()
        let vad = try reportingModelErrors { try SileroVAD(store: store) }
        var samples = try reportingModelErrors { () throws -> [Float] in
            let audio = try PCMFile.read(URL(fileURLWithPath: file))
            guard audio.sampleRate == SileroVAD.sampleRate else {
                throw PCMFile.FormatError(file: file, problem: "sample rate \(audio.sampleRate) Hz, need 16000 (resample with: sox IN -r 16000 -c 1 -b 16 OUT.wav)")
            }
            return audio.samples
        }
        let n = SileroVAD.chunkSamples
        let chunks = (samples.count + n - 1) / n
        samples += [Float](repeating: 0, count: chunks * n - samples.count)
        var out = ""
        samples.withUnsafeBufferPointer { all in
            for i in 0..<chunks {
                let p = vad.probability(UnsafeBufferPointer(rebasing: all[(i * n)..<((i + 1) * n)]))
                out += String(format: "%.3f %.6f\n", Double(i * n) / Double(SileroVAD.sampleRate), p)
            }
        }
        print(out, terminator: "")
    }
}
