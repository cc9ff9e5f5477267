import Foundation

/// A model loaded once on first demand or by `startLoading()` (on its own thread), shared
/// afterwards. `get()`/`use` block until the load finishes: call them from inference threads only.
/// `use` runs one caller at a time (models keep per-stream state allocated once).
public final class ModelLoader<Model: Sendable>: @unchecked Sendable {
    private let load: @Sendable () throws -> Model
    private let condition = NSCondition()
    private var state: Result<Model, any Error>?
    private var started = false

    public init(_ load: @escaping @Sendable () throws -> Model) { self.load = load }

    /// Starts loading on a background thread (does nothing when already started).
    public func startLoading() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        let thread = Thread { [self] in finish(Result { try load() }) }
        thread.name = "hark-model-load"
        thread.start()
    }

    /// The model, loading it if needed; rethrows the load's error.
    public func get() throws -> Model {
        startLoading()
        condition.lock()
        defer { condition.unlock() }
        while state == nil { condition.wait() }
        return try state!.get()
    }

    private let inUse = NSLock()

    /// Runs `body` with the model, one caller at a time.
    public func use<T>(_ body: (Model) throws -> T) throws -> T {
        let model = try get()
        inUse.lock()
        defer { inUse.unlock() }
        return try body(model)
    }

    /// Whether the load has finished (either way).
    public var isLoaded: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state != nil
    }

    private func finish(_ result: Result<Model, any Error>) {
        condition.lock()
        state = result
        condition.broadcast()
        condition.unlock()
    }
}
