import Foundation
import HarkModels
import Testing

/// The encoder's buffers start at a given capacity and grow when a longer context is first encoded.
@Suite struct WhisperEncoderTests {
    @Test func growsToALongerContextAndEncodesAsAFullSizedEncoder() throws {
        let weights = try WhisperWeights.shared(Installed.store())
        let small = WhisperEncoder(weights: weights, capacity: 50), full = WhisperEncoder(weights: weights)
        #expect(small.capacity == 50 && full.capacity == 1500)
        let mel = (0..<(2 * 120 * WhisperWeights.mels)).map { _ in Float.random(in: -1...1) }
        small.encode(mel: mel, positions: 40)
        #expect(small.capacity == 50)
        small.encode(mel: mel, positions: 120)
        #expect(small.capacity >= 120 && small.positions == 120)
        full.encode(mel: mel, positions: 120)
        let count = 120 * WhisperWeights.dim
        let worst = (0..<count).map { abs(small.output[$0] - full.output[$0]) }.max() ?? .nan
        #expect(worst <= 1e-5, "worst difference \(worst)")
    }
}
