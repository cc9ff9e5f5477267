import HarkCore
import Testing

@Suite struct SpeechSettingsTests {
    private func problems(_ text: String) -> [String] {
        switch HarkConfig.parse(text: text, file: "hark.toml") {
        case .success: return []
        case let .failure(errors): return errors.diagnostics.map { "\($0)" }
        }
    }

    @Test func defaults() throws {
        let c = try HarkConfig.parse(text: "", file: "hark.toml").get()
        #expect(c.speech.enabled && c.speech.grammar && c.speech.freeFallback && c.speech.speakReplies)
        #expect(c.speech.queue == 4 && c.speech.minCommand == .milliseconds(300))
        #expect(c.wake.mode == nil && c.wake.models == ["okay_nabu"])
        #expect(c.wake.listenTimeout == .seconds(8) && c.wake.alwaysMinConfidence == 0.75)
        #expect(c.wake.cutoffs.isEmpty)
    }

    @Test func wakeCutoffsOverrideTheModelsOwn() throws {
        let c = try HarkConfig.parse(text: """
            [wake]
            cutoffs = { okay_nabu = 0.6, alexa = 0.95 }
            """, file: "hark.toml").get()
        #expect(c.wake.cutoffs == ["okay_nabu": 0.6, "alexa": 0.95])
        let p = problems("""
            [wake]
            cutoffs = { okay_nabu = 1.0, "hey jarvis" = 0.5, alexa = "high" }
            """)
        #expect(p.count == 3, "\(p)")
        #expect(p.contains { $0.contains("hark.toml:2") && $0.contains("wake.cutoffs.okay_nabu") })
        #expect(p.contains { $0.contains("hey jarvis") && $0.contains("not a model name") })
        #expect(p.contains { $0.contains("wake.cutoffs.alexa") })
    }

    @Test func keysAreRead() throws {
        let c = try HarkConfig.parse(text: """
            [speech]
            grammar = false
            queue = 2
            free_fallback = false
            [wake]
            mode = "push_to_talk"
            models = ["hey_jarvis", "alexa"]
            listen_timeout = "3s"
            """, file: "hark.toml").get()
        #expect(!c.speech.grammar && c.speech.queue == 2 && !c.speech.freeFallback)
        #expect(c.wake.mode == .pushToTalk && c.wake.models == ["hey_jarvis", "alexa"])
        #expect(c.wake.listenTimeout == .seconds(3))
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let p = problems("""
            [speech]
            queue = 0
            grammar = false
            [wake]
            mode = "alway"
            models = ["okay nabu"]
            listen_timeout = "1h"
            """)
        #expect(p.count == 4, "\(p)")
        #expect(p.contains { $0.contains("hark.toml:2") && $0.contains("speech.queue") })
        #expect(p.contains { $0.contains("hark.toml:5") && $0.contains("wake.mode") && $0.contains("did you mean 'always'") })
        #expect(p.contains { $0.contains("wake.models") && $0.contains("okay nabu") })
        #expect(p.contains { $0.contains("wake.listen_timeout") })
    }

    @Test func alwaysModeNeedsTheGrammarRecogniser() {
        let p = problems("""
            [speech]
            grammar = false
            [wake]
            mode = "always"
            """)
        #expect(p.count == 1 && p[0].contains("hark.toml:4") && p[0].contains("grammar = true"), "\(p)")
    }
}

@Suite struct IntentGrammarTests {
    @Test func templatesExpandWithListsAndRanges() throws {
        let c = try HarkConfig.parse(text: """
            [[intent]]
            name = "fan"
            sentences = ["turn (on|off){state} the {room} fan", "{room} fan (on|off){state}"]
            slots = { room = ["kitchen", "Living Room"] }
            topic = "t/{room}"
            [[intent]]
            name = "timer"
            sentences = ["set a timer for {minutes} [minutes]"]
            slots = { minutes = "1..90" }
            topic = "timer"
            """, file: "hark.toml").get()
        let built = IntentGrammar.build(c.intents)
        let s = built.grammar.sentences
        #expect(built.omitted.isEmpty)
        #expect(s.count == 8 + 180)
        #expect(s.contains("turn off the living room fan") && s.contains("kitchen fan on"))
        #expect(s.contains("set a timer for 90 minutes") && s.contains("set a timer for 1"))
        #expect(Set(s).count == s.count)
        // Sentences that take the same action share a meaning; another slot value is another meaning.
        let g = built.grammar
        func meaning(_ sentence: String) -> String { g.meaningNames[g.meanings[s.firstIndex(of: sentence)!]] }
        #expect(meaning("turn off the living room fan") == "fan room=living room state=off")
        #expect(meaning("living room fan off") == meaning("turn off the living room fan"))
        #expect(meaning("kitchen fan on") != meaning("kitchen fan off"))
        #expect(meaning("set a timer for 90 minutes") == meaning("set a timer for 90") && meaning("set a timer for 9") == "timer minutes=9")
        #expect(g.meaningNames.count == 4 + 90)
        let limited = IntentGrammar.build(c.intents, limit: 100)
        #expect(limited.omitted == ["timer"] && limited.grammar.sentences.count == 8)
    }
}

