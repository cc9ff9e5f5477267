import sys, importlib.util
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
spec = importlib.util.spec_from_file_location("ng", "/work/wt/nab2/scripts/nab-experiment-ngram.py"); ng = importlib.util.module_from_spec(spec); spec.loader.exec_module(ng)
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
H = {n: data[n]["hark"] for n in nm}
for kw in (dict(K=3, G=0.25, REST=200, HI=0.75), dict(K=4, G=0.2, REST=200, HI=0.7)):
    N = ng.run_all(nm, data, **kw)
    print(kw)
    for c in (0.7, 0.75, 0.8):
        print(" ", L.fmt("max c%.2f" % c, L.score(nm, data, prof, {n: [max(a, c * b) for a, b in zip(H[n], N[n])] for n in nm})))
    for c in (0.3, 0.5, 0.7):
        print(" ", L.fmt("noisy-or c%.2f" % c, L.score(nm, data, prof, {n: [1 - (1 - a) * (1 - c * b) for a, b in zip(H[n], N[n])] for n in nm})))
    for c in (0.75, 0.8):
        # only the n-gram's strong reports (>= HI), scaled; weaker n-gram scores ignored
        print(" ", L.fmt("max strong-only c%.2f" % c, L.score(nm, data, prof, {n: [max(a, c * b if b >= kw['HI'] else 0) for a, b in zip(H[n], N[n])] for n in nm})))
