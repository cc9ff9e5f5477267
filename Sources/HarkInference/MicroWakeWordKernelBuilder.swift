import Foundation

/// Compiles the operators of a `MicroWakeWordGraph` into `MicroWakeWordKernel`s: resolves arena
/// offsets and weights, checks shapes, and derives the quantisation constants exactly as TensorFlow
/// Lite's kernels do in their Prepare step (requantisers in double, activation ranges, the logistic
/// table in float).
struct MicroWakeWordKernelBuilder {
    let file: SafeTensorsFile
    let tensors: [MicroWakeWordGraph.Tensor]
    let offsets: [Int]
    let variableOffsets: [Int]
    let path: String

    func fail(_ op: MicroWakeWordGraph.Op, _ problem: String) -> ModelFileError {
        ModelFileError(file: path, problem: "operator \(op.op) -> \(op.outputs): \(problem)")
    }

    private func arena(_ i: Int, _ op: MicroWakeWordGraph.Op) throws -> Int {
        guard i >= 0, i < offsets.count, offsets[i] >= 0 else { throw fail(op, "tensor \(i) is not an activation") }
        return offsets[i]
    }

    private func t(_ i: Int, _ op: MicroWakeWordGraph.Op) throws -> MicroWakeWordGraph.Tensor {
        guard i >= 0, i < tensors.count else { throw fail(op, "tensor \(i) out of range") }
        return tensors[i]
    }

    private func inputs(_ op: MicroWakeWordGraph.Op, _ n: Int) throws -> [Int] {
        guard let ins = op.inputs, ins.count >= n else { throw fail(op, "expected \(n) inputs") }
        return ins
    }

    private func zeroPoint(_ t: MicroWakeWordGraph.Tensor) -> Int32 { Int32(t.zero_point.first ?? 0) }
    private func scale(_ t: MicroWakeWordGraph.Tensor) -> Float { Float(t.scale.first ?? 0) }

    /// CalculateActivationRangeQuantized for int8.
    private func activationRange(_ name: String?, _ out: MicroWakeWordGraph.Tensor, _ op: MicroWakeWordGraph.Op) throws -> (Int32, Int32) {
        let qmin: Int32 = out.type == "uint8" ? 0 : -128, qmax: Int32 = out.type == "uint8" ? 255 : 127
        let zp = zeroPoint(out), s = scale(out)
        func q(_ f: Float) -> Int32 { zp + Int32((f / s).rounded(.toNearestOrAwayFromZero)) }
        switch name ?? "NONE" {
        case "NONE": return (qmin, qmax)
        case "RELU": return (max(qmin, q(0)), qmax)
        case "RELU6": return (max(qmin, q(0)), min(qmax, q(6)))
        default: throw fail(op, "activation \(name ?? "?") not supported")
        }
    }

    private func int8Weights(_ t: MicroWakeWordGraph.Tensor, _ op: MicroWakeWordGraph.Op) throws -> UnsafePointer<Int8> {
        guard let key = t.const, t.type == "int8" else { throw fail(op, "filter is not an int8 constant") }
        guard t.zero_point.allSatisfy({ $0 == 0 }) else { throw fail(op, "filter zero point is not 0") }
        let raw = try file.raw(key, dtype: "I8", shape: t.shape)
        guard let base = raw.baseAddress else { throw fail(op, "empty filter") }
        return base.assumingMemoryBound(to: Int8.self)
    }

    private func int32Bias(_ t: MicroWakeWordGraph.Tensor, count: Int, _ op: MicroWakeWordGraph.Op) throws -> [Int32] {
        guard let key = t.const, t.type == "int32", t.count == count else { throw fail(op, "bias is not an int32 constant of \(count)") }
        let raw = try file.raw(key, dtype: "I32", shape: t.shape)
        return (0..<count).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
    }

