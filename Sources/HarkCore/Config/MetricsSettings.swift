/// `[metrics]`: the Prometheus endpoint.
public struct MetricsSettings: Sendable, Equatable {
    /// `host:port` for `GET /metrics`; empty means off (the default).
    public var listen: String
    public var host: String { Self.split(listen)?.host ?? "" }
    public var port: Int { Self.split(listen)?.port ?? 0 }
    public var enabled: Bool { !listen.isEmpty }

    public init(_ t: ConfigTable) {
        listen = t.string("listen", default: "")
        if !listen.isEmpty, Self.split(listen) == nil {
            t.report("listen", "must be host:port with a port from 1 to 65535", got: "\"\(listen)\"",
                     hint: "e.g. \"127.0.0.1:9757\" (loopback only) or \"[::]:9757\"; leave empty for off")
        }
    }

    /// `127.0.0.1:9757`, `[::1]:9757`, `localhost:9757` → host and port.
    public static func split(_ s: String) -> (host: String, port: Int)? {
        guard let colon = s.lastIndex(of: ":") else { return nil }
        var host = String(s[..<colon])
        guard let port = Int(s[s.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        return (host, port)
    }
}
