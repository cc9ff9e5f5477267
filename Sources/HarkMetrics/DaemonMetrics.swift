import HarkCore

/// Wires the daemon's state into its registry as gauges refreshed at every export: stage health
/// (`stage_up{stage}`), the systemd STATUS= line (`status_info{status}`), the version, and the
/// process gauges.
public enum DaemonMetrics {
    public static func install(counters: Counters, health: HealthRegistry, status: DaemonStatus) {
        let sampler = ProcessSampler()
        counters.gauge("build_info", labels: ["version": HarkVersion.string]).set(1)
        counters.addCollector { c in
            sampler.sample(into: c)
            let stalled = Set(health.stalled().map(\.name))
            var keep = Set<String>()
            for stage in health.stageNames {
                let g = c.gauge("stage_up", labels: ["stage": stage])
                g.set(stalled.contains(stage) ? 0 : 1)
                keep.insert(g.key)
            }
            c.removeAll("stage_up", keeping: keep)
            let line = c.gauge("status_info", labels: ["status": status.snapshot.line])
            line.set(1)
            c.removeAll("status_info", keeping: [line.key])
        }
    }
}
