import COpenBLAS

/// The engine's operators. Plain functions over contiguous row-major Float32 buffers; the caller owns
/// every output buffer (allocated once per stream), so no operator allocates.
public enum Ops {
    /// C[M,N] = alpha · A[M,K] · op(B) + beta · C, with op(B) = B[K,N] or, when `transposeB`, B[N,K]ᵀ.
    /// M = 1 goes through `cblas_sgemv` (≈3× faster than sgemm for one row in OpenBLAS 0.3.21).
    @inline(__always)
    public static func gemm(m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int? = nil,
                            b: UnsafePointer<Float>, transposeB: Bool, ldb: Int? = nil,
                            c: UnsafeMutablePointer<Float>, ldc: Int? = nil,
                            alpha: Float = 1, beta: Float = 0) {
        let lda = lda ?? k
        let ldb = ldb ?? (transposeB ? k : n)
        let ldc = ldc ?? n
        if m == 1 {
            // y[N] = op(B)ᵀ-ish · x: B[N,K] NoTrans when transposed, B[K,N] Trans otherwise.
            if transposeB {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, 1, beta, c, 1)
            } else {
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, 1, beta, c, 1)
            }
            return
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `cblas_sgemm` with explicit leading dimensions (also for M = 1, where strided rows rule out sgemv).
    @inline(__always)
    public static func cblasGemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                                 b: UnsafePointer<Float>, transposeB: Bool, ldb: Int,
                                 c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float = 0) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Raw `cblas_sgemm` (row-major), for benchmarks comparing the engine's path against it.
    public static func rawSgemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                transposeB: Bool, c: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(transposeB ? k : n), 0, c, Int32(n))
    }

    /// Linear layer: y[M,N] = x[M,K] · W[N,K]ᵀ + bias[N] (PyTorch weight layout).
    public static func linear(_ x: UnsafePointer<Float>, m: Int, k: Int,
                              weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, n: Int,
                              into y: UnsafeMutablePointer<Float>) {
        if let bias {
            for r in 0..<m { (y + r * n).update(from: bias, count: n) }
            gemm(m: m, n: n, k: k, a: x, b: weight, transposeB: true, c: y, beta: 1)
        } else {
            gemm(m: m, n: n, k: k, a: x, b: weight, transposeB: true, c: y, beta: 0)
        }
    }
}
