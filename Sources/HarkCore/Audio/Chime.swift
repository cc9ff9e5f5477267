/// The short generated feedback sounds ("listening", "done", "error") as 16 kHz mono PCM.
public enum Chime: String, Sendable, CaseIterable {
    case listening, done, error

    /// Tones (Hz, ms) played in sequence.
    var notes: [(hz: Double, ms: Int)] {
        switch self {
        case .listening: [(660, 90), (880, 120)]
        case .done: [(880, 90), (660, 120)]
        case .error: [(330, 160), (0, 60), (330, 160)]
        }
    }

    /// Sine tones with 8 ms raised-cosine fades (no clicks), at `volume` (0…1) of full scale.
    public func samples(volume: Double, rate: Int = 16_000) -> [Int16] {
        var out: [Int16] = []
        let fade = rate * 8 / 1000
        for note in notes {
            let n = rate * note.ms / 1000
            for i in 0..<n {
                guard note.hz > 0 else { out.append(0); continue }
                var env = 1.0
                if i < fade { env = 0.5 - 0.5 * cos(Double.pi * Double(i) / Double(fade)) }
                if n - 1 - i < fade { env = 0.5 - 0.5 * cos(Double.pi * Double(n - 1 - i) / Double(fade)) }
                let v = sin(2 * Double.pi * note.hz * Double(i) / Double(rate)) * env * volume * 32767
                out.append(Int16(max(-32767, min(32767, v.rounded()))))
            }
        }
        return out
    }
}

// Foundation-free sine/cosine for HarkCore.
@inline(__always) private func sin(_ x: Double) -> Double { _sin(x) }
@inline(__always) private func cos(_ x: Double) -> Double { _sin(x + Double.pi / 2) }

/// sin by range reduction and a Taylor series (|error| < 1e-12 over one period: plenty for 16-bit audio).
private func _sin(_ x: Double) -> Double {
    let twoPi = 2 * Double.pi
    var r = x.truncatingRemainder(dividingBy: twoPi)
    if r > Double.pi { r -= twoPi } else if r < -Double.pi { r += twoPi }
    var term = r, sum = r
    let r2 = r * r
    for k in stride(from: 2, through: 30, by: 2) {
        term *= -r2 / Double(k * (k + 1))
        sum += term
    }
    return sum
}
