import HarkCore
import Testing

/// Inputs the libFuzzer targets (scripts/fuzz.sh, docs/operations.md) crashed on, kept so the
/// fixes stay fixed.
@Suite struct FuzzFindingsTests {
    /// `prometheus` target: a /metrics body with `inf` as a value trapped in `Int(_:)` inside
    /// DaemonReport (what `hark status` prints). The fuzzer's input, as found.
    @Test func statusReportTakesInfiniteAndHugeValues() {
        let found = """
            # HELP hark_build_info Hark's version.
            # TYPE hark_build_info gaug"sensors"} 1
            hark_stage_up{stage="audio.capture"} 0
            hark_alerts_active{ruseosuorsle="ho# HE# HELPLtemgs_total{se",le="+Inf"} inf Hark's version.
            # TYPE hark_bui4
            hark_uptime_seconds 3600

            """
        let report = DaemonReport(samples: PrometheusSample.parse(found))
        #expect(report.alerts.map(\.count) == [9_007_199_254_740_992])
        #expect(report.render(endpoint: "x").contains("active alerts: 9007199254740992"))

        let extreme = """
            hark_status_info{status="mqtt connected"} 1
            hark_uptime_seconds +Inf
            hark_process_resident_memory_bytes NaN
            hark_mqtt_connects_total -Inf
            hark_mqtt_dropped_messages_total 1e300
            hark_sensor_input_dropped_total 1e300
            hark_alerts_active{rule="a",sensor="s"} 1e300
            hark_alerts_active{rule="b",sensor="s"} 1e300
            hark_sensor_readings_total -1e300
            """
        let r = DaemonReport(samples: PrometheusSample.parse(extreme))
        #expect(r.uptimeSeconds == 9_007_199_254_740_992)
        #expect(r.residentBytes == 0)
        let rows = Dictionary(r.counters, uniquingKeysWith: { a, _ in a })
        #expect(rows["mqtt reconnects"] == "0")
        #expect(rows["mqtt/sensor messages dropped"] == "9007199254740992")
        #expect(rows["sensor readings"] == "-9007199254740992")
        let text = r.render(endpoint: "x")
        #expect(text.contains("active alerts: 9007199254740992"), "\(text)")
        #expect(text.contains("uptime:  9007199254740992s"), "\(text)")
    }

    /// The same trap waited in config durations: `1e300s` is not a duration (and not a crash).
    @Test func hugeDurationsAreRejectedNotTrapped() {
        #expect(DurationText.parse("1e300s") == nil)
        #expect(DurationText.parse("9300000000000000s") == nil)
        #expect(DurationText.parse("9000000000000000ms") == .milliseconds(9_000_000_000_000_000))
        #expect(DurationText.format(.seconds(Int64.max / 2)) == "\(Int64.max / 2)s")
        #expect(DurationText.format(.seconds(90)) == "90s")
    }

    /// `config` target: `a = [[[[…` 4,684 deep overflowed the stack in the recursive parser (after
    /// 499,371 executions). Nesting is now bounded: a clear error with the line, and 64 levels still parse.
    @Test func deeplyNestedValuesAreASyntaxErrorNotAStackOverflow() throws {
        for open in ["[", "{ b = "] {
            let deep = "a = " + String(repeating: open, count: 100_000)
            #expect(throws: TOMLParser.SyntaxError.self) { try TOMLParser.parse(deep) }
            do {
                _ = try TOMLParser.parse(deep)
            } catch {
                #expect(error.line == 1)
                #expect(error.message.contains("nested more than 64 deep"), "\(error.message)")
            }
        }
        let deepest = "a = " + String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64)
        _ = try TOMLParser.parse(deepest)
        let mixed = "a = " + String(repeating: "[{ b = ", count: 32) + "1" + String(repeating: "}]", count: 32)
        _ = try TOMLParser.parse(mixed)
        #expect(throws: TOMLParser.SyntaxError.self) {
            try TOMLParser.parse("a = " + String(repeating: "[", count: 65) + "1" + String(repeating: "]", count: 65))
        }
    }
}
