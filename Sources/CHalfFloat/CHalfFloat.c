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


// y[n] = B[n, k] · x[k], B in binary16: four rows of B at a time, each widened 16 (AVX-512) or 8
// (AVX2) values at a time in registers and multiplied into its accumulator, so B is read once from
// memory and never written back widened. Lanes are summed at the end of each row.
__attribute__((target("avx512f")))
static void gemv_avx512(const uint16_t *b, const float *x, float *y, size_t n, size_t k) {
    size_t k16 = k & ~(size_t)15, i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint16_t *r0 = b + i * k, *r1 = r0 + k, *r2 = r1 + k, *r3 = r2 + k;
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
        for (size_t j = 0; j < k16; j += 16) {
            __m512 xv = _mm512_loadu_ps(x + j);
            a0 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(r0 + j))), xv, a0);
            a1 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(r1 + j))), xv, a1);
            a2 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(r2 + j))), xv, a2);
            a3 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(r3 + j))), xv, a3);
        }
        float s0 = _mm512_reduce_add_ps(a0), s1 = _mm512_reduce_add_ps(a1);
        float s2 = _mm512_reduce_add_ps(a2), s3 = _mm512_reduce_add_ps(a3);
        for (size_t j = k16; j < k; j++) {
            s0 += widen_one(r0[j]) * x[j];
            s1 += widen_one(r1[j]) * x[j];
            s2 += widen_one(r2[j]) * x[j];
            s3 += widen_one(r3[j]) * x[j];
        }
        y[i] = s0; y[i + 1] = s1; y[i + 2] = s2; y[i + 3] = s3;
    }
    for (; i < n; i++) {
        const uint16_t *r = b + i * k;
        __m512 a = _mm512_setzero_ps();
        for (size_t j = 0; j < k16; j += 16) {
            a = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(r + j))),
                                _mm512_loadu_ps(x + j), a);
        }
        float s = _mm512_reduce_add_ps(a);
        for (size_t j = k16; j < k; j++) s += widen_one(r[j]) * x[j];
        y[i] = s;
    }
}

__attribute__((target("avx,fma,f16c")))
static float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx,fma,f16c")))
static void gemv_avx2(const uint16_t *b, const float *x, float *y, size_t n, size_t k) {
    size_t k8 = k & ~(size_t)7, i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint16_t *r0 = b + i * k, *r1 = r0 + k, *r2 = r1 + k, *r3 = r2 + k;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
        for (size_t j = 0; j < k8; j += 8) {
            __m256 xv = _mm256_loadu_ps(x + j);
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(r0 + j))), xv, a0);
            a1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(r1 + j))), xv, a1);
            a2 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(r2 + j))), xv, a2);
            a3 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(r3 + j))), xv, a3);
        }
        float s0 = sum8(a0), s1 = sum8(a1), s2 = sum8(a2), s3 = sum8(a3);
        for (size_t j = k8; j < k; j++) {
            s0 += widen_one(r0[j]) * x[j];
            s1 += widen_one(r1[j]) * x[j];
            s2 += widen_one(r2[j]) * x[j];
            s3 += widen_one(r3[j]) * x[j];
        }
        y[i] = s0; y[i + 1] = s1; y[i + 2] = s2; y[i + 3] = s3;
    }
    for (; i < n; i++) {
        const uint16_t *r = b + i * k;
        __m256 a = _mm256_setzero_ps();
        for (size_t j = 0; j < k8; j += 8) {
            a = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(r + j))),
                                _mm256_loadu_ps(x + j), a);
        }
        float s = sum8(a);
        for (size_t j = k8; j < k; j++) s += widen_one(r[j]) * x[j];
        y[i] = s;
    }
}

static int has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

static int has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

int hark_gemv_half_available(void) { return has_avx512() || has_avx2_fma(); }

void hark_gemv_half(const uint16_t *b, const float *x, float *y, size_t n, size_t k) {
    if (has_avx512()) {
        gemv_avx512(b, x, y, n, k);
    } else if (has_avx2_fma()) {
        gemv_avx2(b, x, y, n, k);
    } else {
        for (size_t i = 0; i < n; i++) {
            float s = 0;
            for (size_t j = 0; j < k; j++) s += widen_one(b[i * k + j]) * x[j];
            y[i] = s;
        }
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

#if !defined(__x86_64__)
// No fused kernel on other processors yet: the caller widens blocks and uses BLAS.
int hark_gemv_half_available(void) { return 0; }

void hark_gemv_half(const uint16_t *b, const float *x, float *y, size_t n, size_t k) {
    for (size_t i = 0; i < n; i++) {
        float s = 0;
        for (size_t j = 0; j < k; j++) s += widen_one(b[i * k + j]) * x[j];
        y[i] = s;
    }
}
#endif
