import HarkCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The Wyoming TCP server (`[wyoming]`): at most `maxConnections` clients at once (more get an
/// `error` and are closed), each closed after `idleTimeout` without input. Inference runs on its
/// own small thread pool, never on the event loop or the cooperative pool. The recogniser starts
/// loading when the server starts; `describe` is answered from what is installed meanwhile.
public final class WyomingServer: Service, Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var maxConnections: Int
        public var idleTimeout: Duration
        public var satellite: Bool
        public var limits: WyomingFrameDecoder.Limits
        /// Threads for inference and synthesis.
        public var threads: Int
        public init(host: String, port: Int, maxConnections: Int = 8, idleTimeout: Duration = .seconds(60), satellite: Bool = false,
                    limits: WyomingFrameDecoder.Limits = .init(), threads: Int = 2) {
            self.host = host
            self.port = port
            self.maxConnections = maxConnections
            self.idleTimeout = idleTimeout
            self.satellite = satellite
            self.limits = limits
            self.threads = threads
        }
    }

    private let options: Options
    private let backends: WyomingBackends
    private let satellite: (any WyomingSatelliteHost)?
    private let stats: WyomingStats
    private let logger: Logger
    private let status: DaemonStatus?
    private let open = Atomic<Int>(0)
    /// The bound port (useful with port 0), once listening.
    public let boundPort = Atomic<Int>(0)

    public init(options: Options, backends: WyomingBackends, satellite: (any WyomingSatelliteHost)? = nil, counters: Counters,
                status: DaemonStatus? = nil, logger: Logger) {
        self.options = options
        self.backends = backends
        self.satellite = satellite
        stats = WyomingStats(counters)
        self.status = status
        self.logger = logger
    }

    public func run() async throws {
        backends.recognizer?.startLoading()
        let pool = NIOThreadPool(numberOfThreads: max(1, options.threads))
        pool.start()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let idle = TimeAmount.nanoseconds(Int64(options.idleTimeout.components.seconds) * 1_000_000_000
                                          + options.idleTimeout.components.attoseconds / 1_000_000_000)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                let n = open.wrappingAdd(1, ordering: .relaxed).newValue
                channel.closeFuture.whenComplete { [self] _ in _ = open.wrappingSubtract(1, ordering: .relaxed) }
                if n > options.maxConnections {
                    stats.refused.increment()
                    let refusal = RefuseHandler(message: WyomingFrameEncoder.encode(.error(
                        "too many connections (\(options.maxConnections)); try again later", code: "too-many-connections")))
                    return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(refusal) }
                }
                stats.connections.increment()
                let handler = WyomingConnectionHandler(
                    backends: backends, satelliteMode: options.satellite, satellite: satellite, pool: pool, stats: stats,
                    limits: options.limits, logger: logger)
                return channel.pipeline.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        // A port in use (another program, a previous instance still exiting) must not stop the
        // daemon: say so, and try again every few seconds until it is free or the daemon stops.
        var channel: (any Channel)?
        var loggedFailure = false
        while channel == nil {
            do {
                channel = try await bootstrap.bind(host: options.host, port: options.port).get()
            } catch {
                let problem = WyomingServerError.bind(host: options.host, port: options.port, underlying: "\(error)")
                status?.set("wyoming", "failed: cannot listen on \(options.host):\(options.port)")
                if !loggedFailure { logger.error("\(problem); retrying every 5 s") }
                loggedFailure = true
                do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) } } catch { break }
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
            }
        }
        guard let channel else {
            try? await pool.shutdownGracefully()
            try? await group.shutdownGracefully()
            return
        }
        let port = channel.localAddress?.port ?? options.port
        boundPort.store(port, ordering: .relaxed)
        status?.set("wyoming", "listening on \(options.host):\(port)")
        logger.info("wyoming: listening", metadata: ["host": .string(options.host), "port": .stringConvertible(port),
                                                     "asr": .stringConvertible(backends.recognizer != nil),
                                                     "wake": .stringConvertible(backends.makeSpotter != nil),
                                                     "tts": .stringConvertible(backends.synthesize != nil),
                                                     "satellite": .stringConvertible(options.satellite)])
        try? await gracefulShutdown()
        try? await channel.close()
        try? await group.shutdownGracefully()
        try? await pool.shutdownGracefully()
    }
}

public enum WyomingServerError: Error, CustomStringConvertible {
    case bind(host: String, port: Int, underlying: String)
    public var description: String {
        switch self {
        case let .bind(host, port, underlying):
            "wyoming: cannot listen on \(host):\(port) (\(underlying)); free the port or change [wyoming] host/port"
        }
    }
}

/// Answers a connection over the limit with its `error` event once it is active, then closes it.
final class RefuseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let message: [UInt8]
    init(message: [UInt8]) { self.message = message }

    func channelActive(context: ChannelHandlerContext) {
        var bytes = context.channel.allocator.buffer(capacity: message.count)
        bytes.writeBytes(message)
        let channel = context.channel
        context.writeAndFlush(NIOAny(bytes)).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
