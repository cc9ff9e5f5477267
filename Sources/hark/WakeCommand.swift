import ArgumentParser
import Foundation
import HarkCore
import HarkInference
import HarkModels
import HarkSystemd

struct WakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wake",
        abstract: "Run microWakeWord models over a 16 kHz mono 16-bit WAV (or .raw) file and print the detections.",
        discussion: """
            Exactly one line on stdout per detection: `time_s model probability` (time: end of the \
            10 ms frame that completed the detection; probability: the window mean that passed the \
            model's cutoff). A summary goes to stderr. Without --model, every installed wake model runs.
            """)

    @Argument(help: "16 kHz mono 16-bit PCM .wav, or headerless s16le .raw at 16 kHz.")
    var file: String

    @Option(name: .customLong("model"), help: "Wake model to run (okay_nabu, hey_jarvis, hey_mycroft, alexa); repeatable.")
    var modelNames: [String] = []

    @Option(help: "Seconds a model stays quiet after a detection.")
    var refractory: Double = 2.0

    @Option(help: "Detection cutoff (window mean, 0.01–0.99) for every model run, instead of each model's own (as [wake] cutoffs does per model).")
    var cutoff: Double?

    @Flag(help: "Also print every step's probability and window mean to stderr.")
    var steps = false

    @OptionGroup var models: ModelOptions

    func run() throws {
        let store = try models.openStore()
        let names = modelNames.isEmpty ? MicroWakeWordSpotter.installedModels(store: store) : modelNames
        guard !names.isEmpty else {
            ConsoleOutput.error("hark wake: no wake models installed in \(store.directory.path) (run make models)")
            throw ExitCode.modelError
        }
        guard refractory >= 0, refractory <= 60 else {
            ConsoleOutput.error("hark wake: --refractory \(refractory) must be between 0 and 60 seconds")
            throw ExitCode.validationFailure
        }
        if let cutoff, !(0.01...0.99).contains(cutoff) {
            ConsoleOutput.error("hark wake: --cutoff \(cutoff) must be between 0.01 and 0.99")
            throw ExitCode.validationFailure
        }
        let cutoffs = Dictionary(uniqueKeysWithValues: names.compactMap { name in cutoff.map { (name, $0) } })
        let spotter = try reportingModelErrors {
            try MicroWakeWordSpotter(store: store, names: names, refractorySeconds: refractory, cutoffs: cutoffs)
        }
        let samples = try reportingModelErrors { () throws -> [Int16] in
            let audio = try PCMFile.read(URL(fileURLWithPath: file))
            guard audio.sampleRate == MicroFrontend.sampleRate else {
                throw PCMFile.FormatError(file: file, problem: "sample rate \(audio.sampleRate) Hz, need 16000 (resample with: sox IN -r 16000 -c 1 -b 16 OUT.wav)")
            }
            return audio.samples.map { Int16(max(-32768, min(32767, ($0 * 32768).rounded()))) }
        }
        if steps {
            let modelNames = spotter.models
            var stepCount = [Int](repeating: 0, count: modelNames.count)
            spotter.onStep = { index, q, mean in
                let t = Double(MicroFrontend.windowSamples + (stepCount[index] * 3 + 2) * MicroFrontend.stepSamples) / 16000
                stepCount[index] += 1
                ConsoleOutput.error(String(format: "step %.2f %@ q=%d mean=%@", t, modelNames[index], q,
                                           mean.map { String(format: "%.4f", $0) } ?? "-"))
            }
        }
        var counts: [String: Int] = [:]
        var out = ""
        let started = DispatchTime.now().uptimeNanoseconds
        samples.withUnsafeBufferPointer { all in
            spotter.process(all) { d in
                counts[d.model, default: 0] += 1
                out += String(format: "%.2f %@ %.4f\n", d.seconds, d.model, d.probability)
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        FileHandle.standardOutput.write(out.data(using: .utf8)!)
        let audioSeconds = Double(samples.count) / 16000
        let summary = names.map { "\($0): \(counts[$0, default: 0])" }.joined(separator: ", ")
        ConsoleOutput.error(String(format: "hark wake: %.1f s of audio, %@ (%.3f s, %.0fx real time)",
                                   audioSeconds, summary, elapsed, elapsed > 0 ? audioSeconds / elapsed : 0))
    }
}
