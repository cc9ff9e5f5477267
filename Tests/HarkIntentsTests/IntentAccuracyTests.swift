import Foundation
import HarkCore
import HarkIntents
import HarkModels
import Testing

/// The ≥ 100 phrasings of Tests/Fixtures/intent-corpus.txt for the 13 intents of intents-home.toml,
/// and the held-out phrasings of intent-corpus-heldout.txt (never used to tune the matcher).
enum Corpus {
    static let files = ["intent-corpus.txt", "intent-corpus-heldout.txt"]
    /// The issue-15 tuning corpus (392 phrasings, 17 intents, 74 must-not), written for the classifier
    /// without looking at the held-out misses; the classifier and its guards were tuned on it.
    static let tuning = "intent-corpus-tuning.txt"
    /// A second tuning corpus (490 phrasings, 230 must-not) written by another author from the config
    /// alone, without looking at the matcher or any other corpus.
    static let tuning2 = "intent-corpus-tuning2.txt"
    /// A third tuning corpus (330 phrasings, 170 must-not: complaints, reports, later times and
    /// conditions, other people, preferences, out-of-scope words) written by another author from the
    /// config alone, without looking at the matcher or any other corpus.
    static let tuning3 = "intent-corpus-tuning3.txt"
    /// A fourth tuning corpus (250 phrasings, 150 must-not: terse descriptions of a state, reminders,
    /// things done by the speaker, permissions, rhetorical questions, talk about Hark, values the config
    /// does not allow, double meanings), written the same way.
    static let tuning4 = "intent-corpus-tuning4.txt"
    /// A fifth (280 phrasings, 170 must-not: typed chat messages, with typos, abbreviations, names of
    /// other people, quotes, plans) and a sixth (260, 160 must-not: speech as transcribed, lower case
    /// without punctuation, hesitations and restarts, talk in the room, TV lines), written the same way.
    static let tuning5 = "intent-corpus-tuning5.txt"
    static let tuning6 = "intent-corpus-tuning6.txt"
    /// A seventh (260, 160 must-not: indirect and polite requests, other homes, conditions, thanks,
    /// metaphors) and an eighth (260, 150 must-not: near misses, twins that differ in a word or two).
    static let tuning7 = "intent-corpus-tuning7.txt"
    static let tuning8 = "intent-corpus-tuning8.txt"
    /// A ninth (260, 150 must-not: power users' shorthand, machine text, settings, notes) and a tenth
    /// (260, 160 must-not: children, elderly and non-native speakers; play, stories, phone calls).
    static let tuning9 = "intent-corpus-tuning9.txt"
    static let tuning10 = "intent-corpus-tuning10.txt"
    /// An eleventh (260, 150 must-not: a week in a family's home, in time order) and a twelfth (260,
    /// 160 must-not: adversarial, a tester trying to make the matcher act wrongly).
    static let tuning11 = "intent-corpus-tuning11.txt"
    static let tuning12 = "intent-corpus-tuning12.txt"
    /// A thirteenth (260, 170 must-not: overheard speech — TV, adverts, radio, videos, calls, people
    /// talking to each other, games) and a fourteenth (270, 160 must-not: the edges of what the home
    /// has — things, rooms and values the config does not declare next to ones it does).
    static let tuning13 = "intent-corpus-tuning13.txt"
    static let tuning14 = "intent-corpus-tuning14.txt"
    /// A fifteenth (260, 160 must-not: what a speech recogniser outputs — speech cut off, noise it
    /// hallucinates, other languages, mangled numbers, misheard words) and a sixteenth (260, 160
    /// must-not: talk with and about the assistant — what it can do, complaints, rules for later,
    /// tests, answers without context).
    static let tuning15 = "intent-corpus-tuning15.txt"
    static let tuning16 = "intent-corpus-tuning16.txt"
    /// A seventeenth (260, 160 must-not: numbers, durations and quantities said every way — vague,
    /// ranges, out of range, other units, arithmetic, relative changes) and an eighteenth (260, 160
    /// must-not: the many Englishes — regional and slang requests, idioms that borrow the words).
    static let tuning17 = "intent-corpus-tuning17.txt"
    static let tuning18 = "intent-corpus-tuning18.txt"
    /// A nineteenth (260, 160 must-not: text from chat and the message bus — status reports, log and
    /// help text, Hark's own replies echoed, other bots' commands), a twentieth (260, 160 must-not: who
    /// is spoken to — people by name, other assistants, pretend play, calls) and a twenty-first (260,
    /// 160 must-not: long and disfluent speech — rambling, stories, undecided or abandoned requests).
    static let tuning19 = "intent-corpus-tuning19.txt"
    static let tuning20 = "intent-corpus-tuning20.txt"
    static let tuning21 = "intent-corpus-tuning21.txt"
    /// A twenty-second (260, 160 must-not: urgency and feeling — shouted, scared, angry, sarcastic), a
    /// twenty-third (260, 160 must-not: scope — several things, a part, every room, an exception) and a
    /// twenty-fourth (260, 160 must-not: polarity traps — the opposite ruled out, double negatives).
    static let tuning22 = "intent-corpus-tuning22.txt"
    static let tuning23 = "intent-corpus-tuning23.txt"
    static let tuning24 = "intent-corpus-tuning24.txt"
    /// The corpora written blind from the config alone, in the order they were written.
    static let blind = [tuning2, tuning3, tuning4, tuning5, tuning6, tuning7, tuning8, tuning9, tuning10, tuning11, tuning12, tuning13,
                        tuning14, tuning15, tuning16, tuning17, tuning18, tuning19, tuning20, tuning21, tuning22, tuning23,
                        tuning24]
    /// Must-not phrasings still accepted on the blind corpora that have any (known issues, listed in
    /// docs/intents.md): an upper bound each.
    static let mustNotAccepted = [tuning3: 1, tuning4: 1, tuning9: 2, tuning11: 5, tuning12: 7, tuning13: 8, tuning14: 1, tuning15: 3,
                                  tuning17: 1, tuning20: 2, tuning21: 1, tuning22: 10, tuning23: 8, tuning24: 1]
    /// The issue-15 held-out corpus (302 phrasings, 17 intents): never tuned on; wrong actions and
    /// polarity confusions asserted, the rest measured (see docs/intents.md).
    static let unseen = "intent-corpus-unseen.txt"
    /// A second held-out corpus (310 phrasings, 70 must-not, 17 intents: ordinary use in varied
    /// styles), written blind at stop 28 and never tuned on: run once when written, once at the end.
    static let unseen2 = "intent-corpus-unseen2.txt"

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The engine on intents-home.toml with templates only (no model, no cloud).
    static func templateEngine() throws -> IntentEngine {
        let config = try config()
        return IntentEngine(intents: config.intents, cloudSettings: config.cloud, embedding: nil, cloud: nil, logger: .init(label: "test"))
    }

