/// Splits a byte stream into Wyoming events: a JSON header line (`type`, `version`,
/// `data_length`, `payload_length`) ending in `\n`, then `data_length` bytes of JSON data, then
/// `payload_length` bytes of payload. Missing lengths count as 0; data inline in the header (old
/// clients) is merged under the separate data. A value type: feed bytes, pull events.
public struct WyomingFrameDecoder: Sendable {
    public struct Limits: Sendable, Equatable {
        public var maxHeaderBytes: Int
        public var maxDataBytes: Int
        public var maxPayloadBytes: Int
        public init(maxHeaderBytes: Int = 16 * 1024, maxDataBytes: Int = 256 * 1024, maxPayloadBytes: Int = 1 << 20) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxDataBytes = maxDataBytes
            self.maxPayloadBytes = maxPayloadBytes
        }
    }

    private struct Header {
        var type: String
        var inline: [(String, JSONValue)]
        var dataLength: Int
        var payloadLength: Int
    }

    public let limits: Limits
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the newline search resumes (bytes before it hold none).
    private var scanned = 0
    private var header: Header?
    private var failed: WyomingFrameError?

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Bytes received and not yet returned as events.
    public var bufferedBytes: Int { buffer.count - start }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard failed == nil else { return }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete event, nil when more bytes are needed. After an error it keeps
    /// returning that error (the stream cannot be resynchronised).
    public mutating func next() throws(WyomingFrameError) -> WyomingEvent? {
        if let failed { throw failed }
        do {
            return try decode()
        } catch {
            failed = error
            buffer = []
            start = 0
            throw error
        }
    }

    private mutating func decode() throws(WyomingFrameError) -> WyomingEvent? {
        if header == nil {
            var newline: Int?
            var i = max(scanned, start)
            while i < buffer.count {
                if buffer[i] == 0x0A { newline = i; break }
                i += 1
            }
            guard let end = newline else {
                scanned = buffer.count
                if buffer.count - start > limits.maxHeaderBytes { throw .headerTooLong(limit: limits.maxHeaderBytes) }
                return nil
            }
            if end - start > limits.maxHeaderBytes { throw .headerTooLong(limit: limits.maxHeaderBytes) }
            header = try parseHeader(Array(buffer[start..<end]))
            start = end + 1
            scanned = start
        }
        guard let h = header, buffer.count - start >= h.dataLength + h.payloadLength else {
            compact()
            return nil
        }
        var data = h.inline
        if h.dataLength > 0 {
            guard case let .object(fields)? = JSONValue.parse(bytes: Array(buffer[start..<start + h.dataLength]),
                                                              maxBytes: limits.maxDataBytes)
            else { throw .dataNotJSONObject }
            for (k, v) in fields {
                if let i = data.firstIndex(where: { $0.0 == k }) { data[i].1 = v } else { data.append((k, v)) }
            }
        }
        let payloadStart = start + h.dataLength
        let payload = Array(buffer[payloadStart..<payloadStart + h.payloadLength])
        start = payloadStart + h.payloadLength
        scanned = start
        header = nil
        compact()
        return WyomingEvent(h.type, data, payload: payload)
    }

    private func parseHeader(_ line: [UInt8]) throws(WyomingFrameError) -> Header {
        guard case let .object(fields)? = JSONValue.parse(bytes: line, maxBytes: limits.maxHeaderBytes) else { throw .headerNotJSON }
        let h = JSONValue.object(fields)
        guard let type = h["type"]?.stringValue, !type.isEmpty else { throw .missingType }
        func length(_ key: String) throws(WyomingFrameError) -> Int {
            guard let v = h[key] else { return 0 }
            if case .null = v { return 0 }
            guard let n = v.numberValue, n >= 0, n == n.rounded(), n < 1e12 else { throw .badLength(field: key) }
            return Int(n)
        }
        let dataLength = try length("data_length")
        let payloadLength = try length("payload_length")
        if dataLength > limits.maxDataBytes { throw .dataTooLong(length: dataLength, limit: limits.maxDataBytes) }
        if payloadLength > limits.maxPayloadBytes { throw .payloadTooLong(length: payloadLength, limit: limits.maxPayloadBytes) }
        var inline: [(String, JSONValue)] = []
        if let d = h["data"] {
            switch d {
            case let .object(o): inline = o
            case .null: break
            default: throw .dataNotJSONObject
            }
        }
        return Header(type: type, inline: inline, dataLength: dataLength, payloadLength: payloadLength)
    }

    /// Drops consumed bytes once they are most of the buffer (amortised O(1) per byte).
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            scanned -= start
            start = 0
        } else if start > 4096, start * 2 > buffer.count {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
    }
}
