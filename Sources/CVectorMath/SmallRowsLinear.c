// y[M,N] = x[M,K] · W[N,K]ᵀ + bias[N] for a few rows (M of a short sentence's tokens), reading W in
// place: OpenBLAS's sgemm packs the whole weight matrix for every call, which at M ≈ 12 costs more than
// the products themselves (perf on MiniLM: 22 % of the time in sgemm_incopy against 14 % in the
// kernel). Here each tile of 4 weight rows is read once from memory and stays in L1 while every group
// of up to 4 input rows is multiplied with it: 16 AVX-512 accumulators, one fused multiply-add per
// lane and step, sums reduced at the end of the row. Results equal a dot product taken in 16 lanes,
// within a few ulp of sgemm (another summation order).
#include "CVectorMath.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET __attribute__((target("avx512f")))
#define INLINE __attribute__((always_inline)) static inline

/// The 16 sums of a full tile's accumulators in 45 shuffles and adds (instead of 16 separate horizontal
/// reductions): pairs of accumulators are interleaved and added until each 128-bit lane holds four
/// finished partial sums, then the lanes are transposed and added. y[i*ldy + j] = bias[j] + Σ acc[i][j].
TARGET INLINE void reduce_store_4x4(__m512 acc[4][4], const float *bias, float *y, size_t ldy) {
    __m512 v[4];
    for (int i = 0; i < 4; i++) {
        // [a0 a1 a0 a1] per 128-bit lane, then [a0 a1 a2 a3] per lane (each the sum of that lane's 4 floats).
        __m512 s01 = _mm512_add_ps(_mm512_unpacklo_ps(acc[i][0], acc[i][1]), _mm512_unpackhi_ps(acc[i][0], acc[i][1]));
        __m512 s23 = _mm512_add_ps(_mm512_unpacklo_ps(acc[i][2], acc[i][3]), _mm512_unpackhi_ps(acc[i][2], acc[i][3]));
        __m512d lo = _mm512_unpacklo_pd(_mm512_castps_pd(s01), _mm512_castps_pd(s23));
        __m512d hi = _mm512_unpackhi_pd(_mm512_castps_pd(s01), _mm512_castps_pd(s23));
        v[i] = _mm512_add_ps(_mm512_castpd_ps(lo), _mm512_castpd_ps(hi));
    }
    // Sum each v[i]'s four lanes: v[i] ends in 128-bit lane i of `total`.
    __m512 u01 = _mm512_add_ps(_mm512_shuffle_f32x4(v[0], v[1], 0x44), _mm512_shuffle_f32x4(v[0], v[1], 0xEE));
    __m512 u23 = _mm512_add_ps(_mm512_shuffle_f32x4(v[2], v[3], 0x44), _mm512_shuffle_f32x4(v[2], v[3], 0xEE));
    __m512 total = _mm512_add_ps(_mm512_shuffle_f32x4(u01, u23, 0x88), _mm512_shuffle_f32x4(u01, u23, 0xDD));
    __m128 b = bias ? _mm_loadu_ps(bias) : _mm_setzero_ps();
    _mm_storeu_ps(y, _mm_add_ps(b, _mm512_extractf32x4_ps(total, 0)));
    _mm_storeu_ps(y + ldy, _mm_add_ps(b, _mm512_extractf32x4_ps(total, 1)));
    _mm_storeu_ps(y + 2 * ldy, _mm_add_ps(b, _mm512_extractf32x4_ps(total, 2)));
    _mm_storeu_ps(y + 3 * ldy, _mm_add_ps(b, _mm512_extractf32x4_ps(total, 3)));
}

/// One tile: rows x[0..<MB] (stride k) against weight rows w[0..<NB] (stride k); writes
/// y[i*ldy + j] = bias[j] + Σ x[i,:]·w[j,:]. MB, NB ≤ 4 are constants at every call site.
TARGET INLINE void tile(const int MB, const int NB, const float *x, const float *w, size_t k,
                        const float *bias, float *y, size_t ldy) {
    __m512 acc[4][4];
    for (int i = 0; i < MB; i++) for (int j = 0; j < NB; j++) acc[i][j] = _mm512_setzero_ps();
    size_t full = k & ~(size_t)15;
    for (size_t p = 0; p < full; p += 16) {
        __m512 wv[4], xv[4];
        for (int j = 0; j < NB; j++) wv[j] = _mm512_loadu_ps(w + j * k + p);
        for (int i = 0; i < MB; i++) xv[i] = _mm512_loadu_ps(x + i * k + p);
        for (int i = 0; i < MB; i++) for (int j = 0; j < NB; j++) acc[i][j] = _mm512_fmadd_ps(xv[i], wv[j], acc[i][j]);
    }
    if (full < k) {
        __mmask16 tail = (__mmask16)((1u << (k - full)) - 1);
        __m512 wv[4], xv[4];
        for (int j = 0; j < NB; j++) wv[j] = _mm512_maskz_loadu_ps(tail, w + j * k + full);
        for (int i = 0; i < MB; i++) xv[i] = _mm512_maskz_loadu_ps(tail, x + i * k + full);
        for (int i = 0; i < MB; i++) for (int j = 0; j < NB; j++) acc[i][j] = _mm512_fmadd_ps(xv[i], wv[j], acc[i][j]);
    }
    if (MB == 4 && NB == 4) {
        reduce_store_4x4(acc, bias, y, ldy);
        return;
    }
    for (int i = 0; i < MB; i++)
        for (int j = 0; j < NB; j++) y[i * ldy + j] = (bias ? bias[j] : 0.0f) + _mm512_reduce_add_ps(acc[i][j]);
}

#define ROWS(NB)                                                                                          \
    for (size_t i = 0; i < m; i += 4) {                                                                   \
        const float *xi = x + i * k;                                                                      \
        float *yi = y + i * n + j;                                                                        \
        switch (m - i >= 4 ? 4 : m - i) {                                                                 \
        case 4: tile(4, NB, xi, wj, k, bj, yi, n); break;                                                 \
        case 3: tile(3, NB, xi, wj, k, bj, yi, n); break;                                                 \
        case 2: tile(2, NB, xi, wj, k, bj, yi, n); break;                                                 \
        default: tile(1, NB, xi, wj, k, bj, yi, n); break;                                                \
        }                                                                                                 \
    }

TARGET static void linear_avx512(const float *x, size_t m, size_t k, const float *w, const float *bias,
                                 size_t n0, size_t n1, size_t n, float *y) {
    size_t j = n0;
    for (; j + 4 <= n1; j += 4) {
        const float *wj = w + j * k, *bj = bias ? bias + j : 0;
        ROWS(4)
    }
    for (; j < n1; j++) {
        const float *wj = w + j * k, *bj = bias ? bias + j : 0;
        ROWS(1)
    }
}

void hark_linear_rows(const float *x, size_t m, size_t k, const float *w, const float *bias,
                      size_t n0, size_t n1, size_t n, float *y) {
    linear_avx512(x, m, k, w, bias, n0, n1, n, y);
}

#else

void hark_linear_rows(const float *x, size_t m, size_t k, const float *w, const float *bias,
                      size_t n0, size_t n1, size_t n, float *y) {
    (void)x; (void)m; (void)k; (void)w; (void)bias; (void)n0; (void)n1; (void)n; (void)y;
}

#endif
