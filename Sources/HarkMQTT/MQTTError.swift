/// A libmosquitto call that failed, with the function name and libmosquitto's explanation.
public struct MQTTError: Error, Sendable, CustomStringConvertible {
    public let function: String
    public let code: Int32
    public let message: String

    public var description: String { "\(function) failed: \(message) (\(code))" }

    public static let notRunning = MQTTError(function: "MQTTClient", code: -1, message: "the client is stopped")
}
