import HarkMetrics
import Logging
import Metrics

extension Assembly {
    /// The metrics area: process and health gauges in the registry (always: `<prefix>/stats`
    /// carries them too), swift-metrics bootstrapped onto the same registry, and `GET /metrics`
    /// on `[metrics] listen` when set. Added first so the endpoint answers until the very end.
    func addMetrics() throws {
        DaemonMetrics.install(counters: context.counters, health: context.health, status: context.status)
        MetricsSystem.bootstrap(RegistryMetricsFactory(counters: context.counters))
        let m = context.config.metrics
        guard m.enabled else { return }
        add(MetricsServer(host: m.host, port: m.port, counters: context.counters, logger: Logger(label: "hark.metrics")),
            name: "metrics")
    }
}
