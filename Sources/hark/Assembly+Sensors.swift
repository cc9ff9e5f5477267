import Foundation
import HarkCore
import HarkMQTT
import HarkSensors
import Logging

extension Assembly {
    /// The MQTT client (always: every area talks over it) and, when sensors are configured, the
    /// sensor/alert service with its durable store.
    func addSensors() throws {
        let config = context.config
        let m = config.mqtt
        let password = context.credentials.read("mqtt-password", environment: "HARK_MQTT_PASSWORD")
        let tls = m.tlsCAFile.map {
            MQTTOptions.TLS(caFile: config.resolvePath($0), certFile: m.tlsCertFile.map(config.resolvePath),
                            keyFile: m.tlsKeyFile.map(config.resolvePath))
        }
        let options = MQTTOptions(
            host: m.host, port: m.port, clientID: m.clientID ?? "hark-\(context.deviceID)", keepalive: m.keepalive,
            cleanSession: false, username: m.username, password: password, tls: tls, protocolVersion: m.protocolVersion,
            statusTopic: "\(context.topicPrefix)/status")
        let client = try MQTTClient(options: options, logger: Logger(label: "hark.mqtt"), counters: context.counters,
                                    status: context.status, health: context.health)
        mqtt = client
        add(client, name: "mqtt")

        guard !config.sensors.isEmpty else { return }
        let stateDir = ProcessInfo.processInfo.environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init)
            ?? config.resolvePath(config.device.stateDir)
        let store = try AlertStore(path: "\(stateDir)/alerts.sqlite")
        add(SensorService(sensors: config.sensors, rules: config.rules, client: client, store: store, prefix: context.topicPrefix,
                          logger: Logger(label: "hark.sensors"), counters: context.counters, health: context.health,
                          status: context.status,
                          discovery: m.discovery ? m.discoveryPrefix.map {
                              HomeAssistantDiscovery(discoveryPrefix: $0, deviceID: context.deviceID, deviceName: config.device.name,
                                                     topicPrefix: context.topicPrefix)
                          } : nil),
            name: "sensors")
    }
}
