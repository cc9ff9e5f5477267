import ArgumentParser
import Foundation
import HarkCore
import HarkModels
import HarkSystemd

struct RecognizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recognize",
        abstract: "Recognise recordings as spoken commands against a grammar (one sentence a line), with Whisper tiny.en.",
        discussion: """
            Prints one JSON object per FILE: the recognition (text, recognizer grammar|free, confidence), the
            grammar decoding's best sentence, its margin against the free decoding, and the time taken.
            A rejected command falls back to the free transcription, as in the daemon.
            """)

    @Option(help: "Grammar: a text file with one command sentence per line, every sentence its own meaning (default: the [[intent]] entries of --config, as the daemon builds it: sentences that take the same action share a meaning).")
    var grammar: String?

    @Option(help: "Override the smallest log-probability gap to the best sentence with another meaning.")
    var minRivalGap: Double?

    @Option(help: "Override the rejection margin (accept when mean log-prob per token − free decoding's ≥ this).")
    var rejectMargin: Double?

    @Option(help: "Override the largest token deficit accepted (most likely token's log-probability − the sentence's).")
    var maxTokenDeficit: Double?

    @Option(help: "Override the beam width (hypotheses per step).")
    var beamWidth: Int?

    @Option(help: "Override the silence appended to the utterance for the shortened context, in seconds.")
    var contextPadding: Double?

    @Flag(help: "Skip the full-context free transcription of rejected commands (scores only, for measurements).")
    var noFallback = false

    @Flag(inversion: .prefixedNo, help: "End the free decoding (the rejection's reference) when the grammar beam ends (default: the recogniser's setting).")
    var freeStopsWithBeam: Bool?

    @Argument(help: "Recordings (16 kHz mono WAV or .raw).")
    var files: [String]

    @OptionGroup var models: ModelOptions

    func run() throws {
        let store = try models.openStore()
        var settings = WhisperRecognizer.Settings()
        if let rejectMargin { settings.rejectMargin = rejectMargin }
        if let minRivalGap { settings.minRivalGap = minRivalGap }
        if let maxTokenDeficit { settings.maxTokenDeficit = maxTokenDeficit }
        if let beamWidth { settings.beamWidth = max(1, beamWidth) }
        if let contextPadding { settings.contextPadding = max(0, contextPadding) }
        if let freeStopsWithBeam { settings.freeDecodingStopsWithBeam = freeStopsWithBeam }
        let recognizer = try reportingModelErrors { try WhisperRecognizer(store: store, settings: settings) }
        let commands = try loadGrammar()
        let sentences = commands.sentences
        for file in files {
            let audio = try reportingModelErrors { try PCMFile.read(URL(fileURLWithPath: file)) }
            let (r, details) = recognizer.recognizeWithDetails(audio.samples, grammar: commands, fallback: !noFallback)
            guard let outcome = details else { continue }
            var object: [String: Any] = [
                "file": file, "text": r.text, "recognizer": r.recognizer.rawValue, "confidence": r.confidence,
                "margin": outcome.margin.isFinite ? outcome.margin : -99,
                "grammar_mean_logprob": outcome.meanLogProbability.isFinite ? outcome.meanLogProbability : -99,
                "free_mean_logprob": outcome.freeMeanLogProbability,
                "free_short_text": recognizer.tokenizer.decode(outcome.freeTokens),
                "recognize_s": r.computeSeconds,
                "encoder_positions": outcome.encoderPositions,
            ]
            if let s = outcome.sentence {
                object["best_sentence"] = sentences[s]
                object["meaning"] = commands.meaningNames[commands.meanings[s]]
                object["rival_gap"] = outcome.rivalGap
                object["worst_token_deficit"] = outcome.worstTokenDeficit
            }
            if let s = outcome.rival {
                object["rival_sentence"] = sentences[s]
                object["rival_meaning"] = commands.meaningNames[commands.meanings[s]]
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            fflush(nil)   // one line per recording as it is done (nil: every output stream)
        }
    }

    func loadGrammar() throws -> CommandGrammar {
        switch (grammar, models.config) {
        case let (path?, _):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                ConsoleOutput.error("\(path): cannot read the grammar file")
                throw ExitCode.modelError
            }
            return CommandGrammar(sentences: text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        case let (nil, path?):
            switch ConfigFile.load(path) {
            case let .success(c): return IntentGrammar.build(c.intents).grammar
            case let .failure(errors):
                ConsoleOutput.error(errors.description)
                throw ExitCode.configError
            }
        default:
            ConsoleOutput.error("hark recognize: give --grammar FILE or --config FILE (its intents)")
            throw ExitCode.validationFailure
        }
    }
}
