import Synchronization

/// The daemon's one metrics registry: named counters (drops, rejected payloads, retries, …),
/// gauges (a current value) and latency histograms. `<prefix>/stats` and `GET /metrics` both read
/// it, so the two never disagree. Names are Prometheus-style without the `hark_` prefix and the
/// counter `_total` suffix, which the exposition adds (``PrometheusText``).
public final class Counters: Sendable {
    private struct State {
        var counters: [String: Counter] = [:]
        var histograms: [String: Histogram] = [:]
        var collectors: [@Sendable (Counters) -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// The counter `name{labels}`, created at zero on first use.
    public func counter(_ name: String, labels: [String: String] = [:]) -> Counter {
        metric(name, labels, kind: .counter)
    }

    /// The gauge `name{labels}` (a value that may go down), created at zero on first use.
    public func gauge(_ name: String, labels: [String: String] = [:]) -> Counter {
        metric(name, labels, kind: .gauge)
    }

    /// The histogram `name{labels}` (seconds), created empty on first use with `buckets` (upper
    /// bounds, ascending); later calls return the same histogram whatever buckets they pass.
    public func histogram(_ name: String, labels: [String: String] = [:],
                          buckets: [Double] = Histogram.latencyBuckets) -> Histogram {
        let key = Self.key(name, labels)
        return state.withLock { s in
            if let h = s.histograms[key] { return h }
            let h = Histogram(name: name, labels: Self.sortedLabels(labels), buckets: buckets)
            s.histograms[key] = h
            return h
        }
    }

    private func metric(_ name: String, _ labels: [String: String], kind: Counter.Kind) -> Counter {
        let key = Self.key(name, labels)
        return state.withLock { s in
            if let c = s.counters[key] { return c }
            let c = Counter(key: key, name: name, labels: Self.sortedLabels(labels), kind: kind)
            s.counters[key] = c
            return c
        }
    }

    /// Drops every series of `name` except those whose key is in `keeping` (for a gauge whose label
    /// set changes, like active alerts per rule: set the current series first, then drop the rest).
    public func removeAll(_ name: String, keeping: Set<String> = []) {
        state.withLock { s in s.counters = s.counters.filter { $0.value.name != name || keeping.contains($0.key) } }
    }

    /// Registers work that refreshes gauges (process memory, stage health) right before each export.
    public func addCollector(_ collect: @escaping @Sendable (Counters) -> Void) {
        state.withLock { $0.collectors.append(collect) }
    }

    /// Runs the collectors; exporters call it before reading ``snapshot``/``metrics``.
    public func collect() {
        let collectors = state.withLock { $0.collectors }
        for c in collectors { c(self) }
    }

    /// Current value of `name{labels}` (0 if never used).
    public func value(_ name: String, labels: [String: String] = [:]) -> Int {
        state.withLock { $0.counters[Self.key(name, labels)]?.value ?? 0 }
    }

    /// Every counter and gauge as `name{label="value"} N`, sorted.
    public var snapshot: [(key: String, value: Int)] {
        state.withLock { $0.counters.map { ($0.key, $0.value.value) } }.sorted { $0.key < $1.key }
    }

    /// Every counter, gauge and histogram, sorted by key (for the exporters).
    public var metrics: (counters: [Counter], histograms: [Histogram]) {
        state.withLock { s in
            (s.counters.values.sorted { $0.key < $1.key }, s.histograms.values.sorted { $0.key < $1.key })
        }
    }

    static func sortedLabels(_ labels: [String: String]) -> [(String, String)] {
        labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func key(_ name: String, _ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return name }
        let inner = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
        return "\(name){\(inner)}"
    }
}

public final class Counter: Sendable {
    public enum Kind: Sendable { case counter, gauge }

    public let key: String
    public let name: String
    public let labels: [(String, String)]
    public let kind: Kind
    private let count = Atomic<Int>(0)

    init(key: String, name: String, labels: [(String, String)], kind: Kind) {
        self.key = key
        self.name = name
        self.labels = labels
        self.kind = kind
    }

    public func increment(by n: Int = 1) { count.add(n, ordering: .relaxed) }

    /// For a gauge: a value that may also go down (e.g. tokens used today).
    public func set(_ n: Int) { count.store(n, ordering: .relaxed) }

    public var value: Int { count.load(ordering: .relaxed) }
}
