#!/usr/bin/env python3
"""Issue 14 experiment: a causal contextual-novelty detector beside Hark's anomaly score, and fusions.

The detector (own design, in the spirit of CAD-OSE's "how new is the current context"):
- the value is discretised into B bins on a range learned from the first P readings (then frozen;
  values beyond it map to two extra out-of-range symbols, scaled by how far out they are);
- for each order k = 1..K, the context (last k symbols, current symbol) is looked up in a fixed-size
  direct-mapped table (M slots, a fingerprint and a count per slot: bounded memory, O(K) per reading);
- the raw score is the weighted fraction of orders whose context was never seen (or seen fewer than C
  times), nothing before P readings; after a raw score >= R the next Q readings score 0 (reported once).
Parameters are chosen on the even files only (sorted names); see the results file beside this script.
Usage: nab-experiment-context.py HARK_REPLAY_DIR [--half even|odd|all] [--grid]
"""
import sys, os, math, itertools, zlib
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nab_lib as L


def novelty(vals, B=8, P=300, K=6, M=1 << 14, C=1, Q=30, R=0.75, lo_q=0.0, weights="equal", extra=2):
    n = len(vals)
    out = [0.0] * n
    fp = [0] * M
    cnt = [0] * M
    hist = []          # last K symbols (ring in Swift)
    lo = hi = None
    step = 1.0
    mute = 0
    wsum = K if weights == "equal" else sum(range(1, K + 1))
    for i, x in enumerate(vals):
        if i < P:
            lo = x if lo is None or x < lo else lo
            hi = x if hi is None or x > hi else hi
            if i == P - 1:
                width = hi - lo
                step = width / B if width > 0 else 1.0
            # symbols during learning: on the range so far (not scored)
            w = (hi - lo) / B if hi > lo else 1.0
            s = min(B - 1, int((x - lo) / w))
        else:
            t = (x - lo) / step
            if t < 0:
                s = B + min(extra - 1, int(-t / B)) if extra > 1 else B   # below: how far, in ranges
                s = B + min(extra - 1, int(-t))
            elif t >= B:
                s = B + extra + min(extra - 1, int(t - B))
            else:
                s = int(t)
        new = 0.0
        L_ = len(hist)
        for k in range(1, K + 1):
            if k > L_:
                break
            key = (k, tuple(hist[L_ - k:]), s)
            h = hash(key)
            slot = h % M
            f = (h >> 20) & 0xFFFFFFFF
            if fp[slot] != f:
                fp[slot] = f
                cnt[slot] = 0
            if cnt[slot] < C:
                new += 1.0 if weights == "equal" else k
            cnt[slot] = min(cnt[slot] + 1, 65535)
        hist.append(s)
        if len(hist) > K:
            hist.pop(0)
        if i >= P:
            raw = new / wsum
            if mute > 0:
                mute -= 1
                out[i] = 0.0
            else:
                out[i] = raw
                if raw >= R:
                    mute = Q
    return out


def run_all(names, data, **kw):
    return {n: novelty(data[n]["v"], **kw) for n in names}


if __name__ == "__main__":
    names, data, prof = L.load(sys.argv[1])
    half = sys.argv[2] if len(sys.argv) > 2 else "even"
    nm = L.half(names, half)
    H = {n: data[n]["hark"] for n in nm}
    print(L.fmt("hark", L.score(nm, data, prof, H)))
    for B, K in ((8, 6), (16, 4), (16, 6), (32, 4)):
        N = run_all(nm, data, B=B, K=K)
        print(L.fmt("novelty B%d K%d" % (B, K), L.score(nm, data, prof, N)))
