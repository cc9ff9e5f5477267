import Foundation

/// Hand-checked speech extents of Debian's pocketsphinx-testdata recordings, in ms from the start
/// of each file. Derived without Hark's segmenter: `scripts/speech-extent.py FILE --verbose`
/// (10 ms RMS frames, speech = runs of ≥ 3 frames more than 10 dB above the file's 10th-percentile
/// floor), then each onset/offset checked by reading the dB trace around it (onset = first frame of
/// the rise out of the floor; offset = where the decay reaches the floor); where the rule missed a
/// weak word tail the end was set by hand (commented). See docs/audio.md.
enum SegmentReference {
    static let dataDir = "/usr/share/pocketsphinx/test/data"
    static let recordings: [(file: String, startMs: Int, endMs: Int)] = [
        ("cards/001.wav", 180, 940),
        ("cards/002.wav", 130, 1700),
        ("cards/003.wav", 110, 1240),
        ("cards/004.wav", 220, 1240),
        ("cards/005.wav", 210, 3230),
        ("goforward.raw", 500, 2380),      // by hand: final fricative run 2330–2370 ms kept
        ("numbers.raw", 500, 3470),
        ("something.raw", 460, 2210),
        ("librivox/sense_and_sensibility_01_austen_64kb-0870.wav", 250, 6740),  // by hand: tail −33…−38 dB decays at 6750
        ("librivox/sense_and_sensibility_01_austen_64kb-0880.wav", 260, 2790),  // by hand: decays into the floor at 2790
        ("librivox/sense_and_sensibility_01_austen_64kb-0890.wav", 290, 4990),  // by hand: decay ends 4990 (20 ms click at 5030 not speech)
        ("librivox/sense_and_sensibility_01_austen_64kb-0920.wav", 320, 5800),  // by hand: decays into the floor at 5800
        ("librivox/sense_and_sensibility_01_austen_64kb-0930.wav", 290, 2880),  // by hand: decays into the floor at 2880
    ]

    /// Builds the test signal: 1 s of digital silence, then each recording followed by 1.5 s of
    /// padding, alternately digital silence and white noise at about −45 dBFS (seeded, so the file
    /// is the same every run). Returns the 16 kHz samples and the expected extents in seconds.
    static func composite() throws -> (samples: [Int16], expected: [(start: Double, end: Double)]) {
        var out = [Int16](repeating: 0, count: 16_000)
        var expected: [(Double, Double)] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for (i, r) in recordings.enumerated() {
            let samples = try load("\(dataDir)/\(r.file)")
            let offset = Double(out.count) / 16_000
            expected.append((offset + Double(r.startMs) / 1000, offset + Double(r.endMs) / 1000))
            out += samples
            for _ in 0..<24_000 {
                if i % 2 == 0 { out.append(0); continue }
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                out.append(Int16(Int((seed >> 33) % 637) - 318))  // uniform ±318: RMS ≈ 184 ≈ −45 dBFS
            }
        }
        return (out, expected)
    }

    static func load(_ path: String) throws -> [Int16] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let body = path.hasSuffix(".raw") ? data : data.subdata(in: dataOffset(data)..<data.count)
        return body.withUnsafeBytes { raw in (0..<(body.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) } }
    }

    private static func dataOffset(_ d: Data) -> Int {
        let b = [UInt8](d)
        var o = 12
        while o + 8 <= b.count {
            let size = Int(b[o + 4]) | Int(b[o + 5]) << 8 | Int(b[o + 6]) << 16 | Int(b[o + 7]) << 24
            if b[o..<o + 4] == [0x64, 0x61, 0x74, 0x61] { return o + 8 }
            o += 8 + size + (size & 1)
        }
        return 44
    }

    static func wav(_ samples: [Int16]) -> Data {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + samples.count * 2); d.append(contentsOf: Array("WAVE".utf8))
        d.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(16_000); u32(32_000); u16(2); u16(16)
        d.append(contentsOf: Array("data".utf8)); u32(samples.count * 2)
        samples.withUnsafeBufferPointer { d.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 2)) }
        return d
    }
}
