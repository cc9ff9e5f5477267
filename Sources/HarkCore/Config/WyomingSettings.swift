/// `[wyoming]`: Hark's speech-to-text, wake word and voice as Wyoming services for Home
/// Assistant, and Hark as a Home Assistant satellite.
public struct WyomingSettings: Sendable, Equatable {
    /// Serve Wyoming at all.
    public var enabled: Bool
    /// Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface, for Home Assistant elsewhere).
    public var host: String
    public var port: Int
    /// Connections served at once; more are refused with an `error` event.
    public var maxConnections: Int
    /// A connection that sends nothing for this long is closed.
    public var idleTimeout: Duration
    /// Act as a Home Assistant satellite (microphone, speaker, local wake word) on `run-satellite`.
    public var satellite: Bool
    /// Name and area the satellite announces.
    public var satelliteName: String
    public var satelliteArea: String
    /// Announce the service as `_wyoming._tcp` with avahi-publish when it is installed.
    public var zeroconf: Bool

    public init(_ t: ConfigTable) {
        enabled = t.bool("enabled", default: false)
        host = t.string("host", default: "127.0.0.1")
        if host.isEmpty { t.report("host", "must not be empty", got: "\"\"", hint: "use 127.0.0.1, 0.0.0.0 or an address of this machine") }
        port = t.int("port", default: 10700, in: 1...65535)
        maxConnections = t.int("max_connections", default: 8, in: 1...256)
        idleTimeout = t.duration("idle_timeout", default: .seconds(60), in: .seconds(1)...(.seconds(86400)))
        satellite = t.bool("satellite", default: false)
        satelliteName = t.string("satellite_name", default: "Hark")
        satelliteArea = t.string("satellite_area", default: "")
        zeroconf = t.bool("zeroconf", default: true)
    }
}
