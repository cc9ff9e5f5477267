import Dispatch

extension Ops {
    /// Elements below which the C kernels run on the calling thread alone (splitting costs ~10 µs).
    static let parallelMinimum = 1 << 16

    /// Runs body(part, parts) for part in 0..<parts, parts = the OpenBLAS thread count (`[models] threads`,
    /// so that the non-BLAS kernels use the same cores as the GEMMs) when `work` ≥ `parallelMinimum`,
    /// else once on this thread. Parts run concurrently (GCD's pool) and must write disjoint memory.
    @inline(__always)
    static func split(work: Int, _ body: (_ part: Int, _ parts: Int) -> Void) {
        let parts = work >= parallelMinimum ? BLASLibrary.threads : 1
        if parts <= 1 {
            body(0, 1)
        } else {
            // The parts write disjoint memory through raw pointers: not Sendable to the compiler, safe here.
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let run = body
                DispatchQueue.concurrentPerform(iterations: parts) { run($0, parts) }
            }
        }
    }

    /// The part-th of `parts` near-equal ranges of 0..<count, with bounds on multiples of `align`.
    @inline(__always)
    static func range(_ part: Int, of parts: Int, count: Int, align: Int = 1) -> Range<Int> {
        let units = (count + align - 1) / align
        let lo = min(count, units * part / parts * align), hi = min(count, units * (part + 1) / parts * align)
        return lo..<hi
    }
}
