import Foundation
import HarkCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// One client connection: bytes → `WyomingFrameDecoder` → `WyomingServerSession` → actions.
/// Inference and synthesis run on the server's thread pool, one job after another per connection
/// (results come back to the event loop in order); reading pauses while too many jobs wait.
final class WyomingConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let backends: WyomingBackends
    private let pool: NIOThreadPool
    private let stats: WyomingStats
    private let satellite: (any WyomingSatelliteHost)?
    private let logger: Logger
    private var decoder: WyomingFrameDecoder
    private var session: WyomingServerSession
    private var context: ChannelHandlerContext?
    /// The last job queued; the next one runs after it.
    private var tail: EventLoopFuture<Void>?
    private var pendingJobs = 0
    private var readingPaused = false
    /// This connection's wake spotter (made at the first `audio-start` after `detect`), used on pool threads only.
    private let spotter = SpotterBox()
    private let id = WyomingConnectionID.next()

    static let maxPendingJobs = 32

    init(backends: WyomingBackends, satelliteMode: Bool, satellite: (any WyomingSatelliteHost)?, pool: NIOThreadPool,
         stats: WyomingStats, limits: WyomingFrameDecoder.Limits, logger: Logger) {
        self.backends = backends
        self.pool = pool
        self.stats = stats
        self.satellite = satellite
        self.logger = logger
        decoder = WyomingFrameDecoder(limits: limits)
        session = WyomingServerSession(capabilities: backends.capabilities(satellite: satelliteMode && satellite != nil))
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelInactive(context: ChannelHandlerContext) {
        if session.isSatellite { satellite?.detach(id) }
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard !session.closed, !failed else { return }
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        while !session.closed {
            let event: WyomingEvent?
            do {
                event = try decoder.next()
            } catch {
                stats.badFrames.increment()
                logger.info("wyoming: bad frame, closing", metadata: ["error": "\(error)", "peer": "\(context.remoteAddress.map { "\($0)" } ?? "?")"])
                stats.errorsSent.increment()
                send(.error(error.description, code: error.code), context: context)
                context.close(promise: nil)
                failed = true
                return
            }
            guard let event else { break }
            stats.events.increment()
            run(session.handle(event), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("wyoming: connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Silence while a job runs (a long transcription) is the server's doing, not the client's.
        if event is IdleStateHandler.IdleStateEvent, pendingJobs == 0 {
            stats.idleClosed.increment()
            send(.error("idle for too long; closing", code: "idle-timeout"), context: context)
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A bad frame was answered; nothing more is read.
    private var failed = false

    // MARK: Actions

    private func run(_ actions: [WyomingServerSession.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case let .send(event):
                if event.type == "error" { stats.errorsSent.increment() }
                send(event, context: context)
            case .close:
                context.close(promise: nil)
            case let .transcribe(samples, language):
                transcribe(samples, language: language)
            case let .wakeStart(models, generation):
                wakeStart(models, generation: generation)
            case let .wakeAudio(samples, generation):
                wakeAudio(samples, generation: generation)
            case let .wakeStop(generation):
                enqueue({ }, then: { handler, _ in handler.session.wakeFinished(generation: generation) })
            case let .synthesize(text):
                synthesize(text)
            case let .satellite(event):
                guard let satellite else { continue }
                if event.type == "run-satellite" {
                    let channel = context.channel
                    satellite.attach(id, send: { event in
                        channel.eventLoop.execute {
                            var bytes = channel.allocator.buffer(capacity: 64 + event.payload.count)
                            bytes.writeBytes(WyomingFrameEncoder.encode(event))
                            channel.writeAndFlush(bytes, promise: nil)
                        }
                    })
                }
                satellite.receive(event, from: id)
            }
        }
    }

    private func send(_ event: WyomingEvent, context: ChannelHandlerContext) {
        var bytes = context.channel.allocator.buffer(capacity: 64 + event.payload.count)
        bytes.writeBytes(WyomingFrameEncoder.encode(event))
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
    }

    private func transcribe(_ samples: [Int16], language: String?) {
        guard let loader = backends.recognizer else { return }
        stats.transcriptions.increment()
        enqueue({ () throws -> String in
            if samples.isEmpty { return "" }
            let floats = samples.map { Float($0) / 32768 }
            return try loader.use { try $0.recognize(floats, grammar: nil).text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }, then: { handler, result in
            switch result {
            case let .success(text): return handler.session.transcribed(text: text, language: language)
            case let .failure(error):
                return handler.session.transcriptionFailed(.init("speech recognition failed: \(error)", code: "asr-failed"))
            }
        })
    }

    private func wakeStart(_ models: [String], generation: Int) {
        guard let make = backends.makeSpotter else { return }
        let box = spotter
        enqueue({ () throws -> Void in
            if let s = box.spotter, s.models == models { s.reset() } else { box.spotter = try make(models) }
        }, then: { handler, result in
            if case let .failure(error) = result {
                return [.send(.error("wake word model failed to load: \(error)", code: "wake-failed"))]
            }
            return []
        })
    }

    private func wakeAudio(_ samples: [Int16], generation: Int) {
        let box = spotter
        enqueue({ () -> [WakeDetection] in
            guard let s = box.spotter else { return [] }
            var found: [WakeDetection] = []
            samples.withUnsafeBufferPointer { s.process($0) { found.append($0) } }
            return found
        }, then: { handler, result in
            guard case let .success(found) = result else { return [] }
            return found.flatMap {
                handler.stats.detections.increment()
                return handler.session.wakeDetected(name: $0.model, milliseconds: Int(($0.seconds * 1000).rounded()), generation: generation)
            }
        })
    }

    private func synthesize(_ text: String) {
        guard let synth = backends.synthesize else { return }
        enqueue({ try synth(text) }, then: { handler, result in
            switch result {
            case let .success((samples, rate)): return handler.session.synthesized(samples: samples, rate: rate)
            case let .failure(error): return handler.session.synthesisFailed(.init("\(error)", code: "tts-failed"))
            }
        })
    }

    /// Runs `job` on the pool after this connection's earlier jobs, then `then` on the event loop.
    private func enqueue<T: Sendable>(_ job: @escaping @Sendable () throws -> T,
                                      then: @escaping @Sendable (WyomingConnectionHandler, Result<T, any Error>) -> [WyomingServerSession.Action]) {
        guard let context else { return }
        let loop = context.eventLoop
        let pool = self.pool
        let previous = tail ?? loop.makeSucceededVoidFuture()
        pendingJobs += 1
        if pendingJobs > Self.maxPendingJobs, !readingPaused {
            readingPaused = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }
        let done = previous.flatMap { pool.runIfActive(eventLoop: loop) { Result { try job() } } }
            .map { [self] (result: Result<T, any Error>) in
                pendingJobs -= 1
                if readingPaused, pendingJobs <= Self.maxPendingJobs / 2, let ctx = self.context {
                    readingPaused = false
                    ctx.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
                }
                guard let ctx = self.context else { return }
                run(then(self, result), context: ctx)
            }
        tail = done.flatMapErrorThrowing { _ in }
    }
}

/// A connection's spotter, touched only by that connection's jobs (which run one at a time).
final class SpotterBox: @unchecked Sendable {
    var spotter: (any WakeWordSpotter)?
}

/// Identifies a connection to the satellite.
public struct WyomingConnectionID: Hashable, Sendable {
    let value: Int
    private static let counter = Mutex(0)
    static func next() -> WyomingConnectionID { WyomingConnectionID(value: counter.withLock { $0 += 1; return $0 }) }
}

/// Hark as a Home Assistant satellite: gets the events Home Assistant sends after `run-satellite`.
public protocol WyomingSatelliteHost: AnyObject, Sendable {
    /// A connection sent `run-satellite`; `send` writes events to it from any thread.
    func attach(_ id: WyomingConnectionID, send: @escaping @Sendable (WyomingEvent) -> Void)
    func receive(_ event: WyomingEvent, from id: WyomingConnectionID)
    /// The connection closed: go on standalone.
    func detach(_ id: WyomingConnectionID)
}
