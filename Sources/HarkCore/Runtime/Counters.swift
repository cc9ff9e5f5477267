import Synchronization

/// Named monotonically increasing counters (drops, rejected payloads, retries, …), readable by
/// tests and exported by the daemon; a few are gauges, set to a current value (``Counter/set(_:)``).
public final class Counters: Sendable {
    private let counters = Mutex<[String: Counter]>([:])

    public init() {}

    /// The counter `name{labels}`, created at zero on first use.
    public func counter(_ name: String, labels: [String: String] = [:]) -> Counter {
        let key = Self.key(name, labels)
        return counters.withLock { all in
            if let c = all[key] { return c }
            let c = Counter(key: key)
            all[key] = c
            return c
        }
    }

    /// Current value of `name{labels}` (0 if never used).
    public func value(_ name: String, labels: [String: String] = [:]) -> Int {
        counters.withLock { $0[Self.key(name, labels)]?.value ?? 0 }
    }

    /// Every counter as `name{label="value"} N`, sorted (Prometheus text style).
    public var snapshot: [(key: String, value: Int)] {
        counters.withLock { $0.map { ($0.key, $0.value.value) } }.sorted { $0.key < $1.key }
    }

    static func key(_ name: String, _ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return name }
        let inner = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
        return "\(name){\(inner)}"
    }
}

public final class Counter: Sendable {
    public let key: String
    private let count = Atomic<Int>(0)

    init(key: String) { self.key = key }

    public func increment(by n: Int = 1) { count.add(n, ordering: .relaxed) }

    /// For a gauge: a value that may also go down (e.g. tokens used today).
    public func set(_ n: Int) { count.store(n, ordering: .relaxed) }

    public var value: Int { count.load(ordering: .relaxed) }
}
