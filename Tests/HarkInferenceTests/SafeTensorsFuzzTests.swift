import Foundation
import HarkInference
import Testing

/// The safetensors loader never crashes: truncated, corrupted and random headers all give a
/// ModelFileError naming the file (and the tensor when one is at fault).
@Suite struct SafeTensorsFuzzTests {
    static func file(_ header: String, data: [UInt8]) -> [UInt8] {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }  // safetensors pads the header so data is aligned
        var out = [UInt8]()
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { out += $0 }
        return out + h + data
    }

    static let valid = file(#"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}"#,
                            data: (0..<32).map { UInt8($0) })

    func load(_ bytes: [UInt8]) -> Result<SafeTensorsFile, ModelFileError> {
        bytes.withUnsafeBytes { raw in
            Result { try SafeTensorsFile(path: "fuzz.safetensors", bytes: raw) }.mapError { $0 as! ModelFileError }
        }
    }

    @Test func validFileLoads() throws {
        let bytes = Self.valid
        try bytes.withUnsafeBytes { raw in
            let f = try SafeTensorsFile(path: "ok.safetensors", bytes: raw)
            let a = try f.float32("a", shape: [2, 3])
            #expect(a.count == 6)
            #expect(f.metadata == ["k": "v"])
            #expect(throws: ModelFileError(file: "ok.safetensors", tensor: "a", problem: "shape [2, 3], expected [3, 2]")) {
                try f.float32("a", shape: [3, 2])
            }
            #expect(throws: ModelFileError(file: "ok.safetensors", tensor: "zz", problem: "missing")) {
                try f.float32("zz", shape: [1])
            }
        }
    }

    @Test(arguments: [
        (#"{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,28]}}"#, "a"),
        (#"{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, "a"),
        (#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, "a"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, "a"),
        (#"{"a":{"dtype":"F32","shape":[20],"data_offsets":[0,80]}}"#, "a"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, "b"),
        (#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, "a"),
        (#"{"a":[1,2]}"#, "a"),
        (#"[1,2]"#, nil),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, "a"),
    ] as [(String, String?)])
    func badHeadersNameTheTensor(header: String, tensor: String?) {
        let r = load(Self.file(header, data: [UInt8](repeating: 0, count: 32)))
        guard case .failure(let e) = r else { Issue.record("accepted \(header)"); return }
        #expect(e.file == "fuzz.safetensors")
        #expect(e.tensor == tensor, "\(e)")
    }

    @Test func thousandsOfMutationsNeverCrash() {
        var rng = SystemRandomNumberGenerator()
        var seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 17 }
        var failures = 0
        for i in 0..<6000 {
            var bytes = Self.valid
            switch i % 4 {
            case 0: bytes = Array(bytes.prefix(Int(next() % UInt64(bytes.count))))           // truncated
            case 1: for _ in 0..<(1 + Int(next() % 4)) { bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next()) }
            case 2: bytes = (0..<Int(next() % 200)).map { _ in UInt8(truncatingIfNeeded: next()) }  // random
            default:                                                                       // random JSON-ish header
                let alphabet = Array(#"{}[]":,0123456789-.eE aFbdtypshapeF32I64data_offsets"#.utf8)
                let header = String(decoding: (0..<Int(next() % 120)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }, as: UTF8.self)
                bytes = Self.file(header, data: [UInt8](repeating: 1, count: Int(next() % 40)))
            }
            if case .failure(let e) = load(bytes) {
                failures += 1
                #expect(e.file == "fuzz.safetensors")
            } else if case .success(let f) = load(bytes) {
                // Whatever was accepted must be readable within bounds.
                for (name, entry) in f.entries where entry.dtype == "F32" {
                    if let t = try? f.float32(name, shape: entry.shape) { _ = t.data.reduce(0, +) }
                }
            }
        }
        #expect(failures > 3000)
    }
}
