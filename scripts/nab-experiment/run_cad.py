# measurement only: NAB's CAD-OSE (run beside Hark, not copied into it) with a causal range
import sys, math, pickle
sys.path.insert(0, "/tmp/nab2/cadsrc"); sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
from cad_ose import ContextualAnomalyDetectorOSE as CAD
mode = sys.argv[1]  # "file" (NAB's min/max of the whole file) or "prob" (min/max of the probation rows, values clamped)
names, data, prof = L.load("/tmp/nab2/hark")
out = {}
for n in names:
    v = data[n]["v"]; N = len(v)
    prob = min(math.floor(0.15 * N), 750)
    if mode == "file": lo, hi = min(v), max(v)
    else: lo, hi = min(v[:prob]), max(v[:prob])
    d = CAD(minValue=lo, maxValue=hi, restPeriod=prob / 5.0)
    s = []
    for x in v:
        if mode != "file": x = min(max(x, lo), hi)
        s.append(d.getAnomalyScore({"value": x}))
    out[n] = s
    print(n, flush=True, file=sys.stderr)
pickle.dump(out, open("/tmp/nab2/cad_%s.pkl" % mode, "wb"))
for h in ("even", "all"):
    nm = L.half(names, h)
    print(L.fmt("CAD-OSE %s %s" % (mode, h), L.score(nm, data, prof, out)))
