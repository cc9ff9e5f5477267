import ArgumentParser
import Foundation
import HarkCore
import HarkInference
import HarkIntents
import HarkModels
import Logging

struct BenchIntentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intents",
        abstract: "Local intent latency and accuracy on a corpus, next to one MiniLM embedding measured in the same run.",
        discussion: """
            For every phrasing of the corpus (lines 'text | intent | slot=value; …', '-' for must-not-match): the \
            template matcher alone, then the whole local path (templates, then MiniLM nearest example when the \
            templates are not confident). Reference: embedding the same phrasing once with MiniLM. Prints \
            latency percentiles, their ratio to the reference, accuracy, fallback rate and polarity confusions.
            """)

    @Option(help: "Config file with the [[intent]] entries.")
    var config = "Tests/Fixtures/intents-home.toml"

    @Option(help: "Corpus of phrasings.")
    var corpus = "Tests/Fixtures/intent-corpus.txt"

    @Option(help: "Folder of installed models (default: [models] dir of --config, else the usual places).")
    var modelsDir: String?

    @Option(help: "Timed repetitions per phrasing (the median is kept).")
    var repeats = 20

    @Option(help: "OpenBLAS threads for MiniLM (default: [models] threads of --config, as the daemon uses).")
    var threads: Int?

    @Flag(help: "List every phrasing not handled correctly (fallbacks, wrong matches, accepted negatives).")
    var showMisses = false

    func run() async throws {
        LoggingSetup.bootstrap(level: .warning, format: .text, environment: ProcessInfo.processInfo.environment)
        let settings: HarkConfig
        switch HarkConfig.parse(text: try String(contentsOfFile: config, encoding: .utf8), file: config) {
        case let .success(c): settings = c
        case let .failure(errors):
            ConsoleOutput.error(errors.description)
            throw ExitCode(78)
        }
        let entries = IntentEvaluation.parseCorpus(try String(contentsOfFile: corpus, encoding: .utf8))
        let threshold = settings.cloud.minLocalConfidence
        BLASLibrary.threads = threads ?? settings.models.threads
        print("intents: \(settings.intents.count) from \(config); corpus: \(entries.count) phrasings; threshold \(threshold); " +
              "OpenBLAS threads \(BLASLibrary.threads)")

        let matcher = TemplateMatcher(intents: settings.intents)
        var templates = IntentEvaluation(threshold: threshold)
        for e in entries {
            var m: IntentMatch?
            let t = median(repeats) { m = matcher.match(e.text) }
            templates.add(e, m, latency: t)
        }
        print("\n[templates only: \(matcher.sentenceCount) expanded sentences]\n" + templates.summary)
        if showMisses, !templates.misses.isEmpty { print(templates.misses) }

        let dir = modelsDir.map { URL(fileURLWithPath: $0) } ?? {
            let d = URL(fileURLWithPath: settings.resolvePath(settings.models.dir))
            return FileManager.default.fileExists(atPath: d.appendingPathComponent("manifest.json").path) ? d : ModelStore.defaultDirectory()
        }()
        guard let embedder = try? SentenceEmbedder(store: ModelStore(directory: dir)) else {
            print("\nMiniLM not installed in \(dir.path): embedding fallback not measured (make models)")
            return
        }
        let worker = EmbeddingWorker(embedder: embedder, intents: settings.intents)
        let prepStart = ContinuousClock.now
        await worker.prepare()
        let prep = ContinuousClock.now - prepStart
        var disabled = settings.cloud
        disabled.enabled = false
        let engine = IntentEngine(intents: settings.intents, cloudSettings: disabled, embedding: worker, cloud: nil, logger: Logger(label: "bench"))
        var local = IntentEvaluation(threshold: threshold)
        var reference: [Duration] = []
        let rounds = max(1, repeats / 4)
        for e in entries {
            var m: IntentMatch?
            var times: [Duration] = []
            for _ in 0..<rounds {
                let s = ContinuousClock.now
                m = await engine.matchLocally(e.text)
                times.append(ContinuousClock.now - s)
            }
            local.add(e, m, latency: times.sorted()[times.count / 2])
            reference.append(median(rounds) { _ = embedder.embed(e.text) })
        }
        reference.sort()
        let ref50 = reference[reference.count / 2]
        print("\n[templates, then MiniLM: \(await worker.exampleCount) examples embedded in \(ms(prep))]\n" + local.summary)
        if showMisses, !local.misses.isEmpty { print(local.misses) }
        print("\nreference: one MiniLM embedding of the phrasing: p50 \(ms(ref50)), p95 \(ms(reference[Int(Double(reference.count - 1) * 0.95)]))")
        var stacked: [Duration] = []
        for start in stride(from: 0, to: entries.count - 3, by: 4) {
            let four = entries[start..<(start + 4)].map(\.text)
            stacked.append(median(rounds) { _ = embedder.embed(texts: four) })
        }
        stacked.sort()
        if !stacked.isEmpty {
            print("reference: four phrasings embedded together in one pass: p50 \(ms(stacked[stacked.count / 2])) " +
                  "(\(ratio(stacked[stacked.count / 2], ref50)) × one embedding)")
        }
        print("ratio template-match p50 / embedding p50: \(ratio(templates.latencyPercentile(0.5), ref50))")
        print("ratio local-path p50 / embedding p50: \(ratio(local.latencyPercentile(0.5), ref50)); " +
              "p95 / embedding p50: \(ratio(local.latencyPercentile(0.95), ref50))")
    }

    private func median(_ n: Int, _ body: () -> Void) -> Duration {
        var times: [Duration] = []
        for _ in 0..<max(1, n) {
            let s = ContinuousClock.now
            body()
            times.append(ContinuousClock.now - s)
        }
        times.sort()
        return times[times.count / 2]
    }

    private func ms(_ d: Duration) -> String {
        String(format: "%.3f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }

    private func ratio(_ a: Duration, _ b: Duration) -> String {
        String(format: "%.3f", (a / b))
    }
}