    func kernel(for op: MicroWakeWordGraph.Op, variables: [MicroWakeWordGraph.Variable]) throws -> MicroWakeWordKernel {
        switch op.op {
        case "RESHAPE":
            let i = try inputs(op, 1)
            let a = try t(i[0], op), b = try t(op.outputs[0], op)
            guard a.count == b.count else { throw fail(op, "reshape \(a.shape) -> \(b.shape)") }
            return .copy(from: try arena(i[0], op), to: try arena(op.outputs[0], op), count: a.count)
        case "READ_VARIABLE", "ASSIGN_VARIABLE":
            guard let v = op.variable, v >= 0, v < variables.count else { throw fail(op, "no variable") }
            let tensorIndex = op.op == "READ_VARIABLE" ? op.outputs[0] : try inputs(op, 1)[0]
            let tt = try t(tensorIndex, op)
            guard tt.shape == variables[v].shape else { throw fail(op, "variable shape \(variables[v].shape) vs \(tt.shape)") }
            let off = try arena(tensorIndex, op)
            return op.op == "READ_VARIABLE"
                ? .readVariable(offset: variableOffsets[v], to: off, count: tt.count)
                : .assignVariable(offset: variableOffsets[v], from: off, count: tt.count)
        case "CONCATENATION":
            let ins = try inputs(op, 1)
            let out = try t(op.outputs[0], op)
            var axis = op.axis ?? 0
            if axis < 0 { axis += out.shape.count }
            guard axis >= 0, axis < out.shape.count else { throw fail(op, "axis \(axis)") }
            let outer = out.shape[..<axis].reduce(1, *)
            var parts: [(offset: Int, chunk: Int)] = []
            for i in ins {
                let tt = try t(i, op)
                guard tt.shape.count == out.shape.count else { throw fail(op, "rank mismatch") }
                parts.append((try arena(i, op), tt.shape[axis...].reduce(1, *)))
            }
            guard parts.reduce(0, { $0 + $1.chunk }) * outer == out.count else { throw fail(op, "sizes do not add up") }
            return .concat(inputs: parts, output: try arena(op.outputs[0], op), outer: outer)
        case "SPLIT_V":
            let i = try inputs(op, 1)
            let inT = try t(i[0], op)
            var axis = op.axis ?? 0
            if axis < 0 { axis += inT.shape.count }
            guard axis >= 0, axis < inT.shape.count else { throw fail(op, "axis \(axis)") }
            let outer = inT.shape[..<axis].reduce(1, *)
            var parts: [(offset: Int, chunk: Int)] = []
            for o in op.outputs {
                let tt = try t(o, op)
                parts.append((try arena(o, op), tt.shape[axis...].reduce(1, *)))
            }
            guard parts.reduce(0, { $0 + $1.chunk }) * outer == inT.count else { throw fail(op, "sizes do not add up") }
            return .split(input: try arena(i[0], op), outputs: parts, outer: outer)
        case "STRIDED_SLICE":
            return try stridedSlice(op)
        case "CONV_2D", "DEPTHWISE_CONV_2D":
            return .conv(try convolution(op))
        case "FULLY_CONNECTED":
            let i = try inputs(op, 2)
            let x = try t(i[0], op), w = try t(i[1], op), y = try t(op.outputs[0], op)
            guard w.shape.count == 2, w.scale.count == 1 else { throw fail(op, "weights \(w.shape) must be [outputs, inputs], per tensor") }
            let outputs = w.shape[0], ins = w.shape[1]
            guard x.count % ins == 0 else { throw fail(op, "input \(x.shape) vs weights \(w.shape)") }
            let batches = x.count / ins
            guard y.count == batches * outputs else { throw fail(op, "output \(y.shape)") }
            let bias = i.count > 2 && i[2] >= 0 ? try int32Bias(try t(i[2], op), count: outputs, op) : []
            let range = try activationRange(op.activation, y, op)
            let real = Double(scale(x)) * Double(Float(w.scale[0])) / Double(scale(y))
            return .fullyConnected(Int8FullyConnected(
                input: try arena(i[0], op), output: try arena(op.outputs[0], op),
                batches: batches, inputs: ins, outputs: outputs,
                inputZeroPoint: zeroPoint(x), outputZeroPoint: zeroPoint(y),
                activationMin: range.0, activationMax: range.1,
                weights: try int8Weights(w, op), bias: bias, requantizer: Int8Requantizer(real)))
        case "LOGISTIC":
            let i = try inputs(op, 1)
            let x = try t(i[0], op), y = try t(op.outputs[0], op)
            guard x.type == "int8", y.type == "int8" else { throw fail(op, "only int8 logistic") }
            // LUTPopulate: dequantise, float sigmoid, round, requantise, clamp.
            let inScale = scale(x), inZP = zeroPoint(x)
            let inverse = 1 / scale(y), outZP = Float(zeroPoint(y))
            var table = [Int8](repeating: 0, count: 256)
            for v in -128...127 {
                let dq = inScale * Float(Int32(v) - inZP)
                let s = 1.0 / (1.0 + expf(-dq))
                let q = Int32((s * inverse).rounded(.toNearestOrAwayFromZero) + outZP)
                table[Int(UInt8(bitPattern: Int8(v)))] = Int8(max(-128, min(127, q)))
            }
            return .lookup(input: try arena(i[0], op), output: try arena(op.outputs[0], op), count: x.count, table: table)
        case "QUANTIZE":
            let i = try inputs(op, 1)
            let x = try t(i[0], op), y = try t(op.outputs[0], op)
            guard x.type == "int8", y.type == "uint8", x.scale == y.scale, x.count == y.count else {
                throw fail(op, "only int8 -> uint8 with equal scales")
            }
            return .shift(input: try arena(i[0], op), output: try arena(op.outputs[0], op), count: x.count,
                          add: zeroPoint(y) - zeroPoint(x), min: 0, max: 255)
        default:
            throw fail(op, "operator not supported by Hark's wake engine")
        }
    }

