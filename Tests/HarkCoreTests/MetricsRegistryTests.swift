import HarkCore
import Testing

@Suite struct MetricsRegistryTests {
    @Test func prometheusTextNamesTypesAndEscapes() {
        let c = Counters()
        c.counter("mqtt_received_messages").increment(by: 7)
        c.counter("sensor_rejected", labels: ["sensor": "te\"mp\\x\ny", "reason": "not_a_number"]).increment()
        c.gauge("cloud_tokens_today").set(42)
        let text = PrometheusText.render(c)
        #expect(text.contains("# TYPE hark_mqtt_received_messages_total counter\nhark_mqtt_received_messages_total 7\n"))
        #expect(text.contains("# HELP hark_mqtt_received_messages_total MQTT messages received from the broker.\n"))
        #expect(text.contains(#"hark_sensor_rejected_total{reason="not_a_number",sensor="te\"mp\\x\ny"} 1"#))
        #expect(text.contains("# TYPE hark_cloud_tokens_today gauge\nhark_cloud_tokens_today 42\n"))
        // What is rendered parses back to the same values and labels.
        let samples = PrometheusSample.parse(text)
        #expect(samples.contains(PrometheusSample(name: "hark_sensor_rejected_total",
                                                  labels: ["sensor": "te\"mp\\x\ny", "reason": "not_a_number"], value: 1)))
        #expect(samples.contains(PrometheusSample(name: "hark_mqtt_received_messages_total", value: 7)))
    }

    @Test func histogramBucketsAreCumulativeWithSumAndCount() {
        let c = Counters()
        let h = c.histogram("intent_duration_seconds", labels: ["source": "template"], buckets: [0.01, 0.1, 1])
        h.observe(.milliseconds(5))
        h.observe(.milliseconds(50))
        h.observe(.milliseconds(50))
        h.observe(.seconds(3))
        #expect(c.histogram("intent_duration_seconds", labels: ["source": "template"]) === h)
        let (cumulative, count, sum) = h.snapshot
        #expect(cumulative == [1, 3, 3, 4])
        #expect(count == 4)
        #expect(abs(sum - 3.105) < 1e-9)
        let text = PrometheusText.render(c)
        #expect(text.contains("# TYPE hark_intent_duration_seconds histogram\n"))
        #expect(text.contains(#"hark_intent_duration_seconds_bucket{source="template",le="0.1"} 3"#))
        #expect(text.contains(#"hark_intent_duration_seconds_bucket{source="template",le="+Inf"} 4"#))
        #expect(text.contains(#"hark_intent_duration_seconds_count{source="template"} 4"#))
        #expect(text.contains(#"hark_intent_duration_seconds_sum{source="template"} 3.105"#))
    }

    @Test func collectorsRunBeforeExportAndRemoveAllKeepsCurrentSeries() {
        let c = Counters()
        c.gauge("alerts_active", labels: ["rule": "hot"]).set(1)
        let keep = c.gauge("alerts_active", labels: ["rule": "cold"])
        keep.set(2)
        c.removeAll("alerts_active", keeping: [keep.key])
        #expect(c.snapshot.map(\.key) == [#"alerts_active{rule="cold"}"#])
        c.addCollector { $0.gauge("uptime_seconds").set(9) }
        #expect(c.value("uptime_seconds") == 0)
        c.collect()
        #expect(c.value("uptime_seconds") == 9)
    }

    @Test func sampleParserSkipsCommentsAndMalformedLines() {
        let samples = PrometheusSample.parse("""
            # HELP x y
            ok_metric{a="1"} 2.5
            broken{a="1" 3
            nolabels +Inf
            {} 1
            novalue
            """)
        #expect(samples == [PrometheusSample(name: "ok_metric", labels: ["a": "1"], value: 2.5),
                            PrometheusSample(name: "nolabels", value: .infinity)])
    }

    @Test func reportFlagsStalledStagesAndDegradedParts() {
        let healthy = DaemonReport(samples: PrometheusSample.parse("""
            hark_build_info{version="1.2.3"} 1
            hark_status_info{status="mqtt connected to 127.0.0.1:1883; sensors 1 active alert(s); hark running"} 1
            hark_stage_up{stage="mqtt.loop"} 1
            hark_stage_up{stage="sensors"} 1
            hark_alerts_active{rule="hot",sensor="temp",severity="warning"} 1
            hark_sensor_readings_total{sensor="temp"} 5
            hark_sensor_readings_total{sensor="hum"} 6
            hark_mqtt_connects_total 3
            """))
        #expect(healthy.healthy)
        #expect(healthy.version == "1.2.3")
        #expect(healthy.alerts == [.init(rule: "hot", sensor: "temp", severity: "warning", count: 1)])
        #expect(healthy.counters.contains { $0 == ("sensor readings", "11") })
        #expect(healthy.counters.contains { $0 == ("mqtt reconnects", "2") })
        let text = healthy.render(endpoint: "http://x/metrics")
        #expect(text.contains("healthy") && text.contains("ok      sensors") && text.contains("warning hot on temp"))

        let sick = DaemonReport(samples: PrometheusSample.parse("""
            hark_status_info{status="mqtt disconnected; retrying in 2s; audio degraded: device gone; hark running"} 1
            hark_stage_up{stage="audio.capture"} 0
            """))
        #expect(!sick.healthy)
        #expect(sick.problems == ["stage audio.capture has stalled", "mqtt: disconnected", "audio: degraded: device gone"])
        #expect(!DaemonReport(samples: []).healthy)
    }

    @Test func metricsListenIsValidated() {
        #expect(MetricsSettings.split("127.0.0.1:9757")! == ("127.0.0.1", 9757))
        #expect(MetricsSettings.split("[::1]:80")! == ("::1", 80))
        #expect(MetricsSettings.split("9757") == nil)
        #expect(MetricsSettings.split("host:0") == nil)
        guard case let .failure(errors) = HarkConfig.parse(text: "[metrics]\nlisten = \"localhost\"\n", file: "h.toml") else {
            Issue.record("bad listen accepted")
            return
        }
        #expect(errors.description.contains("h.toml:2: metrics.listen: must be host:port"))
    }
}
