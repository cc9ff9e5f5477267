/// Converts little-endian PCM of any supported `WyomingAudioFormat` to 16 kHz 16-bit mono,
/// chunk by chunk (chunks of any size; a partial frame is kept for the next chunk). Channels are
/// averaged; the rate is changed by linear interpolation that carries across chunk boundaries.
public struct PCMConverter: Sendable {
    public let input: WyomingAudioFormat
    private var carry: [UInt8] = []
    /// Position of the next output sample, in input samples relative to the current chunk
    /// (may be in [-1, 0): between the previous chunk's last sample and this chunk's first).
    private var position = 0.0
    private var previous: Float?
    private let step: Double

    public init(input: WyomingAudioFormat) {
        self.input = input
        step = Double(input.rate) / 16_000
    }

    /// Appends the converted samples of `bytes` to `out`.
    public mutating func convert(_ bytes: [UInt8], into out: inout [Int16]) {
        let frameBytes = input.width * input.channels
        if input == .model, carry.isEmpty, bytes.count % 2 == 0 {
            out.reserveCapacity(out.count + bytes.count / 2)
            var i = 0
            while i < bytes.count {
                out.append(Int16(bitPattern: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8))
                i += 2
            }
            return
        }
        let all = carry + bytes
        let frames = all.count / frameBytes
        carry = Array(all[(frames * frameBytes)...])
        guard frames > 0 else { return }
        var mono = [Float](repeating: 0, count: frames)
        for f in 0..<frames {
            var sum: Float = 0
            for c in 0..<input.channels { sum += sample(all, at: f * frameBytes + c * input.width) }
            mono[f] = sum / Float(input.channels)
        }
        if input.rate == 16_000 {
            for v in mono { out.append(Self.clip(v)) }
            return
        }
        let count = mono.count
        while position < Double(count - 1) {
            let i = Int(position.rounded(.down))
            let frac = Float(position - Double(i))
            let a = i < 0 ? (previous ?? mono[0]) : mono[i]
            let b = mono[i + 1]
            out.append(Self.clip(a + (b - a) * frac))
            position += step
        }
        position -= Double(count)
        previous = mono[count - 1]
    }

    /// One sample scaled to Int16 range.
    private func sample(_ b: [UInt8], at o: Int) -> Float {
        switch input.width {
        case 1: return (Float(b[o]) - 128) * 256
        case 2: return Float(Int16(bitPattern: UInt16(b[o]) | UInt16(b[o + 1]) << 8))
        default:
            let u = UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
            return Float(Int32(bitPattern: u)) / 65536
        }
    }

    private static func clip(_ v: Float) -> Int16 { Int16(max(-32768, min(32767, v.rounded()))) }
}
