import Foundation
import HarkCore
@testable import HarkModels
import Testing

/// The grammar recogniser on speech synthesised here with espeak-ng (a real voice, not a fixture):
/// a command in the grammar comes back as that sentence; a question outside it is rejected and
/// comes back as the free transcription.
@Suite struct WhisperRecognizerTests {
    static let rooms = ["kitchen", "bedroom", "living room", "bathroom"]
    static let grammar = CommandGrammar(sentences: rooms.flatMap { r in
        ["turn on the \(r) light", "turn off the \(r) light"]
            + (0...100).map { "set the \(r) light to \($0) percent" }
    } + ["lock the front door", "unlock the front door"])

    /// 16 kHz mono samples of `text` spoken by espeak-ng (via sox for the rate).
    static func speak(_ text: String) throws -> [Float] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-whisper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let raw = dir.appendingPathComponent("raw.wav").path, out = dir.appendingPathComponent("out.wav").path
        for (tool, args) in [("espeak-ng", ["-v", "en-us", "-s", "160", "-w", raw, text]),
                             ("sox", [raw, "-r", "16000", "-c", "1", "-b", "16", out, "pad", "0.2", "0.3"])] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [tool] + args
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw ModelTestError("\(tool) failed (install it: scripts/install-deps.sh)") }
        }
        return try PCMFile.read(URL(fileURLWithPath: out)).samples
    }

    @Test func recognisesCommandsOfALargeGrammar() throws {
        let recognizer = try WhisperRecognizer(store: Installed.store())
        for sentence in ["turn off the bedroom light", "set the kitchen light to 40 percent", "unlock the front door"] {
            let r = try recognizer.recognize(try Self.speak(sentence), grammar: Self.grammar)
            #expect(r.recognizer == .grammar, "\(sentence): rejected, free text \"\(r.text)\"")
            #expect(r.text == sentence)
            #expect(r.confidence > 0 && r.confidence <= 1)
        }
    }

    @Test func rejectsAQuestionAndReturnsTheFreeTranscription() throws {
        let recognizer = try WhisperRecognizer(store: Installed.store())
        let r = try recognizer.recognize(try Self.speak("what is the weather like tomorrow"), grammar: Self.grammar)
        #expect(r.recognizer == .free)
        #expect(r.text.lowercased().contains("weather"))
    }

    @Test func withoutAGrammarTheResultIsTheFreeTranscription() throws {
        let recognizer = try WhisperRecognizer(store: Installed.store())
        let r = try recognizer.recognize(try Self.speak("go forward ten meters"), grammar: nil)
        #expect(r.recognizer == .free)
        #expect(r.text.lowercased().contains("forward"))
    }

    /// The free decoding (the rejection's reference) runs as one more row of the beam's batched decoder
    /// steps: going on alone after the beam, it gives the standalone greedy decoding of the same shortened
    /// context; stopped with the beam, a prefix of it.
    @Test(arguments: [false, true])
    func freeRowOfTheBeamMatchesTheStandaloneGreedyDecoding(stopsWithBeam: Bool) throws {
        var settings = WhisperRecognizer.Settings()
        settings.freeDecodingStopsWithBeam = stopsWithBeam
        let recognizer = try WhisperRecognizer(store: Installed.store(), settings: settings)
        let limit = min(WhisperRecognizer.maxCommandTokens, recognizer.trie(for: Self.grammar).maxDepth + 8)
        for text in ["turn off the bedroom light", "what is the weather like tomorrow"] {
            let audio = try Self.speak(text)
            let outcome = try #require(recognizer.recognizeWithDetails(audio, grammar: Self.grammar, fallback: false).outcome)
            _ = recognizer.encodeShort(audio)
            let alone = recognizer.transcriber.greedy(encoder: recognizer.shortEncoder, maxTokens: limit)
            if stopsWithBeam {
                #expect(!outcome.freeTokens.isEmpty && alone.tokens.starts(with: outcome.freeTokens), "\(text)")
            } else {
                #expect(outcome.freeTokens == alone.tokens, "\(text)")
                let mean = alone.logProb / Double(alone.tokens.count + (alone.ended ? 1 : 0))
                #expect(abs(outcome.freeMeanLogProbability - mean) < 1e-4, "\(text): \(outcome.freeMeanLogProbability) vs \(mean)")
            }
        }
    }

    @Test func trieSharesPrefixesAndTokenisesAsWhisperWrites() throws {
        let tokenizer = try WhisperTokenizer(store: Installed.store())
        let trie = GrammarTrie(sentences: Self.grammar.sentences, tokenizer: tokenizer)
        // 818 sentences × 4 written forms, but prefixes shared: far fewer nodes than tokens.
        let tokens = Self.grammar.sentences.map { tokenizer.encode(" " + $0).count }.reduce(0, +)
        #expect(trie.nodes.count < tokens * 2)
        #expect(tokenizer.decode(tokenizer.encode(" Turn on the kitchen light.")) == " Turn on the kitchen light.")
    }

    @Test func percentIsAlsoSpelledWithTheSign() throws {
        #expect(GrammarTrie.spellings(of: "set the kitchen light to 40 percent")
                == ["set the kitchen light to 40 percent", "set the kitchen light to 40%"])
        #expect(GrammarTrie.spellings(of: "what percent is left") == ["what percent is left"])
        let tokenizer = try WhisperTokenizer(store: Installed.store())
        let trie = GrammarTrie(sentences: ["dim to 7 percent"], tokenizer: tokenizer)
        var at = 0
        for t in tokenizer.encode(" Dim to 7%.") { at = try #require(trie.nodes[at].children[t]) }
        #expect(trie.nodes[at].sentence == 0)
    }

    /// Two readings with different actions ("on" / "off") are rivals; the gap is the lead of the
    /// accepted one. Demanding a larger lead than any sentence can have rejects the command.
    @Test func rivalMeaningsAreScoredAndCanRejectAnAmbiguousCommand() throws {
        let sentences = ["turn on the kitchen light", "switch on the kitchen light", "turn off the kitchen light"]
        let grammar = CommandGrammar(sentences: sentences, meanings: [0, 0, 1], meaningNames: ["on", "off"])
        let audio = try Self.speak("turn on the kitchen light")
        let recognizer = try WhisperRecognizer(store: Installed.store())
        let o = try #require(recognizer.recognizeWithDetails(audio, grammar: grammar, fallback: false).outcome)
        #expect(o.sentence == 0 && o.accepted)
        #expect(o.rival == 2, "the rival is the other meaning, not the paraphrase")
        #expect(o.rivalGap > 0 && o.rivalGap <= recognizer.settings.rivalWindow)
        var strict = WhisperRecognizer.Settings()
        strict.minRivalGap = strict.rivalWindow + 1
        let r = try WhisperRecognizer(store: Installed.store(), settings: strict).recognizeWithDetails(audio, grammar: grammar, fallback: false)
        #expect(r.outcome?.accepted == false && r.recognition.recognizer == .free)
    }
}
