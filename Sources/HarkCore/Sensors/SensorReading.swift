/// One accepted reading: which sensor instance, its value (after scale/offset) and when.
public struct SensorReading: Sendable, Equatable {
    public var sensor: String
    /// The values of the topic filter's `+` levels joined by "/" ("" when the filter has none).
    public var instance: String
    public var value: Double
    /// Seconds since 1970 (from the payload's timestamp, else when it was received).
    public var time: Double

    public init(sensor: String, instance: String, value: Double, time: Double) {
        self.sensor = sensor
        self.instance = instance
        self.value = value
        self.time = time
    }

    public var key: String { instance.isEmpty ? sensor : "\(sensor)/\(instance)" }
}

/// Why a payload was not accepted as a reading.
public enum ReadingRejection: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case notANumber(String)
    case notFinite
    case outOfRange(value: Double, min: Double?, max: Double?)
    case json(JSONScanner.Failure)
    case badTimestamp(String)

    /// Short stable name for counters.
    public var reason: String {
        switch self {
        case .tooLarge: "too_large"
        case .notANumber: "not_a_number"
        case .notFinite: "not_finite"
        case .outOfRange: "out_of_range"
        case .json: "bad_json"
        case .badTimestamp: "bad_timestamp"
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit): "payload of \(bytes) bytes exceeds max_payload_bytes \(limit)"
        case let .notANumber(text): "payload is not a number (got '\(text.prefix(40))')"
        case .notFinite: "value is NaN or infinite"
        case let .outOfRange(v, lo, hi): "value \(v) outside the plausible range [\(lo.map { "\($0)" } ?? "-∞"), \(hi.map { "\($0)" } ?? "∞")]"
        case let .json(f): "JSON payload: \(f)"
        case let .badTimestamp(text): "timestamp is not epoch seconds/milliseconds or ISO-8601 (got '\(text.prefix(40))')"
        }
    }
}
