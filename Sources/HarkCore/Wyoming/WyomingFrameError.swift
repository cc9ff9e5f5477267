/// A frame that breaks the Wyoming wire format. The connection cannot be resynchronised after
/// one: the server answers with `error{code}` and closes.
public enum WyomingFrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `\n` within the header limit (Python readers stop at 64 KiB).
    case headerTooLong(limit: Int)
    case headerNotJSON
    case missingType
    /// `data_length`/`payload_length` not a non-negative integer.
    case badLength(field: String)
    case dataTooLong(length: Int, limit: Int)
    case payloadTooLong(length: Int, limit: Int)
    /// The data bytes are not one JSON object.
    case dataNotJSONObject

    public var code: String {
        switch self {
        case .headerTooLong: "header-too-long"
        case .headerNotJSON: "header-not-json"
        case .missingType: "missing-type"
        case .badLength: "bad-length"
        case .dataTooLong: "data-too-long"
        case .payloadTooLong: "payload-too-long"
        case .dataNotJSONObject: "data-not-json"
        }
    }

    public var description: String {
        switch self {
        case let .headerTooLong(limit): "header line longer than \(limit) bytes without a newline"
        case .headerNotJSON: "header line is not a JSON object"
        case .missingType: "header has no \"type\" string"
        case let .badLength(field): "header field \"\(field)\" is not a non-negative integer"
        case let .dataTooLong(length, limit): "data_length \(length) exceeds the limit of \(limit) bytes"
        case let .payloadTooLong(length, limit): "payload_length \(length) exceeds the limit of \(limit) bytes"
        case .dataNotJSONObject: "data is not a JSON object"
        }
    }
}
