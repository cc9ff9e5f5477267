import Foundation

/// The integer audio front end microWakeWord models are trained on (TensorFlow Lite Micro's
/// "microfrontend", as configured by pymicro-features / ESPHome): 16 kHz int16 audio, a 30 ms Hann
/// window in Q12 every 10 ms, a 512-point fixed-point FFT, 40 mel channels 125–7500 Hz, noise
/// reduction, PCAN gain control and an integer log. Output: 40 uint16 values per 10 ms frame
/// (the float feature the models see is `value × 0.0390625`).
///
/// Integer throughout, so it matches the reference value for value; the tables (window, mel
/// weights, PCAN gain curve) are built once from the same float formulas the C code uses.
/// Streaming: feed any number of samples; nothing is allocated after `init`.
public final class MicroFrontend: @unchecked Sendable {
    public static let sampleRate = 16000
    public static let channels = 40
    public static let windowSamples = 480   // 30 ms
    public static let stepSamples = 160     // 10 ms
    public static let fftSize = 512
    /// A feature value × this is the float the models are trained on.
    public static let featureScale: Float = 0.0390625

    // Window.
    private let window: UnsafeMutablePointer<Int16>      // [480] Q12 Hann
    private let input: UnsafeMutablePointer<Int16>       // [480] sliding input
    private var inputUsed = 0
    private let windowed: UnsafeMutablePointer<Int16>    // [512] FFT input (zero padded)
    private let spectrum: UnsafeMutablePointer<Int16>    // [257][2]
    private let fft = FixedPointRealFFT(size: fftSize)
    // Filterbank: per channel 0...40, the FFT bins, weights and unweights (Q12).
    private let bins: [Int]
    private let weights: [UInt64]
    private let unweights: [UInt64]
    private let channelStart: [Int]          // [41 + 1] offsets into bins
    private let energy: UnsafeMutablePointer<UInt64>     // [257]
    private let work: UnsafeMutablePointer<UInt64>       // [41]
    private let signal: UnsafeMutablePointer<UInt32>     // [40]
    private let features: UnsafeMutablePointer<UInt16>   // [40] output
    // Noise reduction.
    private static let noiseReductionBits = 14
    private static let smoothingBits: UInt32 = 10
    private let evenSmoothing: UInt32
    private let oddSmoothing: UInt32
    private let minSignalRemaining: UInt32
    private let estimate: UnsafeMutablePointer<UInt32>   // [40]
    // PCAN gain control.
    private let gainLUT: [Int16]                          // 4 × 32 − 3
    private let snrShift: UInt32
    // Log scale.
    private static let correctionBits = 3                 // log2(512) − 1 − 12 / 2

    public init() {
        let n = Self.windowSamples
        window = .allocate(capacity: n)
        // (float)M_PI: pi rounded to nearest (Swift's Float.pi is rounded toward zero).
        let arg = Float(Double.pi) * 2.0 / Float(n)
        for i in 0..<n {
            let value: Float = 0.5 - 0.5 * LibM.cosf(arg * (Float(i) + 0.5))
            window[i] = Int16(floorf(value * 4096 + 0.5))
        }
        input = .allocate(capacity: n)
        windowed = .allocate(capacity: Self.fftSize)
        spectrum = .allocate(capacity: (Self.fftSize / 2 + 1) * 2)
        energy = .allocate(capacity: Self.fftSize / 2 + 1)
        work = .allocate(capacity: Self.channels + 1)
        signal = .allocate(capacity: Self.channels)
        features = .allocate(capacity: Self.channels)
        estimate = .allocate(capacity: Self.channels)

        let bank = Self.melFilterbank()
        bins = bank.bins
        weights = bank.weights
        unweights = bank.unweights
        channelStart = bank.starts

        let one = Float(1 << Self.noiseReductionBits)
        evenSmoothing = UInt32(UInt16(Float(0.025) * one))
        oddSmoothing = UInt32(UInt16(Float(0.06) * one))
        minSignalRemaining = UInt32(UInt16(Float(0.05) * one))

        let inputCorrectionBits: Int32 = 3
        snrShift = UInt32(21 - inputCorrectionBits - 12)
        gainLUT = Self.pcanGainLUT(inputBits: Int32(Self.smoothingBits) - inputCorrectionBits)
        reset()
    }

    deinit {
        window.deallocate(); input.deallocate(); windowed.deallocate(); spectrum.deallocate()
        energy.deallocate(); work.deallocate(); signal.deallocate(); features.deallocate(); estimate.deallocate()
    }

    /// Forgets the stream: empty window, zero noise estimate.
    public func reset() {
        input.update(repeating: 0, count: Self.windowSamples)
        inputUsed = 0
        estimate.update(repeating: 0, count: Self.channels)
        energy.update(repeating: 0, count: Self.fftSize / 2 + 1)
    }

