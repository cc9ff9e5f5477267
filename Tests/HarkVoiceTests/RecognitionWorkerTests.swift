import Foundation
import HarkCore
import HarkVoice
import Synchronization
import Testing

@Suite struct RecognitionWorkerTests {
    @Test func aSlowRecognitionDropsTheOldestWaitingUtterancesAndCountsThem() async throws {
        let recognizer = ScriptedRecognizer()
        recognizer.hold()
        for i in 0..<6 { recognizer.answer(Recognition(text: "r\(i)", recognizer: .grammar, confidence: 1)) }
        let dropped = Mutex<[Int]>([])
        let worker = RecognitionWorker<Int>(recognizer: recognizer, capacity: 2) { tag in dropped.withLock { $0.append(tag) } }
        worker.start()
        worker.submit(.init(samples: [0], grammar: nil, tag: 0))
        recognizer.started.wait()  // job 0 is running and held
        let submitStart = ContinuousClock.now
        for tag in 1...5 { #expect(worker.submit(.init(samples: [Float](repeating: 0, count: tag), grammar: nil, tag: tag))) }
        // Submitting never waits for the recogniser.
        #expect(ContinuousClock.now - submitStart < .seconds(1))
        #expect(worker.waiting == 2)
        #expect(dropped.withLock { $0 } == [1, 2, 3])
        recognizer.releaseAll()
        var tags: [Int] = []
        var texts: [String] = []
        let finishing = Task { await worker.finish() }
        for await out in worker.results {
            tags.append(out.tag)
            texts.append((try? out.recognition.get().text) ?? "error")
        }
        await finishing.value
        #expect(tags == [0, 4, 5])
        #expect(texts == ["r0", "r1", "r2"])
        #expect(recognizer.lengths.withLock { $0 } == [1, 4, 5])
        #expect(!worker.submit(.init(samples: [0], grammar: nil, tag: 9)))  // finished: refused
    }

    @Test func errorsComeBackAsResults() async throws {
        final class Broken: SpeechRecognizer {
            struct Failure: Error {}
            func recognize(_ samples: [Float], grammar: CommandGrammar?) throws -> Recognition { throw Failure() }
        }
        let worker = RecognitionWorker<String>(recognizer: Broken(), capacity: 1)
        worker.start()
        worker.submit(.init(samples: [0.1], grammar: nil, tag: "a"))
        var iterator = worker.results.makeAsyncIterator()
        let out = await iterator.next()
        #expect(out?.tag == "a")
        #expect((try? out?.recognition.get()) == nil)
        await worker.finish()
    }
}
