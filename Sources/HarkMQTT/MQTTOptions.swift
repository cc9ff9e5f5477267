/// How to reach the broker and who we are there.
public struct MQTTOptions: Sendable {
    public struct TLS: Sendable, Equatable {
        public var caFile: String
        public var certFile: String?
        public var keyFile: String?
        public var insecure: Bool

        public init(caFile: String, certFile: String? = nil, keyFile: String? = nil, insecure: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.insecure = insecure
        }
    }

    public var host: String
    public var port: Int
    /// Fixed client id: with `cleanSession` off the broker keeps our QoS 1 subscriptions and queue.
    public var clientID: String
    public var keepalive: Duration
    public var cleanSession: Bool
    public var username: String?
    /// From a credential, never from the config file; never logged.
    public var password: String?
    public var tls: TLS?
    /// 4 = MQTT 3.1.1, 5 = MQTT 5.
    public var protocolVersion: Int
    /// `<prefix>/status`: retained `online` after each connect, `offline` as last will and on stop.
    public var statusTopic: String?
    public var reconnectBase: Duration
    public var reconnectCap: Duration
    /// Unacknowledged QoS 1 messages in flight at once (0 = unlimited).
    public var maxInflight: Int

    public init(
        host: String = "localhost", port: Int = 1883, clientID: String, keepalive: Duration = .seconds(30),
        cleanSession: Bool = false, username: String? = nil, password: String? = nil, tls: TLS? = nil,
        protocolVersion: Int = 4, statusTopic: String? = nil, reconnectBase: Duration = .seconds(1),
        reconnectCap: Duration = .seconds(30), maxInflight: Int = 100
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.keepalive = keepalive
        self.cleanSession = cleanSession
        self.username = username
        self.password = password
        self.tls = tls
        self.protocolVersion = protocolVersion
        self.statusTopic = statusTopic
        self.reconnectBase = reconnectBase
        self.reconnectCap = reconnectCap
        self.maxInflight = maxInflight
    }
}
