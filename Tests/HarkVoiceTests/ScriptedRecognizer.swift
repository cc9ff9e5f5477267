import Foundation
import HarkCore
import Synchronization

/// A recogniser that answers from a script, for the voice path's own logic (queueing, gating,
/// delivery); the Whisper engine's accuracy is measured on real audio elsewhere. It can be held
/// (blocked) to stand for a slow recognition.
final class ScriptedRecognizer: SpeechRecognizer, @unchecked Sendable {
    private let script = Mutex<[Recognition]>([])
    private let held = Mutex(false)
    private let release = DispatchSemaphore(value: 0)
    let started = DispatchSemaphore(value: 0)
    let calls = Atomic<Int>(0)
    let lengths = Mutex<[Int]>([])
    let grammars = Mutex<[Int]>([])

    func answer(_ r: Recognition) { script.withLock { $0.append(r) } }
    func hold() { held.withLock { $0 = true } }
    func releaseAll() {
        held.withLock { $0 = false }
        release.signal()
    }

    func recognize(_ samples: [Float], grammar: CommandGrammar?) throws -> Recognition {
        calls.add(1, ordering: .relaxed)
        lengths.withLock { $0.append(samples.count) }
        grammars.withLock { $0.append(grammar?.sentences.count ?? -1) }
        started.signal()
        if held.withLock({ $0 }) {
            release.wait()
            release.signal()
        }
        return script.withLock { $0.isEmpty ? Recognition(text: "", recognizer: .free, confidence: 0) : $0.removeFirst() }
    }
}
