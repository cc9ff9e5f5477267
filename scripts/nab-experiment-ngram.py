#!/usr/bin/env python3
"""Issue 14 experiment: a causal contextual detector (own design; CAD-OSE's idea of "how predictable
and how new is the current context", expressed as a small hashed n-gram model) beside Hark's score.

Per reading:
- the value is put in one of B bins of a range learned from the first P readings (their min and max,
  widened by G times their span on each side, then frozen; values beyond are clamped to the end bins);
- for each order k = 1..K: h = hash(k, last k bins); counts n(h) and n(h, bin) in two direct-mapped
  tables of M slots (fingerprinted; a colliding key replaces the slot, counts halve when n(h) reaches
  CAP so the model keeps adapting); p_k = n(h, bin) / n(h) (0 when n(h) = 0), new_k = [n(h, bin) = 0];
- raw = ((1 - mean p_k) + mean new_k) / 2, updated counts afterwards;
- nothing is scored for the first P readings; the score is raw unless some raw >= 0.75 occurred in the
  previous REST readings (then 0): one report per episode, as CAD-OSE does.
Parameters are chosen on the even files only.
"""
import sys, os, pickle
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nab_lib as L

MASK = (1 << 64) - 1


def ngram(vals, B=8, P=400, G=0.0, K=5, M=1 << 13, CAP=1 << 15, REST=100, HI=0.75):
    n = len(vals)
    out = [0.0] * n
    if M:
        hfp = [0] * M; hn = [0] * M
        jfp = [0] * M; jn = [0] * M
    else:
        off = [0] * (K + 1)
        for k in range(2, K + 1):
            off[k] = off[k - 1] + B ** (k - 1)
        hn = [0] * (off[K] + B ** K); jn = [0] * (len(hn) * B)
    hist = []
    lo = hi = None
    last_hi = -10 ** 9
    step = 1.0
    for i, x in enumerate(vals):
        if i < P:
            lo = x if lo is None or x < lo else lo
            hi = x if hi is None or x > hi else hi
            span = hi - lo
            a, b = lo - G * span, hi + G * span
            step = (b - a) / B if b > a else 1.0
            base = a
        s = int((x - base) / step)
        s = 0 if s < 0 else (B - 1 if s >= B else s)
        psum = 0.0; new = 0; used = 0
        L_ = len(hist)
        for k in range(1, K + 1):
            if k > L_:
                break
            used += 1
            if M:
                key = hash((k,) + tuple(hist[L_ - k:])) & MASK
                hs = key % M; hf = key >> 32
                if hfp[hs] != hf:
                    hfp[hs] = hf; hn[hs] = 0
                jkey = hash((key, s)) & MASK
                js = jkey % M; jf = jkey >> 32
                if jfp[js] != jf:
                    jfp[js] = jf; jn[js] = 0
            else:
                # exact tables: history index = offset of order k + the last k bins in base B
                # (B + B^2 + ... + B^K entries), joint index = history index * B + bin
                hs = off[k]
                hs = off[k] + sum(q * B ** e for e, q in enumerate(reversed(hist[L_ - k:])))
                js = hs * B + s
            if hn[hs] > 0:
                psum += min(1.0, jn[js] / hn[hs])
            if jn[js] == 0:
                new += 1
            hn[hs] += 1; jn[js] += 1
            if hn[hs] >= CAP:
                hn[hs] //= 2
                if M:
                    jn[js] //= 2
                else:
                    for b in range(B):
                        jn[hs * B + b] //= 2
        hist.append(s)
        if len(hist) > K:
            hist.pop(0)
        raw = ((1 - psum / used) + new / used) / 2 if used else 0.0
        if i >= P:
            out[i] = raw if i - last_hi > REST else 0.0
        if raw >= HI:
            last_hi = i
    return out


def run_all(names, data, **kw):
    return {n: ngram(data[n]["v"], **kw) for n in names}


if __name__ == "__main__":
    names, data, prof = L.load(sys.argv[1])
    nm = L.half(names, sys.argv[2] if len(sys.argv) > 2 else "even")
    H = {n: data[n]["hark"] for n in nm}
    print(L.fmt("hark", L.score(nm, data, prof, H)), flush=True)
    import ast
    grid = [ast.literal_eval(a) for a in sys.argv[3:]] or ([dict()] + [dict(K=k) for k in (3, 7)] + [dict(G=0.25), dict(B=12), dict(REST=50), dict(P=600)])
    for kw in grid:
        N = run_all(nm, data, **kw)
        line = L.fmt("ngram %s" % kw, L.score(nm, data, prof, N))
        for c in (0.8, 0.88):
            f = L.score(nm, data, prof, {n: [max(a, c * b) for a, b in zip(H[n], N[n])] for n in nm})
            line += " | max c%.2f %5.1f %5.1f %5.1f o%d c%d" % (c, f[0], f[1], f[2], f[3], f[4])
        print(line, flush=True)
