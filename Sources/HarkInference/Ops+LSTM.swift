import Foundation

extension Ops {
    /// One LSTM cell step (PyTorch gate order i, f, g, o), updating `h[H]` and `c[H]` in place.
    /// x[I], weightIH[4H, I], weightHH[4H, H], biases[4H]; `gates` is scratch of 4H floats.
    public static func lstmCell(x: UnsafePointer<Float>, inputSize: Int, hiddenSize n: Int,
                                weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>,
                                biasIH: UnsafePointer<Float>, biasHH: UnsafePointer<Float>,
                                h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
                                gates: UnsafeMutablePointer<Float>) {
        for i in 0..<(4 * n) { gates[i] = biasIH[i] + biasHH[i] }
        accumulateRow(x, k: inputSize, weight: weightIH, n: 4 * n, into: gates)
        accumulateRow(h, k: n, weight: weightHH, n: 4 * n, into: gates)
        for j in 0..<n {
            let i = sigmoid(gates[j]), f = sigmoid(gates[n + j])
            let g = tanhf(gates[2 * n + j]), o = sigmoid(gates[3 * n + j])
            let cell = f * c[j] + i * g
            c[j] = cell
            h[j] = o * tanhf(cell)
        }
    }
}
