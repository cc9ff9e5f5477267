import CVectorMath
/// Convolution geometry, PyTorch semantics (cross-correlation, weight [Cout, Cin/groups, K…]).
public struct ConvGeometry: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernel: Int
    public var stride: Int
    public var padLeft: Int
    public var padRight: Int
    public var dilation: Int
    public var groups: Int

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                padRight: Int? = nil, dilation: Int = 1, groups: Int = 1) {
        precondition(inChannels % groups == 0 && outChannels % groups == 0, "channels must divide into groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padLeft = padding
        self.padRight = padRight ?? padding
        self.dilation = dilation
        self.groups = groups
    }

    public func outputLength(_ length: Int) -> Int {
        (length + padLeft + padRight - dilation * (kernel - 1) - 1) / stride + 1
    }
}

extension Ops {
    /// Scratch floats `conv1d` needs for an input of `length` samples.
    public static func conv1dScratch(_ g: ConvGeometry, length: Int) -> Int {
        (g.inChannels / g.groups) * g.kernel * g.outputLength(length)
    }

    /// 1-D convolution via im2col + GEMM.
    /// x[Cin, L], weight[Cout, Cin/groups, K], bias[Cout]? → y[Cout, Lout]; scratch ≥ conv1dScratch.
    public static func conv1d(_ x: UnsafePointer<Float>, length: Int, _ g: ConvGeometry,
                              weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let outLength = g.outputLength(length)
        let cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups
        let rows = cinG * g.kernel
        if vectorMathInC, outLength <= smallOutputLimit {
            conv1dFewOutputs(x, length: length, g, weight: weight, bias: bias, into: y, scratch: scratch)
            return
        }
        for group in 0..<g.groups {
            // col[(c, k), t] = x[c, t·stride + k·dilation − padLeft] (0 outside).
            for c in 0..<cinG {
                let xc = x + (group * cinG + c) * length
                for k in 0..<g.kernel {
                    let row = scratch + (c * g.kernel + k) * outLength
                    let offset = k * g.dilation - g.padLeft
                    for t in 0..<outLength {
                        let i = t * g.stride + offset
                        row[t] = (i >= 0 && i < length) ? xc[i] : 0
                    }
                }
            }
            let yg = y + group * coutG * outLength
            if let bias {
                for o in 0..<coutG { (yg + o * outLength).update(repeating: bias[group * coutG + o], count: outLength) }
            }
            gemm(m: coutG, n: outLength, k: rows, a: weight + group * coutG * rows, b: scratch, transposeB: false,
                 c: yg, beta: bias == nil ? 0 : 1)
        }
    }

    /// Up to this many output positions `conv1d` multiplies the weights in place (`hark_linear_rows`)
    /// instead of calling sgemm: Silero VAD's convolutions have 4, 2 and 1.
    static let smallOutputLimit = 16

    /// `conv1d` for a few output positions: im2col written transposed (one row of Cin·K values per
    /// output position), so the weights [Cout, Cin·K] are the kernel's input rows and the positions
    /// its few "weight" rows: y[o, t] = Σ W[o, :] · colᵀ[t, :], then the bias.
    static func conv1dFewOutputs(_ x: UnsafePointer<Float>, length: Int, _ g: ConvGeometry,
                                 weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                 into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let outLength = g.outputLength(length)
        let cinG = g.inChannels / g.groups, coutG = g.outChannels / g.groups
        let rows = cinG * g.kernel
        for group in 0..<g.groups {
            for t in 0..<outLength {
                let colT = scratch + t * rows
                for c in 0..<cinG {
                    let xc = x + (group * cinG + c) * length
                    for k in 0..<g.kernel {
                        let i = t * g.stride + k * g.dilation - g.padLeft
                        colT[c * g.kernel + k] = (i >= 0 && i < length) ? xc[i] : 0
                    }
                }
            }
            let yg = y + group * coutG * outLength
            hark_linear_rows(weight + group * coutG * rows, coutG, rows, scratch, nil, 0, outLength, outLength, yg)
            if let bias {
                for o in 0..<coutG {
                    let b = bias[group * coutG + o]
                    for t in 0..<outLength { yg[o * outLength + t] += b }
                }
            }
        }
    }

    /// Scratch floats `conv2d` needs.
    public static func conv2dScratch(_ h: ConvGeometry, _ w: ConvGeometry, height: Int, width: Int) -> Int {
        (h.inChannels / h.groups) * h.kernel * w.kernel * h.outputLength(height) * w.outputLength(width)
    }

    /// 2-D convolution via im2col + GEMM. `h` and `w` give the geometry along each axis (channels and
    /// groups taken from `h`). x[Cin, H, W], weight[Cout, Cin/groups, KH, KW] → y[Cout, Hout, Wout].
    public static func conv2d(_ x: UnsafePointer<Float>, height: Int, width: Int, _ h: ConvGeometry, _ w: ConvGeometry,
                              weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let outH = h.outputLength(height), outW = w.outputLength(width), plane = outH * outW
        let cinG = h.inChannels / h.groups, coutG = h.outChannels / h.groups
        let rows = cinG * h.kernel * w.kernel
        for group in 0..<h.groups {
            for c in 0..<cinG {
                let xc = x + (group * cinG + c) * height * width
                for kh in 0..<h.kernel {
                    for kw in 0..<w.kernel {
                        let row = scratch + ((c * h.kernel + kh) * w.kernel + kw) * plane
                        for oy in 0..<outH {
                            let iy = oy * h.stride + kh * h.dilation - h.padLeft
                            for ox in 0..<outW {
                                let ix = ox * w.stride + kw * w.dilation - w.padLeft
                                row[oy * outW + ox] = (iy >= 0 && iy < height && ix >= 0 && ix < width) ? xc[iy * width + ix] : 0
                            }
                        }
                    }
                }
            }
            let yg = y + group * coutG * plane
            if let bias {
                for o in 0..<coutG { (yg + o * plane).update(repeating: bias[group * coutG + o], count: plane) }
            }
            gemm(m: coutG, n: plane, k: rows, a: weight + group * coutG * rows, b: scratch, transposeB: false,
                 c: yg, beta: bias == nil ? 0 : 1)
        }
    }
}
