"""Protocol of issue 14 (docs/sensors.md): runs a model driver over the even files and prints the
even half's three scores, its two quarters' standard scores (even files split again, alternately),
and the mean standard score over fixed thresholds 0.76-0.92 (step 0.01), on the even half.
  python3 scripts/nab-experiment/model/eval.py BIN TAG [even|odd|all]"""
import sys, os, subprocess, json
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
import nab_lib as L
ns = L.ns
binp, tag = sys.argv[1], sys.argv[2]
which = sys.argv[3] if len(sys.argv) > 3 else 'even'
labels = json.load(open(os.path.join(L.NAB, "labels", "combined_windows.json")))
profiles = json.load(open(os.path.join(L.NAB, "config", "profiles.json")))
names = sorted(labels)
sel = L.half(names, which)
outdir = f'/tmp/nab-model-out-{tag}'
lst = []
for n in sel:
    cat, base = n.split('/')
    os.makedirs(f'{outdir}/{cat}', exist_ok=True)
    lst.append(f'{L.NAB}/data/{cat}/{base}\t{outdir}/{cat}/{base}')
open(f'{outdir}.list', 'w').write('\n'.join(lst) + '\n')
subprocess.run([binp, f'{outdir}.list'], check=True)
data = {}
for n in sel:
    cat, base = n.split('/')
    ts = []
    with open(f'{L.NAB}/data/{cat}/{base}') as fh:
        next(fh)
        for row in fh: ts.append(ns.norm_time(row.split(',')[0]))
    sc = [float(l.split()[0]) for l in open(f'{outdir}/{cat}/{base}')]
    data[n] = dict(file=ns.File(n, ts, labels[n]), nwin=len(labels[n]), s=sc)

def fixed_mean(ns_, prof='standard'):
    cost = profiles[prof]["CostMatrix"]
    files = [data[n]['file'] for n in ns_]; sc = [data[n]['s'] for n in ns_]
    nw = sum(data[n]['nwin'] for n in ns_)
    null = ns.best(files, [[0.5] * f.n for f in files], cost)[1]
    sw = sorted(ns.sweep(files, sc, cost))  # ascending threshold
    vals = []
    for k in range(17):
        T = 0.76 + 0.01 * k
        tot = next(t for (c, t) in sw if c >= T - 1e-12)
        vals.append(100 * (tot - null) / (nw * cost['tpWeight'] - null))
    return sum(vals) / len(vals), vals

r = L.score(sel, data, profiles, {n: data[n]['s'] for n in sel})
out = [L.fmt(f'{tag} {which}', r)]
if which == 'even':
    q = [L.half(sel, 'even'), L.half(sel, 'odd')]
    rq = [L.score(x, data, profiles, {n: data[n]['s'] for n in x}) for x in q]
    m, vals = fixed_mean(sel)
    mfp, _ = fixed_mean(sel, 'reward_low_FP_rate')
    out.append('   quarters %.2f %.2f | fixed-thr mean std %.2f lowFP %.2f | at 0.76 %.1f 0.80 %.1f 0.85 %.1f 0.90 %.1f' % (rq[0][0], rq[1][0], m, mfp, vals[0], vals[4], vals[9], vals[14]))
print('\n'.join(out))
