"""Runs a model driver (main.swift here) over the NAB files of the chosen halves, scores them with
scripts/nab-score.py's functions; --attr counts rows >= 0.9 outside windows by source, probation
period and file. Writes /tmp/nab-model-out-TAG/."""
import sys, os, subprocess, json, collections
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
import nab_lib as L
ns = L.ns
NAB = L.NAB
binp = sys.argv[1]; tag = sys.argv[2]; halves = sys.argv[3].split(',') if len(sys.argv) > 3 else ['even']
attr = '--attr' in sys.argv
with open(os.path.join(NAB, "labels", "combined_windows.json")) as fh: labels = json.load(fh)
with open(os.path.join(NAB, "config", "profiles.json")) as fh: profiles = json.load(fh)
names = sorted(labels)
want = set()
for h in halves: want |= set(L.half(names, h))
outdir = f'/tmp/nab-model-out-{tag}'
lst = []
for n in names:
    if n not in want: continue
    cat, base = n.split('/')
    os.makedirs(f'{outdir}/{cat}', exist_ok=True)
    lst.append(f'{NAB}/data/{cat}/{base}\t{outdir}/{cat}/{base}')
open(f'{outdir}.list', 'w').write('\n'.join(lst) + '\n')
subprocess.run([binp, f'{outdir}.list'], check=True, env=dict(os.environ))
data = {}
for n in names:
    if n not in want: continue
    cat, base = n.split('/')
    ts = []
    with open(f'{NAB}/data/{cat}/{base}') as fh:
        next(fh)
        for row in fh: ts.append(ns.norm_time(row.split(',')[0]))
    sc, src = [], []
    for l in open(f'{outdir}/{cat}/{base}'):
        a, b = l.split()[:2]; sc.append(float(a)); src.append(int(b))
    data[n] = dict(file=ns.File(n, ts, labels[n]), nwin=len(labels[n]), s=sc, src=src)
for h in halves:
    hn = L.half(names, h)
    r = L.score(hn, data, profiles, {n: data[n]['s'] for n in hn})
    print(L.fmt(f'{tag} {h}', r), flush=True)
if attr:
    SRC = {0:'none',1:'lvlLik',2:'driftLik',3:'range',4:'spike',5:'var',6:'flat',7:'spreadLik'}
    for h in halves:
        hn = L.half(names, h)
        c = collections.Counter(); cin = collections.Counter(); perfile = collections.Counter()
        for n in hn:
            f = data[n]['file']; s = data[n]['s']; src = data[n]['src']
            prob = min(int(0.15 * f.n), 750)
            for i in range(f.n):
                if s[i] >= 0.9:
                    if not f.inside[i]:
                        c[(SRC[src[i]], 'prob' if i < prob else 'post')] += 1
                        perfile[n] += 1
                    else:
                        cin[SRC[src[i]]] += 1
        print(h, 'outside:', sorted(c.items()))
        print(h, 'inside rows:', sorted(cin.items()))
        # first detection per window source
        fd = collections.Counter()
        for n in hn:
            f = data[n]['file']; s = data[n]['s']; src = data[n]['src']
            for (a, b) in f.windows:
                for i in range(a, b + 1):
                    if s[i] >= 0.9: fd[SRC[src[i]]] += 1; break
                else: fd['missed'] += 1
        print(h, 'window first detections:', sorted(fd.items()))
        for n, k in perfile.most_common(): print('   ', k, n)
