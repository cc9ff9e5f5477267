/// `[device]`: who this device is. The id names it in MQTT topics and client ids.
public struct DeviceSettings: Sendable, Equatable {
    /// Device id; nil means "use the host name" (resolved by the daemon at start).
    public var id: String?
    public var name: String
    /// Where durable state lives (alert store); `$STATE_DIRECTORY` from systemd overrides it.
    public var stateDir: String

    public init(_ t: ConfigTable) {
        id = t.string("id")
        name = t.string("name", default: "Hark")
        stateDir = t.string("state_dir", default: "/var/lib/hark")
        if stateDir.isEmpty { t.report("state_dir", "must not be empty", got: "\"\"") }
        if let id, let problem = Self.idProblem(id) {
            t.report("id", problem, got: "\"\(id)\"", hint: "use letters, digits, '-' and '_' (it becomes part of MQTT topics)")
        }
    }

    public static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "must not be empty" }
        if id.count > 64 { return "must be at most 64 characters" }
        let ok = id.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" }
        return ok ? nil : "may only contain letters, digits, '-' and '_'"
    }
}
