import Foundation
import HarkCore

/// Process gauges read from /proc/self right before each export: resident and virtual memory,
/// open file descriptors, threads, start time and uptime.
public struct ProcessSampler: Sendable {
    public let startedAt: ContinuousClock.Instant
    public let startTime: Double
    private let pageSize: Int

    public init() {
        startedAt = .now
        startTime = Date().timeIntervalSince1970
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    public func sample(into c: Counters) {
        let uptime = ContinuousClock.now - startedAt
        c.gauge("uptime_seconds").set(Int(uptime.components.seconds))
        c.gauge("process_start_time_seconds").set(Int(startTime))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if fields.count >= 2 {
                c.gauge("process_virtual_memory_bytes").set(fields[0] * pageSize)
                c.gauge("process_resident_memory_bytes").set(fields[1] * pageSize)
            }
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            c.gauge("process_open_fds").set(max(0, fds.count - 1))  // minus the directory being listed
        }
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }),
           let n = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) {
            c.gauge("process_threads").set(n)
        }
    }
}
