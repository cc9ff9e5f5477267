/// One Wyoming event: a type, a JSON data object and an optional binary payload (PCM audio).
public struct WyomingEvent: Sendable, Equatable {
    public var type: String
    /// The data object's fields, in the order written.
    public var data: [(String, JSONValue)]
    public var payload: [UInt8]

    public init(_ type: String, _ data: [(String, JSONValue)] = [], payload: [UInt8] = []) {
        self.type = type
        self.data = data
        self.payload = payload
    }

    public static func == (a: WyomingEvent, b: WyomingEvent) -> Bool {
        a.type == b.type && a.payload == b.payload && JSONValue.object(a.data) == JSONValue.object(b.data)
    }

    public subscript(key: String) -> JSONValue? { data.first { $0.0 == key }?.1 }

    /// `error{text, code}`: what went wrong, for the client.
    public static func error(_ text: String, code: String) -> WyomingEvent {
        WyomingEvent("error", [("text", .string(text)), ("code", .string(code))])
    }
}
