import sys, csv, collections
sys.path.insert(0, "/work/wt/nab2/scripts")
import nab_lib as L
names, data, prof = L.load("/tmp/nab2/hark")
nm = L.half(names, "even")
A = {}
for n in nm:
    cat, base = n.split("/")
    with open("/tmp/nab2/ref/ARTime/%s/ARTime_%s" % (cat, base)) as fh:
        A[n] = [float(x["anomaly_score"]) for x in csv.DictReader(fh)]
print(sorted(collections.Counter(round(x, 2) for n in nm for x in A[n] if x > 0).items())[-12:], sum(1 for n in nm for x in A[n] if x > 0))
H = {n: data[n]["hark"] for n in nm}
for c in (0.6, 0.7, 0.8, 0.9):
    F = {n: [max(h, c if a >= 0.3 else 0) for h, a in zip(H[n], A[n])] for n in nm}
    print(L.fmt("max(hark, %.1f*[ART>=0.3]) (look-ahead ref)" % c, L.score(nm, data, prof, F)))
