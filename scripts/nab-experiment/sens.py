import sys, importlib.util
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
spec = importlib.util.spec_from_file_location("ng", "/work/wt/nab2/scripts/nab-experiment-ngram.py"); ng = importlib.util.module_from_spec(spec); spec.loader.exec_module(ng)
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
H = {n: data[n]["hark"] for n in nm}
base = dict(K=3, G=0.25, REST=200, HI=0.75, M=0, P=400, B=8)
vars_ = [dict()] + [dict(P=p) for p in (300, 600)] + [dict(REST=r) for r in (150, 300)] + [dict(G=g) for g in (0.2, 0.3)] + [dict(K=k) for k in (2, 4)] + [dict(B=b) for b in (6, 10)] + [dict(HI=h) for h in (0.7, 0.8)]
for v in vars_:
    kw = dict(base); kw.update(v)
    N = ng.run_all(nm, data, **kw)
    for c in ((0.7, 0.8) if not v else (0.8,)):
        print(L.fmt("%s c%.2f" % (v or "chosen", c), L.score(nm, data, prof, {n: [max(a, c * b) for a, b in zip(H[n], N[n])] for n in nm})), flush=True)
