#!/usr/bin/env python3
"""Issue 14 experiment: a causal windowed-novelty detector (own design, after the idea of fuzzy
adaptive resonance as ARTime uses it) beside Hark's anomaly score, and fusions with it.

Detector, per reading:
- range [lo, hi] from the first P readings, then frozen; a value is clamped to [lo - g, hi + g]
  (g = G * (hi - lo)) and scaled to [0, 1];
- the feature vector: the last W = D * S scaled values as D means of S readings each, complement
  coded (x, 1 - x);
- fuzzy ART over at most KMAX categories (weights in [0, 1]^(2D)): the category with the largest
  choice |I ∧ w| / (a + |w|) among those whose match |I ∧ w| / D reaches the vigilance RHO learns
  (w ← B (I ∧ w) + (1 - B) w); if none matches, a new category is made (when full: the one used
  least recently is replaced);
- the raw score after the first P + W readings: when no category matched,
  min(1, (RHO - best match) / (1 - RHO)) * ... graded; 0 when one matched. After a score >= 0.5
  the next Q readings score 0 (reported once).
Parameters are chosen on the even files only.  Usage: see main().
"""
import sys, os, pickle
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nab_lib as L


def art(vals, P=300, G=0.1, D=8, S=4, RHO=0.9, B=0.1, KMAX=64, Q=30, A=0.001, out_raw=False, BIN=0.0):
    n = len(vals)
    out = [0.0] * n
    W = D * S
    wts = np.ones((KMAX, 2 * D))
    used = np.zeros(KMAX, dtype=np.int64)   # last use (reading index)
    k = 0
    buf = [0.0] * W
    lo = hi = None
    mute = 0
    for i, x in enumerate(vals):
        if i < P:
            lo = x if lo is None or x < lo else lo
            hi = x if hi is None or x > hi else hi
        rng = (hi - lo) if hi > lo else 1.0
        g = G * rng
        y = (min(max(x, lo - g), hi + g) - (lo - g)) / (rng + 2 * g)
        buf[i % W] = y
        if i < W - 1:
            continue
        # D means of S readings, oldest first
        seq = [buf[(i - W + 1 + j) % W] for j in range(W)]
        f = np.array([sum(seq[d * S:(d + 1) * S]) / S for d in range(D)])
        I = np.concatenate([f, 1 - f])
        score = 0.0
        if k == 0:
            wts[0] = I; used[0] = i; k = 1
            continue
        mn = np.minimum(wts[:k], I)
        s = mn.sum(1)
        M = s / D
        ok = M >= RHO
        if ok.any():
            T = np.where(ok, s / (A + wts[:k].sum(1)), -1.0)
            j = int(T.argmax())
            wts[j] = B * mn[j] + (1 - B) * wts[j]
            used[j] = i
        else:
            best = float(M.max())
            score = BIN + (1 - BIN) * min(1.0, (RHO - best) / (1 - RHO))
            if k < KMAX:
                j = k; k += 1
            else:
                j = int(used.argmin())
            wts[j] = I; used[j] = i
        if i >= P + W:
            if mute > 0:
                mute -= 1
            elif score > 0:
                out[i] = score
                if score >= 0.5:
                    mute = Q
    return out


def run_all(names, data, **kw):
    return {n: art(data[n]["v"], **kw) for n in names}


if __name__ == "__main__":
    names, data, prof = L.load(sys.argv[1])
    nm = L.half(names, sys.argv[2] if len(sys.argv) > 2 else "even")
    H = {n: data[n]["hark"] for n in nm}
    print(L.fmt("hark", L.score(nm, data, prof, H)), flush=True)
    for kw in [dict(BIN=0.5, RHO=r, D=d, S=ss) for r in (0.8, 0.9) for (d, ss) in ((8, 4), (8, 8))]:
        N = run_all(nm, data, **kw)
        r = L.score(nm, data, prof, N)
        line = L.fmt("art %s" % kw, r)
        for c in (0.8, 1.0):
            F = {n: [max(a, c * b) for a, b in zip(H[n], N[n])] for n in nm}
            f = L.score(nm, data, prof, F)
            line += " | max c%.1f %5.1f %5.1f %5.1f o%d c%d" % (c, f[0], f[1], f[2], f[3], f[4])
        print(line, flush=True)
