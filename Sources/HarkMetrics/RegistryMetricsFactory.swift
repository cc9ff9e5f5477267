import CoreMetrics
import HarkCore

/// A swift-metrics backend writing into the daemon's ``Counters`` registry, so anything that
/// reports through swift-metrics (Hark's own code or a library) lands in the same `/metrics` and
/// `<prefix>/stats`. Counters stay counters, recorders and meters become gauges (integer), an
/// aggregating recorder or a timer becomes a seconds histogram. Labels are sanitised to
/// Prometheus names (`[a-zA-Z0-9_]`).
public struct RegistryMetricsFactory: MetricsFactory {
    public let counters: Counters

    public init(counters: Counters) { self.counters = counters }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        CounterBox(counter: counters.counter(Self.name(label), labels: Self.labels(dimensions)))
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        if aggregate {
            return HistogramBox(histogram: counters.histogram(Self.name(label), labels: Self.labels(dimensions)), scale: 1)
        }
        return GaugeBox(gauge: counters.gauge(Self.name(label), labels: Self.labels(dimensions)))
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        GaugeBox(gauge: counters.gauge(Self.name(label), labels: Self.labels(dimensions)))
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let name = Self.name(label)
        let seconds = name.hasSuffix("_seconds") ? name : name + "_seconds"
        return HistogramBox(histogram: counters.histogram(seconds, labels: Self.labels(dimensions)), scale: 1e-9)
    }

    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}

    static func name(_ label: String) -> String {
        var out = String(label.unicodeScalars.map { s -> Character in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))) ? Character(s) : "_"
        })
        if let first = out.first, first.isNumber { out = "_" + out }
        if out.hasPrefix(PrometheusText.prefix) { out.removeFirst(PrometheusText.prefix.count) }
        if out.hasSuffix("_total") { out.removeLast("_total".count) }
        return out.isEmpty ? "unnamed" : out
    }

    static func labels(_ dimensions: [(String, String)]) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in dimensions { out[name(k)] = v }
        return out
    }
}

private final class CounterBox: CounterHandler {
    let counter: HarkCore.Counter
    init(counter: HarkCore.Counter) { self.counter = counter }
    func increment(by amount: Int64) { counter.increment(by: Int(clamping: amount)) }
    func reset() { counter.set(0) }
}

private final class GaugeBox: RecorderHandler, MeterHandler {
    let gauge: HarkCore.Counter
    init(gauge: HarkCore.Counter) { self.gauge = gauge }
    func record(_ value: Int64) { gauge.set(Int(clamping: value)) }
    func record(_ value: Double) { if value.isFinite { gauge.set(Int(value.rounded())) } }
    func set(_ value: Int64) { record(value) }
    func set(_ value: Double) { record(value) }
    func increment(by amount: Double) { if amount.isFinite { gauge.increment(by: Int(amount.rounded())) } }
    func decrement(by amount: Double) { if amount.isFinite { gauge.increment(by: -Int(amount.rounded())) } }
}

private final class HistogramBox: RecorderHandler, TimerHandler {
    let histogram: Histogram
    /// Multiplies recorded values into seconds (1e-9 for a timer's nanoseconds).
    let scale: Double
    init(histogram: Histogram, scale: Double) {
        self.histogram = histogram
        self.scale = scale
    }
    func record(_ value: Int64) { histogram.observe(seconds: Double(value) * scale) }
    func record(_ value: Double) { histogram.observe(seconds: value * scale) }
    func recordNanoseconds(_ duration: Int64) { histogram.observe(seconds: Double(duration) * 1e-9) }
}
