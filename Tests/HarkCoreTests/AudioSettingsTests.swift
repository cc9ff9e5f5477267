import HarkCore
import Testing

@Suite struct AudioSettingsTests {
    private func problems(_ text: String) -> [String] {
        switch HarkConfig.parse(text: text, file: "hark.toml") {
        case .success: return []
        case let .failure(errors): return errors.diagnostics.map { "\($0)" }
        }
    }

    @Test func defaultsGiveQuickEndpointing() throws {
        let audio = try HarkConfig.parse(text: "", file: "hark.toml").get().audio
        #expect(audio.enabled && audio.device == "default" && audio.outputDevice.isEmpty)
        #expect(audio.periodFrames == 512 && audio.bufferFrames == 4096)
        let e = audio.endpointing
        #expect(e.endSilenceMs == 500 && e.minSpeechMs == 250 && e.prerollMs == 300 && e.maxUtteranceMs == 15_000)
        #expect(audio.ttsCommand == ["espeak-ng", "--stdout"])
    }

    @Test func durationsAndSizesAreRead() throws {
        let audio = try HarkConfig.parse(text: """
            [audio]
            device = "plughw:1,0"
            output_device = "default"
            period_frames = 256
            buffer_frames = 2048
            end_silence = "300ms"
            preroll = 0.2
            max_utterance = "8s"
            """, file: "hark.toml").get().audio
        #expect(audio.device == "plughw:1,0" && audio.outputDevice == "default")
        #expect(audio.periodFrames == 256 && audio.bufferFrames == 2048)
        #expect(audio.endpointing.endSilenceMs == 300 && audio.endpointing.prerollMs == 200 && audio.endpointing.maxUtteranceMs == 8000)
        #expect(audio.endpointing.postrollMs == 300)
    }

    @Test func postrollDefaultsWithinEndSilenceAndMayNotExceedIt() throws {
        let short = try HarkConfig.parse(text: "[audio]\nend_silence = \"200ms\"\n", file: "hark.toml").get().audio
        #expect(short.endpointing.postrollMs == 200)
        let p = problems("[audio]\nend_silence = \"200ms\"\npostroll = \"250ms\"\n")
        #expect(p.count == 1 && p.first?.contains("hark.toml:3: audio.postroll: must not be longer than end_silence") == true, "\(p)")
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let p = problems("""
            [audio]
            period_frames = 1024
            buffer_frames = 1500
            reopen_min = "2s"
            reopen_max = "1s"
            end_silence = "10ms"
            device = ""
            """)
        #expect(p.count == 4, "\(p)")
        #expect(p.contains { $0.contains("hark.toml:3: audio.buffer_frames: must hold at least two periods") })
        #expect(p.contains { $0.contains("hark.toml:5: audio.reopen_max: must not be shorter than reopen_min") })
        #expect(p.contains { $0.contains("hark.toml:6: audio.end_silence: must be between") })
        #expect(p.contains { $0.contains("hark.toml:7: audio.device: must not be empty") })
    }
}
