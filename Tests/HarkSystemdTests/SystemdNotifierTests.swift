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
    @Test func stalledStageStopsWatchdogPings() async throws {
        let socket = try NotifySocket()
        let health = HealthRegistry()
        let stage = health.register("capture", maxSilence: .milliseconds(300))
        let service = SystemdService(
            notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path]), watchdogInterval: .milliseconds(200),
            health: health, status: DaemonStatus(), logger: Logger(label: "test"), statusPoll: .milliseconds(20))
        let task = Task { try await service.run() }
        // Healthy: the stage beats, pings flow.
        for _ in 0..<10 {
            stage.beat()
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(socket.waitFor("READY=1", timeout: .seconds(1)) != nil)
        let healthyPings = socket.count("WATCHDOG=1")
        #expect(healthyPings >= 3)
        // Stalled: after maxSilence no more pings.
        try await Task.sleep(for: .milliseconds(450))
        let atStall = socket.count("WATCHDOG=1")
        try await Task.sleep(for: .milliseconds(600))
        #expect(socket.count("WATCHDOG=1") == atStall)
        #expect(socket.messages().contains { $0.contains("STATUS=") && $0.contains("stalled: capture") })
        // Recovers when the stage beats again.
        stage.beat()
        try await Task.sleep(for: .milliseconds(150))
        #expect(socket.count("WATCHDOG=1") > atStall)
        task.cancel()
        _ = try? await task.value
    }
}
