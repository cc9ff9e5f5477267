import Foundation
import HarkInference
import HarkModels
import Testing

@Suite struct ModelStoreTests {
    @Test func sha256StandardVectors() {
        var a = SHA256(); a.update(Array("abc".utf8))
        #expect(a.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var e = SHA256()
        #expect(e.finalize() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var m = SHA256(); m.update([UInt8](repeating: 0x61, count: 1_000_000))
        #expect(m.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A copy of the installed Silero files with one flipped byte: loading fails naming the file.
    @Test func corruptedModelFileIsNamed() throws {
        let installed = try Installed.store()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["manifest.json", SileroVAD.fileName] {
            try FileManager.default.copyItem(at: installed.directory.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let copy = try ModelStore(directory: dir)
        _ = try SileroVAD(store: copy)
        var bytes = try Data(contentsOf: dir.appendingPathComponent(SileroVAD.fileName))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: dir.appendingPathComponent(SileroVAD.fileName))
        let fresh = try ModelStore(directory: dir)
        do {
            _ = try SileroVAD(store: fresh)
            Issue.record("corrupted file accepted")
        } catch let e as ModelFileError {
            #expect(e.file.hasSuffix(SileroVAD.fileName))
            #expect(e.description.contains("sha256"))
        }
        try bytes.prefix(1000).write(to: dir.appendingPathComponent(SileroVAD.fileName))
        #expect(throws: ModelFileError.self) { _ = try SileroVAD(store: ModelStore(directory: dir)) }
        #expect(throws: ModelFileError.self) { _ = try SentenceEmbedder(store: ModelStore(directory: dir)) }
    }

    @Test func missingManifestSaysRunMakeModels() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hark-empty-\(UUID().uuidString)")
        #expect { _ = try ModelStore(directory: dir) } throws: { ($0 as? ModelFileError)?.description.contains("make models") == true }
    }
}
