// fp16 -> fp32 widening for the engine's half-precision weights (Whisper's tied embedding).
// Swift cannot select a CPU feature per function, so this small C target does: F16C on x86-64 when
// the CPU has it, the hardware conversion on AArch64 (Raspberry Pi class boards), an exact integer
// fallback otherwise.
#include "CHalfFloat.h"
#include <string.h>

static inline float widen_one(uint16_t h) {
    // Exact binary16 -> binary32 by integer arithmetic (normal, subnormal, zero, inf, NaN).
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t bits = (uint32_t)(h & 0x7fffu) << 13;       // exponent and mantissa in float position
    uint32_t exp = bits & (0x7c00u << 13);
    bits += (127u - 15u) << 23;                          // rebias the exponent
    float f;
    if (exp == (0x7c00u << 13)) {
        bits += (128u - 16u) << 23;                      // inf / NaN keep an all-ones exponent
        memcpy(&f, &bits, 4);
    } else if (exp == 0) {
        bits += 1u << 23;                                // zero / subnormal: renormalise
        memcpy(&f, &bits, 4);
        const uint32_t magic_bits = 113u << 23;
        float magic;
        memcpy(&magic, &magic_bits, 4);
        f -= magic;
    } else {
        memcpy(&f, &bits, 4);
    }
    uint32_t out;
    memcpy(&out, &f, 4);
    out |= sign;
    memcpy(&f, &out, 4);
    return f;
}

void hark_widen_half_portable(const uint16_t *src, float *dst, size_t count) {
    for (size_t i = 0; i < count; i++) {
        uint16_t h;
        memcpy(&h, src + i, 2);
        dst[i] = widen_one(h);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx,f16c")))
static void widen_f16c(const uint16_t *src, float *dst, size_t count) {
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(src + i + 8));
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(a));
        _mm256_storeu_ps(dst + i + 8, _mm256_cvtph_ps(b));
    }
    for (; i + 8 <= count; i += 8) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(a));
    }
    hark_widen_half_portable(src + i, dst + i, count - i);
}

static int has_f16c(void) {
    __builtin_cpu_init();   // idempotent; the feature bits are read from a table filled once
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
}

int hark_half_hardware(void) { return has_f16c(); }

void hark_widen_half(const uint16_t *src, float *dst, size_t count) {
    if (has_f16c()) {
        widen_f16c(src, dst, count);
    } else {
        hark_widen_half_portable(src, dst, count);
    }
}

#elif defined(__aarch64__)

int hark_half_hardware(void) { return 1; }

void hark_widen_half(const uint16_t *src, float *dst, size_t count) {
    for (size_t i = 0; i < count; i++) {
        __fp16 h;
        memcpy(&h, src + i, 2);
        dst[i] = (float)h;
    }
}

#else

int hark_half_hardware(void) { return 0; }

void hark_widen_half(const uint16_t *src, float *dst, size_t count) { hark_widen_half_portable(src, dst, count); }

#endif
