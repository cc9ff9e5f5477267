#!/usr/bin/env python3
"""NAB scoring (Lavin & Ahmad 2015) for per-row anomaly scores; stdlib only.

Follows numenta/NAB nab/sweeper.py, nab/optimizer.py and nab/runner.py (normalize) in every detail:
- each row gets a sweep score: inside a window, the scaled sigmoid of its position there, times
  tpWeight / sigmoid(-1 position); outside, fpWeight times -1 (no window before it) or the scaled
  sigmoid of its distance after the preceding window in units of that window's width - 1;
- the first min(floor(15 % of the rows), 750) rows of each file are not scored;
- at a threshold T every scored row whose score >= T is a detection: each window contributes the
  best (earliest) detection's sweep score or -fnWeight if none, each detection outside every window
  adds its (negative) sweep score;
- one threshold per profile, the one maximising the corpus total over every distinct score;
- normalised as 100 * (total - null) / (perfect - null), null = the null detector's optimised total
  (constant 0.5 scores), perfect = tpWeight * number of labelled windows.

Usage:
  nab-score.py --nab ../shared/nab --results DIR [--prefix numenta_] [--column anomaly_score]
               [--files all|even|odd] [--threshold 0.9] [--alerts]
DIR holds <category>/<prefix><file>.csv with a header naming `timestamp` and the score column.
With --alerts the `alert` column (non-empty = detection) is scored as well (threshold-free).
"""
import argparse
import csv
import json
import math
import os
import sys


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def scaled_sigmoid(pos):
    return -1.0 if pos > 3.0 else 2 * sigmoid(-5 * pos) - 1.0


def norm_time(s):
    s = s.strip()
    if s.endswith(".000000"):
        s = s[:-7]
    return s


class File:
    """One data file: its rows' scored-window ids (None outside, -1 probationary) and the
    unweighted sweep scores (tp part and fp part, weighted per profile later)."""

    def __init__(self, name, timestamps, windows, probation_percent=0.15):
        n = len(timestamps)
        self.name = name
        self.n = n
        probation = min(math.floor(probation_percent * n), probation_percent * 5000)
        index = {t: i for i, t in enumerate(timestamps)}
        self.window_of = [None] * n   # window number or None
        self.unweighted = [0.0] * n   # scaled sigmoid value (tp inside a window, fp outside)
        self.inside = [False] * n
        spans = []
        for (a, b) in windows:
            ia, ib = index[norm_time(a)], index[norm_time(b)]
            spans.append((ia, ib))
        spans.sort()
        w = 0
        prev_right = prev_width = None
        cur = None
        for i in range(n):
            if cur is None and w < len(spans) and i == spans[w][0]:
                cur = spans[w]
                width = float(cur[1] - cur[0] + 1)
                w += 1
            if cur is not None:
                pos = -(cur[1] - i + 1) / width
                self.unweighted[i] = scaled_sigmoid(pos)
                self.inside[i] = True
                self.window_of[i] = "%s|%d" % (name, cur[0])
            else:
                if prev_right is None:
                    self.unweighted[i] = -1.0
                else:
                    self.unweighted[i] = scaled_sigmoid(abs(prev_right - i) / float(prev_width - 1))
            if i < probation:
                self.window_of[i] = "probationary"
            if cur is not None and i == cur[1]:
                prev_right, prev_width = i, width
                cur = None
        self.windows = spans


MAX_TP = scaled_sigmoid(-1.0)


def sweep(files, scores_per_file, cost):
    """All (threshold, total score) pairs, as nab/sweeper.py calcScoreByThreshold."""
    tp_w, fp_w, fn_w = cost["tpWeight"], cost["fpWeight"], cost["fnWeight"]
    rows = []
    parts = {"fp": 0.0}
    for f, scores in zip(files, scores_per_file):
        for i in range(f.n):
            wname = f.window_of[i]
            if wname == "probationary":
                continue
            if f.inside[i]:
                weighted = f.unweighted[i] * tp_w / MAX_TP
            else:
                weighted = f.unweighted[i] * fp_w
            rows.append((scores[i], weighted, wname))
            if wname is not None:
                parts[wname] = -fn_w
    rows.sort(key=lambda r: r[0], reverse=True)  # stable, as sorted() in NAB
    fp_total = 0.0
    window_best = {k: v for k, v in parts.items() if k != "fp"}
    window_sum = sum(window_best.values())
    out = []
    cur = 1.1
    for s, weighted, wname in rows:
        if s != cur:
            out.append((cur, fp_total + window_sum))
            cur = s
        if wname is None:
            fp_total += weighted
        else:
            old = window_best[wname]
            if weighted > old:
                window_best[wname] = weighted
                window_sum += weighted - old
    out.append((cur, fp_total + window_sum))
    return out