@Suite struct ListeningGateTests {
    @Test func alwaysTakesEveryUtterance() {
        var g = ListeningGate(mode: .always, listenTimeout: 5, minCommand: 0.3)
        #expect(g.utterance(start: 1, end: 2) == .command(from: nil, window: nil))
        #expect(g.wake(model: "okay_nabu", at: 3).isEmpty)
    }

    @Test func noWindowNoCommand() {
        var g = ListeningGate(mode: .wake, listenTimeout: 5, minCommand: 0.3)
        #expect(g.utterance(start: 1, end: 2) == .ignore)
        #expect(g.pushToTalk().isEmpty)  // not in push-to-talk mode
        #expect(g.utterance(start: 3, end: 4) == .ignore)
    }

    @Test func commandAfterAPause() {
        var g = ListeningGate(mode: .wake, listenTimeout: 5, minCommand: 0.3)
        g.speechStarted(at: 1.0)
        let opened = g.wake(model: "okay_nabu", at: 1.6)
        let w = ListeningGate.Window(trigger: .wake(model: "okay_nabu"), openedAt: 1.6, deadline: 6.6)
        #expect(opened == [.opened(w)])
        // The wake phrase's own utterance ends just after the detection: the wake phrase alone.
        #expect(g.utterance(start: 1.0, end: 1.7) == .wakePhraseOnly)
        #expect(g.window == ListeningGate.Window(trigger: .wake(model: "okay_nabu"), openedAt: 1.7, deadline: 6.7))
        g.speechStarted(at: 2.5)
        #expect(g.advance(to: 7.0).isEmpty)  // speech going on: no timeout
        let open = g.window
        #expect(open != nil)
        #expect(g.utterance(start: 2.5, end: 7.5) == .command(from: nil, window: open))
        #expect(g.window == nil)
        #expect(g.utterance(start: 8, end: 9) == .ignore)  // one command per window
    }

    @Test func commandInTheSameBreathIsCutAtTheDetection() {
        var g = ListeningGate(mode: .wake, listenTimeout: 5, minCommand: 0.3)
        g.speechStarted(at: 1.0)
        _ = g.wake(model: "hey_jarvis", at: 1.6)
        let w = g.window
        #expect(g.utterance(start: 1.0, end: 3.2) == .command(from: 1.6, window: w))
    }

    @Test func aWindowTimesOutWithoutSpeech() {
        var g = ListeningGate(mode: .pushToTalk, listenTimeout: 2, minCommand: 0.3)
        _ = g.advance(to: 10)
        let opened = g.pushToTalk()
        #expect(opened.count == 1)
        #expect(g.advance(to: 11.5).isEmpty)
        let w = ListeningGate.Window(trigger: .pushToTalk, openedAt: 10, deadline: 12)
        #expect(g.advance(to: 12.1) == [.timedOut(w)])
        #expect(g.utterance(start: 12.5, end: 13) == .ignore)
    }

    @Test func anUtteranceThatEndedBeforeTheWindowKeepsItOpen() {
        var g = ListeningGate(mode: .pushToTalk, listenTimeout: 4, minCommand: 0.3)
        _ = g.advance(to: 5)
        _ = g.pushToTalk()
        #expect(g.utterance(start: 3, end: 4.5) == .ignore)
        #expect(g.window != nil)
        #expect(g.utterance(start: 5.5, end: 6.5) == .command(from: nil, window: .init(trigger: .pushToTalk, openedAt: 5, deadline: 9)))
    }
}
