import HarkCore
import Testing

@Suite struct WyomingFrameTests {
    private func decodeAll(_ bytes: [UInt8], split: Int? = nil) throws -> [WyomingEvent] {
        var d = WyomingFrameDecoder()
        var out: [WyomingEvent] = []
        let step = split ?? bytes.count
        var i = 0
        while i < bytes.count {
            d.append(bytes[i..<min(bytes.count, i + step)])
            while let e = try d.next() { out.append(e) }
            i += step
        }
        return out
    }

    @Test func roundTripsEveryEventWhateverTheChunking() throws {
        let events = [
            WyomingEvent("describe"),
            WyomingEvent("transcript", [("text", .string("turn on the light ünïcode \"q\"\n"))]),
            WyomingEvent("audio-chunk", [("rate", .number(16000)), ("width", .number(2)), ("channels", .number(1))],
                         payload: (0..<3000).map { UInt8($0 & 0xFF) }),
        ]
        let bytes = events.flatMap(WyomingFrameEncoder.encode)
        for split in [1, 7, 100, bytes.count] {
            #expect(try decodeAll(bytes, split: split) == events, "split \(split)")
        }
    }

    @Test func headerNeverCarriesDataAndDataIsAlwaysSent() throws {
        let bytes = WyomingFrameEncoder.encode(WyomingEvent("describe"))
        let line = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
        let header = try #require(JSONValue.parse(line))
        #expect(header["data"] == nil)
        #expect(header["type"]?.stringValue == "describe")
        #expect(header["version"]?.stringValue == WyomingFrameEncoder.protocolVersion)
        #expect(header["data_length"]?.numberValue == 2)
        #expect(header["payload_length"]?.numberValue == 0)
        #expect(Array(bytes.suffix(2)) == Array("{}".utf8))
    }

    @Test func acceptsPythonStyleFramesWithoutLengthsAndInlineData() throws {
        let text = "{\"type\": \"describe\", \"version\": \"1.10.2\"}\n"
            + "{\"type\": \"detect\", \"data\": {\"names\": [\"a\"], \"x\": 1}, \"data_length\": 8}\n{\"x\": 2}"
        let events = try decodeAll(Array(text.utf8))
        #expect(events.map(\.type) == ["describe", "detect"])
        #expect(events[1]["x"] == .number(2))
        #expect(events[1]["names"] == .array([.string("a")]))
    }

    @Test(arguments: [
        ("{\"type\":\"x\",\"data_length\":-1}\n", "bad-length"),
        ("{\"type\":\"x\",\"data_length\":\"3\"}\n", "bad-length"),
        ("{\"type\":\"x\",\"payload_length\":1.5}\n", "bad-length"),
        ("{\"data_length\":0}\n", "missing-type"),
        ("{\"type\":7}\n", "missing-type"),
        ("[1]\n", "header-not-json"),
        ("not json\n", "header-not-json"),
        ("{\"type\":\"x\",\"data_length\":99999999}\n", "data-too-long"),
        ("{\"type\":\"x\",\"payload_length\":99999999}\n", "payload-too-long"),
        ("{\"type\":\"x\",\"data_length\":3}\n[1]", "data-not-json"),
        ("{\"type\":\"x\",\"data\":[1]}\n", "data-not-json"),
    ])
    func rejectsMalformedFrames(frame: String, code: String) {
        var d = WyomingFrameDecoder()
        d.append(Array(frame.utf8))
        #expect(throws: WyomingFrameError.self) { _ = try d.next() }
        do { _ = try d.next() } catch { #expect(error.code == code) }
    }

    @Test func headerWithoutNewlineFailsAtTheLimitNotLater() throws {
        var d = WyomingFrameDecoder(limits: .init(maxHeaderBytes: 1024))
        d.append([UInt8](repeating: 0x20, count: 1000))
        #expect(try d.next() == nil)
        d.append([UInt8](repeating: 0x20, count: 100))
        #expect(throws: WyomingFrameError.headerTooLong(limit: 1024)) { _ = try d.next() }
    }

    @Test func truncatedFrameWaitsAndKeepsNothingAfterwards() throws {
        var d = WyomingFrameDecoder()
        let full = WyomingFrameEncoder.encode(WyomingEvent("audio-chunk", payload: [UInt8](repeating: 1, count: 500)))
        d.append(full.prefix(full.count - 1))
        #expect(try d.next() == nil)
        d.append(full.suffix(1))
        #expect(try d.next()?.payload.count == 500)
        #expect(d.bufferedBytes == 0)
    }
}

@Suite struct PCMConverterTests {
    private func bytes16(_ s: [Int16]) -> [UInt8] { s.flatMap { [UInt8(UInt16(bitPattern: $0) & 0xFF), UInt8(UInt16(bitPattern: $0) >> 8)] } }

    @Test func modelFormatPassesThroughAcrossOddChunks() {
        let samples: [Int16] = (0..<1000).map { Int16($0 * 7 - 3000) }
        let b = bytes16(samples)
        var c = PCMConverter(input: .model)
        var out: [Int16] = []
        var i = 0
        while i < b.count { c.convert(Array(b[i..<min(b.count, i + 333)]), into: &out); i += 333 }
        #expect(out == samples)
    }

    @Test func stereoIsAveragedAnd48kHzDecimated() {
        // 48 kHz stereo: left = 3000, right = 1000 → mono 2000; 4800 frames → 1600 samples (±1).
        let frame = bytes16([3000, 1000])
        let b = Array((0..<4800).map { _ in frame }.joined())
        var c = PCMConverter(input: .init(rate: 48000, width: 2, channels: 2))
        var out: [Int16] = []
        for start in stride(from: 0, to: b.count, by: 1000) { c.convert(Array(b[start..<min(b.count, start + 1000)]), into: &out) }
        #expect(abs(out.count - 1600) <= 1)
        #expect(out.allSatisfy { $0 == 2000 })
    }

    @Test func eightKHzIsInterpolatedWithoutSeams() {
        // A ramp at 8 kHz stays a ramp at 16 kHz (midpoints between neighbours), across chunk boundaries.
        let ramp: [Int16] = (0..<800).map { Int16($0 * 10) }
        let b = bytes16(ramp)
        var c = PCMConverter(input: .init(rate: 8000, width: 2, channels: 1))
        var out: [Int16] = []
        for start in stride(from: 0, to: b.count, by: 202) { c.convert(Array(b[start..<min(b.count, start + 202)]), into: &out) }
        #expect(abs(out.count - 1600) <= 2)
        for i in 1..<out.count { #expect(out[i] - out[i - 1] == 5, "step at \(i)") }
    }
}
