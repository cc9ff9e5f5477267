/// The current state of one alert (one rule × one sensor instance).
public struct Alert: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case raised, acknowledged, cleared
    }

    /// Stable id: rule name plus sensor instance, safe as an MQTT topic level.
    public var id: String
    public var rule: String
    public var sensor: String
    public var instance: String
    public var state: State
    public var severity: Severity
    public var value: Double
    public var limit: Double
    public var unit: String
    public var message: String
    public var raisedAt: Double
    public var acknowledgedAt: Double?
    public var clearedAt: Double?
    public var updatedAt: Double

    public static func id(rule: String, instance: String) -> String {
        let raw = instance.isEmpty ? rule : "\(rule)-\(instance)"
        return String(raw.unicodeScalars.map { s -> Character in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))) || s == "-" || s == "_" ? Character(s) : "_"
        })
    }

    /// The JSON published retained on `<prefix>/alerts/<id>` and inside events.
    public func json(sequence: Int64) -> String {
        var w = JSONWriter()
        w.field("id", id)
        w.field("sequence", sequence)
        w.field("rule", rule)
        w.field("sensor", sensor)
        w.field("instance", instance)
        w.field("state", state.rawValue)
        w.field("severity", severity.rawValue)
        w.field("value", value)
        w.field("limit", limit)
        w.field("unit", unit)
        w.field("message", message)
        w.field("raised_at", Timestamp.format(raisedAt))
        w.field("acknowledged_at", acknowledgedAt.map(Timestamp.format))
        w.field("cleared_at", clearedAt.map(Timestamp.format))
        w.field("updated_at", Timestamp.format(updatedAt))
        return w.finish()
    }
}

/// What happened to an alert; each becomes one message on `<prefix>/alerts/events`.
public struct AlertTransition: Sendable, Equatable {
    public enum Event: String, Sendable, Codable {
        case raised, escalated, renotified, acknowledged, cleared
        case clearedUnacknowledged = "cleared_unacknowledged"
    }

    public var event: Event
    public var alert: Alert

    /// The event JSON: the alert's state plus `event`.
    public func json(sequence: Int64) -> String {
        var state = alert.json(sequence: sequence)
        state.removeFirst()
        return "{\"event\":\"\(event.rawValue)\"," + state
    }
}
