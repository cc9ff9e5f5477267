import Foundation
import HarkTestSupport
import Testing

/// `hark segment` on real recordings padded with silence and noise finds each utterance within
/// 150 ms of the hand-checked boundaries (SegmentReference), and nothing else.
@Suite struct SegmentCommandTests {
    struct Found: Decodable { var start: Double; var end: Double }

    @Test func findsEachUtteranceWithin150ms() throws {
        let (samples, expected) = try SegmentReference.composite()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hark-segment-\(UUID().uuidString).wav")
        try SegmentReference.wav(samples).write(to: url)
        let p = try ChildProcess(executable: BinaryLocator.hark.path, arguments: ["segment", "--json", url.path])
        #expect(p.wait(timeout: .seconds(120)) == 0, "\(p.errorOutput())")
        let found = try p.output().split(separator: "\n").map { try JSONDecoder().decode(Found.self, from: Data($0.utf8)) }
        #expect(found.count == expected.count, "found \(found.map { ($0.start, $0.end) })")
        for (e, f) in zip(expected, found) {
            #expect(abs(f.start - e.start) <= 0.150, "start \(f.start) vs reference \(e.start)")
            #expect(abs(f.end - e.end) <= 0.150, "end \(f.end) vs reference \(e.end)")
        }
    }
}
