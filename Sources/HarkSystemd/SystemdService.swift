import HarkCore
import Logging
import ServiceLifecycle

/// Talks to systemd for the whole daemon: `READY=1` once every service has started, `STATUS=`
/// whenever the status line changes, `WATCHDOG=1` at half of `WATCHDOG_USEC` but only while
/// every registered stage has made progress recently, and `STOPPING=1` on shutdown.
///
/// Put it last in the ServiceGroup: services start in order, so when this one runs every other
/// has been started.
public struct SystemdService: Service {
    private let notifier: SystemdNotifier
    private let watchdogInterval: Duration?
    private let health: HealthRegistry
    private let status: DaemonStatus
    private let logger: Logger
    private let statusPoll: Duration

    public init(
        notifier: SystemdNotifier, watchdogInterval: Duration?, health: HealthRegistry, status: DaemonStatus,
        logger: Logger, statusPoll: Duration = .milliseconds(250)
    ) {
        self.notifier = notifier
        self.watchdogInterval = watchdogInterval
        self.health = health
        self.status = status
        self.logger = logger
        self.statusPoll = statusPoll
    }

    public func run() async throws {
        var state = WatchdogPolicy(interval: watchdogInterval)
        status.set("hark", "running")
        let first = status.snapshot
        notifier.notify("READY=1\nSTATUS=\(first.line)")
        logger.info("ready", metadata: ["watchdog": "\(watchdogInterval.map(DurationText.format) ?? "off")", "stages": "\(health.stageNames.joined(separator: ","))"])
        var sentVersion = first.version
        var wasStalled = false
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let now = ContinuousClock.now
                let stalled = health.stalled(at: now)
                if stalled.isEmpty != !wasStalled {
                    wasStalled = !stalled.isEmpty
                    if wasStalled {
                        let names = stalled.map { "\($0.name) (\(DurationText.format($0.silent)))" }.joined(separator: ", ")
                        logger.error("stage stalled; not feeding the watchdog", metadata: ["stalled": "\(names)"])
                        status.set("hark", "stalled: \(stalled.map(\.name).joined(separator: ","))")
                    } else {
                        logger.notice("all stages making progress again")
                        status.set("hark", "running")
                    }
                }
                if state.shouldPing(at: now, healthy: stalled.isEmpty) { notifier.notify("WATCHDOG=1") }
                let snap = status.snapshot
                if snap.version != sentVersion {
                    sentVersion = snap.version
                    notifier.notify("STATUS=\(snap.line)")
                }
                try? await Task.sleep(for: min(statusPoll, state.pollInterval))
            }
        } onGracefulShutdown: {
            notifier.notify("STOPPING=1\nSTATUS=stopping")
        }
    }
}
