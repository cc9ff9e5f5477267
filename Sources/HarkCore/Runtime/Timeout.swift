import Synchronization

/// Runs `body`, throwing `error` (default `CancellationError`) when it has not finished within
/// `limit`. Returns at the limit even if `body` is slow to notice its cancellation (it is cancelled
/// and left to end on its own): a caller's deadline never depends on how promptly, say, a network
/// stack unwinds.
public func withTimeout<T: Sendable>(_ limit: Duration, error timeoutError: any Error & Sendable = CancellationError(),
                                     _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            once.install(c)
            let work = Task {
                do { once.resume(.success(try await body())) } catch { once.resume(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                once.resume(.failure(timeoutError))
            }
            once.onFinish { work.cancel(); timer.cancel() }
        }
    } onCancel: {
        once.resume(.failure(CancellationError()))
    }
}

/// A continuation resumed by whichever finishes first.
final class ResumeOnce<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var done = false
        var finish: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func install(_ c: CheckedContinuation<T, any Error>) {
        let early = state.withLock { s -> Result<T, any Error>? in
            if let e = s.early { s.early = nil; return e }
            s.continuation = c
            return nil
        }
        if let early { c.resume(with: early) }
    }

    func onFinish(_ f: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.done { return true }
            s.finish = f
            return false
        }
        if runNow { f() }
    }

    func resume(_ result: Result<T, any Error>) {
        let (c, f) = state.withLock { s -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !s.done else { return (nil, nil) }
            s.done = true
            if s.continuation == nil { s.early = result }
            defer { s.continuation = nil; s.finish = nil }
            return (s.continuation, s.finish)
        }
        c?.resume(with: result)
        f?()
    }
}
