// Softmax and GELU for the engine's large activations (Whisper's encoder: 1500×1500 attention scores per
// head, [1500, 1536] FFN activations) in 16 AVX-512 lanes, chosen at run time: Swift cannot target a CPU
// feature per function and its SIMD8 code compiles to SSE pairs for the baseline x86-64. Same formulas and
// constants as Ops.exp8 / Ops.fastGelu; products and sums are never fused (no FMA). Results agree with
// the Swift versions to about 1e-7 absolute (a softmax row's sum is taken in another order; erf may round
// differently by an ulp).
#include "CVectorMath.h"

#if defined(__x86_64__)
#include <immintrin.h>
#pragma clang fp contract(off)

static int has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

int hark_vector_math_available(void) { return has_avx512(); }

#define TARGET __attribute__((target("avx512f")))

TARGET static inline __m512 set1(float v) { return _mm512_set1_ps(v); }

/// Ops.exp8 in 16 lanes.
TARGET static inline __m512 exp16(__m512 v) {
    __m512 x = _mm512_min_ps(_mm512_max_ps(v, set1(-87.3f)), set1(88.7f));
    __m512 shifted = _mm512_add_ps(_mm512_mul_ps(x, set1(1.44269504088896341f)), set1(12582912.0f));
    __m512 n = _mm512_sub_ps(shifted, set1(12582912.0f));
    __m512 r = _mm512_sub_ps(x, _mm512_mul_ps(n, set1(0.693359375f)));
    r = _mm512_add_ps(r, _mm512_mul_ps(n, set1(2.12194440e-4f)));
    __m512 r2 = _mm512_mul_ps(r, r);
    __m512 p = set1(1.9875691500e-4f);
    p = _mm512_add_ps(_mm512_mul_ps(p, r), set1(1.3981999507e-3f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), set1(8.3334519073e-3f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), set1(4.1665795894e-2f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), set1(1.6666665459e-1f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), set1(5.0000001201e-1f));
    p = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(p, r2), r), set1(1.0f));
    __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_sub_epi32(_mm512_castps_si512(shifted),
                                                                     _mm512_set1_epi32(0x4B400000)),
                                                   _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(e));
}

TARGET static void softmax_row(float *row, size_t cols) {
    size_t full = cols & ~(size_t)15;
    __mmask16 tail = (__mmask16)((1u << (cols - full)) - 1);
    __m512 top = set1(-__builtin_inff());
    for (size_t j = 0; j < full; j += 16) top = _mm512_max_ps(top, _mm512_loadu_ps(row + j));
    if (tail) top = _mm512_max_ps(top, _mm512_mask_loadu_ps(set1(-__builtin_inff()), tail, row + full));
    __m512 m = set1(_mm512_reduce_max_ps(top));
    __m512 acc = _mm512_setzero_ps();
    for (size_t j = 0; j < full; j += 16) {
        __m512 e = exp16(_mm512_sub_ps(_mm512_loadu_ps(row + j), m));
        _mm512_storeu_ps(row + j, e);
        acc = _mm512_add_ps(acc, e);
    }
    if (tail) {
        __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, row + full), m));
        _mm512_mask_storeu_ps(row + full, tail, e);
        acc = _mm512_mask_add_ps(acc, tail, acc, e);
    }
    __m512 inv = set1(1.0f / _mm512_reduce_add_ps(acc));
    for (size_t j = 0; j < full; j += 16) _mm512_storeu_ps(row + j, _mm512_mul_ps(_mm512_loadu_ps(row + j), inv));
    if (tail) _mm512_mask_storeu_ps(row + full, tail, _mm512_mul_ps(_mm512_maskz_loadu_ps(tail, row + full), inv));
}

TARGET static void softmax_avx512(float *x, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) softmax_row(x + r * cols, cols);
}

/// Ops.fastGelu in 16 lanes.
TARGET static inline __m512 gelu16(__m512 v) {
    __m512 z = _mm512_mul_ps(v, set1(0.70710678118654752f));
    __m512 a = _mm512_abs_ps(z);
    __m512 t = _mm512_div_ps(set1(1.0f), _mm512_add_ps(set1(1.0f), _mm512_mul_ps(set1(0.3275911f), a)));
    __m512 poly = set1(1.061405429f);
    poly = _mm512_sub_ps(_mm512_mul_ps(poly, t), set1(1.453152027f));
    poly = _mm512_add_ps(_mm512_mul_ps(poly, t), set1(1.421413741f));
    poly = _mm512_sub_ps(_mm512_mul_ps(poly, t), set1(0.284496736f));
    poly = _mm512_add_ps(_mm512_mul_ps(poly, t), set1(0.254829592f));
    poly = _mm512_mul_ps(poly, t);
    __m512 neg = _mm512_sub_ps(_mm512_setzero_ps(), _mm512_mul_ps(a, a));
    __m512 erfAbs = _mm512_sub_ps(set1(1.0f), _mm512_mul_ps(poly, exp16(neg)));
    __mmask16 negative = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_LT_OQ);
    __m512 erf = _mm512_mask_sub_ps(erfAbs, negative, _mm512_setzero_ps(), erfAbs);
    return _mm512_mul_ps(_mm512_mul_ps(set1(0.5f), v), _mm512_add_ps(set1(1.0f), erf));
}

TARGET static void gelu_avx512(float *x, size_t count) {
    size_t full = count & ~(size_t)15;
    for (size_t j = 0; j < full; j += 16) _mm512_storeu_ps(x + j, gelu16(_mm512_loadu_ps(x + j)));
    __mmask16 tail = (__mmask16)((1u << (count - full)) - 1);
    if (tail) _mm512_mask_storeu_ps(x + full, tail, gelu16(_mm512_maskz_loadu_ps(tail, x + full)));
}

void hark_softmax_rows(float *x, size_t rows, size_t cols) { softmax_avx512(x, rows, cols); }

void hark_gelu(float *x, size_t count) { gelu_avx512(x, count); }

#else

int hark_vector_math_available(void) { return 0; }
void hark_softmax_rows(float *x, size_t rows, size_t cols) { (void)x; (void)rows; (void)cols; }
void hark_gelu(float *x, size_t count) { (void)x; (void)count; }

#endif
