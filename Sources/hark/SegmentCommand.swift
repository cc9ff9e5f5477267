import ArgumentParser
import Foundation
import HarkAudio
import HarkCore
import HarkSystemd

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Find the utterances in a 16 kHz mono WAV file with Silero VAD and Hark's endpointing.",
        discussion: "Prints one line per utterance: start and end of speech in seconds, duration, VAD statistics. Endpointing settings come from [audio] in the config (or the defaults when there is none).")

    @Argument(help: "A 16 kHz mono 16-bit WAV file.") var file: String
    @Option(help: "Config file for [audio] endpointing and [models] dir.") var config: String?
    @Option(help: "Models folder (default: [models] dir of the config, else the default store).") var models: String?
    @Flag(help: "One JSON object per utterance.") var json = false

    func run() throws {
        var settings = EndpointingSettings()
        var modelsDir = models
        if let config {
            switch ConfigFile.load(config) {
            case let .success(c):
                settings = c.audio.endpointing
                if modelsDir == nil { modelsDir = c.resolvePath(c.models.dir) }
            case let .failure(errors):
                ConsoleOutput.error(errors.description)
                throw ExitCode.configError
            }
        }
        let detector: any SpeechDetector
        do { detector = try VADFactory.silero(modelsDirectory: modelsDir) } catch {
            ConsoleOutput.error("hark segment: \(error)")
            throw ExitCode.failure
        }
        let result: FileSegmenter.Result
        do { result = try FileSegmenter.segment(path: file, detector: detector, settings: settings) } catch {
            ConsoleOutput.error("hark segment: \(error)")
            throw ExitCode.failure
        }
        for (i, u) in result.utterances.enumerated() {
            let start = Double(u.startSample) / 16_000, end = Double(u.endSample) / 16_000
            if json {
                print(#"{"index":\#(i + 1),"start":\#(fmt(start)),"end":\#(fmt(end)),"truncated":\#(u.truncated),"mean_vad":\#(fmt(Double(u.stats.meanProbability))),"max_vad":\#(fmt(Double(u.stats.maxProbability)))}"#)
            } else {
                print("\(i + 1)\t\(fmt(start))\t\(fmt(end))\t\(fmt(end - start)) s\tmean_vad=\(fmt(Double(u.stats.meanProbability)))\(u.truncated ? "\ttruncated" : "")")
            }
        }
        if !json { print("\(result.utterances.count) utterance(s) in \(fmt(result.seconds)) s of audio") }
    }

    private func fmt(_ x: Double) -> String { String(format: "%.3f", x) }
}
