/// The PCM format an `audio-start`/`audio-chunk` declares (`rate`, `width` bytes, `channels`).
public struct WyomingAudioFormat: Sendable, Equatable {
    public var rate: Int
    public var width: Int
    public var channels: Int

    public init(rate: Int, width: Int, channels: Int) {
        self.rate = rate
        self.width = width
        self.channels = channels
    }

    /// What the models take: 16 kHz, 16-bit, mono.
    public static let model = WyomingAudioFormat(rate: 16_000, width: 2, channels: 1)

    /// The format in `event`'s data, or why it is unusable.
    public static func from(_ event: WyomingEvent) -> Result<WyomingAudioFormat, WyomingRequestError> {
        guard let r = event["rate"]?.numberValue, let w = event["width"]?.numberValue, let c = event["channels"]?.numberValue,
              r == r.rounded(), w == w.rounded(), c == c.rounded(), abs(r) < 1e9, abs(w) < 1e9, abs(c) < 1e9
        else { return .failure(.init("\(event.type) needs integer rate, width and channels", code: "bad-audio-format")) }
        let f = WyomingAudioFormat(rate: Int(r), width: Int(w), channels: Int(c))
        guard (4000...192_000).contains(f.rate), [1, 2, 4].contains(f.width), (1...8).contains(f.channels) else {
            return .failure(.init("unsupported audio format rate=\(f.rate) width=\(f.width) channels=\(f.channels): "
                                  + "send 16000 Hz, 2-byte, mono PCM (rates 4000-192000, widths 1/2/4 and up to 8 channels are converted)",
                                  code: "unsupported-audio-format"))
        }
        return .success(f)
    }

    public var dataFields: [(String, JSONValue)] {
        [("rate", .number(Double(rate))), ("width", .number(Double(width))), ("channels", .number(Double(channels)))]
    }
}

/// A request the server refuses (the connection stays usable unless said otherwise).
public struct WyomingRequestError: Error, Equatable, Sendable {
    public var text: String
    public var code: String
    public init(_ text: String, code: String) {
        self.text = text
        self.code = code
    }
}
