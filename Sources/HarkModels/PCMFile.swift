import Foundation

/// Reads 16-bit PCM mono audio as Float samples in [-1, 1]: RIFF/WAVE files (PCM format 1) or
/// headerless `.raw` files (s16le; sample rate assumed by the caller). For inspection tools and tests.
public enum PCMFile {
    public struct Audio: Sendable {
        public var sampleRate: Int
        public var samples: [Float]
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var file: String
        public var problem: String
        public var description: String { "\(file): \(problem)" }
        public init(file: String, problem: String) { self.file = file; self.problem = problem }
    }

    public static func read(_ url: URL, rawSampleRate: Int = 16000) throws -> Audio {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FormatError(file: url.path, problem: "cannot read")
        }
        let bytes = [UInt8](data)
        if url.pathExtension.lowercased() == "raw" {
            return Audio(sampleRate: rawSampleRate, samples: pcm16(bytes[...]))
        }
        func u32(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24 }
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw FormatError(file: url.path, problem: "not a RIFF/WAVE file")
        }
        var offset = 12
        var rate = 0, channels = 0, bits = 0, format = 0
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " && body + 16 <= bytes.count {
                format = u16(body); channels = u16(body + 2); rate = u32(body + 4); bits = u16(body + 14)
            } else if id == "data" {
                guard format == 1 || format == 0xFFFE, bits == 16, channels == 1 else {
                    throw FormatError(file: url.path, problem: "need 16-bit PCM mono (got format \(format), \(bits) bits, \(channels) channels)")
                }
                let end = min(bytes.count, body + size)
                return Audio(sampleRate: rate, samples: pcm16(bytes[body..<end]))
            }
            offset = body + size + (size & 1)
        }
        throw FormatError(file: url.path, problem: "no data chunk")
    }

    static func pcm16(_ bytes: ArraySlice<UInt8>) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let v = Int16(bitPattern: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
            out.append(Float(v) / 32768)
            i += 2
        }
        return out
    }
}
