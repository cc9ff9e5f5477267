import HarkCore
import Testing

@Suite struct RuntimeTests {
    @Test func stalledStageIsReportedOnlyAfterItsSilenceLimit() {
        let registry = HealthRegistry()
        let beat = registry.register("capture", maxSilence: .seconds(2))
        let start = ContinuousClock.now
        beat.beat()
        #expect(registry.stalled(at: start + .seconds(1)).isEmpty)
        #expect(registry.stalled(at: start + .seconds(3)).map(\.name) == ["capture"])
        beat.end()
        #expect(registry.stalled(at: start + .seconds(3)).isEmpty)
    }

    @Test func watchdogPingsAtHalfIntervalAndNeverWhenUnhealthy() {
        var policy = WatchdogPolicy(interval: .seconds(10))
        let t0 = ContinuousClock.now
        var pings: [Bool] = []
        pings.append(policy.shouldPing(at: t0, healthy: true))
        pings.append(policy.shouldPing(at: t0 + .seconds(4), healthy: true))
        pings.append(policy.shouldPing(at: t0 + .seconds(5), healthy: true))
        pings.append(policy.shouldPing(at: t0 + .seconds(20), healthy: false))
        #expect(pings == [true, false, true, false])
        var off = WatchdogPolicy(interval: nil)
        let offPing = off.shouldPing(at: t0, healthy: true)
        #expect(!offPing)
    }

    @Test func statusLineJoinsComponentsAndVersions() {
        let status = DaemonStatus()
        status.set("mqtt", "connected")
        status.set("audio", "degraded: device gone")
        let first = status.snapshot
        #expect(first.line == "mqtt connected; audio degraded: device gone")
        status.set("mqtt", "connected")
        #expect(status.snapshot.version == first.version)
        status.set("mqtt", "disconnected")
        #expect(status.snapshot.version > first.version)
    }

    @Test func countersAreKeyedByLabels() {
        let counters = Counters()
        counters.counter("dropped", labels: ["sensor": "a"]).increment()
        counters.counter("dropped", labels: ["sensor": "a"]).increment(by: 2)
        #expect(counters.value("dropped", labels: ["sensor": "a"]) == 3)
        #expect(counters.value("dropped", labels: ["sensor": "b"]) == 0)
        #expect(counters.snapshot.map(\.key) == ["dropped{sensor=\"a\"}"])
    }
}
