import Foundation
import HarkCore
import Synchronization

/// Runs a `SpeechRecognizer` on its own thread, off the cooperative pool. Utterances wait in a
/// bounded queue (`capacity`); when it is full the oldest waiting one is dropped and counted, so
/// a slow recognition never holds up capture or the utterances behind it for long. Results come
/// out on `results` in the order the jobs ran.
public final class RecognitionWorker<Tag: Sendable>: Sendable {
    public struct Job: Sendable {
        public var samples: [Float]
        public var grammar: CommandGrammar?
        public var tag: Tag
        public init(samples: [Float], grammar: CommandGrammar?, tag: Tag) {
            self.samples = samples
            self.grammar = grammar
            self.tag = tag
        }
    }

    public struct Output: Sendable {
        public var tag: Tag
        public var recognition: Result<Recognition, any Error>
    }

    private struct State {
        var queue: [Job] = []
        var finishing = false
    }

    public let results: AsyncStream<Output>
    private let resultsIn: AsyncStream<Output>.Continuation
    private let recognizer: any SpeechRecognizer
    private let capacity: Int
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let onDrop: @Sendable (Tag) -> Void

    /// `onDrop` is called (on the submitting task) for each job dropped from a full queue.
    public init(recognizer: any SpeechRecognizer, capacity: Int, onDrop: @escaping @Sendable (Tag) -> Void = { _ in }) {
        self.recognizer = recognizer
        self.capacity = max(1, capacity)
        self.onDrop = onDrop
        // Results are taken as soon as they come; the bound only guards against a stalled consumer.
        (results, resultsIn) = AsyncStream.makeStream(of: Output.self, bufferingPolicy: .bufferingOldest(64))
    }

    /// Starts the recognition thread.
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "hark-recognizer"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Queues a job without waiting. False when the worker is finishing (the job is not run).
    @discardableResult
    public func submit(_ job: Job) -> Bool {
        let (accepted, dropped) = state.withLock { s -> (Bool, Job?) in
            guard !s.finishing else { return (false, nil) }
            var dropped: Job?
            if s.queue.count >= capacity { dropped = s.queue.removeFirst() }
            s.queue.append(job)
            return (true, dropped)
        }
        if let dropped { onDrop(dropped.tag) }
        if accepted, dropped == nil { wake.signal() }
        return accepted
    }

    /// Jobs waiting (not counting the one running).
    public var waiting: Int { state.withLock { $0.queue.count } }

    /// Lets the queued jobs run, then ends `results` and returns once the thread has stopped.
    public func finish() async {
        state.withLock { $0.finishing = true }
        wake.signal()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let waiter = Thread { [done] in
                done.wait()
                done.signal()
                c.resume()
            }
            waiter.start()
        }
    }

    private func loop() {
        defer {
            resultsIn.finish()
            done.signal()
        }
        while true {
            wake.wait()
            while let job = next() {
                let start = ContinuousClock.now
                var outcome: Result<Recognition, any Error>
                do {
                    var r = try recognizer.recognize(job.samples, grammar: job.grammar)
                    if r.computeSeconds == 0 {
                        let d = ContinuousClock.now - start
                        r.computeSeconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
                    }
                    outcome = .success(r)
                } catch {
                    outcome = .failure(error)
                }
                resultsIn.yield(Output(tag: job.tag, recognition: outcome))
            }
            if state.withLock({ $0.finishing && $0.queue.isEmpty }) { return }
        }
    }

    private func next() -> Job? {
        state.withLock { s in s.queue.isEmpty ? nil : s.queue.removeFirst() }
    }
}
