import Foundation
import HarkAudio
import HarkCore
import HarkIntents

/// The daemon's voice path over a recording instead of a microphone (`hark listen`, `hark bench
/// speech`): the same 512-sample periods through the listening controller (wake-word spotter,
/// windows), Silero VAD and endpointing, the same recognition worker, interpreter and intent
/// engine. Results come back in utterance order; nothing is dropped (the queue holds every
/// utterance of the file).
public struct VoiceFileRunner {
    public struct Item: Sendable {
        /// nil when the utterance was not taken as a command (outside a window, or ignored in `always`).
        public var result: IntentResult?
        public var recognition: Recognition?
        public var start: Double
        public var end: Double
        /// Why it was not a command, when it was not.
        public var skipped: String?
        /// Wall-clock time from the utterance's end being known to its result.
        public var pipelineMilliseconds: Double
    }

    public let detector: any SpeechDetector
    public let endpointing: EndpointingSettings
    public let recognizer: any SpeechRecognizer
    public let interpreter: VoiceInterpreter
    public let engine: IntentEngine

    public init(detector: any SpeechDetector, endpointing: EndpointingSettings, recognizer: any SpeechRecognizer,
                interpreter: VoiceInterpreter, engine: IntentEngine) {
        self.detector = detector
        self.endpointing = endpointing
        self.recognizer = recognizer
        self.interpreter = interpreter
        self.engine = engine
    }

    /// Runs `samples` (16 kHz mono) through the path with a fresh listening controller, in runs
    /// of `period` frames as a microphone would deliver them (the decisions do not depend on it:
    /// ``CaptureSegmenter`` works on the audio clock).
    public func run(_ samples: [Int16], controller: ListeningController, period: Int = 512,
                    onWindow: (ListeningController.Event) -> Void = { _ in }) async -> [Item] {
        let decided = segment(samples, controller: controller, period: period)
        controller.finish()
        for await e in controller.events { onWindow(e) }
        return await recognise(decided)
    }

    /// The front end's half: the utterances of `samples`, each with the listening mode's decision,
    /// exactly as the daemon's ``AudioFrontEnd`` makes them.
    public func segment(_ samples: [Int16], controller: ListeningController, period: Int = 512) -> [Utterance] {
        detector.reset()
        let segmenter = CaptureSegmenter(vad: ChunkedVAD(detector: detector), endpointing: endpointing)
        var decided: [Utterance] = []
        func handle(_ actions: [SegmenterAction]) {
            for action in actions {
                switch action {
                case let .speechStarted(at): controller.speech(.started(at: Double(at) / 16_000))
                case let .speechStopped(at): controller.speech(.stopped(at: Double(at) / 16_000))
                case var .utterance(u):
                    u.listening = controller.decide(u)
                    decided.append(u)
                }
            }
        }
        var position = 0
        while position < samples.count {
            let chunk = Array(samples[position..<min(samples.count, position + max(1, period))])
            segmenter.consume(CapturedFrames(samples: chunk, startFrame: position), observe: controller.frames, handle: handle)
            position += chunk.count
        }
        segmenter.flush(handle: handle)
        return decided
    }

    /// The voice path's half: recognition and intents for the decided utterances, in order.
    public func recognise(_ decided: [Utterance]) async -> [Item] {
        struct Tag: Sendable {
            var index: Int
            var from: Double
            var end: Double
            var received: ContinuousClock.Instant
        }
        let grammar = interpreter.grammar(for: engine)?.grammar
        let worker = RecognitionWorker<Tag>(recognizer: recognizer, capacity: max(1, decided.count))
        worker.start()
        var results = worker.results.makeAsyncIterator()
        var items: [Item] = []
        for (i, u) in decided.enumerated() {
            let start = u.seconds(u.startSample), end = u.seconds(u.endSample)
            switch u.listening ?? .ignore {
            case .ignore:
                items.append(Item(result: nil, recognition: nil, start: start, end: end, skipped: "outside a command window", pipelineMilliseconds: 0))
            case .wakePhraseOnly:
                items.append(Item(result: nil, recognition: nil, start: start, end: end, skipped: "wake phrase only", pipelineMilliseconds: 0))
            case let .command(from, _):
                items.append(Item(result: nil, recognition: nil, start: from ?? start, end: end, skipped: nil, pipelineMilliseconds: 0))
                // One at a time, as in the daemon where the utterance arrives when its speech has ended.
                worker.submit(.init(samples: VoiceInterpreter.samples(of: u, from: from), grammar: grammar,
                                    tag: Tag(index: i, from: from ?? start, end: end, received: .now)))
                guard let out = await results.next() else { break }
                let info = SpeechInfo(transcript: "", recognizer: .free, confidence: 0, startSeconds: out.tag.from, endSeconds: out.tag.end)
                switch out.recognition {
                case let .failure(error):
                    items[i].skipped = "recognition failed: \(error)"
                case let .success(r):
                    var s = info
                    s.transcript = r.text
                    s.recognizer = r.recognizer
                    s.confidence = r.confidence
                    items[i].recognition = r
                    switch await interpreter.interpret(r, engine: engine, speech: s) {
                    case let .ignored(why): items[i].skipped = why
                    case var .result(result):
                        let elapsed = ContinuousClock.now - out.tag.received
                        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                        result.speech?.pipelineMilliseconds = ms
                        items[i].result = result
                        items[i].pipelineMilliseconds = ms
                    }
                }
            }
        }
        await worker.finish()
        return items
    }
}
