import HarkCore
import Testing

@Suite struct SensorReaderTests {
    private func sensor(_ toml: String) throws -> SensorSettings {
        try HarkConfig.parse(text: "[[sensor]]\nname = \"t\"\n" + toml, file: "t.toml").get().sensors[0]
    }

    @Test func jsonPathsAndWildcardInstances() throws {
        let reader = SensorReader(try sensor("topic = \"factory/+/line/+/temp\"\npayload = \"json\"\nvalue_path = \"data.values[1]\"\nscale = 0.1\noffset = 1"))
        #expect(reader.instance(of: "factory/m1/line/3/temp") == "m1/3")
        #expect(reader.instance(of: "factory/m1/temp") == nil)
        let r = try reader.read(payload: Array(#"{"data":{"values":[1, 250, 3]},"x":[{"y":null}]}"#.utf8), instance: "m1/3", receivedAt: 100).get()
        #expect(r.value == 26)
        #expect(r.time == 100)
        #expect(r.key == "t/m1/3")
    }

    @Test func timestampsFromPayload() throws {
        let reader = SensorReader(try sensor("topic = \"a\"\npayload = \"json\"\nvalue_path = \"v\"\ntimestamp_path = \"ts\""))
        #expect(try reader.read(payload: Array(#"{"v":1,"ts":"2026-11-25T06:00:00.500Z"}"#.utf8), instance: "", receivedAt: 0).get().time == 1_795_586_400.5)
        #expect(try reader.read(payload: Array(#"{"v":1,"ts":1795586400500}"#.utf8), instance: "", receivedAt: 0).get().time == 1_795_586_400.5)
        #expect(throws: ReadingRejection.self) { try reader.read(payload: Array(#"{"v":1,"ts":"yesterday"}"#.utf8), instance: "", receivedAt: 0).get() }
    }

    @Test(arguments: [
        ("abc", "not_a_number"), ("nan", "not_finite"), ("inf", "not_finite"), ("1e400", "not_finite"),
        ("500", "out_of_range"), ("-41", "out_of_range"), (String(repeating: "1", count: 5000), "too_large"), ("", "not_a_number"),
    ])
    func plainNumberRejections(payload: String, reason: String) throws {
        let reader = SensorReader(try sensor("topic = \"a\"\nmin = -40\nmax = 200"))
        switch reader.read(payload: Array(payload.utf8), instance: "", receivedAt: 0) {
        case .success: Issue.record("accepted \(payload)")
        case let .failure(r): #expect(r.reason == reason)
        }
    }

    @Test func deepAndMalformedJSONIsRejectedWithoutCrashing() throws {
        let reader = SensorReader(try sensor("topic = \"a\"\npayload = \"json\"\nvalue_path = \"v\"\nmax_payload_bytes = 1048576"))
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(.json(.tooDeep)) = reader.read(payload: Array(deep.utf8), instance: "", receivedAt: 0) else {
            Issue.record("deep JSON not rejected as too deep"); return
        }
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,0123456789.eE-+ truefalsnv\"#.utf8)
        var accepted = 0
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            if case .success = reader.read(payload: bytes, instance: "", receivedAt: 0) { accepted += 1 }
        }
        #expect(accepted < 5000)
        #expect(throws: Never.self) { _ = reader.read(payload: Array(#"{"v":"12.5"}"#.utf8), instance: "", receivedAt: 0) }
    }

    @Test func pathParsing() {
        #expect(JSONScanner.parsePath("a.b[2].c") == [.key("a"), .key("b"), .index(2), .key("c")])
        #expect(JSONScanner.parsePath("[\"odd.key\"]") == [.key("odd.key")])
        #expect(JSONScanner.parsePath("a..b") == nil)
        #expect(JSONScanner.parsePath("") == nil)
    }

    @Test func timestampsRoundTrip() {
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.parse("2000-03-01 12:00:00+02:00") == 951_904_800)
        #expect(Timestamp.format(951_904_800.25) == "2000-03-01T10:00:00.250Z")
        #expect(Timestamp.parse("2000-13-01T00:00:00Z") == nil)
    }
}
