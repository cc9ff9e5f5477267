import sys, pickle, importlib.util
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
spec = importlib.util.spec_from_file_location("art", "/work/wt/nab2/scripts/nab-experiment-art.py"); art = importlib.util.module_from_spec(spec); spec.loader.exec_module(art)
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
for r in (0.75, 0.8, 0.85):
    for (d, s) in ((8, 4), (6, 2)):
        key = "r%.2f_d%d_s%d" % (r, d, s)
        out = art.run_all(nm, data, BIN=0.5, RHO=r, D=d, S=s, Q=0)
        pickle.dump(out, open("/tmp/nab2/art_%s.pkl" % key, "wb")); print(key, flush=True)