    /// Feeds samples; calls `onFrame` with the 40 values of every 10 ms frame they complete (the
    /// first after 30 ms of audio). The buffer passed to `onFrame` is only valid during the call.
    public func process(_ samples: UnsafeBufferPointer<Int16>, onFrame: (UnsafeBufferPointer<UInt16>) -> Void) {
        guard let base = samples.baseAddress else { return }
        var offset = 0
        let size = Self.windowSamples
        while offset < samples.count {
            let take = min(size - inputUsed, samples.count - offset)
            (input + inputUsed).update(from: base + offset, count: take)
            inputUsed += take
            offset += take
            if inputUsed == size {
                computeFrame()
                // Shift down by one step.
                input.update(from: input + Self.stepSamples, count: size - Self.stepSamples)
                inputUsed -= Self.stepSamples
                onFrame(UnsafeBufferPointer(start: features, count: Self.channels))
            }
        }
    }

    // MARK: One frame.

    private func computeFrame() {
        // Window (Q12) and its peak, to scale the FFT input up as far as it goes.
        var maxAbs: Int16 = 0
        for i in 0..<Self.windowSamples {
            var v = Int16(truncatingIfNeeded: (Int32(input[i]) * Int32(window[i])) >> 12)
            windowed[i] = v
            if v < 0 { v = Int16(truncatingIfNeeded: -Int32(v)) }
            if v > maxAbs { maxAbs = v }
        }
        let inputShift = 15 - Self.msb(UInt32(UInt16(bitPattern: maxAbs)))
        for i in 0..<Self.windowSamples {
            windowed[i] = Int16(truncatingIfNeeded: Int32(UInt16(bitPattern: windowed[i])) << inputShift)
        }
        for i in Self.windowSamples..<Self.fftSize { windowed[i] = 0 }
        fft.transform(windowed, spectrum)

        // Power per bin (int32 as the C code keeps it, read back as uint64 after sign extension).
        for b in 0...(Self.fftSize / 2) {
            let re = Int32(spectrum[2 * b]), im = Int32(spectrum[2 * b + 1])
            let e = re &* re &+ im &* im
            energy[b] = UInt64(bitPattern: Int64(e))
        }
        // Triangular mel channels: work[c] = weighted sum of channel c + unweighted of channel c − 1.
        var unweighted: UInt64 = 0
        for c in 0...Self.channels {
            var weighted: UInt64 = 0
            var next: UInt64 = 0
            for j in channelStart[c]..<channelStart[c + 1] {
                let e = energy[bins[j]]
                weighted = weighted &+ weights[j] &* e
                next = next &+ unweights[j] &* e
            }
            work[c] = unweighted &+ weighted
            unweighted = next
        }
        for c in 0..<Self.channels {
            signal[c] = Self.sqrt64(work[c + 1]) >> UInt32(inputShift)
        }
        noiseReduction()
        pcanGainControl()
        logScale()
    }

    private func noiseReduction() {
        let bits = UInt64(Self.noiseReductionBits)
        for i in 0..<Self.channels {
            let smoothing = (i & 1) == 0 ? evenSmoothing : oddSmoothing
            let oneMinus = UInt32(1 << Self.noiseReductionBits) &- smoothing
            let scaledUp = signal[i] &<< Self.smoothingBits
            var est = UInt32(truncatingIfNeeded: (UInt64(scaledUp) * UInt64(smoothing) + UInt64(estimate[i]) * UInt64(oneMinus)) >> bits)
            estimate[i] = est
            if est > scaledUp { est = scaledUp }
            let floor = UInt32(truncatingIfNeeded: (UInt64(signal[i]) * UInt64(minSignalRemaining)) >> bits)
            let subtracted = (scaledUp &- est) >> Self.smoothingBits
            signal[i] = subtracted > floor ? subtracted : floor
        }
    }

    private func pcanGainControl() {
        gainLUT.withUnsafeBufferPointer { lut in
            for i in 0..<Self.channels {
                let gain = UInt32(bitPattern: Int32(Self.wideDynamicFunction(estimate[i], lut)))
                let snr = UInt32(truncatingIfNeeded: (UInt64(signal[i]) * UInt64(gain)) >> UInt64(snrShift))
                signal[i] = Self.pcanShrink(snr)
            }
        }
    }

    private func logScale() {
        for i in 0..<Self.channels {
            var value = signal[i] &<< UInt32(Self.correctionBits)
            value = value > 1 ? Self.log(value, scaleShift: 6) : 0
            features[i] = value < 0xFFFF ? UInt16(value) : 0xFFFF
        }
    }

