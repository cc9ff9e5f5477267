import sys, importlib.util
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
spec = importlib.util.spec_from_file_location("ng", "/work/wt/nab2/scripts/nab-experiment-ngram.py"); ng = importlib.util.module_from_spec(spec); spec.loader.exec_module(ng)
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
kw = dict(K=3, G=0.25, REST=-1, HI=0.75, M=0, P=300, B=8)
R = ng.run_all(nm, data, **kw)
H = {n: data[n]["hark"] for n in nm}
for m in (0, 3, 10):
    ins, outs = [], []
    for n in nm:
        f = data[n]["file"]; h = H[n]; r = R[n]
        for i, x in enumerate(h):
            if x >= 0.9 and f.window_of[i] != "probationary":
                g = max(r[max(0, i - m):i + 1])
                (ins if f.inside[i] else outs).append(g)
    def q(a):
        a = sorted(a); return " ".join("%.2f" % a[int(p * (len(a) - 1))] for p in (0.1, 0.25, 0.5, 0.75, 0.9))
    print("m%-2d inside n=%d q10..q90 %s | outside n=%d %s" % (m, len(ins), q(ins), len(outs), q(outs)))
    for v in (0.4, 0.5, 0.6):
        print("    veto below %.1f: keeps inside %d/%d, outside %d/%d" % (v, sum(g >= v for g in ins), len(ins), sum(g >= v for g in outs), len(outs)))
kwc = dict(K=3, G=0.25, REST=200, HI=0.75, M=0, P=300, B=8)
N = ng.run_all(nm, data, **kwc)
base = {n: [max(a, 0.8 * b) for a, b in zip(H[n], N[n])] for n in nm}
print(L.fmt("chosen fusion", L.score(nm, data, prof, base)))
for m, v in ((0, 0.4), (3, 0.4), (10, 0.5), (0, 0.2), (3, 0.2)):
    F = {}
    for n in nm:
        r = R[n]; o = list(base[n])
        for i, x in enumerate(o):
            if x >= 0.9 and max(r[max(0, i - m):i + 1]) < v:
                o[i] = 0.89
        F[n] = o
    print(L.fmt("+ demote to 0.89 if raw n-gram<%.1f in last %d" % (v, m), L.score(nm, data, prof, F)))
