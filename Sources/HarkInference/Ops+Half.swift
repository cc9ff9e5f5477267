import CHalfFloat
import COpenBLAS

extension Ops {
    /// Rows of a half-precision B widened per block in `gemmHalfTransposedB`: 1024 × 384 floats = 1.5 MB.
    public static let halfBlockRows = 1024

    /// dst[count] = src[count] widened from IEEE binary16 bits to Float32, exactly.
    @inline(__always)
    public static func widenHalf(_ src: UnsafePointer<UInt16>, into dst: UnsafeMutablePointer<Float>, count: Int) {
        hark_widen_half(src, dst, count)
    }

    /// `widenHalf` without the CPU's conversion instructions (integer arithmetic; the fallback on CPUs
    /// without F16C, and a reference for tests).
    public static func widenHalfPortable(_ src: UnsafePointer<UInt16>, into dst: UnsafeMutablePointer<Float>, count: Int) {
        hark_widen_half_portable(src, dst, count)
    }

    /// True when `gemmHalfTransposedB` has a fused kernel for one row (checked once).
    public static let fusedHalfGemv = hark_gemv_half_available() != 0

    /// True when the widening uses the CPU's conversion instructions (F16C on x86-64, AArch64's own).
    public static var halfWideningInHardware: Bool { hark_half_hardware() != 0 }

    /// C[M,N] = A[M,K] · B[N,K]ᵀ with B in binary16: blocks of `halfBlockRows` rows of B are widened into
    /// `scratch` [halfBlockRows, K] and multiplied there (sgemv for M = 1), so B is read once at half the
    /// bytes of Float32 and nothing is allocated. C's rows have stride N.
    /// For M = 1 on x86-64 with AVX-512F or AVX2 + FMA + F16C, one fused kernel instead (`hark_gemv_half`:
    /// B widened in registers, read once, scratch unused): a decoder step's logits read the 40 MB Whisper
    /// embedding once instead of reading it, writing it widened and reading that again.
    public static func gemmHalfTransposedB(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<UInt16>,
                                           c: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        if m == 1 && fusedHalfGemv {
            split(work: n * k) { part, parts in   // rows of B over the OpenBLAS thread count
                let r = range(part, of: parts, count: n, align: 4)
                if !r.isEmpty { hark_gemv_half(b + r.lowerBound * k, a, c + r.lowerBound, r.count, k) }
            }
            return
        }
        var first = 0
        while first < n {
            let rows = min(halfBlockRows, n - first)
            widenHalf(b + first * k, into: scratch, count: rows * k)
            if m == 1 {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(k), 1, scratch, Int32(k), a, 1, 0, c + first, 1)
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(rows), Int32(k), 1, a, Int32(k),
                            scratch, Int32(k), 0, c + first, Int32(n))
            }
            first += rows
        }
    }
}
