import HarkCore
import HarkSystemd
import HarkTestSupport
import Logging
import ServiceLifecycle
import Testing

@Suite struct SystemdNotifierTests {
    @Test(arguments: [false, true])
    func sendsDatagramsToPathAndAbstractSockets(abstract: Bool) throws {
        let socket = try NotifySocket(abstract: abstract)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        #expect(notifier.notify("READY=1\nSTATUS=hello"))
        #expect(socket.waitFor("READY=1", timeout: .seconds(2))?.message == "READY=1\nSTATUS=hello")
    }

    @Test func disabledWithoutNotifySocket() {
        #expect(!SystemdNotifier(environment: [:]).notify("READY=1"))
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "4000000"]) == .seconds(4))
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"]) == nil)
    }

    /// A stage that stops beating must stop the WATCHDOG=1 pings so systemd restarts the daemon.
    /// Driven by what the service sends (pings, its STATUS line), not by fixed sleeps: on a loaded
    /// machine a sleep can outlast the stage's 300 ms `maxSilence` and turn "healthy" into "stalled".
    @Test func stalledStageStopsWatchdogPings() async throws {
        let socket = try NotifySocket()
        let health = HealthRegistry()
        let stage = health.register("capture", maxSilence: .milliseconds(300))
        let service = SystemdService(
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path]), watchdogInterval: .milliseconds(200),
            health: health, status: DaemonStatus(), logger: Logger(label: "test"), statusPoll: .milliseconds(20))
        stage.beat()
        let task = Task { try await service.run() }
        #expect(socket.waitFor("READY=1", timeout: .seconds(10)) != nil)
        // Healthy: the stage beats every 50 ms and pings flow (three of them, however long that takes).
        let healthyUntil = ContinuousClock.now + .seconds(10)
        while socket.count("WATCHDOG=1") < 3, ContinuousClock.now < healthyUntil {
            stage.beat()
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(socket.count("WATCHDOG=1") >= 3)
        // Stalled: the service says so in its status line, and from then on no ping is sent. The
        // status goes out in the same loop round that stops the pings, so every ping before it is
        // already counted; 600 ms is three ping intervals (waiting longer only tests more).
        // (A late wake-up above may already have caused a brief stall: wait for a new one.)
        let stallsBefore = socket.count("stalled: capture")
        let stallUntil = ContinuousClock.now + .seconds(10)
        while socket.count("stalled: capture") == stallsBefore, ContinuousClock.now < stallUntil {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(socket.count("stalled: capture") > stallsBefore)
        let atStall = socket.count("WATCHDOG=1")
        try await Task.sleep(for: .milliseconds(600))
        #expect(socket.count("WATCHDOG=1") == atStall)
        // Recovers when the stage beats again (beating on: one beat could be stale again by the
        // time a starved service loop looks at it).
        let recoverUntil = ContinuousClock.now + .seconds(10)
        while socket.count("WATCHDOG=1") == atStall, ContinuousClock.now < recoverUntil {
            stage.beat()
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(socket.count("WATCHDOG=1") > atStall)
        task.cancel()
        _ = try? await task.value
    }
}
