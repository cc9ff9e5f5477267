"""Shared helpers for the NAB fusion experiments: load data, labels and Hark's replay scores once,
score lists of per-row scores in-process with scripts/nab-score.py's own functions."""
import csv, importlib.util, json, os
HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("nabscore", os.path.join(HERE, "nab-score.py"))
ns = importlib.util.module_from_spec(spec); spec.loader.exec_module(ns)
NAB = os.environ.get("NAB_DIR", "/work/shared/nab")
PROFILES = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")

def load(hark_dir):
    with open(os.path.join(NAB, "labels", "combined_windows.json")) as fh:
        labels = json.load(fh)
    with open(os.path.join(NAB, "config", "profiles.json")) as fh:
        profiles = json.load(fh)
    names = sorted(labels)
    data = {}
    for name in names:
        cat, base = name.split("/")
        ts, vals = [], []
        with open(os.path.join(NAB, "data", cat, base)) as fh:
            r = csv.reader(fh); next(r)
            for row in r:
                ts.append(ns.norm_time(row[0])); vals.append(float(row[1]))
        _, hs = ns.load_scores(os.path.join(hark_dir, cat, base), "anomaly_score")
        data[name] = dict(ts=ts, v=vals, hark=hs, file=ns.File(name, ts, labels[name]), nwin=len(labels[name]))
    return names, data, profiles

def half(names, which):
    return names if which == "all" else (names[0::2] if which == "even" else names[1::2])

_null = {}
def score(names, data, profiles, scores, t=0.9):
    """scores: dict name -> list. Returns (std, lowFP, lowFN, outside, caught, thresholds)."""
    files = [data[n]["file"] for n in names]
    sc = [scores[n] for n in names]
    nw = sum(data[n]["nwin"] for n in names)
    res, thr = [], []
    for p in PROFILES:
        cost = profiles[p]["CostMatrix"]
        key = (tuple(names), p)
        if key not in _null:
            _null[key] = ns.best(files, [[0.5] * f.n for f in files], cost)[1]
        th, raw = ns.best(files, sc, cost)
        res.append(100 * (raw - _null[key]) / (nw * cost["tpWeight"] - _null[key])); thr.append(th)
    caught = outside = 0
    for f, s in zip(files, sc):
        caught += sum(1 for (a, b) in f.windows if any(s[i] >= t for i in range(a, b + 1)))
        outside += sum(1 for i in range(f.n) if s[i] >= t and not f.inside[i])
    return res[0], res[1], res[2], outside, caught, thr

def fmt(label, r):
    return "%-40s %5.1f %5.1f %5.1f  out %4d caught %3d  thr %s" % (label, r[0], r[1], r[2], r[3], r[4], "/".join("%.3f" % x for x in r[5]))
