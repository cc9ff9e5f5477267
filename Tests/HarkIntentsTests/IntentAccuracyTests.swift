import Foundation
import HarkCore
import HarkIntents
import HarkModels
import Testing

/// The ≥ 100 phrasings of Tests/Fixtures/intent-corpus.txt for the 13 intents of intents-home.toml,
/// and the held-out phrasings of intent-corpus-heldout.txt (never used to tune the matcher).
enum Corpus {
    static let files = ["intent-corpus.txt", "intent-corpus-heldout.txt"]
    /// The issue-15 held-out corpus (302 phrasings, 17 intents): measured and printed; wrong
    /// actions and polarity confusions asserted (one must-not-match is still accepted: see docs/intents.md).
    static let unseen = "intent-corpus-unseen.txt"

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func config() throws -> HarkConfig {
        try ConfigFileText.load(fixtures.appendingPathComponent("intents-home.toml").path)
    }

    static func entries(_ file: String = "intent-corpus.txt") throws -> [IntentEvaluation.Entry] {
        IntentEvaluation.parseCorpus(try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8))
    }

    static var modelsInstalled: Bool {
        FileManager.default.fileExists(atPath: ModelStore.defaultDirectory().appendingPathComponent(SentenceEmbedder.fileName).path)
    }
}

enum ConfigFileText {
    static func load(_ path: String) throws -> HarkConfig {
        try HarkConfig.parse(text: String(contentsOfFile: path, encoding: .utf8), file: path).get()
    }
}

@Suite(.serialized) struct IntentAccuracyTests {
    @Test func corpusIsBigEnough() throws {
        let entries = try Corpus.entries()
        #expect(entries.count >= 100)
        #expect(Set(entries.compactMap(\.intent)).count >= 10)
        #expect(entries.filter { $0.intent == nil }.count >= 20)
        let config = try Corpus.config()
        for e in entries { if let i = e.intent { #expect(config.intents.contains { $0.name == i }, "\(i)") } }
    }

    @Test(arguments: Corpus.files) func templatesOnly(file: String) throws {
        let config = try Corpus.config()
        let matcher = TemplateMatcher(intents: config.intents)
        var eval = IntentEvaluation(threshold: config.cloud.minLocalConfidence)
        for entry in try Corpus.entries(file) {
            let start = ContinuousClock.now
            let m = matcher.match(entry.text)
            eval.add(entry, m, latency: ContinuousClock.now - start)
        }
        print("[intent accuracy: templates only, \(file)]\n" + eval.summary)
        for o in eval.outcomes where !o.correct {
            print("  miss: \(o.entry.text) → \(o.match.map { "\($0.intent) \($0.values) \($0.confidence)" } ?? "none")")
        }
        #expect(eval.polarityConfusions == 0)
        #expect(eval.falseAccepts == 0)
        #expect(eval.wrongPositives == 0)
        #expect(eval.positiveAccuracy >= 0.6)
    }

    @Test(.enabled(if: Corpus.modelsInstalled, "MiniLM not installed (make models)"))
    func templatesThenMiniLM() async throws {
        let config = try Corpus.config()
        let embedder = try SentenceEmbedder(store: ModelStore(directory: ModelStore.defaultDirectory()))
        let worker = EmbeddingWorker(embedder: embedder, intents: config.intents)
        await worker.prepare()
        var disabled = config.cloud
        disabled.enabled = false
        let engine = IntentEngine(intents: config.intents, cloudSettings: disabled, embedding: worker, cloud: nil,
                                  logger: .init(label: "test"))
        for file in Corpus.files + [Corpus.unseen] {
            var eval = IntentEvaluation(threshold: config.cloud.minLocalConfidence)
            for entry in try Corpus.entries(file) {
                let start = ContinuousClock.now
                let m = await engine.matchLocally(entry.text)
                eval.add(entry, m, latency: ContinuousClock.now - start)
            }
            print("[intent accuracy: templates + MiniLM, \(await worker.exampleCount) examples, \(file)]\n" + eval.summary)
            if !eval.misses.isEmpty { print(eval.misses) }
            #expect(eval.polarityConfusions == 0, "\(file)")
            if file != Corpus.unseen { #expect(eval.falseAccepts == 0, "\(file)") }
            #expect(eval.wrongPositives == 0, "\(file)")
        }
    }
}
