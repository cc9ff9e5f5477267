import AsyncHTTPClient
import Foundation
import HarkCore
import NIOCore
import NIOHTTP1

/// Sends one chat-completions request body and returns the response body, turning every way it
/// can go wrong into a ``CloudFailure``.
public protocol ChatTransport: Sendable {
    func send(_ body: [UInt8], timeout: Duration) async throws(CloudFailure) -> [UInt8]
}

/// `POST {base_url}/chat/completions` over async-http-client: connect timeout from the config,
/// the whole exchange (headers and body) bounded by `timeout`, bodies larger than `maxBytes`
/// refused (on the head when `Content-Length` says so, else as soon as the limit is passed); through an HTTP proxy (CONNECT) when one is given. The API key goes only into the
/// Authorization header and is never logged.
public final class HTTPChatTransport: ChatTransport {
    private let client: HTTPClient
    private let url: String
    private let apiKey: String?
    private let maxBytes: Int

    public init(baseURL: String, apiKey: String?, connectTimeout: Duration, maxBytes: Int, proxy: HTTPProxy? = nil) {
        var config = HTTPClient.Configuration()
        if let proxy {
            let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            config.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
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
            return try await withTimeout(timeout, error: CloudFailure.timeout) {
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
                // Refused on the head when the declared length is over the limit: the body is never
                // read (dropping the response closes the connection).
                if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                    throw CloudFailure.tooLarge(limit: limit)
                }
                // Chunked (or a lying length): refused as soon as what arrived passes the limit.
                var collected: [UInt8] = []
                for try await piece in response.body {
                    guard collected.count + piece.readableBytes <= limit else { throw CloudFailure.tooLarge(limit: limit) }
                    collected.append(contentsOf: piece.readableBytesView)
                }
                return collected
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
