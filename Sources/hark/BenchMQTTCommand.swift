import ArgumentParser
import Foundation
import HarkCore
import HarkMQTT
import HarkSensors
import Logging

struct BenchMQTTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mqtt",
        abstract: "Sustained ingest-and-evaluate rate of QoS 0 readings next to mosquitto_sub's raw receive rate.",
        discussion: """
            Starts a private mosquitto on a free loopback port, publishes the same stream of plain-number \
            readings on 'bench/<machine>/temp' twice: once received by mosquitto_sub (raw receive rate), once \
            by Hark's sensor service (parse, plausibility check, threshold rule with hysteresis, anomaly \
            model, alert store for the alerts raised). Prints both rates and their ratio.
            """)

    @Option(help: "Readings to publish per run.")
    var readings = 500_000

    @Option(help: "Distinct sensor instances (the '+' level).")
    var instances = 100

    func run() async throws {
        LoggingSetup.bootstrap(level: .warning, format: .text, environment: ProcessInfo.processInfo.environment)
        let broker = try BenchBroker()
        defer { broker.stop() }
        print("broker: mosquitto on 127.0.0.1:\(broker.port); \(readings) QoS 0 readings over \(instances) instances")

        let payloads = (0..<readings).map { i -> (String, [UInt8]) in
            ("bench/m\(i % instances)/temp", Array(String(20 + Double(i % 1000) / 100 + (i % 50_000 == 49_999 ? 80 : 0)).utf8))
        }

        // 1. Reference: mosquitto_sub counting the stream.
        let sub = Process()
        sub.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_sub")
        sub.arguments = ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", "bench/#", "-C", "\(readings)", "-q", "0"]
        sub.standardOutput = FileHandle.nullDevice
        try sub.run()
        try await Task.sleep(for: .milliseconds(500))
        let publisher = try await connectedClient(port: broker.port, id: "bench-pub")
        let rawStart = ContinuousClock.now
        try await publish(payloads, with: publisher)
        let rawDeadline = ContinuousClock.now + .seconds(120)
        while sub.isRunning, ContinuousClock.now < rawDeadline { try await Task.sleep(for: .milliseconds(2)) }
        let rawTime = ContinuousClock.now - rawStart
        if sub.isRunning { sub.terminate(); print("mosquitto_sub did not receive every reading within 120 s") }
        let rawRate = Double(readings) / seconds(rawTime)
        print(String(format: "mosquitto_sub raw receive:     %9.0f readings/s  (%.2f s)", rawRate, seconds(rawTime)))

        // 2. Hark: the daemon's sensor service on the same stream.
        let config = try HarkConfig.parse(text: """
            [[sensor]]
            name = "temp"
            topic = "bench/+/temp"
            min = -100
            max = 1000
            [[rule]]
            name = "hot"
            sensor = "temp"
            threshold = 90
            clear = 80
            [[rule]]
            name = "odd"
            sensor = "temp"
            kind = "anomaly"
            threshold = 0.99
            """, file: "(bench)").get()
        let counters = Counters()
        let client = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: broker.port, clientID: "bench-hark"),
                                    logger: Logger(label: "bench.mqtt"), counters: counters)
        let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("hark-bench-\(UUID().uuidString).sqlite").path
        let service = SensorService(sensors: config.sensors, rules: config.rules, client: client, store: try AlertStore(path: storePath),
                                    prefix: "hark/bench", logger: Logger(label: "bench.sensors"), counters: counters)
        client.start()
        let running = Task { try await service.run() }
        await client.waitUntilConnected()
        try await Task.sleep(for: .milliseconds(500))
        let harkStart = ContinuousClock.now
        try await publish(payloads, with: publisher)
        let deadline = ContinuousClock.now + .seconds(120)
        func processed() -> Int {
            counters.value("sensor_readings", labels: ["sensor": "temp"])
                + counters.snapshot.filter { $0.key.hasPrefix("sensor_rejected{") }.reduce(0) { $0 + $1.value }
        }
        while processed() < readings, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let harkTime = ContinuousClock.now - harkStart
        let done = processed()
        let harkRate = Double(done) / seconds(harkTime)
        print(String(format: "hark ingest + evaluate:        %9.0f readings/s  (%.2f s, %d of %d readings, %d dropped)",
                     harkRate, seconds(harkTime), done, readings,
                     counters.value("mqtt_dropped_messages", labels: ["filter": "bench/+/temp"]) + counters.value("sensor_input_dropped")))
        print(String(format: "ratio hark / mosquitto_sub:    %9.2f   (goal >= 0.90, and >= 100000 readings/s)", harkRate / rawRate))
        print("alert events recorded: \(counters.value("alert_events", labels: ["event": "raised"])) raised; "
              + "received by the client \(counters.value("mqtt_received_messages")), dropped at the subscription "
              + "\(counters.value("mqtt_dropped_messages", labels: ["filter": "bench/+/temp"])), at the service input \(counters.value("sensor_input_dropped"))")
        running.cancel()
        _ = try? await running.value
        await client.stop()
        await publisher.stop()
        try? FileManager.default.removeItem(atPath: storePath)
    }

    private func connectedClient(port: Int, id: String) async throws -> MQTTClient {
        var options = MQTTOptions(host: "127.0.0.1", port: port, clientID: id, cleanSession: true)
        options.maxInflight = 0
        let c = try MQTTClient(options: options, logger: Logger(label: "bench.publisher"))
        c.start()
        await c.waitUntilConnected()
        return c
    }

    private func publish(_ payloads: [(String, [UInt8])], with client: MQTTClient) async throws {
        for (topic, payload) in payloads {
            try await client.publish(topic: topic, payload: payload, qos: 0)
        }
    }

    private func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}

/// A private mosquitto for benchmarks, on a free loopback port.
final class BenchBroker {
    let port: Int
    private let process = Process()
    private let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-bench-broker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        port = Int.random(in: 20000...60000)
        let conf = dir.appendingPathComponent("mosquitto.conf")
        try "listener \(port) 127.0.0.1\nallow_anonymous true\nuser root\nmax_queued_messages 0\n".write(to: conf, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
        process.arguments = ["-c", conf.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        guard process.isRunning else { throw ValidationError("mosquitto did not start on port \(port)") }
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
