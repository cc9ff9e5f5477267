import Foundation
import HarkInference
import Testing

/// Every operator against a plain loop reference, on random and odd shapes.
@Suite struct OpsTests {
    static func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -1...1) } }

    static func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-4) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
    }

    @Test(arguments: [(1, 7, 5), (1, 513, 129), (3, 1, 4), (17, 33, 9), (64, 65, 127)])
    func gemmMatchesLoops(m: Int, n: Int, k: Int) {
        for transposeB in [false, true] {
            let a = Self.random(m * k), b = Self.random(k * n)
            var c = [Float](repeating: 0, count: m * n)
            Ops.gemm(m: m, n: n, k: k, a: a, b: b, transposeB: transposeB, c: &c)
            var ref = [Float](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { for p in 0..<k {
                ref[i * n + j] += a[i * k + p] * (transposeB ? b[j * k + p] : b[p * n + j])
            } } }
            #expect(Self.close(c, ref), "m\(m) n\(n) k\(k) tB \(transposeB)")
        }
    }

    @Test(arguments: [
        ConvGeometry(inChannels: 3, outChannels: 5, kernel: 3, stride: 1, padding: 1),
        ConvGeometry(inChannels: 4, outChannels: 6, kernel: 5, stride: 2, padding: 2, dilation: 2, groups: 2),
        ConvGeometry(inChannels: 6, outChannels: 6, kernel: 3, stride: 3, padding: 0, groups: 6),
        ConvGeometry(inChannels: 1, outChannels: 7, kernel: 8, stride: 4, padding: 3, padRight: 0),
    ])
    func conv1dMatchesLoops(g: ConvGeometry) {
        let length = 23
        let x = Self.random(g.inChannels * length)
        let w = Self.random(g.outChannels * (g.inChannels / g.groups) * g.kernel), bias = Self.random(g.outChannels)
        let out = g.outputLength(length)
        var y = [Float](repeating: 0, count: g.outChannels * out)
        var scratch = [Float](repeating: 0, count: Ops.conv1dScratch(g, length: length))
        Ops.conv1d(x, length: length, g, weight: w, bias: bias, into: &y, scratch: &scratch)
        let cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups
        var ref = [Float](repeating: 0, count: g.outChannels * out)
        for o in 0..<g.outChannels {
            let group = o / coutG
            for t in 0..<out {
                var s = bias[o]
                for c in 0..<cinG { for k in 0..<g.kernel {
                    let i = t * g.stride + k * g.dilation - g.padLeft
                    if i >= 0 && i < length { s += w[(o * cinG + c) * g.kernel + k] * x[(group * cinG + c) * length + i] }
                } }
                ref[o * out + t] = s
            }
        }
        #expect(Self.close(y, ref))
    }

    @Test func conv2dMatchesLoops() {
        let h = ConvGeometry(inChannels: 4, outChannels: 6, kernel: 3, stride: 2, padding: 1, groups: 2)
        let wg = ConvGeometry(inChannels: 4, outChannels: 6, kernel: 2, stride: 1, padding: 0, dilation: 2, groups: 2)
        let (H, W) = (9, 7)
        let x = Self.random(4 * H * W), w = Self.random(6 * 2 * 3 * 2), bias = Self.random(6)
        let (oh, ow) = (h.outputLength(H), wg.outputLength(W))
        var y = [Float](repeating: 0, count: 6 * oh * ow)
        var scratch = [Float](repeating: 0, count: Ops.conv2dScratch(h, wg, height: H, width: W))
        Ops.conv2d(x, height: H, width: W, h, wg, weight: w, bias: bias, into: &y, scratch: &scratch)
        var ref = [Float](repeating: 0, count: 6 * oh * ow)
        for o in 0..<6 { let group = o / 3
            for py in 0..<oh { for px in 0..<ow {
                var s = bias[o]
                for c in 0..<2 { for ky in 0..<3 { for kx in 0..<2 {
                    let iy = py * 2 + ky - 1, ix = px + kx * 2
                    if iy >= 0 && iy < H && ix >= 0 && ix < W { s += w[((o * 2 + c) * 3 + ky) * 2 + kx] * x[((group * 2 + c) * H + iy) * W + ix] }
                } } }
                ref[(o * oh + py) * ow + px] = s
            } }
        }
        #expect(Self.close(y, ref))
    }

    @Test func lstmCellMatchesFormula() {
        let (inSize, n) = (5, 7)
        let x = Self.random(inSize), wih = Self.random(4 * n * inSize), whh = Self.random(4 * n * n)
        let bih = Self.random(4 * n), bhh = Self.random(4 * n)
        var h = Self.random(n), c = Self.random(n)
        let (h0, c0) = (h, c)
        var gates = [Float](repeating: 0, count: 4 * n)
        Ops.lstmCell(x: x, inputSize: inSize, hiddenSize: n, weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh,
                     h: &h, c: &c, gates: &gates)
        func sig(_ v: Float) -> Float { 1 / (1 + exp(-v)) }
        for j in 0..<n {
            var g = [Float](repeating: 0, count: 4)
            for q in 0..<4 {
                let r = q * n + j
                g[q] = bih[r] + bhh[r]
                for p in 0..<inSize { g[q] += wih[r * inSize + p] * x[p] }
                for p in 0..<n { g[q] += whh[r * n + p] * h0[p] }
            }
            let cc = sig(g[1]) * c0[j] + sig(g[0]) * tanh(g[2])
            #expect(abs(c[j] - cc) < 1e-5)
            #expect(abs(h[j] - sig(g[3]) * tanh(cc)) < 1e-5)
        }
    }

    @Test func normsAndActivations() {
        var x = Self.random(3 * 11).map { $0 * 5 }
        let gamma = Self.random(11), beta = Self.random(11)
        let original = x
        Ops.layerNorm(&x, rows: 3, cols: 11, gamma: gamma, beta: beta, eps: 1e-5)
        for r in 0..<3 {
            let row = Array(original[(r * 11)..<((r + 1) * 11)])
            let mean = row.reduce(0, +) / 11
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 11
            for i in 0..<11 { #expect(abs(x[r * 11 + i] - ((row[i] - mean) / (variance + 1e-5).squareRoot() * gamma[i] + beta[i])) < 1e-4) }
        }
        var s = original
        Ops.softmax(&s, rows: 3, cols: 11)
        for r in 0..<3 {
            let e = original[(r * 11)..<((r + 1) * 11)].map { exp($0) }
            let total = e.reduce(0, +)
            for i in 0..<11 { #expect(abs(s[r * 11 + i] - e[i] / total) < 1e-5) }
        }
        var g = original
        Ops.gelu(&g, count: g.count)
        for i in 0..<g.count { #expect(abs(g[i] - Float(0.5 * Double(original[i]) * (1 + erf(Double(original[i]) / 2.0.squareRoot())))) < 1e-5) }
        var r = original; Ops.relu(&r, count: r.count)
        #expect(r == original.map { max($0, 0) })
        var t = original; Ops.tanh(&t, count: t.count)
        #expect(Self.close(t, original.map { tanh($0) }, 1e-6))
        var sg = original; Ops.sigmoid(&sg, count: sg.count)
        #expect(Self.close(sg, original.map { 1 / (1 + exp(-$0)) }, 1e-6))
    }

    @Test func foldedBatchNormEqualsConvThenNorm() {
        var w = Self.random(4 * 6), b = Self.random(4)
        let gamma = Self.random(4), beta = Self.random(4), mean = Self.random(4), variance = Self.random(4).map { abs($0) + 0.1 }
        let x = Self.random(6)
        let before = (0..<4).map { o in (0..<6).reduce(b[o]) { $0 + w[o * 6 + $1] * x[$1] } }
        Ops.foldBatchNorm(weight: &w, bias: &b, outChannels: 4, gamma: gamma, beta: beta, mean: mean, variance: variance, eps: 1e-5)
        for o in 0..<4 {
            let after = (0..<6).reduce(b[o]) { $0 + w[o * 6 + $1] * x[$1] }
            #expect(abs(after - ((before[o] - mean[o]) / (variance[o] + 1e-5).squareRoot() * gamma[o] + beta[o])) < 1e-4)
        }
    }

    @Test func embeddingLookup() {
        let table = Self.random(10 * 3)
        let ids: [Int32] = [9, 0, 4]
        var out = [Float](repeating: 0, count: 9)
        ids.withUnsafeBufferPointer { Ops.embedding($0, table: table, vocab: 10, dim: 3, into: &out) }
        #expect(out == Array(table[27..<30]) + Array(table[0..<3]) + Array(table[12..<15]))
    }

    /// Reference attention per head with loops; and the KV-cache decoder path equals the full causal one.
    @Test func attentionAndKVCache() {
        let (t, heads, hd) = (7, 3, 5), d = 15
        let q = Self.random(t * d), k = Self.random(t * d), v = Self.random(t * d)
        var full = [Float](repeating: 0, count: t * d)
        var scratch = [Float](repeating: 0, count: Ops.attentionScratch(queries: t, keys: t, heads: heads))
        Ops.attention(q: q, k: k, v: v, queries: t, keys: t, heads: heads, headDim: hd, causalOffset: 0, into: &full, scratch: &scratch)
        var ref = [Float](repeating: 0, count: t * d)
        for h in 0..<heads { for i in 0..<t {
            var s = (0...i).map { j in (0..<hd).reduce(Float(0)) { $0 + q[i * d + h * hd + $1] * k[j * d + h * hd + $1] } / Float(hd).squareRoot() }
            let m = s.max()!; s = s.map { exp($0 - m) }; let total = s.reduce(0, +)
            for e in 0..<hd { ref[i * d + h * hd + e] = (0...i).reduce(Float(0)) { $0 + s[$1] / total * v[$1 * d + h * hd + e] } }
        } }
        #expect(Self.close(full, ref))
        let cache = KVCache(capacity: 16, dim: d)
        var step = [Float](repeating: 0, count: d)
        for i in 0..<t {
            q.withUnsafeBufferPointer { qp in k.withUnsafeBufferPointer { kp in v.withUnsafeBufferPointer { vp in
                cache.append(keys: kp.baseAddress! + i * d, values: vp.baseAddress! + i * d, count: 1)
                Ops.attention(q: qp.baseAddress! + i * d, queries: 1, cache: cache, heads: heads, causal: true, into: &step, scratch: &scratch)
            } } }
            #expect(Self.close(step, Array(ref[(i * d)..<((i + 1) * d)])), "step \(i)")
        }
    }
}
