import sys, csv, os
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
names, data, prof = L.load("/tmp/nab2/hark")
def ref(det):
    out = {}
    for n in names:
        cat, base = n.split("/")
        with open("/tmp/nab2/ref/%s/%s/%s_%s" % (det, cat, det, base)) as fh:
            r = csv.DictReader(fh); out[n] = [float(x["anomaly_score"]) for x in r]
    return out
H = {n: data[n]["hark"] for n in names}
A = ref("ARTime"); C = ref("contextOSE")
for h in ("even", "all"):
    nm = L.half(names, h)
    print("==", h)
    print(L.fmt("hark", L.score(nm, data, prof, H)))
    print(L.fmt("ARTime", L.score(nm, data, prof, A)))
    print(L.fmt("CAD-OSE", L.score(nm, data, prof, C)))
    for name, D in (("ART", A), ("CAD", C)):
        print(L.fmt("max(hark,%s)" % name, L.score(nm, data, prof, {n: [max(a, b) for a, b in zip(H[n], D[n])] for n in nm})))
        for w in (0.3, 0.5, 0.7):
            # veto: hark alert only if other detector saw something in last k rows
            pass
print("== veto experiments, even")
nm = L.half(names, "even")
def veto(D, m, v, a):
    out = {}
    for n in nm:
        h, d = H[n], D[n]; o = []
        for i in range(len(h)):
            if h[i] > 0 and max(d[max(0, i - m):i + 1]) < v:
                o.append(h[i] * a)
            else:
                o.append(h[i])
        out[n] = o
    return out
for name, D in (("ART", A), ("CAD", C)):
    for m in (0, 5, 20):
        for v in (0.3, 0.6):
            print(L.fmt("veto %s m%d v%.1f a0.5" % (name, m, v), L.score(nm, data, prof, veto(D, m, v, 0.5))))
