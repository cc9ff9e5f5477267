#ifndef CHALFFLOAT_H
#define CHALFFLOAT_H
#include <stddef.h>
#include <stdint.h>

/// Widens `count` IEEE 754 binary16 values (raw bits, any 2-byte alignment) to float32, exactly
/// (zeros, subnormals, infinities and NaNs included). Uses the F16C instruction on x86-64 CPUs that
/// have it (checked once at run time), the hardware conversion on AArch64, and an integer fallback
/// elsewhere. Allocates nothing.
void hark_widen_half(const uint16_t *src, float *dst, size_t count);

/// The integer fallback of `hark_widen_half` (exact; also the reference its fast paths are tested against).
void hark_widen_half_portable(const uint16_t *src, float *dst, size_t count);

/// 1 when the fast path (F16C on x86-64, native on AArch64) is in use, 0 for the integer fallback.
int hark_half_hardware(void);

/// y[n] = B[n, k] · x[k] with B in binary16 (raw bits, row-major, any 2-byte alignment), widened in
/// registers (AVX-512F or AVX2 + FMA + F16C, chosen at run time): B is read once, nothing is written
/// but y. Sums in a different order than BLAS's sgemv (differences of a few ulp). Allocates nothing.
void hark_gemv_half(const uint16_t *b, const float *x, float *y, size_t n, size_t k);

/// 1 when `hark_gemv_half` has a vector kernel on this CPU (x86-64 with AVX-512F or AVX2 + FMA + F16C);
/// 0 when it would be a plain scalar loop (callers then widen blocks and use BLAS instead).
int hark_gemv_half_available(void);

#endif
