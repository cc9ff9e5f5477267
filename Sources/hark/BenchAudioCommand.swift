import ArgumentParser
import Foundation
import HarkAudio
import HarkCore
import HarkInference
import HarkModels
import Logging

/// `hark bench audio`: CPU per second of audio for Hark's capture path next to Silero VAD in
/// onnxruntime on the same audio, and the end-of-speech → utterance-emitted delay.
struct BenchAudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "CPU per audio second of capture + chunking + endpointing next to Silero VAD in onnxruntime; end-of-speech delay.",
        discussion: """
            Builds a test signal from the pocketsphinx-testdata recordings separated by 1.5 s of faint noise, \
            runs scripts/bench-silero-ort.py (onnxruntime, one thread) over it for the reference CPU time and \
            the per-chunk speech probabilities, then captures the same samples through real alsa-lib (plug \
            over the file plugin, unpaced) and feeds them through the 512-sample chunker and the endpointing \
            state machine twice: once with those probabilities replayed (the cost of capture + endpointing \
            alone), once with Hark's Swift Silero VAD (the full cost), and once more with Silero VAD and \
            one wake model (--wake) running on every captured sample (the always-on cost), next to \
            pymicro-wakeword (TFLite + pymicro-features) on the same audio in the reference script.
            """)

    @Option(help: "Python with onnxruntime and silero-vad installed (scripts/install-models.sh's venv).")
    var python = ProcessInfo.processInfo.environment["HARK_MODELS_PYTHON"] ?? ".venv-models/bin/python"

    @Option(help: "The reference script.")
    var script = "scripts/bench-silero-ort.py"

    @Option(help: "Times the recordings are repeated (longer runs, steadier CPU figures).")
    var repeats = 10

    @Option(help: "Models folder with silero_vad.safetensors (default: ModelStore's default folder).")
    var models: String?

    @Option(help: "end_silence in ms.")
    var endSilenceMs = 500

    @Option(help: "Wake model for the always-on pass (capture + Silero VAD + this model), next to pymicro-wakeword.")
    var wake = "okay_nabu"

    @Option(help: "OpenBLAS threads, as [models] threads in the daemon (default 1, the daemon's default; the reference runs on one thread).")
    var threads = 1

    func run() async throws {
        LoggingSetup.bootstrap(level: .warning, format: .text, environment: ProcessInfo.processInfo.environment)
        // The daemon's always-on path runs with `[models] threads` (default 1); OpenBLAS's own default
        // (every core) adds worker threads that spin between the VAD's small GEMMs and double its CPU.
        BLASLibrary.threads = threads
        let signal = try Self.signal(repeats: repeats)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-bench-audio-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let raw = dir.appendingPathComponent("signal.raw")
        try signal.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: raw)
        let audioSeconds = Double(signal.count) / 16_000
        print(String(format: "signal: %.1f s of 16 kHz audio (%d recordings × %d, 1.5 s noise gaps)", audioSeconds, Self.files.count, repeats))

        // 1. Reference: Silero VAD in onnxruntime.
        let probsURL = dir.appendingPathComponent("probs.f32")
        let ref = try runReference(raw: raw, probs: probsURL, wake: wake)
        let probs = try Data(contentsOf: probsURL).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let ortShare = ref.cpu / audioSeconds * 100
        print(String(format: "Silero VAD, onnxruntime %@ (1 thread): %.3f s CPU → %.3f %% of one core", ref.version, ref.cpu, ortShare))

        // 2. Hark: capture through alsa-lib + chunking + endpointing.
        let settings = EndpointingSettings(endSilenceMs: endSilenceMs)
        let device = """
            pcm.harkbench {
                type plug
                slave.pcm { type file; slave.pcm "null"; file "/dev/null"; format "raw"; infile "\(raw.path)" }
            }
            """
        let replay = try await pass(device: device, frames: signal.count, settings: settings,
                                    detector: ReplayedProbabilities(probs))
        let replayShare = replay.cpu / audioSeconds * 100
        print(String(format: "Hark capture + chunking + endpointing (VAD replayed): %.3f s CPU → %.3f %% of one core", replay.cpu, replayShare))
        let vad = try VADFactory.silero(modelsDirectory: models)
        let full = try await pass(device: device, frames: signal.count, settings: settings, detector: vad)
        let fullShare = full.cpu / audioSeconds * 100
        print(String(format: "Hark capture + Swift Silero VAD + endpointing:       %.3f s CPU → %.3f %% of one core (goal < 0.3 %%)", full.cpu, fullShare))
        print(String(format: "  of which Swift Silero VAD ≈ %.3f %% (onnxruntime: %.3f %%)", fullShare - replayShare, ortShare))
        // 3. Always on: capture + Swift Silero VAD + one wake model, next to pymicro-wakeword.
        let store = try ModelStore(directory: models.map { URL(fileURLWithPath: $0) } ?? ModelStore.defaultDirectory())
        let spotter = try MicroWakeWordSpotter(store: store, names: [wake])
        let vad2 = try VADFactory.silero(modelsDirectory: models)
        let always = try await pass(device: device, frames: signal.count, settings: settings, detector: vad2, wake: spotter)
        let alwaysShare = always.cpu / audioSeconds * 100
        print(String(format: "Hark capture + Swift Silero VAD + %@ wake model:    %.3f s CPU → %.3f %% of one core (goal ≤ 0.4 %%)", wake, always.cpu, alwaysShare))
        print(String(format: "  of which the wake model (front end + int8 network) ≈ %.3f %%", alwaysShare - fullShare))
        if let wakeCPU = ref.wakeCPU {
            print(String(format: "pymicro-wakeword %@ (TFLite, pymicro-features front end): %.3f s CPU → %.3f %%; with onnxruntime Silero: %.3f %%",
                         wake, wakeCPU, wakeCPU / audioSeconds * 100, (wakeCPU + ref.cpu) / audioSeconds * 100))
        }
        print("  (\(always.wakeDetections) detections of \(wake) in the signal, which has no wake phrase)")
        let delays = full.delays
        let utterances = full.delays.count
        guard !delays.isEmpty else { print("no utterances found"); return }
        let sorted = delays.sorted()
        print(String(format: "%d utterances; end of speech → utterance emitted (audio time, 32 ms chunks): median %.0f ms, max %.0f ms (goal ≤ end_silence %d + 50 ms)",
                     utterances, sorted[sorted.count / 2], sorted.last!, endSilenceMs))
    }

    /// One unpaced capture pass through alsa-lib with `detector`; CPU of the whole process during it.
    func pass(device: String, frames: Int, settings: EndpointingSettings, detector: any SpeechDetector,
              wake: MicroWakeWordSpotter? = nil) async throws
        -> (cpu: Double, delays: [Double], wakeDetections: Int) {
        let capture = AudioCapture(
            options: CaptureOptions(device: "harkbench", queuePeriods: frames / 256 + 8, extraConfig: device,
                                    frameLimit: frames),
            logger: Logger(label: "bench"))
        var vad = ChunkedVAD(detector: detector)
        var segmenter = UtteranceSegmenter(settings: settings)
        var delays: [Double] = []
        var detections = 0
        let cpu0 = Self.processCPU()
        capture.start()
        for await case let .frames(f) in capture.events {
            if let wake {
                f.samples.withUnsafeBufferPointer { wake.process($0) { _ in detections += 1 } }
            }
            vad.feed(f.samples) { chunk, p in
                for action in segmenter.process(chunk, probability: p) {
                    guard case let .utterance(u) = action, !u.truncated else { continue }
                    delays.append(Double(segmenter.position - u.endSample) / 16)
                }
            }
        }
        return (Self.processCPU() - cpu0, delays, detections)
    }

    static let files = (["0870", "0880", "0890", "0920", "0930"].map { "librivox/sense_and_sensibility_01_austen_64kb-\($0).wav" })
        + (1...5).map { "cards/00\($0).wav" }

    /// The recordings with 1.5 s of faint deterministic noise before each and after the last.
    static func signal(repeats n: Int) throws -> [Int16] {
        var seed: UInt32 = 12345
        func gap() -> [Int16] {
            (0..<24_000).map { _ in seed = seed &* 1_664_525 &+ 1_013_904_223; return Int16(Int32(seed >> 24) - 128) / 8 }
        }
        let recordings = try files.map { try BenchWAV.samples(path: "/usr/share/pocketsphinx/test/data/" + $0) }
        var out: [Int16] = []
        for _ in 0..<n { for r in recordings { out += gap(); out += r } }
        return out + gap()
    }

    func runReference(raw: URL, probs: URL, wake: String) throws -> (cpu: Double, version: String, wakeCPU: Double?) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, raw.path, "--probs", probs.path, "--wake", wake]
        let out = Pipe()
        p.standardOutput = out
        do { try p.run() } catch {
            throw ValidationError("cannot run \(python) (\(error)); pass --python or set HARK_MODELS_PYTHON to the venv of scripts/install-models.sh")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cpu = json["cpu_seconds"] as? Double
        else { throw ValidationError("\(script) failed (exit \(p.terminationStatus))") }
        return (cpu, json["onnxruntime"] as? String ?? "?", json["wake_cpu_seconds"] as? Double)
    }

    static func processCPU() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }
}

/// Speech probabilities computed beforehand (by the onnxruntime reference), replayed per chunk.
private final class ReplayedProbabilities: SpeechDetector {
    private let probs: [Float]
    private var next = 0
    init(_ probs: [Float]) { self.probs = probs }
    func probability(_ chunk: UnsafeBufferPointer<Float>) -> Float {
        defer { next += 1 }
        return next < probs.count ? probs[next] : 0
    }
    func reset() {}
}

/// The PCM of a 16-bit mono WAV (the pocketsphinx-testdata files).
private enum BenchWAV {
    static func samples(path: String) throws -> [Int16] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var offset = 12
        while offset + 8 <= data.count {
            let id = String(decoding: data[offset..<offset + 4], as: UTF8.self)
            let size = data[offset + 4..<offset + 8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            if id == "data" {
                let body = data[(offset + 8)..<min(offset + 8 + size, data.count)]
                return body.withUnsafeBytes { raw in
                    (0..<(body.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
                }
            }
            offset += 8 + size + (size & 1)
        }
        throw ValidationError("\(path): no data chunk (not a WAV file?)")
    }
}
