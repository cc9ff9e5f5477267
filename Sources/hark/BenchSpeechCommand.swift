import ArgumentParser
import Foundation
import HarkCore
import HarkModels

struct BenchSpeechCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech",
        abstract: "Whisper engine speed: hark transcribe (full context) and the grammar recogniser per utterance, and RSS.",
        discussion: """
            scripts/bench-speech.sh runs this with faster-whisper's times on the same recordings measured in the
            same run (float32 for transcription, int8 on 2 threads for commands) and prints the ratios.
            Each recording is run once after one warm-up (the command clips --rounds times); times are per
            utterance, p50 and p95. Memory: VmRSS and VmHWM (peak) of this process, which holds one
            WhisperRecognizer (as the daemon does) and uses it for both parts.
            """)

    @Option(help: "Recordings for full-context transcription (comma-separated paths).")
    var transcribe: String = ""

    @Option(help: "Folder made by scripts/speech/make_command_clips.py (grammar.txt, clips.tsv, WAVs).")
    var clips: String?

    @Option(help: "faster-whisper float32 transcription p50 in ms on the same recordings (for the ratio).")
    var fwFloat32Ms: Double?

    @Option(help: "faster-whisper int8 2-thread p50 in ms on the command clips (for the ratio).")
    var fwInt8Ms: Double?

    @Option(help: "Runs over the in-grammar command clips (e.g. 13 × 80 clips for RSS after 1,000 utterances).")
    var rounds = 1

    @OptionGroup var models: ModelOptions

    func run() throws {
        let store = try models.openStore()
        let recognizer = try reportingModelErrors { try WhisperRecognizer(store: store) }
        print("whisper: memory with Whisper loaded (weights mapped, not yet touched): \(Self.memory())")
        let files = transcribe.split(separator: ",").map(String.init)
        if !files.isEmpty {
            let audios = try files.map { f in try reportingModelErrors { try PCMFile.read(URL(fileURLWithPath: f)).samples } }
            _ = recognizer.transcribe(audios[0])
            let times = audios.map { a in Self.time { _ = recognizer.transcribe(a) } }
            report("transcribe (full context)", times, reference: fwFloat32Ms, referenceName: "faster-whisper float32")
        }
        if let clips {
            let dir = URL(fileURLWithPath: clips)
            let sentences = try String(contentsOf: dir.appendingPathComponent("grammar.txt"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            let grammar = CommandGrammar(sentences: sentences)
            let rows = try String(contentsOf: dir.appendingPathComponent("clips.tsv"), encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
            let inGrammar = rows.filter { $0.count == 4 && $0[2] == "in" }
            let audios = try inGrammar.map { row in try reportingModelErrors { try PCMFile.read(dir.appendingPathComponent(row[0])).samples } }
            _ = try recognizer.recognize(audios[0], grammar: grammar)
            var right = 0
            var times: [(wall: Double, cpu: Double)] = []
            for round in 0..<max(1, rounds) {
                for (row, audio) in zip(inGrammar, audios) {
                    var r: Recognition?
                    times.append(try Self.time { r = try recognizer.recognize(audio, grammar: grammar) })
                    if round == 0 && r?.recognizer == .grammar && r?.text == row[3] { right += 1 }
                }
                if round == 0 || round == rounds - 1 {
                    print("whisper: memory after \(times.count + 1) recognitions: \(Self.memory())")
                }
            }
            report("recognise command (grammar, \(sentences.count) sentences)", times, reference: fwInt8Ms,
                   referenceName: "faster-whisper int8 2 threads")
            print("  in-grammar clips recognised as the right sentence: \(right)/\(inGrammar.count)")
        }
        print("whisper: memory after the runs: \(Self.memory())")
    }

    /// Wall-clock p50 and p95 (what the goal is about) and the process's CPU time per utterance, p50 (all
    /// threads; far steadier than wall time on a loaded machine).
    func report(_ name: String, _ seconds: [(wall: Double, cpu: Double)], reference: Double?, referenceName: String) {
        let ms = seconds.map { $0.wall * 1e3 }.sorted(), cpu = seconds.map { $0.cpu * 1e3 }.sorted()
        let p50 = ms[ms.count / 2], p95 = ms[min(ms.count - 1, Int((Double(ms.count) * 0.95).rounded(.up)) - 1)]
        var line = String(format: "%@: %d utterances, p50 %.1f ms, p95 %.1f ms, CPU p50 %.1f ms", name as NSString, ms.count,
                          p50, p95, cpu[cpu.count / 2])
        if let reference {
            line += String(format: "; %@ p50 %.1f ms; ratio hark/reference %.2f", referenceName as NSString, reference, p50 / reference)
        }
        print(line)
    }

    static func time(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let start = ContinuousClock.now, cpuStart = cpuSeconds()
        try body()
        return (WhisperRecognizer.seconds(since: start), cpuSeconds() - cpuStart)
    }

    /// CPU time of the whole process (every thread, OpenBLAS's included).
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// "RSS n MB, peak m MB" from /proc/self/status (VmRSS, VmHWM).
    static func memory() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func mb(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
                  let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
            return kb / 1024
        }
        return "RSS \(mb("VmRSS")) MB, peak \(mb("VmHWM")) MB"
    }
}
