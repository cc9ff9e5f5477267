/// Writes Wyoming events: the header line (`type`, `version`, `data_length`, `payload_length`)
/// never carries data inline, and a data object is always sent (`{}` when empty), since
/// Python readers stop at 64 KiB lines and some clients index `data` unconditionally.
public enum WyomingFrameEncoder {
    /// The protocol version Hark speaks (the wyoming package it is tested with).
    public static let protocolVersion = "1.10.2"

    public static func encode(_ event: WyomingEvent, into out: inout [UInt8]) {
        let data = Array(JSONValue.object(event.data).serialized.utf8)
        let header = "{\"type\":\(JSONWriter.quote(event.type)),\"version\":\"\(protocolVersion)\","
            + "\"data_length\":\(data.count),\"payload_length\":\(event.payload.count)}\n"
        out.append(contentsOf: header.utf8)
        out.append(contentsOf: data)
        out.append(contentsOf: event.payload)
    }

    public static func encode(_ event: WyomingEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + event.payload.count)
        encode(event, into: &out)
        return out
    }
}
