import Dispatch
import HarkCore

/// Runs MiniLM off the cooperative thread pool, on one serial queue, and owns the example index
/// (built on first use: embedding every example takes a while and `hark say` mostly never needs it).
public final class EmbeddingWorker: @unchecked Sendable {
    private let queue = DispatchQueue(label: "hark.intents.embedding", qos: .userInitiated)
    private let embedder: any TextEmbedding
    private let intents: [IntentSettings]
    /// Touched only on `queue`.
    private var matcher: EmbeddingMatcher?

    public init(embedder: any TextEmbedding, intents: [IntentSettings]) {
        self.embedder = embedder
        self.intents = intents
    }

    /// A worker for other intents with the same model.
    public func with(intents: [IntentSettings]) -> EmbeddingWorker { EmbeddingWorker(embedder: embedder, intents: intents) }

    /// Builds the example index now (the daemon does this at start, off the interactive path).
    public func prepare() async {
        await run { _ = self.index() }
    }

    public func match(_ text: String) async -> IntentMatch? {
        await run {
            let matcher = self.index()
            return matcher.match(text, embed: self.embedder.embed(texts:))
        }
    }

    public var exampleCount: Int { get async { await run { self.index().exampleCount } } }

    private func index() -> EmbeddingMatcher {
        if let matcher { return matcher }
        let m = EmbeddingMatcher(intents: intents, embedder: embedder)
        matcher = m
        return m
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in queue.async { c.resume(returning: work()) } }
    }
}