    // MARK: Integer helpers (as in the C library).

    @inline(__always) static func msb(_ n: UInt32) -> Int { n == 0 ? 0 : 32 - n.leadingZeroBitCount }

    static func sqrt32(_ value: UInt32) -> UInt32 {
        if value == 0 { return 0 }
        var num = value
        var res: UInt32 = 0
        var maxBit = 32 - msb(num)
        maxBit |= 1
        var bit: UInt32 = 1 << UInt32(31 - maxBit)
        var iterations = (31 - maxBit) / 2 + 1
        while iterations > 0 {
            iterations -= 1
            if num >= res &+ bit {
                num = num &- (res &+ bit)
                res = (res >> 1) &+ bit
            } else {
                res >>= 1
            }
            bit >>= 2
        }
        if num > res && res != 0xFFFF { res += 1 }
        return UInt32(UInt16(truncatingIfNeeded: res))
    }

    static func sqrt64(_ value: UInt64) -> UInt32 {
        if value >> 32 == 0 { return sqrt32(UInt32(value)) }
        var num = value
        var res: UInt64 = 0
        var maxBit = value.leadingZeroBitCount  // 64 − msb64
        maxBit |= 1
        var bit: UInt64 = 1 << UInt64(63 - maxBit)
        var iterations = (63 - maxBit) / 2 + 1
        while iterations > 0 {
            iterations -= 1
            if num >= res &+ bit {
                num = num &- (res &+ bit)
                res = (res >> 1) &+ bit
            } else {
                res >>= 1
            }
            bit >>= 2
        }
        if num > res && res != 0xFFFF_FFFF { res += 1 }
        return UInt32(truncatingIfNeeded: res)
    }

    static func wideDynamicFunction(_ x: UInt32, _ lut: UnsafeBufferPointer<Int16>) -> Int16 {
        if x <= 2 { return lut[Int(x)] }
        let interval = Int16(msb(x))
        let base = 4 * Int(interval) - 6
        let shifted: UInt32 = interval < 11 ? x << UInt32(11 - interval) : x >> UInt32(interval - 11)
        let frac = Int32(Int16(truncatingIfNeeded: shifted & 0x3FF))
        var result = (Int32(lut[base + 2]) &* frac) >> 5
        result = result &+ Int32(bitPattern: UInt32(bitPattern: Int32(lut[base + 1])) &<< 5)
        result = result &* frac
        result = (result &+ (1 << 14)) >> 15
        result = result &+ Int32(lut[base])
        return Int16(truncatingIfNeeded: result)
    }

    @inline(__always) static func pcanShrink(_ x: UInt32) -> UInt32 {
        if x < (2 << 12) {
            return (x &* x) >> (2 + 2 * 12 - 6)
        }
        return (x >> (12 - 6)) &- (1 << 6)
    }

    private static let logLUT: [Int32] = [
        0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817, 1992, 2163, 2329, 2490, 2646, 2797,
        2944, 3087, 3224, 3358, 3487, 3611, 3732, 3848, 3960, 4068, 4172, 4272, 4368, 4460, 4549, 4633,
        4714, 4791, 4864, 4934, 5001, 5063, 5123, 5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507,
        5533, 5557, 5578, 5595, 5610, 5622, 5631, 5637, 5640, 5641, 5638, 5633, 5626, 5615, 5602, 5586,
        5568, 5547, 5524, 5498, 5470, 5439, 5406, 5370, 5332, 5291, 5249, 5203, 5156, 5106, 5054, 5000,
        4944, 4885, 4825, 4762, 4697, 4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848,
        3759, 3668, 3575, 3481, 3384, 3286, 3186, 3084, 2981, 2875, 2768, 2659, 2549, 2437, 2323, 2207,
        2090, 1971, 1851, 1729, 1605, 1480, 1353, 1224, 1094, 963, 830, 695, 559, 421, 282, 142, 0, 0,
    ]

    /// Natural log in fixed point (log2 by a 128-segment table, then × ln 2), scaled by 2^scaleShift.
    static func log(_ x: UInt32, scaleShift: UInt32) -> UInt32 {
        let integer = UInt32(msb(x) - 1)
        // log2 fraction.
        var frac = Int32(truncatingIfNeeded: Int64(x) - (Int64(1) << Int64(integer)))
        if integer < 16 { frac = frac &<< Int32(16 - integer) } else { frac >>= Int32(integer - 16) }
        let baseSeg = Int(UInt32(bitPattern: frac) >> 9)
        let c0 = logLUT[baseSeg], c1 = logLUT[baseSeg + 1]
        let segBase = Int32(512 * baseSeg)
        let relPos = ((c1 - c0) &* (frac &- segBase)) >> 16
        let fraction = UInt32(bitPattern: frac &+ c0 &+ relPos)
        let log2 = (integer << 16) &+ fraction
        let round: UInt32 = 32768
        let loge = UInt32(truncatingIfNeeded: (UInt64(45426) * UInt64(log2) + UInt64(round)) >> 16)
        return ((loge << scaleShift) &+ round) >> 16
    }