def best(files, scores_per_file, cost):
    return max(sweep(files, scores_per_file, cost), key=lambda p: p[1])


def load_scores(path, column):
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip().lower() for h in next(reader)]
        ti, si = header.index("timestamp"), header.index(column)
        ts, sc = [], []
        for row in reader:
            if not row:
                continue
            ts.append(norm_time(row[ti]))
            v = row[si].strip()
            if column == "alert":
                sc.append(1.0 if v else 0.0)
            else:
                sc.append(float(v) if v else 0.0)
    return ts, sc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nab", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "nab"))
    ap.add_argument("--results", required=True)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--column", default="anomaly_score")
    ap.add_argument("--files", choices=["all", "even", "odd"], default="all",
                    help="score every file, or alternate files in sorted order (even = 0th, 2nd, ...)")
    ap.add_argument("--threshold", type=float, default=0.9, help="the alert threshold for the counts")
    ap.add_argument("--alerts", action="store_true", help="also score the `alert` column")
    ap.add_argument("--per-file", action="store_true")
    args = ap.parse_args()

    with open(os.path.join(args.nab, "labels", "combined_windows.json")) as fh:
        labels = json.load(fh)
    with open(os.path.join(args.nab, "config", "profiles.json")) as fh:
        profiles = json.load(fh)
    names = sorted(labels)
    if args.files != "all":
        names = names[0::2] if args.files == "even" else names[1::2]

    files, scores, alerts, missing = [], [], [], []
    for name in names:
        cat, base = name.split("/")
        path = os.path.join(args.results, cat, args.prefix + base)
        if not os.path.exists(path):
            missing.append(path)
            continue
        ts, sc = load_scores(path, args.column)
        files.append(File(name, ts, labels[name]))
        scores.append(sc)
        if args.alerts:
            alerts.append(load_scores(path, "alert")[1])
    if missing:
        sys.exit("nab-score: %d result file(s) missing, e.g. %s" % (len(missing), missing[0]))

    n_windows = sum(len(labels[n]) for n in names)
    print("files %d, rows %d, windows %d" % (len(files), sum(f.n for f in files), n_windows))
    detectors = [(args.column, scores)] + ([("alert", alerts)] if args.alerts else [])
    for label, sc in detectors:
        line = []
        for profile in ("standard", "reward_low_FP_rate", "reward_low_FN_rate"):
            cost = profiles[profile]["CostMatrix"]
            null = best(files, [[0.5] * f.n for f in files], cost)[1]
            thr, raw = best(files, sc, cost)
            perfect = n_windows * cost["tpWeight"]
            line.append("%s %.1f (threshold %.4f, raw %.2f)" % (profile, 100 * (raw - null) / (perfect - null), thr, raw))
        print("%-14s " % label + "  ".join(line))
        t = 0.5 if label == "alert" else args.threshold
        caught = outside = 0
        per = []
        for f, s in zip(files, sc):
            c = sum(1 for (a, b) in f.windows if any(s[i] >= t for i in range(a, b + 1)))
            o = sum(1 for i in range(f.n) if s[i] >= t and not f.inside[i])
            caught += c
            outside += o
            per.append((f.name, c, len(f.windows), o))
        what = "alert rows" if label == "alert" else "rows >= %.2f" % t
        print("%-14s %s: windows caught %d / %d, outside any window %d" % (label, what, caught, n_windows, outside))
        if args.per_file:
            for name, c, w, o in per:
                print("   %-60s caught %d/%d outside %d" % (name, c, w, o))


if __name__ == "__main__":
    main()
