import Foundation
import HarkInference
import Testing

/// The intent classifier's linear layer: trained by gradient descent on OpenBLAS, calibrated by a
/// temperature chosen on a held-out part.
@Suite struct SoftmaxRegressionTests {
    /// Points around three well-separated unit directions in 8 dimensions, plus a fourth class of
    /// points around the origin's opposite side; deterministic noise.
    static func data(perClass: Int, noise: Float) -> ([[Float]], [Int]) {
        var x: [[Float]] = [], y: [Int] = []
        var seed: UInt64 = 42
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(seed >> 40) / Float(1 << 24) * 2 - 1
        }
        for i in 0..<(perClass * 4) {
            let c = i % 4
            var v = (0..<8).map { _ in next() * noise }
            if c < 3 { v[c] += 1 } else { v[0] -= 1; v[1] -= 1 }
            x.append(v)
            y.append(c)
        }
        return (x, y)
    }

    @Test func learnsSeparableClassesWithProbabilitiesThatSumToOne() {
        let (x, y) = Self.data(perClass: 40, noise: 0.3)
        let model = SoftmaxRegression.fit(features: x, labels: y, classes: 4)
        var right = 0
        for (v, label) in zip(x, y) {
            let p = model.probabilities(v)
            #expect(abs(p.reduce(0, +) - 1) < 1e-4)
            if p.indices.max(by: { p[$0] < p[$1] }) == label { right += 1 }
        }
        #expect(right == x.count, "training accuracy \(right)/\(x.count)")
        #expect(model.temperature >= Float(SoftmaxRegression.minimumTemperature) && model.temperature <= 10)
        // New points of class 1 are class 1, confidently.
        let p = model.probabilities([0.1, 0.9, 0, 0, 0.05, 0, 0, 0])
        #expect(p[1] > 0.9, "\(p)")
    }

    @Test func overlappingClassesGetLowerConfidence() {
        let (clean, cleanY) = Self.data(perClass: 40, noise: 0.2)
        let (noisy, noisyY) = Self.data(perClass: 40, noise: 1.5)
        let sure = SoftmaxRegression.fit(features: clean, labels: cleanY, classes: 4)
        let unsure = SoftmaxRegression.fit(features: noisy, labels: noisyY, classes: 4)
        let point: [Float] = [0.5, 0.5, 0, 0, 0, 0, 0, 0] // between class 0 and 1
        let a = sure.probabilities(point).max()!, b = unsure.probabilities(point).max()!
        #expect(b < 0.9, "noisy model top probability \(b)")
        #expect(a < 1 && b < 1)
        // On noisy data the held-out calibration softens (T > the sharpest setting).
        #expect(unsure.temperature > Float(SoftmaxRegression.minimumTemperature), "T = \(unsure.temperature)")
    }
}
