import ArgumentParser
import Foundation
import HarkAudio
import HarkCore
import HarkInference
import HarkIntents
import HarkModels
import HarkSystemd
import HarkVoice
import Logging

struct BenchVoiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice",
        abstract: "Spoken-command accuracy and latency: the grammar recogniser next to free transcription + text matchers.",
        discussion: """
            Runs every clip of the spoken-command set (scripts/speech-commands.py; manifest.jsonl) through the \
            daemon's voice path twice in the same run: with [speech] grammar = true (grammar recogniser, rejected \
            speech on to the text matchers) and grammar = false (free transcription + text matchers, the baseline). \
            Prints, per part (tuning, heldout): right intent and slots, wrong actions, out-of-grammar clips that \
            acted; and the time from an utterance's end to its result, p50 and p95. --recordings adds the pipeline \
            time on other WAV files (e.g. the pocketsphinx-testdata recordings). The cloud is off.
            """)

    @Option(help: "Folder with manifest.jsonl (from scripts/speech-commands.py).")
    var dataset = ".cache/speech-commands"

    @Option(help: "Config file with the [[intent]] entries the set was built from.")
    var config = "Tests/Fixtures/intents-home.toml"

    @Option(help: "Folder of installed models (default: [models] dir of --config, else the usual places).")
    var modelsDir: String?

    @Option(help: "OpenBLAS threads (default: [models] threads of --config).")
    var threads: Int?

    @Option(help: "Only the first N clips of each part (0: all).")
    var limit = 0

    @Option(parsing: .upToNextOption, help: "Extra WAV files timed through the free-transcription path.")
    var recordings: [String] = []

    @Flag(help: "Only the grammar recogniser (skip the free-transcription baseline).")
    var grammarOnly = false

    @Flag(help: "List every clip not handled correctly.")
    var showMisses = false

    @Option(help: "Write one JSON line per clip and path (utterances: recogniser, confidence, text, action) to this file.")
    var dump: String?

    @Option(help: "Grammar acceptance rule as margin,rival-gap,token-deficit (default: the recogniser's; 'none' skips a check; -1.5,none,none is the earlier margin-only rule).")
    var rule: String?

    struct Clip {
        var id: String
        var split: String
        var file: String
        var intent: String?
        var slots: [String: String]
    }

    struct Tally {
        var commands = 0, right = 0, wrong = 0, oog = 0, oogActed = 0
        var ms: [Double] = []
    }

    func run() async throws {
        LoggingSetup.bootstrap(level: .warning, format: .text, environment: ProcessInfo.processInfo.environment)
        var settings: HarkConfig
        switch ConfigFile.load(config) {
        case let .success(c): settings = c
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            throw ExitCode.configError
        }
        settings.cloud = try HarkConfig.parse(text: "", file: "defaults").get().cloud  // cloud off
        let modelsDir = self.modelsDir ?? ModelStore.defaultDirectory().path
        BLASLibrary.threads = threads ?? settings.models.threads
        let clips = try Self.manifest(dataset)
        let (detector, recognizer) = try reportingModelErrors {
            (try VADFactory.silero(modelsDirectory: modelsDir),
             try SpeechEngines.recognizer(modelsDirectory: modelsDir, threads: threads ?? settings.models.threads,
                                          settings: try recognizerSettings()))
        }
        let runtime = IntentRuntime(config: settings, apiKey: nil, modelsDirectory: modelsDir, stateDirectory: nil,
                                    logger: Logger(label: "bench"), counters: Counters())
        let rs = try recognizerSettings()
        var dumpLines: [String] = []
        print("clips: \(clips.count) from \(dataset); threads \(BLASLibrary.threads); accept: margin >= \(rs.rejectMargin), "
              + "rival gap >= \(rs.minRivalGap), worst token deficit <= \(rs.maxTokenDeficit)")
        for grammar in grammarOnly ? [true] : [true, false] {
            var speech = settings.speech
            speech.grammar = grammar
            let interpreter = VoiceInterpreter(mode: .pushToTalk, settings: speech, alwaysMinConfidence: settings.wake.alwaysMinConfidence)
            let runner = VoiceFileRunner(detector: detector, endpointing: settings.audio.endpointing, recognizer: recognizer,
                                         interpreter: interpreter, engine: runtime.engine)
            var tallies: [String: Tally] = [:]
            var taken: [String: Int] = [:]
            for clip in clips {
                if limit > 0 {
                    taken[clip.split, default: 0] += 1
                    if taken[clip.split]! > limit { continue }
                }
                let samples = try Self.samples(URL(fileURLWithPath: dataset).appendingPathComponent(clip.file).path)
                let controller = ListeningController(gate: ListeningGate(mode: .always, listenTimeout: 8, minCommand: 0.3), spotter: nil)
                let items = await runner.run(samples, controller: controller)
                var t = tallies[clip.split, default: Tally()]
                let acted = items.compactMap(\.result).filter { $0.action != nil }
                t.ms += items.filter { $0.result != nil }.map(\.pipelineMilliseconds)
                let transcript = items.compactMap { $0.recognition?.text }.joined(separator: " | ")
                if let expected = clip.intent {
                    t.commands += 1
                    let right = acted.count == 1 && acted[0].match?.intent == expected
                        && Dictionary(acted[0].match!.slots.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }) == clip.slots
                    if right { t.right += 1 }
                    let wrongs = acted.filter { !($0.match?.intent == expected
                        && Dictionary($0.match!.slots.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }) == clip.slots) }
                    if !wrongs.isEmpty { t.wrong += 1 }
                    if showMisses, !right {
                        print("  miss [\(grammar ? "grammar" : "free")] \(clip.id) want \(expected) \(clip.slots) heard \"\(transcript)\" -> "
                              + (acted.map { "\($0.match?.intent ?? "-") \($0.match?.slots.map { "\($0.name)=\($0.value)" } ?? [])" }.joined(separator: ", ")))
                    }
                } else {
                    t.oog += 1
                    if !acted.isEmpty {
                        t.oogActed += 1
                        if showMisses { print("  oog acted [\(grammar ? "grammar" : "free")] \(clip.id) heard \"\(transcript)\" -> \(acted[0].match?.intent ?? "-")") }
                    }
                }
                tallies[clip.split] = t
                if dump != nil {
                    let utterances: [JSONValue] = items.compactMap { item in
                        guard let r = item.recognition else { return nil }
                        let m = item.result?.action != nil ? item.result?.match : nil
                        return .object([("recognizer", .string(r.recognizer.rawValue)), ("confidence", .number(r.confidence)),
                                        ("text", .string(r.text)), ("source", .string(item.result?.source ?? "")),
                                        ("intent", m.map { .string($0.intent) } ?? .null),
                                        ("match_source", m.map { .string($0.source.rawValue) } ?? .null),
                                        ("match_confidence", m.map { .number($0.confidence) } ?? .null),
                                        ("slots", .object((m?.slots ?? []).map { ($0.name, JSONValue.string($0.value)) }))])
                    }
                    let line: JSONValue = .object([("id", .string(clip.id)), ("split", .string(clip.split)),
                                                   ("path", .string(grammar ? "grammar" : "free")),
                                                   ("want", clip.intent.map { .string($0) } ?? .null),
                                                   ("want_slots", .object(clip.slots.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
                                                   ("utterances", .array(utterances))])
                    dumpLines.append(line.serialized)
                }
            }
            print(grammar ? "grammar recogniser ([speech] grammar = true)" : "free transcription + text matchers (baseline)")
            for split in ["tuning", "heldout"] {
                guard let t = tallies[split] else { continue }
                let ms = t.ms.sorted()
                func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.1f %%", 100 * Double(a) / Double(b)) }
                func q(_ p: Double) -> String { ms.isEmpty ? "-" : String(format: "%.0f ms", ms[min(ms.count - 1, Int(Double(ms.count) * p))]) }
                print("  \(split.padding(toLength: 8, withPad: " ", startingAt: 0)) right \(pct(t.right, t.commands)) (\(t.right)/\(t.commands))"
                      + "  wrong actions \(pct(t.wrong, t.commands))  OOG acted \(pct(t.oogActed, t.oog)) (\(t.oogActed)/\(t.oog))"
                      + "  utterance end -> result p50 \(q(0.5)) p95 \(q(0.95))")
            }
        }
        if !recordings.isEmpty {
            var speech = settings.speech
            speech.grammar = false
            let interpreter = VoiceInterpreter(mode: .pushToTalk, settings: speech, alwaysMinConfidence: 0.9)
            let runner = VoiceFileRunner(detector: detector, endpointing: settings.audio.endpointing, recognizer: recognizer,
                                         interpreter: interpreter, engine: runtime.engine)
            var ms: [Double] = []
            for path in recordings {
                let controller = ListeningController(gate: ListeningGate(mode: .always, listenTimeout: 8, minCommand: 0.3), spotter: nil)
                ms += await runner.run(try Self.samples(path), controller: controller).filter { $0.result != nil }.map(\.pipelineMilliseconds)
            }
            ms.sort()
            if !ms.isEmpty {
                print(String(format: "recordings: %d utterances in %d files, utterance end -> result p50 %.0f ms p95 %.0f ms",
                             ms.count, recordings.count, ms[ms.count / 2], ms[min(ms.count - 1, Int(Double(ms.count) * 0.95))]))
            }
        }
        if let dump { try (dumpLines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8) }
        await runtime.shutdown()
    }

    func recognizerSettings() throws -> WhisperRecognizer.Settings {
        var s = WhisperRecognizer.Settings()
        guard let rule else { return s }
        let parts = rule.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func value(_ i: Int, none: Double) -> Double? { parts[i] == "none" ? none : Double(parts[i]) }
        guard parts.count == 3, let m = value(0, none: -.infinity), let g = value(1, none: -.infinity),
              let d = value(2, none: .infinity) else {
            ConsoleOutput.error("hark bench voice: --rule wants margin,rival-gap,token-deficit (numbers or 'none'), got '\(rule)'")
            throw ExitCode.validationFailure
        }
        (s.rejectMargin, s.minRivalGap, s.maxTokenDeficit) = (m, g, d)
        return s
    }

    static func manifest(_ dir: String) throws -> [Clip] {
        let path = URL(fileURLWithPath: dir).appendingPathComponent("manifest.jsonl").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            ConsoleOutput.error("hark bench voice: no \(path); build the set with scripts/speech-commands.py")
            throw ExitCode.failure
        }
        return text.split(separator: "\n").compactMap { line in
            guard let j = JSONValue.parse(String(line), maxDepth: 8, maxBytes: 1 << 16), let id = j["id"]?.stringValue,
                  let split = j["split"]?.stringValue, let file = j["file"]?.stringValue else { return nil }
            var slots: [String: String] = [:]
            if case let .object(fields)? = j["slots"] { for (k, v) in fields { slots[k] = v.stringValue } }
            return Clip(id: id, split: split, file: file, intent: j["intent"]?.stringValue, slots: slots)
        }
    }

    static func samples(_ path: String) throws -> [Int16] {
        let (s, rate) = try WAVReader.mono16(try Data(contentsOf: URL(fileURLWithPath: path)))
        guard rate == 16_000 else { throw FileSegmenter.FileError.wrongRate(path, rate) }
        return s
    }
}
