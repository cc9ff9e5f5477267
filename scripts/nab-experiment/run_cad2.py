# measurement only: NAB's CAD-OSE run beside Hark with a causal range: probation min/max widened by a margin
import sys, math, pickle
sys.path.insert(0, "/tmp/nab2/cadsrc"); sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
from cad_ose import ContextualAnomalyDetectorOSE as CAD
margin = float(sys.argv[1]); half = sys.argv[2]
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, half)
out = {}
for n in nm:
    v = data[n]["v"]; N = len(v)
    prob = min(math.floor(0.15 * N), 750)
    lo, hi = min(v[:prob]), max(v[:prob]); r = hi - lo
    lo, hi = lo - margin * r, hi + margin * r
    d = CAD(minValue=lo, maxValue=hi, restPeriod=prob / 5.0)
    out[n] = [d.getAnomalyScore({"value": min(max(x, lo), hi)}) for x in v]
pickle.dump(out, open("/tmp/nab2/cad_m%s_%s.pkl" % (sys.argv[1], half), "wb"))
H = {n: data[n]["hark"] for n in nm}
print(L.fmt("CAD causal margin %s %s" % (margin, half), L.score(nm, data, prof, out)))
for c in (0.7, 0.8, 0.9, 1.0):
    print(L.fmt("  max(hark, %.1f*CAD)" % c, L.score(nm, data, prof, {n: [max(a, c * b) for a, b in zip(H[n], out[n])] for n in nm})), flush=True)
