#ifndef CVECTORMATH_H
#define CVECTORMATH_H
#include <stddef.h>

/// 1 when this CPU runs the 16-lane AVX-512F kernels below (checked once); 0: the caller uses its own
/// (Swift, 8-lane) versions, which compute the same formulas.
int hark_vector_math_available(void);

/// Softmax over each of `rows` rows of `cols` floats, in place, max-subtracted; exp as Cephes' expf
/// (degree-6 polynomial after reduction by ln 2 in two parts, inputs clamped to [-87.3, 88.7]), exactly
/// the formula of Ops.exp8. Only call when `hark_vector_math_available()`. Allocates nothing.
void hark_softmax_rows(float *x, size_t rows, size_t cols);

/// Exact-form GELU x·½·(1 + erf(x/√2)) in place, erf from Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7),
/// the formula of Ops.fastGelu. Only call when `hark_vector_math_available()`. Allocates nothing.
void hark_gelu(float *x, size_t count);

/// Linear layer for a few rows, weights read in place (no packing): y[i*n + j] = bias[j] + Σₚ x[i*k + p]·w[j*k + p]
/// for rows i < m and output columns n0 ≤ j < n1 (a caller splitting columns over threads passes its part);
/// `bias` may be NULL, and for m = 1 it may be y itself (y += x·Wᵀ). Only call when `hark_vector_math_available()`.
/// Allocates nothing.
void hark_linear_rows(const float *x, size_t m, size_t k, const float *w, const float *bias,
                      size_t n0, size_t n1, size_t n, float *y);

#endif
