import sys, importlib.util, os, csv
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
spec = importlib.util.spec_from_file_location("ng", "/work/wt/nab2/scripts/nab-experiment-ngram.py"); ng = importlib.util.module_from_spec(spec); spec.loader.exec_module(ng)
names, data, prof = L.load("/tmp/nab2/hark")
kw = dict(K=3, G=0.25, REST=200, HI=0.75, M=0, P=300, B=8); c = 0.8
N = ng.run_all(names, data, **kw)
F = {n: [max(a, c * b) for a, b in zip(data[n]["hark"], N[n])] for n in names}
H = {n: data[n]["hark"] for n in names}
for h in ("even", "odd", "all"):
    nm = L.half(names, h)
    print(L.fmt("hark %s" % h, L.score(nm, data, prof, H)))
    print(L.fmt("ngram alone %s" % h, L.score(nm, data, prof, N)))
    print(L.fmt("fused %s" % h, L.score(nm, data, prof, F)), flush=True)
# write fused CSVs for nab-score.py
out = "/tmp/nab2/fused"
for n in names:
    cat, base = n.split("/"); os.makedirs(os.path.join(out, cat), exist_ok=True)
    with open(os.path.join(out, cat, base), "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(["timestamp", "value", "anomaly_score", "alert"])
        for t, v, s in zip(data[n]["ts"], data[n]["v"], F[n]):
            w.writerow([t, v, "%.4f" % s, "1" if s >= 0.9 else ""])
