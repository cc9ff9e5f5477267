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
            template matcher alone, then the whole local path (templates, then the MiniLM classifier — or, with \
            --method nearest-example, the nearest example — when the templates are not confident). Reference: \
            embedding the same phrasing once with MiniLM. Prints latency percentiles (also of the phrasings that \
            needed the model), their ratio to the reference and to the template-only path, accuracy, fallback rate, \
            polarity confusions, and the classifier's start-up (embedding and training) for --startup-intents intents.
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

    @Flag(help: "List every phrasing not handled correctly (fallbacks, wrong matches, accepted negatives), then for each the intents the guards can fill from it and the classifier's three most probable classes.")
    var showMisses = false

    @Option(help: "Free-phrasing method after the templates: classifier (default) or nearest-example (the older one, for comparison).")
    var method = "classifier"

    @Option(help: "Also time the classifier's start-up (embedding its training sentences, training) for this many intents (the config's, repeated under new names when it has fewer); 0: skip.")
    var startupIntents = 20

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
        guard let chosen = EmbeddingWorker.Method(rawValue: method) else {
            ConsoleOutput.error("bench intents: --method must be one of \(EmbeddingWorker.Method.allCases.map(\.rawValue).joined(separator: ", ")), got '\(method)'")
            throw ExitCode(64)
        }
        let worker = EmbeddingWorker(embedder: embedder, intents: settings.intents, method: chosen)
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
        let temperature = await worker.temperature.map { String(format: "; calibration temperature %.2f", $0) } ?? ""
        print("\n[templates, then MiniLM \(chosen.rawValue): \(await worker.exampleCount) sentences embedded and trained in \(ms(prep))\(temperature)]\n" + local.summary)
        // The phrasings the templates did not settle: the ones that needed the model.
        let needed = zip(templates.outcomes, local.outcomes).filter { !$0.0.accepted }.map(\.1.latency).sorted()
        if !needed.isEmpty {
            let p95 = needed[min(needed.count - 1, Int((Double(needed.count - 1) * 0.95).rounded()))]
            print("phrasings that needed the model: \(needed.count); their p50 \(ms(needed[needed.count / 2])), p95 \(ms(p95)) " +
                  "(\(ratio(p95, templates.latencyPercentile(0.95))) × the template-only p95 of the same run)")
        }
        if showMisses, !local.misses.isEmpty {
            print(local.misses)
            if chosen == .classifier { explainMisses(local, intents: settings.intents, embedder: embedder) }
        }
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
        if startupIntents > 0, chosen == .classifier {
            let (t, c) = startup(settings.intents, count: startupIntents, embedder: embedder)
            print("classifier start-up for \(startupIntents) intents: \(ms(t)) (\(c.exampleCount) sentences embedded in \(ms(c.embeddingTime)), " +
                  "trained and calibrated in \(ms(c.trainingTime))); \(ratio(t, ref50)) × one embedding")
        }
        print("ratio template-match p50 / embedding p50: \(ratio(templates.latencyPercentile(0.5), ref50))")
        print("ratio local-path p50 / embedding p50: \(ratio(local.latencyPercentile(0.5), ref50)); " +
              "p95 / embedding p50: \(ratio(local.latencyPercentile(0.95), ref50))")
    }

    /// For each phrasing not handled correctly by the whole local path: the intents whose slots,
    /// polarity and content words it fills, and the classifier's three most probable classes.
    private func explainMisses(_ evaluation: IntentEvaluation, intents: [IntentSettings], embedder: SentenceEmbedder) {
        let classifier = IntentClassifier(intents: intents, embed: embedder.embed(texts:))
        let names = intents.map(\.name) + ["none"]
        print("\nwhy (fillable intents; classifier's top classes):")
        for o in evaluation.outcomes where !o.correct {
            let fillable = classifier.reader.read(o.entry.text).map { r in r.fillable.keys.sorted().map { names[$0] } } ?? []
            let p = classifier.probabilities(o.entry.text, embed: embedder.embed(texts:))
            let top = p.indices.sorted { p[$0] > p[$1] }.prefix(3).map { "\(names[$0]) \(String(format: "%.2f", p[$0]))" }
            print("  '\(o.entry.text)': fillable [\(fillable.joined(separator: ", "))]; \(top.joined(separator: ", "))")
        }
    }

    /// The classifier's start-up for `count` intents: the config's, then copies under new names.
    private func startup(_ intents: [IntentSettings], count: Int, embedder: SentenceEmbedder) -> (Duration, IntentClassifier) {
        var many: [IntentSettings] = []
        var n = 0
        while many.count < count, !intents.isEmpty {
            var copy = intents[n % intents.count]
            if n >= intents.count { copy.name += "_copy\(n / intents.count)" }
            many.append(copy)
            n += 1
        }
        let start = ContinuousClock.now
        let c = IntentClassifier(intents: many, embed: embedder.embed(texts:))
        return (ContinuousClock.now - start, c)
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
