import HarkTestSupport

extension ChildProcess {
    /// Waits until the daemon has logged the broker's SUBACK for each of `filters` (needs
    /// `[log] level = "debug"`), instead of sleeping and hoping its subscriptions are in place.
    /// 20 s is only there for a daemon that never subscribes.
    func waitUntilSubscribed(_ filters: [String]) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let acknowledged = (errorOutput() + output()).split(separator: "\n").filter { $0.contains("mqtt subscription acknowledged") }
            if filters.allSatisfy({ f in acknowledged.contains { $0.contains("filter=\(f)") || $0.contains("filter=\"\(f)\"") } }) {
                return true
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return false
    }
}
