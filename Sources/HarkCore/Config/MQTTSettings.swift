/// `[mqtt]`: the broker connection. (Extended by the sensors work.)
public struct MQTTSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Topic prefix; nil means `hark/<device id>`.
    public var prefix: String?
    public var clientID: String?
    public var keepalive: Duration

    public init(_ t: ConfigTable) {
        host = t.string("host", default: "localhost")
        port = t.int("port", default: 1883, in: 1...65535)
        prefix = t.string("prefix")
        clientID = t.string("client_id")
        keepalive = t.duration("keepalive", default: .seconds(30), in: .seconds(5)...(.seconds(3600)))
        if host.isEmpty { t.report("host", "must not be empty", got: "\"\"") }
        if let prefix, let problem = MQTTTopic.nameProblem(prefix) {
            t.report("prefix", problem, got: "\"\(prefix)\"", hint: "a prefix is a plain topic such as \"hark/kitchen\"")
        } else if let prefix, prefix.hasSuffix("/") {
            t.report("prefix", "must not end with '/'", got: "\"\(prefix)\"")
        }
    }
}
