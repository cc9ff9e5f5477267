import Foundation
import HarkCore

/// Runs VAD + endpointing over a whole 16 kHz mono 16-bit WAV file (for `hark segment`).
public enum FileSegmenter {
    public enum FileError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case wrongRate(String, Int)
        public var description: String {
            switch self {
            case let .unreadable(path, why): "\(path): cannot read: \(why)"
            case let .wrongRate(path, rate): "\(path): sample rate \(rate) Hz; need 16000 Hz mono 16-bit (convert with `sox IN -r 16000 -c 1 -b 16 OUT.wav`)"
            }
        }
    }

    public struct Result: Sendable {
        public var utterances: [Utterance]
        public var events: [SegmenterAction]
        public var seconds: Double
    }

    public static func segment(path: String, detector: any SpeechDetector, settings: EndpointingSettings) throws -> Result {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FileError.unreadable(path, "\(error.localizedDescription)")
        }
        let (samples, rate): ([Int16], Int)
        do { (samples, rate) = try WAVReader.mono16(data) } catch { throw FileError.unreadable(path, "\(error)") }
        guard rate == 16_000 else { throw FileError.wrongRate(path, rate) }
        detector.reset()
        var vad = ChunkedVAD(detector: detector)
        var seg = UtteranceSegmenter(settings: settings)
        var actions: [SegmenterAction] = []
        vad.feed(samples) { chunk, p in actions += seg.process(chunk, probability: p) }
        actions += seg.flush()
        let utterances = actions.compactMap { if case let .utterance(u) = $0 { u } else { nil } }
        return Result(utterances: utterances, events: actions.filter { if case .utterance = $0 { false } else { true } },
                      seconds: Double(samples.count) / 16_000)
    }
}
