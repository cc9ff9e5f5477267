import Foundation

/// Reads 16-bit PCM WAV (mono, or the first channel of several), including the
/// streaming form espeak-ng writes to a pipe (sizes 0 or 0xFFFFFFFF: data runs to the end).
public enum WAVReader {
    public static func mono16(_ data: Data) throws -> ([Int16], Int) {
        let bytes = [UInt8](data)
        func u32(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24 }
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else {
            throw AudioPlayback.PlaybackError.wav("no RIFF/WAVE header")
        }
        var o = 12, channels = 1, rate = 16_000, bits = 16
        while o + 8 <= bytes.count {
            let id = String(decoding: bytes[o..<o + 4], as: UTF8.self)
            var size = u32(o + 4)
            if id == "fmt " {
                channels = u16(o + 10); rate = u32(o + 12); bits = u16(o + 22)
            } else if id == "data" {
                guard bits == 16 else { throw AudioPlayback.PlaybackError.wav("\(bits)-bit samples (need 16)") }
                if size == 0 || size == 0xFFFF_FFFF || o + 8 + size > bytes.count { size = bytes.count - o - 8 }
                let frameBytes = 2 * max(channels, 1)
                let n = size / frameBytes
                var out = [Int16](repeating: 0, count: n)
                for i in 0..<n { out[i] = Int16(bitPattern: UInt16(u16(o + 8 + i * frameBytes))) }
                return (out, rate)
            }
            o += 8 + size + (size & 1)
        }
        throw AudioPlayback.PlaybackError.wav("no data chunk")
    }
}
