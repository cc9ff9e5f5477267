import ArgumentParser
import Foundation
import HarkCore
import HarkInference
import HarkIntents
import HarkMQTT
import HarkSystemd
import Logging

struct SayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Understand TEXT as a command, print the result as one JSON line, and run its action.",
        discussion: """
            Matches locally (templates, then MiniLM when installed; the cloud when [cloud] enabled and the local \
            match is below min_local_confidence), without a running daemon. The action is published over MQTT \
            unless --dry-run. Exit 0 when understood, 1 when not.
            """)

    @Option(name: .long, help: "The config file.")
    var config: String = ConfigFile.defaultPath

    @Flag(name: .long, help: "Print what would be done; publish nothing.")
    var dryRun = false

    @Argument(help: "The command, e.g. \"turn off the kitchen light\".")
    var text: [String]

    func run() async throws {
        let settings = try OneShotSetup.load(config)
        let logger = Logger(label: "hark.say")
        let environment = ProcessInfo.processInfo.environment
        let credentials = Credentials(environment: environment)
        let runtime = IntentRuntime(
            config: settings, apiKey: credentials.read("cloud-api-key", environment: "HARK_CLOUD_API_KEY"),
            modelsDirectory: settings.resolvePath(settings.models.dir), stateDirectory: nil, logger: logger, counters: Counters())
        let result = await runtime.engine.understand(text.joined(separator: " "))
        await runtime.shutdown()
        var executed = false
        if !dryRun, let action = result.action, let topic = action.topic {
            try await Self.publish(topic: topic, payload: action.payload, qos: action.qos, retain: action.retain, settings: settings,
                              credentials: credentials, logger: logger)
            executed = true
        }
        var line = result.json
        line.removeLast()
        print(line + ",\"executed\":\(executed)}")
        if result.match == nil, result.source != "cloud" { throw ExitCode(1) }
    }

    static func publish(topic: String, payload: String, qos: Int, retain: Bool, settings: HarkConfig, credentials: Credentials,
                         logger: Logger) async throws {
        let m = settings.mqtt
        let tls = m.tlsCAFile.map {
            MQTTOptions.TLS(caFile: settings.resolvePath($0), certFile: m.tlsCertFile.map(settings.resolvePath),
                            keyFile: m.tlsKeyFile.map(settings.resolvePath))
        }
        let host = DaemonContext.sanitizedID(ProcessInfo.processInfo.hostName)
        let options = MQTTOptions(
            host: m.host, port: m.port, clientID: "hark-say-\(settings.deviceID(fallback: host))-\(getpid())", keepalive: m.keepalive,
            cleanSession: true, username: m.username, password: credentials.read("mqtt-password", environment: "HARK_MQTT_PASSWORD"),
            tls: tls, protocolVersion: m.protocolVersion, reconnectBase: .milliseconds(200), reconnectCap: .seconds(1))
        let client = try MQTTClient(options: options, logger: logger)
        client.start()
        let connected = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await client.waitUntilConnected(); return client.isConnected }
            group.addTask { try? await Task.sleep(for: .seconds(5)); return false }
            let first = await group.next() ?? false
            if !first { await client.stop() } // releases the connect waiter
            group.cancelAll()
            return first
        }
        guard connected else {
            ConsoleOutput.error("hark say: cannot reach the MQTT broker at \(m.host):\(m.port); nothing published")
            throw ExitCode(69)
        }
        try await client.publish(topic: topic, payload: Array(payload.utf8), qos: max(qos, 1), retain: retain)
        await client.stop()
    }
}