    /// Expects the template-only engine to act on nothing in `text`.
    static func expectIgnored(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let m = await (try templateEngine()).matchLocally(text)
        #expect(m == nil, describe(text, m), sourceLocation: sourceLocation)
    }

    /// Expects the template-only engine to read `text` as `intent` with exactly `values`.
    static func expectUnderstood(_ text: String, as intent: String, _ values: [String: String],
                                 sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let m = await (try templateEngine()).matchLocally(text)
        #expect(m?.intent == intent && m?.values == values, describe(text, m), sourceLocation: sourceLocation)
    }

    /// What `text` was read as, for a failed expectation.
    static func describe(_ text: String, _ m: IntentMatch?) -> Comment {
        "\(text) → \(m.map { "\($0.intent) \($0.values)" } ?? "nothing")"
    }

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

    @Test func issue15CorporaAreBigEnough() throws {
        let config = try Corpus.config()
        for file in [Corpus.tuning] + Corpus.blind + [Corpus.unseen, Corpus.unseen2] {
            let entries = try Corpus.entries(file)
            #expect(entries.count >= ([Corpus.tuning, Corpus.tuning2, Corpus.tuning3, Corpus.unseen, Corpus.unseen2].contains(file) ? 300 : 250), "\(file)")
            // The numbers corpus covers the intents that take a number (and a few without one).
            #expect(Set(entries.compactMap(\.intent)).count >= (file == Corpus.tuning17 ? 5 : 15), "\(file)")
            #expect(entries.filter { $0.intent == nil }.count >= 60, "\(file)")
            for e in entries { if let i = e.intent { #expect(config.intents.contains { $0.name == i }, "\(file): \(i)") } }
        }
        // Written apart: short common commands ("cancel the timer") come out word for word the same
        // (43 of 392 when written), the rest differ. The shared ones are not listed here: the
        // held-out file is not to be read phrasing by phrasing.
        let tuning = Set(try Corpus.entries(Corpus.tuning).map { TextNormalizer.normalize($0.text) })
        let unseen = Set(try Corpus.entries(Corpus.unseen).map { TextNormalizer.normalize($0.text) })
        let shared = tuning.intersection(unseen).count
        #expect(Double(shared) <= 0.15 * Double(tuning.count), "\(shared) of \(tuning.count) tuning phrasings are also held-out ones")
        for file in Corpus.blind {
            let tuning = Set(try Corpus.entries(file).map { TextNormalizer.normalize($0.text) })
            #expect(Double(tuning.intersection(unseen).count) <= 0.15 * Double(tuning.count), "\(file)")
        }
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

    static func evaluate(_ engine: IntentEngine, _ file: String, threshold: Double) async throws -> IntentEvaluation {
        var eval = IntentEvaluation(threshold: threshold)
        for entry in try Corpus.entries(file) {
            let start = ContinuousClock.now
            let m = await engine.matchLocally(entry.text)
            eval.add(entry, m, latency: ContinuousClock.now - start)
        }
        return eval
    }

    static func engine(_ method: EmbeddingWorker.Method) async throws -> (IntentEngine, EmbeddingWorker, HarkConfig) {
        let config = try Corpus.config()
        let embedder = try SentenceEmbedder(store: ModelStore(directory: ModelStore.defaultDirectory()))
        let worker = EmbeddingWorker(embedder: embedder, intents: config.intents, method: method)
        await worker.prepare()
        var disabled = config.cloud
        disabled.enabled = false
        let engine = IntentEngine(intents: config.intents, cloudSettings: disabled, embedding: worker, cloud: nil,
                                  logger: .init(label: "test"))
        return (engine, worker, config)
    }

    /// Templates, then the classifier: floors below what was measured (intent-corpus 100 %, old
    /// held-out 100 %, tuning 98.3 %, tuning2 92.7 %, tuning3 100 %, tuning4 99 %, tuning5 100 %,
    /// tuning6 99 %, tuning7 91 %, tuning8 98.2 %, tuning9 96.4 %, tuning10 92 %, tuning11 99.1 %,
    /// tuning12 98 %, tuning13 94.4 %, tuning14 95.5 %, tuning15 99 %, tuning16 96 %, tuning17 96 %,
    /// tuning18 85 %, tuning19 100 %, tuning20 99 %, tuning21 90 %, tuning22 87 %, tuning23 84 %,
    /// tuning24 90 %; the issue-15 held-out 95.8 % and
    /// the second held-out 97.9 %, the goal 95 %), no wrong action and no polarity confusion on any corpus, and no accepted must-not
    /// but the tuning corpora's known issues, each under its bound (docs/intents.md).
    @Test(.enabled(if: Corpus.modelsInstalled, "MiniLM not installed (make models)"))
    func templatesThenClassifier() async throws {
        let (engine, worker, config) = try await Self.engine(.classifier)
        let floors = ["intent-corpus.txt": 0.97, "intent-corpus-heldout.txt": 0.85, Corpus.tuning: 0.95, Corpus.tuning2: 0.88,
                      Corpus.tuning3: 0.95, Corpus.tuning4: 0.95, Corpus.tuning5: 0.95, Corpus.tuning6: 0.95, Corpus.tuning7: 0.88, Corpus.tuning8: 0.95, Corpus.tuning9: 0.93, Corpus.tuning10: 0.89,
                      Corpus.tuning11: 0.95, Corpus.tuning12: 0.95, Corpus.tuning13: 0.9, Corpus.tuning14: 0.92,
                      Corpus.tuning15: 0.95, Corpus.tuning16: 0.92, Corpus.tuning17: 0.9, Corpus.tuning18: 0.8, Corpus.tuning19: 0.95,
                      Corpus.tuning20: 0.95, Corpus.tuning21: 0.85, Corpus.tuning22: 0.85, Corpus.tuning23: 0.8,
                      Corpus.tuning24: 0.85, Corpus.unseen: 0.95, Corpus.unseen2: 0.95]
        for file in Corpus.files + [Corpus.tuning] + Corpus.blind + [Corpus.unseen, Corpus.unseen2] {
            let eval = try await Self.evaluate(engine, file, threshold: config.cloud.minLocalConfidence)
            print("[intent accuracy: templates + classifier, \(await worker.exampleCount) sentences, \(file)]\n" + eval.summary)
            if file != Corpus.unseen, file != Corpus.unseen2, !eval.misses.isEmpty { print(eval.misses) }
            #expect(eval.polarityConfusions == 0, "\(file)")
            #expect(eval.wrongPositives == 0, "\(file)")
            #expect(eval.positiveAccuracy >= floors[file]!, "\(file): \(eval.positiveAccuracy)")
            if let bound = Corpus.mustNotAccepted[file] {
                // Sarcasm, family talk that reads as a request, "tv vol+", overheard lines with no cue but their
                // story, a name said with "!" (docs/intents.md).
                withKnownIssue("must-not phrasings of \(file) are accepted (docs/intents.md)") {
                    #expect(eval.falseAccepts == 0, "\(file)")
                }
                #expect(eval.falseAccepts <= bound, "\(file)")
            } else {
                #expect(eval.falseAccepts == 0, "\(file)")
            }
        }
    }

    /// A reason after the request ("…, it's too warm") does not stop typed text; a spoken command's
    /// transcript is read from its last clause only, so a fragment of it is never acted on alone.
    @Test(.enabled(if: Corpus.modelsInstalled, "MiniLM not installed (make models)"))
    func everyClauseOfTypedTextButOnlyTheLastOfATranscript() async throws {
        let (engine, _, config) = try await Self.engine(.classifier)
        let typed = await engine.matchLocally("kill the heating, it's too warm")
        #expect(typed?.intent == "heating_power" && typed?.values == ["state": "off"], "\(String(describing: typed))")
        #expect((typed?.confidence ?? 0) >= config.cloud.minLocalConfidence)
        let spoken = await engine.matchLocally("kill the heating, it's too warm", everyClause: false)
        #expect((spoken?.confidence ?? 0) < config.cloud.minLocalConfidence, "\(String(describing: spoken))")
    }

    /// Why the classifier replaced the nearest-example fallback: on the tuning corpus it understands
    /// more and accepts no more must-not phrasings.
    @Test(.enabled(if: Corpus.modelsInstalled, "MiniLM not installed (make models)"))
    func classifierBeatsNearestExampleOnTheTuningCorpus() async throws {
        let (classifier, _, config) = try await Self.engine(.classifier)
        let (nearest, _, _) = try await Self.engine(.nearestExample)
        let a = try await Self.evaluate(classifier, Corpus.tuning, threshold: config.cloud.minLocalConfidence)
        let b = try await Self.evaluate(nearest, Corpus.tuning, threshold: config.cloud.minLocalConfidence)
        print("[tuning corpus] classifier: \(a.correctPositives)/\(a.positives), \(a.falseAccepts) must-not accepted; " +
              "nearest example: \(b.correctPositives)/\(b.positives), \(b.falseAccepts) must-not accepted")
        #expect(a.correctPositives > b.correctPositives)
        #expect(a.falseAccepts <= b.falseAccepts)
        #expect(a.wrongPositives == 0)
    }
}
