import Foundation

/// One compiled operator of a microWakeWord graph. Offsets are byte offsets into the stream's arena
/// (int8/uint8 tensors, NHWC) or its variable block; shapes in the payloads.
enum MicroWakeWordKernel: @unchecked Sendable {
    /// RESHAPE: same bytes, new shape.
    case copy(from: Int, to: Int, count: Int)
    case readVariable(offset: Int, to: Int, count: Int)
    case assignVariable(offset: Int, from: Int, count: Int)
    /// CONCATENATION: `outer` rows; each input contributes `chunk` bytes per row.
    case concat(inputs: [(offset: Int, chunk: Int)], output: Int, outer: Int)
    /// SPLIT_V: the reverse.
    case split(input: Int, outputs: [(offset: Int, chunk: Int)], outer: Int)
    /// STRIDED_SLICE over 4 dimensions.
    case slice(input: Int, inShape: [Int], output: Int, begin: [Int], strides: [Int], outShape: [Int])
    case conv(Int8Convolution)
    case fullyConnected(Int8FullyConnected)
    /// LOGISTIC via a 256-entry table indexed by the int8 input's bit pattern.
    case lookup(input: Int, output: Int, count: Int, table: [Int8])
    /// QUANTIZE int8 → uint8 with equal scales: add the zero-point difference, clamp.
    case shift(input: Int, output: Int, count: Int, add: Int32, min: Int32, max: Int32)
}

/// CONV_2D or DEPTHWISE_CONV_2D (depth multiplier 1), int8 per-channel quantised.
/// Input [1, H, W, Cin], filter [Cout, KH, KW, Cin] (depthwise: [1, KH, KW, C]), bias [Cout] int32,
/// output [1, OH, OW, Cout].
struct Int8Convolution {
    var depthwise: Bool
    var input: Int, output: Int
    var h: Int, w: Int, cin: Int
    var kh: Int, kw: Int, cout: Int
    var oh: Int, ow: Int
    var strideH: Int, strideW: Int, dilationH: Int, dilationW: Int
    var padTop: Int, padLeft: Int
    var inputZeroPoint: Int32, outputZeroPoint: Int32
    var activationMin: Int32, activationMax: Int32
    var weights: UnsafePointer<Int8>
    var bias: [Int32]
    var requantizers: [Int8Requantizer]

    func run(_ arena: UnsafeMutablePointer<Int8>) {
        let x = arena + input, y = arena + output
        bias.withUnsafeBufferPointer { bias in
            requantizers.withUnsafeBufferPointer { rq in
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let yRow = y + (oy * ow + ox) * cout
                        for oc in 0..<cout {
                            var acc = bias[oc]
                            for ky in 0..<kh {
                                let iy = oy * strideH - padTop + ky * dilationH
                                if iy < 0 || iy >= h { continue }
                                for kx in 0..<kw {
                                    let ix = ox * strideW - padLeft + kx * dilationW
                                    if ix < 0 || ix >= w { continue }
                                    let xPix = x + (iy * w + ix) * cin
                                    if depthwise {
                                        let wv = Int32(weights[(ky * kw + kx) * cout + oc])
                                        acc &+= (Int32(xPix[oc]) - inputZeroPoint) * wv
                                    } else {
                                        let wRow = weights + ((oc * kh + ky) * kw + kx) * cin
                                        for ic in 0..<cin {
                                            acc &+= (Int32(xPix[ic]) - inputZeroPoint) * Int32(wRow[ic])
                                        }
                                    }
                                }
                            }
                            var v = rq[oc].apply(acc) &+ outputZeroPoint
                            v = Swift.max(activationMin, Swift.min(activationMax, v))
                            yRow[oc] = Int8(truncatingIfNeeded: v)
                        }
                    }
                }
            }
        }
    }
}

/// FULLY_CONNECTED, int8 per-tensor: input [batches, inputs], weights [outputs, inputs], bias int32.
struct Int8FullyConnected {
    var input: Int, output: Int
    var batches: Int, inputs: Int, outputs: Int
    var inputZeroPoint: Int32, outputZeroPoint: Int32
    var activationMin: Int32, activationMax: Int32
    var weights: UnsafePointer<Int8>
    var bias: [Int32]
    var requantizer: Int8Requantizer

    func run(_ arena: UnsafeMutablePointer<Int8>) {
        let x = arena + input, y = arena + output
        for b in 0..<batches {
            let xRow = x + b * inputs
            for o in 0..<outputs {
                var acc = bias.isEmpty ? 0 : bias[o]
                let wRow = weights + o * inputs
                for i in 0..<inputs {
                    acc &+= (Int32(xRow[i]) - inputZeroPoint) * Int32(wRow[i])
                }
                var v = requantizer.apply(acc) &+ outputZeroPoint
                v = Swift.max(activationMin, Swift.min(activationMax, v))
                y[b * outputs + o] = Int8(truncatingIfNeeded: v)
            }
        }
    }
}

extension MicroWakeWordKernel {
    func run(_ arena: UnsafeMutablePointer<Int8>, _ variables: UnsafeMutablePointer<Int8>) {
        switch self {
        case let .copy(from, to, count):
            (arena + to).update(from: arena + from, count: count)
        case let .readVariable(offset, to, count):
            (arena + to).update(from: variables + offset, count: count)
        case let .assignVariable(offset, from, count):
            (variables + offset).update(from: arena + from, count: count)
        case let .concat(inputs, output, outer):
            var dst = arena + output
            for row in 0..<outer {
                for part in inputs {
                    dst.update(from: arena + part.offset + row * part.chunk, count: part.chunk)
                    dst += part.chunk
                }
            }
        case let .split(input, outputs, outer):
            var src = arena + input
            for row in 0..<outer {
                for part in outputs {
                    (arena + part.offset + row * part.chunk).update(from: src, count: part.chunk)
                    src += part.chunk
                }
            }
        case let .slice(input, s, output, begin, strides, o):
            var dst = arena + output
            for i0 in 0..<o[0] {
                let a0 = begin[0] + i0 * strides[0]
                for i1 in 0..<o[1] {
                    let a1 = begin[1] + i1 * strides[1]
                    for i2 in 0..<o[2] {
                        let a2 = begin[2] + i2 * strides[2]
                        let rowBase = ((a0 * s[1] + a1) * s[2] + a2) * s[3]
                        if strides[3] == 1 {
                            dst.update(from: arena + input + rowBase + begin[3], count: o[3])
                            dst += o[3]
                        } else {
                            for i3 in 0..<o[3] {
                                dst.pointee = arena[input + rowBase + begin[3] + i3 * strides[3]]
                                dst += 1
                            }
                        }
                    }
                }
            }
        case let .conv(c):
            c.run(arena)
        case let .fullyConnected(f):
            f.run(arena)
        case let .lookup(input, output, count, table):
            table.withUnsafeBufferPointer { t in
                for i in 0..<count {
                    arena[output + i] = t[Int(UInt8(bitPattern: arena[input + i]))]
                }
            }
        case let .shift(input, output, count, add, lo, hi):
            for i in 0..<count {
                let v = Swift.max(lo, Swift.min(hi, Int32(arena[input + i]) + add))
                arena[output + i] = Int8(truncatingIfNeeded: v)
            }
        }
    }
}
