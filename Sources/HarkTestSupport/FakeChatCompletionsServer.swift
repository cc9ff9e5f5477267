import Foundation
import HarkCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The cloud stand-in: a real HTTP/1.1 server on a random loopback port that speaks the OpenAI
/// chat-completions wire format (`POST /v1/chat/completions`), answers from a script, injects
/// faults, and checks every request against `CreateChatCompletionRequest` from the official API
/// description (see ``OpenAIRequestSchema``).
public final class FakeChatCompletionsServer: Sendable {
    public indirect enum Reply: Sendable {
        /// A completion whose message calls one tool.
        case toolCall(name: String, arguments: String, promptTokens: Int = 120, completionTokens: Int = 20)
        /// A completion with plain text content (no tool call).
        case text(String, promptTokens: Int = 100, completionTokens: Int = 30)
        /// Accepts the request and never answers (until the client gives up or the server stops).
        case hang
        /// An error status with an OpenAI-style error body; `retryAfter` sets the header.
        case status(Int, retryAfter: String? = nil, message: String = "injected error")
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// 200, Content-Length announces the whole body, then the connection closes half-way.
        case cutBody
        /// 200 with a valid completion padded to `bytes` bytes, announced in `Content-Length` and
        /// streamed: the head goes out at once and the body follows in 64 KiB writes as the client
        /// takes them (nothing is built up front).
        case huge(bytes: Int)
        /// 200 whose `Content-Length` announces `bytes`, then only the first `sent` bytes of the
        /// body; the rest never comes (the connection stays open until the client gives up).
        case announcedThenStalled(bytes: Int, sent: Int)
        /// 200, `Transfer-Encoding: chunked` (no length): `bytes` bytes of body in 64 KiB chunks,
        /// then nothing more (no last chunk; the connection stays open).
        case chunkedThenStalled(bytes: Int)
        /// `reply` with `Transfer-Encoding: chunked` instead of a `Content-Length`.
        case chunked(Reply)
        /// Waits, then answers with `reply`.
        case delayed(Duration, Reply)
    }

    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(String, String)]
        public var body: String
        public var json: JSONValue?
        /// Problems against `CreateChatCompletionRequest`; empty when the request is valid.
        public var schemaProblems: [String]

        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    private struct State {
        var script: [Reply] = []
        var fallback: Reply = .text("ok")
        var requests: [Request] = []
        var serverChannel: Channel?
        var children: [ObjectIdentifier: Channel] = [:]
        var bodyBytesSent = 0
    }

    private let state = Mutex(State())
    private let schema: OpenAIRequestSchema
    public private(set) nonisolated(unsafe) var port: Int = 0

    /// Starts listening on 127.0.0.1 (`port` 0: a random free port).
    public init(port: Int = 0) throws {
        schema = try OpenAIRequestSchema.load()
        try bind(port: port)
    }

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Replies used in order, one per request; when they run out, `fallback` answers.
    public func enqueue(_ replies: Reply...) { state.withLock { $0.script.append(contentsOf: replies) } }
    public func setFallback(_ reply: Reply) { state.withLock { $0.fallback = reply } }
    public var requests: [Request] { state.withLock { $0.requests } }
    public var pendingReplies: Int { state.withLock { $0.script.count } }
    /// Body bytes of streamed replies (`huge`, `…ThenStalled`) handed to the socket so far.
    public var bodyBytesSent: Int { state.withLock { $0.bodyBytesSent } }

    /// Stops listening and drops every open connection: new connections are refused.
    public func stop() {
        let (server, children) = state.withLock { s in
            defer { s.serverChannel = nil; s.children = [:] }
            return (s.serverChannel, Array(s.children.values))
        }
        try? server?.close().wait()
        for c in children { try? c.close().wait() }
    }

    /// Listens again on the same port.
    public func restart() throws {
        stop()
        try bind(port: port)
    }

    public func shutdown() {
        stop()
    }

    private func bind(port: Int) throws {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                    self.state.withLock { $0.children[ObjectIdentifier(channel)] = channel }
                    channel.closeFuture.whenComplete { _ in
                        _ = self.state.withLock { $0.children.removeValue(forKey: ObjectIdentifier(channel)) }
                    }
                }
            }
            .bind(host: "127.0.0.1", port: port).wait()
        self.port = channel.localAddress?.port ?? port
        state.withLock { $0.serverChannel = channel }
    }

    fileprivate func record(method: String, path: String, headers: HTTPHeaders, body: String) -> Reply {
        let json = JSONValue.parse(body, maxDepth: 64, maxBytes: 1 << 24)
        let problems = json.map { schema.problems($0) } ?? ["body is not JSON"]
        let request = Request(method: method, path: path, headers: headers.map { ($0.name, $0.value) }, body: body, json: json,
                              schemaProblems: problems)
        return state.withLock { s in
            s.requests.append(request)
            return s.script.isEmpty ? s.fallback : s.script.removeFirst()
        }
    }

    fileprivate func noteSent(_ bytes: Int) { state.withLock { $0.bodyBytesSent += bytes } }

    // MARK: Replies

    /// A completion padded to `total` bytes, produced piece by piece: the JSON before the padding,
    /// `x` repeated, the JSON after it. Only the short ends are ever built.
    struct PaddedCompletion {
        let head: [UInt8]
        let tail: [UInt8]
        let total: Int

        init(total: Int) {
            let text = FakeChatCompletionsServer.completion(message: FakeChatCompletionsServer.toolMessage("reply", #"{"text":"hi"}"#),
                                                           finish: "tool_calls", prompt: 10, completion: 5, padding: 1)
            // The padding is the last field: `…,"system_fingerprint":"x"}`.
            precondition(text.hasSuffix(#""x"}"#))
            let bytes = Array(text.utf8)
            head = Array(bytes.dropLast(3))
            tail = Array(bytes.suffix(2))
            self.total = max(total, head.count + tail.count)
        }

        /// Bytes `offset ..< offset + count` of the body.
        func piece(_ allocator: ByteBufferAllocator, offset: Int, count: Int) -> ByteBuffer {
            var buffer = allocator.buffer(capacity: count)
            let padEnd = total - tail.count
            var at = offset
            let end = offset + count
            if at < head.count {
                let n = min(end, head.count) - at
                buffer.writeBytes(head[at..<(at + n)])
                at += n
            }
            if at < end, at < padEnd {
                let n = min(end, padEnd) - at
                buffer.writeRepeatingByte(UInt8(ascii: "x"), count: n)
                at += n
            }
            if at < end {
                buffer.writeBytes(tail[(at - padEnd)..<(end - padEnd)])
            }
            return buffer
        }
    }

    static func completion(message: JSONValue, finish: String, prompt: Int, completion: Int, padding: Int = 0) -> String {
        var fields: [(String, JSONValue)] = [
            ("id", .string("chatcmpl-\(UInt32.random(in: 0...UInt32.max))")),
            ("object", .string("chat.completion")),
            ("created", .number(Double(Int(Date().timeIntervalSince1970)))),
            ("model", .string("gpt-4o-mini-2024-07-18")),
            ("choices", .array([.object([("index", .number(0)), ("message", message), ("logprobs", .null),
                                         ("finish_reason", .string(finish))])])),
            ("usage", .object([("prompt_tokens", .number(Double(prompt))), ("completion_tokens", .number(Double(completion))),
                               ("total_tokens", .number(Double(prompt + completion)))])),
        ]
        if padding > 0 { fields.append(("system_fingerprint", .string(String(repeating: "x", count: padding)))) }
        return JSONValue.object(fields).serialized
    }

    static func toolMessage(_ name: String, _ arguments: String) -> JSONValue {
        .object([
            ("role", .string("assistant")), ("content", .null), ("refusal", .null),
            ("tool_calls", .array([.object([
                ("id", .string("call_\(UInt32.random(in: 0...UInt32.max))")), ("type", .string("function")),
                ("function", .object([("name", .string(name)), ("arguments", .string(arguments))])),
            ])])),
        ])
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: FakeChatCompletionsServer
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        /// Set while answering a `.chunked` reply: `send` then uses chunked encoding.
        var chunkedReply = false

        init(server: FakeChatCompletionsServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case let .head(h):
                head = h
                body = []
            case let .body(buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let reply = server.record(method: head.method.rawValue, path: head.uri, headers: head.headers,
                                          body: String(decoding: body, as: UTF8.self))
                if head.uri != "/v1/chat/completions" || head.method != .POST {
                    send(context, status: .notFound, body: #"{"error":{"message":"not found","type":"invalid_request_error"}}"#)
                    return
                }
                answer(context, reply)
            }
        }

        func answer(_ context: ChannelHandlerContext, _ reply: Reply) {
            switch reply {
            case let .toolCall(name, arguments, p, c):
                send(context, status: .ok, body: FakeChatCompletionsServer.completion(
                    message: FakeChatCompletionsServer.toolMessage(name, arguments), finish: "tool_calls", prompt: p, completion: c))
            case let .text(text, p, c):
                let message = JSONValue.object([("role", .string("assistant")), ("content", .string(text)), ("refusal", .null)])
                send(context, status: .ok, body: FakeChatCompletionsServer.completion(message: message, finish: "stop", prompt: p, completion: c))
            case .hang:
                break
            case let .status(code, retryAfter, message):
                var headers: [(String, String)] = []
                if let retryAfter { headers.append(("Retry-After", retryAfter)) }
                let type = code == 429 ? "rate_limit_exceeded" : code >= 500 ? "server_error" : "invalid_request_error"
                let body = JSONValue.object([("error", .object([("message", .string(message)), ("type", .string(type))]))]).serialized
                send(context, status: HTTPResponseStatus(statusCode: code), body: body, extraHeaders: headers)
            case .malformedJSON:
                send(context, status: .ok, body: #"{"id": "chatcmpl-1", "choices": [{"message": {"role": "assistant", "content": "#)
            case .cutBody:
                let full = FakeChatCompletionsServer.completion(message: FakeChatCompletionsServer.toolMessage("reply", #"{"text":"hi"}"#),
                                                               finish: "tool_calls", prompt: 10, completion: 5)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(full.utf8.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                let half = Array(full.utf8.prefix(full.utf8.count / 2))
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: half)))), promise: nil)
                context.close(promise: nil)
            case let .huge(bytes):
                let body = PaddedCompletion(total: bytes)
                stream(context, body, length: body.total, announce: true, upTo: body.total, end: true)
            case let .announcedThenStalled(bytes, sent):
                let body = PaddedCompletion(total: bytes)
                stream(context, body, length: body.total, announce: true, upTo: min(sent, body.total), end: false)
            case let .chunkedThenStalled(bytes):
                let body = PaddedCompletion(total: bytes)
                stream(context, body, length: body.total, announce: false, upTo: body.total, end: false)
            case let .chunked(next):
                chunkedReply = true
                answer(context, next)
                chunkedReply = false
            case let .delayed(delay, next):
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.components.seconds) * 1_000_000_000
                    + delay.components.attoseconds / 1_000_000_000)) { [self] in
                    answer(loopBound.value, next)
                }
            }
        }

        /// Sends the head at once, then body bytes `0 ..< upTo` in 64 KiB writes, each after the
        /// previous one reached the socket (so a client that stops reading stops the stream), then
        /// the end of the reply if `end`. `announce`: `Content-Length: length`, else chunked.
        func stream(_ context: ChannelHandlerContext, _ body: PaddedCompletion, length: Int, announce: Bool, upTo: Int, end: Bool) {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            if announce {
                headers.add(name: "Content-Length", value: String(length))
            } else {
                headers.add(name: "Transfer-Encoding", value: "chunked")
            }
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            pump(NIOLoopBound(context, eventLoop: context.eventLoop), body, offset: 0, upTo: upTo, end: end)
        }

        private func pump(_ bound: NIOLoopBound<ChannelHandlerContext>, _ body: PaddedCompletion, offset: Int, upTo: Int, end: Bool) {
            let context = bound.value
            guard offset < upTo else {
                if end { context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil) }
                return
            }
            let count = min(64 * 1024, upTo - offset)
            let piece = body.piece(context.channel.allocator, offset: offset, count: count)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(piece)))).whenComplete { [self] result in
                guard case .success = result else { return }  // the client hung up
                server.noteSent(count)
                pump(bound, body, offset: offset + count, upTo: upTo, end: end)
            }
        }

        func send(_ context: ChannelHandlerContext, status: HTTPResponseStatus, body: String, extraHeaders: [(String, String)] = []) {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            if chunkedReply {
                headers.add(name: "Transfer-Encoding", value: "chunked")
            } else {
                headers.add(name: "Content-Length", value: String(body.utf8.count))
            }
            for (k, v) in extraHeaders { headers.add(name: k, value: v) }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            // Chunked: two chunks, to exercise reassembly.
            let bytes = Array(body.utf8)
            let cut = chunkedReply ? bytes.count / 2 : bytes.count
            for part in [bytes[..<cut], bytes[cut...]] where !part.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: part)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
