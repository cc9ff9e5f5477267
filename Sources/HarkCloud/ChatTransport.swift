import AsyncHTTPClient
import Foundation
import HarkCore
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends one chat-completions request body and returns the response body, turning every way it
/// can go wrong into a ``CloudFailure``.
public protocol ChatTransport: Sendable {
    func send(_ body: [UInt8], timeout: Duration) async throws(CloudFailure) -> [UInt8]
}

/// `POST {base_url}/chat/completions` over async-http-client: connect timeout from the config,
/// the whole exchange (headers and body) bounded by `timeout`, bodies larger than `maxBytes`
/// refused. The API key goes only into the Authorization header and is never logged.
public final class HTTPChatTransport: ChatTransport {
    private let client: HTTPClient
    private let url: String
    private let apiKey: String?
    private let maxBytes: Int

    public init(baseURL: String, apiKey: String?, connectTimeout: Duration, maxBytes: Int) {
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .nanoseconds(Self.nanos(connectTimeout)))
        config.redirectConfiguration = .disallow
        config.connectionPool.idleTimeout = .seconds(30)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        url = baseURL.hasSuffix("/") ? baseURL + "chat/completions" : baseURL + "/chat/completions"
        self.apiKey = apiKey
        self.maxBytes = maxBytes
    }

    public func shutdown() async { try? await client.shutdown() }

    public func send(_ body: [UInt8], timeout: Duration) async throws(CloudFailure) -> [UInt8] {
        var prepared = HTTPClientRequest(url: url)
        prepared.method = .POST
        prepared.headers.add(name: "Content-Type", value: "application/json")
        prepared.headers.add(name: "Accept", value: "application/json")
        prepared.headers.add(name: "User-Agent", value: "hark/\(HarkVersion.string)")
        if let apiKey { prepared.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        prepared.body = .bytes(body)
        let limit = maxBytes
        let client = self.client
        let request = prepared
        do {
            return try await withDeadline(timeout) {
                let response = try await client.execute(request, timeout: .nanoseconds(Self.nanos(timeout)))
                let status = Int(response.status.code)
                guard (200..<300).contains(status) else {
                    let retryAfter = response.headers.first(name: "Retry-After").flatMap {
                        RetryAfter.parse($0, nowUnix: Date().timeIntervalSince1970)
                    }
                    // Drain a little of the error body so the connection can be reused; never log it.
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                    throw CloudFailure.http(status: status, retryAfter: retryAfter)
                }
                if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                    throw CloudFailure.tooLarge(limit: limit)
                }
                let buffer = try await response.body.collect(upTo: limit)
                return Array(buffer.readableBytesView)
            }
        } catch let failure as CloudFailure {
            throw failure
        } catch is NIOTooManyBytesError {
            throw .tooLarge(limit: limit)
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout: throw .timeout
            case .connectTimeout: throw .connect("connect timed out")
            case .remoteConnectionClosed, .cancelled: throw .malformed("connection closed before the whole reply arrived")
            default: throw .connect(String(describing: error))
            }
        } catch is CancellationError {
            throw .timeout
        } catch {
            // NIO connection errors (refused, unreachable, reset) and HTTP parse errors.
            let text = String(describing: error)
            if text.contains("onnection refused") || text.contains("connect") || text.contains("unreachable") {
                throw .connect(Self.short(text))
            }
            if text.lowercased().contains("eof") || text.contains("closed") || text.contains("reset") {
                throw .malformed("connection closed before the whole reply arrived")
            }
            throw .connect(Self.short(text))
        }
    }

    static func nanos(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }

    private static func short(_ s: String) -> String { s.count > 200 ? String(s.prefix(200)) + "…" : s }
}

/// Runs `body`, throwing ``CloudFailure/timeout`` when it has not finished within `limit`. Returns
/// at the limit even if `body` is slow to notice its cancellation (it is cancelled and left to end
/// on its own): a caller's deadline never depends on how promptly the network stack unwinds.
public func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            once.install(c)
            let work = Task {
                do { once.resume(.success(try await body())) } catch { once.resume(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                once.resume(.failure(CloudFailure.timeout))
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
