import CVectorMath

extension Ops {
    /// Up to this many rows, `linearRows` reads the weights in place (CVectorMath's `hark_linear_rows`)
    /// instead of calling sgemm, which packs the whole weight matrix on every call. Measured on MiniLM's
    /// six layers (one thread, AVX-512 Xeon): 0.74× the time of OpenBLAS's SkylakeX sgemm at 12 rows,
    /// 0.88× at 16, 1.04× at 24, 1.4× at 64; against the generic (Prescott) kernels OpenBLAS 0.3.21
    /// picks on such a CPU unless OPENBLAS_CORETYPE says otherwise, 0.4× at every size up to 200 rows,
    /// so with generic kernels every size up to `genericKernelRowsLimit` goes this way (Whisper's
    /// 1500-row encoder too: full-context transcription 0.81× the time with them).
    public static let smallRowsLimit = BLASKernelAdvice.genericCores.contains(BLASLibrary.coreName.lowercased()) ? genericKernelRowsLimit : 16
    static let genericKernelRowsLimit = 4096

    /// Linear layer y[M,N] = x[M,K] · W[N,K]ᵀ + bias[N], as `linear`, but for a few rows (M ≤
    /// `smallRowsLimit`) on CPUs with AVX-512 it multiplies the weights where they lie, output columns
    /// split over the OpenBLAS thread count (`split`). Results agree with `linear` to a few ulp (another
    /// summation order).
    public static func linearRows(_ x: UnsafePointer<Float>, m: Int, k: Int,
                                  weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, n: Int,
                                  into y: UnsafeMutablePointer<Float>) {
        guard vectorMathInC, m <= smallRowsLimit else {
            linear(x, m: m, k: k, weight: weight, bias: bias, n: n, into: y)
            return
        }
        split(work: m * n * k / 16) { part, parts in
            let r = range(part, of: parts, count: n, align: 4)
            if !r.isEmpty { hark_linear_rows(x, m, k, weight, bias, r.lowerBound, r.upperBound, n, y) }
        }
    }

    /// y[N] += W[N,K] · x[K] (one row): in place on AVX-512 (`hark_linear_rows` with y as its own bias;
    /// 0.49× the time of sgemv with OpenBLAS's generic kernels, equal with SkylakeX), else sgemv.
    public static func accumulateRow(_ x: UnsafePointer<Float>, k: Int, weight: UnsafePointer<Float>, n: Int,
                                     into y: UnsafeMutablePointer<Float>) {
        guard vectorMathInC else {
            gemm(m: 1, n: n, k: k, a: x, b: weight, transposeB: true, c: y, beta: 1)
            return
        }
        hark_linear_rows(x, 1, k, weight, y, 0, n, n, y)
    }
}
