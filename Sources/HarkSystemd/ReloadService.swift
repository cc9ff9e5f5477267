import HarkCore
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP → reload: tells systemd `RELOADING=1` + `MONOTONIC_USEC=`, reads and validates the file
/// again, hands a valid config to the services (``ConfigUpdates``) or keeps the old one and logs
/// every problem, then `READY=1`.
public struct ReloadService: Service {
    private let path: String
    private let notifier: SystemdNotifier
    private let updates: ConfigUpdates
    private let status: DaemonStatus
    private let counters: Counters
    private let logger: Logger
    private let load: @Sendable (String) -> Result<HarkConfig, ConfigErrors>

    public init(
        path: String, notifier: SystemdNotifier, updates: ConfigUpdates, status: DaemonStatus, counters: Counters,
        logger: Logger, load: @escaping @Sendable (String) -> Result<HarkConfig, ConfigErrors> = ConfigFile.load
    ) {
        self.path = path
        self.notifier = notifier
        self.updates = updates
        self.status = status
        self.counters = counters
        self.logger = logger
        self.load = load
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            reload()
        }
        updates.finish()
    }

    private func reload() {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())\nSTATUS=reloading \(path)")
        logger.notice("reloading config", metadata: ["file": "\(path)"])
        switch load(path) {
        case let .success(config):
            counters.counter("config_reloads", labels: ["result": "applied"]).increment()
            updates.publish(config)
            logger.notice("config reloaded", metadata: ["file": "\(path)", "summary": "\(config.summary)"])
            status.set("config", "reloaded")
        case let .failure(errors):
            counters.counter("config_reloads", labels: ["result": "rejected"]).increment()
            for d in errors.diagnostics {
                logger.error("config problem", metadata: ["problem": "\(d.description)"])
            }
            logger.error("config reload rejected; keeping the running config",
                         metadata: ["file": "\(path)", "problems": "\(errors.diagnostics.count)"])
            status.set("config", "reload rejected (\(errors.diagnostics.count) problem(s))")
        }
        notifier.notify("READY=1\nSTATUS=\(status.snapshot.line)")
    }
}
