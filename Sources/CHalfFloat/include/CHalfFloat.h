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

#endif
