import Foundation
import HarkMQTT
import HarkTestSupport
import Logging
import Testing

/// The daemon's Wyoming server driven by the real `wyoming==1.10.2` client in Home Assistant's
/// sequences (scripts/wyoming/ha_client.py), and by a frame fuzzer.
@Suite(.serialized, .timeLimit(.minutes(5))) struct WyomingServiceTests {
    @Test func describeIsAnsweredWithinOneSecondWithEveryArtifactDescribed() throws {
        let rig = try WyomingRig()
        defer { _ = rig.stop() }
        for _ in 0..<3 {
            let r = try rig.client("info")
            let seconds = try #require(r["seconds"] as? Double)
            #expect(seconds < 1.0)
            #expect(r["tts"] as? [String] == ["espeak-ng"])
            let data = try #require(r["data"] as? [String: Any])
            let tts = try #require((data["tts"] as? [[String: Any]])?.first)
            for artifact in [tts] + ((tts["voices"] as? [[String: Any]]) ?? []) {
                #expect(artifact["name"] is String)
                let attribution = artifact["attribution"] as? [String: Any]
                #expect(attribution?["name"] is String && attribution?["url"] is String)
                #expect(artifact["installed"] as? Bool == true)
                #expect(artifact.keys.contains("version"))
            }
            // No models in this rig: nothing claimed that is not there.
            #expect((r["asr"] as? [String])?.isEmpty == true)
            #expect((r["wake"] as? [String])?.isEmpty == true)
            #expect(r["satellite"] is NSNull)
        }
    }

    @Test func synthesizeGivesValidSixteenBitPCM() throws {
        let rig = try WyomingRig()
        defer { _ = rig.stop() }
        let r = try rig.client("tts", "--text", "The kitchen light is on.")
        let format = try #require(r["format"] as? [String: Int], "\(r)")
        #expect(format["width"] == 2 && format["channels"] == 1)
        let rate = try #require(format["rate"])
        #expect((8000...48000).contains(rate))
        let samples = try #require(r["samples"] as? Int)
        #expect(r["bytes"] as? Int == samples * 2)
        #expect(samples > rate / 2, "under half a second of speech")
        #expect((r["peak"] as? Int ?? 0) > 1000, "silent audio")
        #expect(r["order"] as? [String] == ["audio-start", "audio-stop"])
    }

    @Test func connectionsAreBoundedAndIdleOnesClosed() throws {
        let rig = try WyomingRig(wyoming: "max_connections = 2\nidle_timeout = \"1s\"")
        defer { _ = rig.stop() }
        let r = try rig.client("limits", "--hold", "2")
        let extra = try #require(r["extra"] as? [String: Any])
        #expect(extra["type"] as? String == "error" && extra["code"] as? String == "too-many-connections" && extra["closed"] as? Bool == true)
        let idle = try #require(r["idle"] as? [[String: Any]])
        #expect(idle.count == 2)
        for c in idle { #expect(c["code"] as? String == "idle-timeout" && c["closed"] as? Bool == true) }
        #expect(r["served_after"] as? Bool == true)
    }

    /// 1,000 malformed or truncated frames, each on its own connection: every one answered with an
    /// `error` or a close, `describe` still answered, MQTT stats still published (with the errors
    /// counted), and no memory growth after a warm-up round.
    @Test func badFramesAreAnsweredAndLeaveTheRestOfTheDaemonAlone() async throws {
        let rig = try WyomingRig()
        defer { _ = rig.stop() }
        let r = try rig.run("fuzz_frames.py", ["--port", String(rig.port), "--count", "1000", "--pid", String(rig.daemon.pid)])
        #expect(r.status == 0, "\(r.json) \(r.stderr)")
        let outcomes = try #require(r.json["outcomes"] as? [String: Int])
        #expect(outcomes["hang"] == 0)
        #expect((outcomes["error"] ?? 0) + (outcomes["closed"] ?? 0) == 1000)
        #expect((outcomes["error"] ?? 0) >= 700, "the malformed (not merely truncated) frames get an error event: \(outcomes)")
        #expect(r.json["describe_failures"] as? Int == 0)
        // VmRSS before the fuzzing and after every 100 connections. The first 100 are the warm-up
        // round (every kind of bad frame 7 times over: allocator arenas, NIO's buffers, the decoder's
        // paths all touched). A leak grows with every connection, so the last 500 would add 5× a
        // warm-up round's worth of it; one-time growth does not recur. The last 500 may add no more
        // than the warm-up round did, plus the RSS's movement at rest and one extension of glibc's
        // heap (M_TOP_PAD, 128 KiB, plus a page): seen once, at the 400th-500th connection, under load.
        let rss = try #require(r.json["rss_kib"] as? [Int])
        #expect(rss.count == 11, "\(rss)")
        // The daemon's RSS at rest still moves a little by itself (stats published every second):
        // its range over a second once the fuzzing is over.
        var idle: [Int] = []
        for _ in 0..<10 {
            idle += [rig.rssKiB].compactMap { $0 }
            try await Task.sleep(for: .milliseconds(100))
        }
        let jitter = (idle.max() ?? 0) - (idle.min() ?? 0)
        let warmUp = rss[1] - rss[0], lastHalf = rss[10] - rss[5]
        let bound = max(warmUp, 0) + jitter + 128 + 4
        print("wyoming fuzz: rss KiB \(rss), warm-up +\(warmUp) KiB, last 500 connections \(lastHalf) KiB (bound \(bound) KiB, idle jitter \(jitter) KiB)")
        #expect(lastHalf <= bound, "RSS grew \(lastHalf) KiB over the last 500 bad connections (warm-up +\(warmUp) KiB): \(rss)")
        #expect(rig.daemon.isRunning)

        // The MQTT side still works and counts what happened.
        let peer = try MQTTClient(options: MQTTOptions(host: "127.0.0.1", port: rig.broker.port, clientID: "wyo-peer"), logger: Logger(label: "t"))
        let stats = peer.subscribe("hark/wyo/stats", qos: 0)
        peer.start()
        await peer.waitUntilConnected()
        // Published every second (the first message may predate the fuzzing's end).
        var counted = 0, last = ""
        var messages = 0
        for await m in stats {
            last = m.text
            messages += 1
            if let range = m.text.range(of: #""wyoming_errors_sent":"#) {
                counted = Int(m.text[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            if counted >= 700 || messages >= 5 { break }
        }
        #expect(counted >= 700, "stats: \(last)")
        await peer.stop()
        #expect(rig.stop() == 0)
    }
}
