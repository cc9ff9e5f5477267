/// `[mqtt]`: the broker connection. (Extended by the sensors work.)
public struct MQTTSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Topic prefix; nil means `hark/<device id>`.
    public var prefix: String?
    public var clientID: String?
    public var keepalive: Duration
    /// 4 = MQTT 3.1.1, 5 = MQTT 5.
    public var protocolVersion: Int
    public var username: String?
    /// TLS: CA file to verify the broker; optional client certificate and key.
    public var tlsCAFile: String?
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    /// Home Assistant discovery prefix (e.g. "homeassistant"); nil: no discovery.
    public var discoveryPrefix: String?
    /// Publish discovery when a prefix is set (default true).
    public var discovery: Bool
    /// Also publish intents on Hermes topics (`hermes/intent/<name>`) for Rhasspy/Node-RED flows.
    public var hermes: Bool

    public init(_ t: ConfigTable) {
        host = t.string("host", default: "localhost")
        port = t.int("port", default: 1883, in: 1...65535)
        prefix = t.string("prefix")
        clientID = t.string("client_id")
        keepalive = t.duration("keepalive", default: .seconds(30), in: .seconds(5)...(.seconds(3600)))
        let version = t.string("protocol", default: "3.1.1")
        switch version {
        case "3.1.1": protocolVersion = 4
        case "5": protocolVersion = 5
        default:
            protocolVersion = 4
            t.report("protocol", "is not a supported MQTT version", got: "\"\(version)\"", hint: "use \"3.1.1\" or \"5\"")
        }
        username = t.string("username")
        discoveryPrefix = t.string("discovery_prefix")
        discovery = t.bool("discovery", default: true)
        hermes = t.bool("hermes", default: false)
        if let d = discoveryPrefix, let problem = MQTTTopic.nameProblem(d) {
            t.report("discovery_prefix", problem, got: "\"\(d)\"", hint: "Home Assistant's default is \"homeassistant\"")
        }
        tlsCAFile = t.string("tls_ca_file")
        tlsCertFile = t.string("tls_cert_file")
        tlsKeyFile = t.string("tls_key_file")
        if (tlsCertFile == nil) != (tlsKeyFile == nil) {
            t.report(tlsCertFile == nil ? "tls_key_file" : "tls_cert_file", "client certificate and key go together",
                     hint: "set both tls_cert_file and tls_key_file, or neither")
        }
        if tlsCAFile == nil, tlsCertFile != nil {
            t.report("tls_cert_file", "a client certificate needs TLS", hint: "set tls_ca_file too")
        }
        if t.has("password") {
            t.report("password", "secrets are not read from the config file",
                     hint: "put it in $CREDENTIALS_DIRECTORY/mqtt-password (systemd LoadCredential=) or $HARK_MQTT_PASSWORD")
        }
        if host.isEmpty { t.report("host", "must not be empty", got: "\"\"") }
        if let prefix, let problem = MQTTTopic.nameProblem(prefix) {
            t.report("prefix", problem, got: "\"\(prefix)\"", hint: "a prefix is a plain topic such as \"hark/kitchen\"")
        } else if let prefix, prefix.hasSuffix("/") {
            t.report("prefix", "must not end with '/'", got: "\"\(prefix)\"")
        }
    }
}
