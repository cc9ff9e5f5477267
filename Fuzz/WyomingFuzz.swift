// The `wyoming` fuzz target: a Wyoming connection's byte stream, fed to WyomingFrameDecoder in
// arbitrary splits, every decoded event handed to a WyomingServerSession (audio formats, PCM
// conversion, the request state machine) as the server's connection does.
//
// Input: byte 0 seeds the split pattern, byte 1 picks the session's capabilities, the rest is
// the stream. Oracle: decoding the stream in the input's splits must give exactly the events
// and the error that decoding it in one piece gives (a divergence traps: a crash for libFuzzer).

enum WyomingFuzz {
    static func run(_ input: [UInt8]) {
        guard input.count >= 2 else { return }
        let stream = input[2...]
        let whole = decode(stream, seed: nil)
        let split = decode(stream, seed: input[0])
        guard whole.events == split.events, whole.error == split.error else {
            fatalError("wyoming: split decoding (seed \(input[0])) diverged from whole decoding: "
                       + "\(split.events.count) vs \(whole.events.count) events, \(String(describing: split.error)) vs \(String(describing: whole.error))")
        }
        var session = WyomingServerSession(capabilities: capabilities(input[1]))
        for event in split.events { drive(&session, event) }
    }

    /// Every event and the first error, appending `stream` in one piece (seed nil) or in chunks
    /// of 1 to 2^(seed % 8 + 1) bytes from a generator seeded by `seed`.
    static func decode(_ stream: ArraySlice<UInt8>, seed: UInt8?) -> (events: [WyomingEvent], error: WyomingFrameError?) {
        var decoder = WyomingFrameDecoder()
        var events: [WyomingEvent] = []
        var state = UInt64(seed ?? 0) &* 0x9E37_79B9_7F4A_7C15 | 1
        var i = stream.startIndex
        while i < stream.endIndex {
            var n = stream.endIndex - i
            if let seed {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                n = min(n, Int(state >> 33) % (2 << (seed % 8)) + 1)
            }
            decoder.append(stream[i..<i + n])
            i += n
            do {
                while let event = try decoder.next() { events.append(event) }
            } catch {
                return (events, error)
            }
        }
        return (events, nil)
    }

    /// Speech-to-text and wake word always; text-to-speech and satellite mode from `flags`.
    static func capabilities(_ flags: UInt8) -> WyomingServerSession.Capabilities {
        .init(info: WyomingEvent("info", [("asr", .array([]))]), asr: flags & 1 == 0, wakeModels: flags & 2 == 0 ? ["okay_nabu", "hey_jarvis"] : [],
              tts: flags & 4 != 0, satellite: flags & 8 != 0, maxTranscribeSamples: 4 * 16_000)
    }

    /// Hands `event` to the session and answers the work it asks for as the connection would.
    static func drive(_ session: inout WyomingServerSession, _ event: WyomingEvent) {
        var pending = session.handle(event)
        var steps = 0
        while !pending.isEmpty, steps < 64 {
            steps += 1
            var next: [WyomingServerSession.Action] = []
            for action in pending {
                switch action {
                case let .send(out):
                    _ = WyomingFrameEncoder.encode(out)
                case .close, .satellite, .wakeStart, .wakeAudio:
                    break
                case let .transcribe(samples, language):
                    next += session.transcribed(text: "\(samples.count) samples", language: language)
                case let .wakeStop(generation):
                    next += session.wakeFinished(generation: generation)
                case .synthesize:
                    next += session.synthesized(samples: [1, -1, 2, -2], rate: 22_050)
                }
            }
            pending = next
        }
    }
}
