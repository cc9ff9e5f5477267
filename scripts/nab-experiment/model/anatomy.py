"""Where the standard profile's raw score goes (issue 14): for a driver's output directory (run.py
or eval.py, -D NABDEBUG for the source column), the raw loss at a threshold split into missed
windows, late detections and detections outside windows, the latter by source and by file.
  python3 scripts/nab-experiment/model/anatomy.py TAG [even|odd|all] [THRESHOLD|opt] [profile]"""
import sys, os, json, collections
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
import nab_lib as L
ns = L.ns
tag = sys.argv[1]; which = sys.argv[2] if len(sys.argv) > 2 else 'even'
thr_arg = sys.argv[3] if len(sys.argv) > 3 else 'opt'
prof = sys.argv[4] if len(sys.argv) > 4 and not sys.argv[4].startswith('-') else 'standard'
labels = json.load(open(os.path.join(L.NAB, "labels", "combined_windows.json")))
profiles = json.load(open(os.path.join(L.NAB, "config", "profiles.json")))
cost = profiles[prof]["CostMatrix"]
names = L.half(sorted(labels), which)
SRC = {0:'none',1:'lvlLik',2:'driftLik',3:'range',4:'spike',5:'var',6:'flat',7:'spreadLik'}
files, sc, srcs = [], [], []
for n in names:
    cat, base = n.split('/')
    ts = [ns.norm_time(r.split(',')[0]) for r in open(f'{L.NAB}/data/{cat}/{base}').read().splitlines()[1:] if r]
    rows = [l.split() for l in open(f'/tmp/nab-model-out-{tag}/{cat}/{base}')]
    files.append(ns.File(n, ts, labels[n])); sc.append([float(r[0]) for r in rows]); srcs.append([int(r[1]) for r in rows])
if thr_arg == 'opt':
    thr, raw = ns.best(files, sc, cost)
else:
    thr = float(thr_arg); raw = next(t for (c, t) in sorted(ns.sweep(files, sc, cost)) if c >= thr - 1e-12)
nw = sum(len(f.windows) for f in files)
missed = late = fp = 0.0; nmiss = 0
fpsrc = collections.Counter(); fpsrcn = collections.Counter(); fpfile = collections.Counter(); fpfilen = collections.Counter()
lates = []
for f, s, so in zip(files, sc, srcs):
    for (a, b) in f.windows:
        best = None
        for i in range(a, b + 1):
            if s[i] >= thr and f.window_of[i] != 'probationary':
                w = f.unweighted[i] * cost['tpWeight'] / ns.MAX_TP
                if best is None or w > best[0]: best = (w, i)
        if best is None: missed += cost['tpWeight'] + cost['fnWeight']; nmiss += 1
        else:
            late += cost['tpWeight'] - best[0]; lates.append((cost['tpWeight'] - best[0], f.name, (best[1] - a) / (b - a + 1), SRC[so[best[1]]]))
    for i in range(f.n):
        if f.inside[i] or f.window_of[i] == 'probationary' or s[i] < thr: continue
        c = -f.unweighted[i] * cost['fpWeight']
        fp += c; fpsrc[SRC[so[i]]] += c; fpsrcn[SRC[so[i]]] += 1; fpfile[f.name] += c; fpfilen[f.name] += 1
print(f'{tag} {which} {prof} thr {thr:.3f}: raw {raw:.2f} = {nw} - missed {missed:.2f} ({nmiss} windows) - late {late:.2f} - outside {fp:.2f} ({sum(fpsrcn.values())} rows)')
print('  outside by source:', ', '.join(f'{k} {fpsrcn[k]} rows {v:.2f}' for k, v in fpsrc.most_common()))
print('  outside by file:')
for k, v in fpfile.most_common(): print(f'    {v:5.2f} {fpfilen[k]:3d} {k}')
if '-v' in sys.argv:
    for l in sorted(lates, reverse=True)[:15]: print('  late %.2f %s pos %.2f %s' % l)
