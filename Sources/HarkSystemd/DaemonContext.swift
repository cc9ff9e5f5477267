import HarkCore
import Logging

/// What every service factory gets: the config and the daemon's shared runtime parts.
public struct DaemonContext: Sendable {
    public var config: HarkConfig
    public var logger: Logger
    public var health: HealthRegistry
    public var status: DaemonStatus
    public var counters: Counters
    public var credentials: Credentials
    public var configUpdates: ConfigUpdates
    /// The device id (`[device] id` or the host name).
    public var deviceID: String
    /// `[mqtt] prefix` or `hark/<device id>`.
    public var topicPrefix: String

    public init(
        config: HarkConfig, logger: Logger, health: HealthRegistry, status: DaemonStatus, counters: Counters,
        credentials: Credentials, configUpdates: ConfigUpdates, hostName: String
    ) {
        self.config = config
        self.logger = logger
        self.health = health
        self.status = status
        self.counters = counters
        self.credentials = credentials
        self.configUpdates = configUpdates
        self.deviceID = config.deviceID(fallback: Self.sanitizedID(hostName))
        self.topicPrefix = config.topicPrefix(hostName: Self.sanitizedID(hostName))
    }

    /// A host name made usable as a device id (letters, digits, '-', '_').
    public static func sanitizedID(_ host: String) -> String {
        let first = host.split(separator: ".").first.map(String.init) ?? host
        let cleaned = String(first.unicodeScalars.map { s -> Character in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))) || s == "-" || s == "_" ? Character(s) : "_"
        })
        return cleaned.isEmpty ? "hark" : cleaned
    }
}