    private func stridedSlice(_ op: MicroWakeWordGraph.Op) throws -> MicroWakeWordKernel {
        let i = try inputs(op, 1)
        let x = try t(i[0], op), y = try t(op.outputs[0], op)
        guard let begin = op.begin, let end = op.end, let strides = op.strides,
              begin.count == x.shape.count, end.count == x.shape.count, strides.count == x.shape.count, x.shape.count <= 4 else {
            throw fail(op, "begin/end/strides do not match rank \(x.shape.count)")
        }
        let pad = 4 - x.shape.count
        var inShape = [Int](repeating: 1, count: pad) + x.shape
        var b4 = [Int](repeating: 0, count: 4), s4 = [Int](repeating: 1, count: 4), o4 = [Int](repeating: 1, count: 4)
        for d in 0..<x.shape.count {
            let dim = x.shape[d], s = strides[d]
            guard s > 0 else { throw fail(op, "negative strides not supported") }
            var start = (op.begin_mask ?? 0) & (1 << d) != 0 ? 0 : begin[d]
            if start < 0 { start += dim }
            start = max(0, min(dim, start))
            var stop = (op.end_mask ?? 0) & (1 << d) != 0 ? dim : end[d]
            if stop < 0 { stop += dim }
            stop = max(0, min(dim, stop))
            b4[d + pad] = start
            s4[d + pad] = s
            o4[d + pad] = max(0, (stop - start + s - 1) / s)
        }
        inShape = inShape.map { $0 }
        guard o4.reduce(1, *) == y.count, Array(o4[pad...]) == y.shape else {
            throw fail(op, "slice gives \(o4), output is \(y.shape)")
        }
        return .slice(input: try arena(i[0], op), inShape: inShape, output: try arena(op.outputs[0], op),
                      begin: b4, strides: s4, outShape: o4)
    }

    private func convolution(_ op: MicroWakeWordGraph.Op) throws -> Int8Convolution {
        let depthwise = op.op == "DEPTHWISE_CONV_2D"
        let i = try inputs(op, 3)
        let x = try t(i[0], op), w = try t(i[1], op), bT = try t(i[2], op), y = try t(op.outputs[0], op)
        guard x.shape.count == 4, w.shape.count == 4, y.shape.count == 4, x.shape[0] == 1 else {
            throw fail(op, "shapes \(x.shape) * \(w.shape) -> \(y.shape)")
        }
        let h = x.shape[1], wd = x.shape[2], cin = x.shape[3]
        let kh = w.shape[1], kw = w.shape[2]
        let cout = depthwise ? w.shape[3] : w.shape[0]
        if depthwise {
            guard w.shape[0] == 1, cout == cin, (op.depth_multiplier ?? 1) == 1 else { throw fail(op, "depthwise filter \(w.shape)") }
        } else {
            guard w.shape[3] == cin else { throw fail(op, "filter \(w.shape) vs input \(x.shape)") }
        }
        guard y.shape[3] == cout else { throw fail(op, "output channels \(y.shape)") }
        let stride = op.stride ?? [1, 1], dilation = op.dilation ?? [1, 1]
        func geometry(_ input: Int, _ k: Int, _ s: Int, _ d: Int) -> (out: Int, pad: Int) {
            let effective = (k - 1) * d + 1
            let out = op.padding == "SAME" ? (input + s - 1) / s : (input - effective + s) / s
            let total = max((out - 1) * s + effective - input, 0)
            return (out, op.padding == "SAME" ? total / 2 : 0)
        }
        let gh = geometry(h, kh, stride[0], dilation[0]), gw = geometry(wd, kw, stride[1], dilation[1])
        guard gh.out == y.shape[1], gw.out == y.shape[2] else { throw fail(op, "output \(y.shape), computed [\(gh.out), \(gw.out)]") }
        let filterScales = w.scale.map { Float($0) }
        guard filterScales.count == cout || filterScales.count == 1 else { throw fail(op, "\(filterScales.count) filter scales for \(cout) channels") }
        let inScale = Double(scale(x)), outScale = Double(scale(y))
        let requantizers = (0..<cout).map { c in
            Int8Requantizer(inScale * Double(filterScales.count == 1 ? filterScales[0] : filterScales[c]) / outScale)
        }
        let range = try activationRange(op.activation, y, op)
        return Int8Convolution(
            depthwise: depthwise, input: try arena(i[0], op), output: try arena(op.outputs[0], op),
            h: h, w: wd, cin: cin, kh: kh, kw: kw, cout: cout, oh: gh.out, ow: gw.out,
            strideH: stride[0], strideW: stride[1], dilationH: dilation[0], dilationW: dilation[1],
            padTop: gh.pad, padLeft: gw.pad,
            inputZeroPoint: zeroPoint(x), outputZeroPoint: zeroPoint(y),
            activationMin: range.0, activationMax: range.1,
            weights: try int8Weights(w, op), bias: try int32Bias(bT, count: cout, op), requantizers: requantizers)
    }
}
