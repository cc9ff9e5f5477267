import sys, pickle
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
names, data, prof = L.load("/tmp/nab2/hark")
C = pickle.load(open(sys.argv[1], "rb"))
nm = L.half(names, "even")
H = {n: data[n]["hark"] for n in nm}
for c in (0.7, 0.75, 0.8, 0.85, 0.88):
    print(L.fmt("max(hark, %.2f*CAD)" % c, L.score(nm, data, prof, {n: [max(a, c * b) for a, b in zip(H[n], C[n])] for n in nm})), flush=True)
# CAD value distribution
import collections
vals = collections.Counter(round(x, 2) for n in nm for x in C[n] if x > 0)
print(sorted(vals.items())[-15:])
