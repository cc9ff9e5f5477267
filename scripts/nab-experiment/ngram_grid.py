import sys, itertools, importlib.util
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
spec = importlib.util.spec_from_file_location("ng", "/work/wt/nab2/scripts/nab-experiment-ngram.py"); ng = importlib.util.module_from_spec(spec); spec.loader.exec_module(ng)
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
H = {n: data[n]["hark"] for n in nm}
for K, G, REST, HI in itertools.product((3, 4), (0.2, 0.3), (150, 200, 300), (0.7, 0.75, 0.8)):
    kw = dict(K=K, G=G, REST=REST, HI=HI)
    N = ng.run_all(nm, data, **kw)
    line = "K%d G%.2f R%d HI%.2f" % (K, G, REST, HI)
    for c in (0.75, 0.8, 0.85):
        f = L.score(nm, data, prof, {n: [max(a, c * b) for a, b in zip(H[n], N[n])] for n in nm})
        line += " | c%.2f %5.1f %5.1f %5.1f" % (c, f[0], f[1], f[2])
    print(line, flush=True)
