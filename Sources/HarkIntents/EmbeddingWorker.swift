import Dispatch
import HarkCore

/// Runs MiniLM off the cooperative thread pool, on one serial queue, and owns what the local
/// free-phrasing path learnt from the intents: the classifier (default) or, for comparison, the
/// older nearest-example index. Built by `prepare()` (the daemon calls it at start, off the ready
/// path) or on first use.
public final class EmbeddingWorker: @unchecked Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// `IntentClassifier`: logistic regression over embeddings, "none" class, span slot filling.
        case classifier
        /// `EmbeddingMatcher`: nearest example sentence (the method before issue 15).
        case nearestExample = "nearest-example"
    }

    private let queue = DispatchQueue(label: "hark.intents.embedding", qos: .userInitiated)
    private let embedder: any TextEmbedding
    private let intents: [IntentSettings]
    public let method: Method
    /// Touched only on `queue`.
    private var classifier: IntentClassifier?
    private var reader: IntentClassifier.Reader?
    private var matcher: EmbeddingMatcher?

    public init(embedder: any TextEmbedding, intents: [IntentSettings], method: Method = .classifier) {
        self.embedder = embedder
        self.intents = intents
        self.method = method
    }

    /// A worker for other intents with the same model.
    /// Whether `word` is a real word of the model's vocabulary (read-only data, safe from any thread).
    public func isVocabularyWord(_ word: String) -> Bool { embedder.isVocabularyWord(word) }

    public func with(intents: [IntentSettings]) -> EmbeddingWorker { EmbeddingWorker(embedder: embedder, intents: intents, method: method) }

    /// Builds the classifier (or example index) now.
    public func prepare() async {
        await run { self.build() }
    }

    public func match(_ text: String) async -> IntentMatch? {
        await run {
            if self.method == .classifier {
                // A command no intent can be filled from needs neither the model nor its training
                // (`hark say` answers those without training).
                if self.reader == nil { self.reader = IntentClassifier.Reader(intents: self.intents) }
                guard let reading = self.reader?.read(text) else { return nil }
                self.build()
                return self.classifier?.match(reading, embed: self.embedder.embed(texts:))
            }
            self.build()
            return self.matcher?.match(text, embed: self.embedder.embed(texts:))
        }
    }

    /// Sentences embedded at start (classifier training sentences or nearest examples).
    public var exampleCount: Int {
        get async { await run { self.build(); return self.classifier?.exampleCount ?? self.matcher?.exampleCount ?? 0 } }
    }

    /// The classifier's calibration temperature (nil for the nearest-example method).
    public var temperature: Float? { get async { await run { self.build(); return self.classifier?.temperature } } }

    private func build() {
        switch method {
        case .classifier where classifier == nil:
            classifier = IntentClassifier(intents: intents, embed: embedder.embed(texts:))
        case .nearestExample where matcher == nil:
            matcher = EmbeddingMatcher(intents: intents, embedder: embedder)
        default: break
        }
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in queue.async { c.resume(returning: work()) } }
    }
}