    // MARK: Tables (float formulas of the C library, evaluated once).

    private static func freqToMel(_ freq: Float) -> Float { 1127.0 * LibM.log1pf(freq / 700.0) }

    private static func melFilterbank() -> (bins: [Int], weights: [UInt64], unweights: [UInt64], starts: [Int]) {
        let channelsPlus1 = channels + 1
        let lower: Float = 125, upper: Float = 7500
        let melLow = freqToMel(lower), melHigh = freqToMel(upper)
        let spacing = (melHigh - melLow) / Float(channelsPlus1)
        var centers = [Float](repeating: 0, count: channelsPlus1)
        for i in 0..<channelsPlus1 { centers[i] = melLow + spacing * Float(i + 1) }
        let spectrumSize = fftSize / 2 + 1
        let hzPerBin: Float = 0.5 * Float(sampleRate) / (Float(spectrumSize) - 1)
        let startIndex = Int(1.5 + lower / hzPerBin)
        var bins: [Int] = [], weights: [UInt64] = [], unweights: [UInt64] = [], starts: [Int] = []
        var chanStart = startIndex
        for chan in 0..<channelsPlus1 {
            starts.append(bins.count)
            var freqIndex = chanStart
            while freqToMel(Float(freqIndex) * hzPerBin) <= centers[chan] { freqIndex += 1 }
            let denom = chan == 0 ? melLow : centers[chan - 1]
            for f in chanStart..<freqIndex {
                let w = (centers[chan] - freqToMel(Float(f) * hzPerBin)) / (centers[chan] - denom)
                let qw = Int16(floorf(w * 4096 + 0.5))
                let qu = Int16(floorf((1.0 - w) * 4096 + 0.5))
                bins.append(f)
                weights.append(UInt64(bitPattern: Int64(qw)))
                unweights.append(UInt64(bitPattern: Int64(qu)))
            }
            chanStart = freqIndex
        }
        starts.append(bins.count)
        precondition((bins.last ?? 0) < spectrumSize, "MicroFrontend: filterbank above the spectrum")
        return (bins, weights, unweights, starts)
    }

    private static func pcanGainLUT(inputBits: Int32) -> [Int16] {
        let strength: Float = 0.95, offset: Float = 80.0, gainBits: UInt32 = 21
        func gain(_ x: UInt32) -> Int16 {
            let xf = Float(x) / Float(UInt32(1) << UInt32(inputBits))
            let g = Float(UInt32(1) << gainBits) * LibM.powf(xf + offset, -strength)
            if g > 0x7FFF { return 0x7FFF }
            return Int16(g + 0.5)
        }
        let bits = 32
        var lut = [Int16](repeating: 0, count: 4 * bits - 3)
        lut[0] = gain(0)
        lut[1] = gain(1)
        for interval in 2...bits {
            let x0 = UInt32(1) << UInt32(interval - 1)
            let x1 = x0 + (x0 >> 1)
            let x2 = interval == bits ? x0 + (x0 - 1) : 2 * x0
            let y0 = gain(x0), y1 = gain(x1), y2 = gain(x2)
            let diff1 = Int32(y1) - Int32(y0), diff2 = Int32(y2) - Int32(y0)
            let a1 = 4 * diff1 - diff2
            let a2 = diff2 - a1
            let base = 4 * interval - 6
            lut[base] = y0
            lut[base + 1] = Int16(truncatingIfNeeded: a1)
            lut[base + 2] = Int16(truncatingIfNeeded: a2)
        }
        return lut
    }
}

/// The C library's float functions, called at run time. The reference front end computes its tables
/// with glibc's cosf/log1pf/powf at run time; the optimiser would otherwise fold calls on constant
/// arguments with a more exact evaluation, 1 ulp away, which moves a mel weight by one step.
enum LibM {
    @_optimize(none) @inline(never) static func cosf(_ x: Float) -> Float { Foundation.cosf(x) }
    @_optimize(none) @inline(never) static func log1pf(_ x: Float) -> Float { Foundation.log1pf(x) }
    @_optimize(none) @inline(never) static func powf(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
    @_optimize(none) @inline(never) static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @_optimize(none) @inline(never) static func sin(_ x: Double) -> Double { Foundation.sin(x) }
}
