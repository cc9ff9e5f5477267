import CoreMetrics
import Foundation
import HarkCore
import HarkMetrics
import HarkTestSupport
import Logging
import ServiceLifecycle
import Testing

/// The real endpoint over real HTTP (curl), checked by Prometheus's own linter (promtool).
@Suite(.timeLimit(.minutes(2))) struct MetricsServerTests {
    static func run(_ args: [String], stdin: String? = nil) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A registry like the daemon's: counters with labels, gauges, histograms, process gauges.
    static func registry() -> Counters {
        let c = Counters()
        c.counter("mqtt_received_messages").increment(by: 3)
        c.counter("sensor_readings", labels: ["sensor": "temp"]).increment(by: 2)
        c.counter("mqtt_dropped_messages", labels: ["filter": "s/+/t"]).increment()
        c.gauge("cloud_tokens_today").set(10)
        c.histogram("vad_chunk_duration_seconds").observe(.microseconds(700))
        c.histogram("cloud_request_duration_seconds", labels: ["kind": "command", "outcome": "ok"]).observe(.milliseconds(800))
        DaemonMetrics.install(counters: c, health: HealthRegistry(), status: DaemonStatus())
        let factory = RegistryMetricsFactory(counters: c)
        factory.makeCounter(label: "lib.requests", dimensions: [("path", "/x")]).increment(by: 4)
        factory.makeTimer(label: "lib.latency", dimensions: []).recordNanoseconds(2_000_000)
        factory.makeRecorder(label: "lib.queue_depth", dimensions: [], aggregate: false).record(Int64(5))
        return c
    }

    static func withServer(_ counters: Counters, _ body: (Int) async throws -> Void) async throws {
        let port = try FreePort.find()
        let server = MetricsServer(host: "127.0.0.1", port: port, counters: counters, logger: Logger(label: "t"))
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: Logger(label: "t")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Wait until it listens (bounded by the suite's time limit).
            while (try? MetricsScraper.get(host: "127.0.0.1", port: port, timeoutSeconds: 1)) == nil {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func metricsPassPromtoolAndCarryTheRegistry() async throws {
        let counters = Self.registry()
        try await Self.withServer(counters) { port in
            let (curlStatus, text) = try Self.run(["curl", "-sS", "--fail", "http://127.0.0.1:\(port)/metrics"])
            #expect(curlStatus == 0)
            #expect(text.contains("hark_mqtt_received_messages_total 3\n"))
            #expect(text.contains(#"hark_sensor_readings_total{sensor="temp"} 2"#))
            #expect(text.contains(#"hark_lib_requests_total{path="/x"} 4"#))
            #expect(text.contains("hark_lib_latency_seconds_count 1\n"))
            #expect(text.contains("hark_lib_queue_depth 5\n"))
            #expect(text.contains("hark_process_resident_memory_bytes "))
            #expect(text.contains(#"hark_status_info{status=""} 1"#))
            let lint = try Self.run(["promtool", "check", "metrics"], stdin: text)
            #expect(lint.status == 0, "promtool: \(lint.out)")
            // The numbers in the JSON stats come from the same registry.
            let samples = PrometheusSample.parse(text)
            let rss = samples.first { $0.name == "hark_process_resident_memory_bytes" }?.value ?? 0
            #expect(rss > 1_000_000)
        }
    }

    @Test func onlyGetMetricsIsServed() async throws {
        try await Self.withServer(Counters()) { port in
            let notFound = try Self.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/"])
            #expect(notFound.out == "404")
            let post = try Self.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                                     "http://127.0.0.1:\(port)/metrics"])
            #expect(post.out == "405")
            let head = try Self.run(["curl", "-s", "-I", "http://127.0.0.1:\(port)/metrics"])
            #expect(head.out.contains("text/plain; version=0.0.4"))
        }
    }

    @Test func scraperReportsAnUnreachableEndpoint() throws {
        let port = try FreePort.find()
        #expect(throws: MetricsScraper.Failure.self) { try MetricsScraper.get(host: "127.0.0.1", port: port, timeoutSeconds: 1) }
    }
}
