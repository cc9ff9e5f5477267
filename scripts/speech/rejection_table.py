#!/usr/bin/env python3
"""Rejection rule for the grammar recogniser, from `hark recognize --no-fallback` output on the clips
made by make_command_clips.py. For each candidate margin threshold, on the tuning split: in-grammar
clips accepted as the right sentence, accepted as a wrong one, out-of-grammar clips accepted. Picks
the threshold with the most right answers among those with wrong ≤ 1 % and out-of-grammar accepted
≤ 2 % on the tuning split (ties: the stricter), then reports the held-out split at that threshold.

Usage: rejection_table.py CLIPS_DIR RECOGNIZE.jsonl...
"""
import json
import os
import sys


def main(clips_dir, outputs):
    rows = {}
    with open(os.path.join(clips_dir, "clips.tsv")) as f:
        for line in f:
            name, split, kind, expected = line.rstrip("\n").split("\t")
            rows[name] = (split, kind, expected)
    results = []
    for path in outputs:
        with open(path) as f:
            for line in f:
                if line.startswith("{") and line.rstrip().endswith("}"):
                    r = json.loads(line)
                    split, kind, expected = rows[os.path.basename(r["file"])]
                    results.append((split, kind, expected, r.get("best_sentence"), r["margin"], r["recognize_s"]))

    def rates(split, threshold):
        sel = [r for r in results if r[0] == split]
        ins = [r for r in sel if r[1] == "in"]
        outs = [r for r in sel if r[1] == "out"]
        right = sum(1 for r in ins if r[4] >= threshold and r[3] == r[2])
        wrong = sum(1 for r in ins if r[4] >= threshold and r[3] != r[2])
        oog = sum(1 for r in outs if r[4] >= threshold)
        return right, wrong, oog, len(ins), len(outs)

    thresholds = [t / 100 for t in range(-200, 1)]
    best = None
    for t in thresholds:
        right, wrong, oog, n_in, n_out = rates("tune", t)
        if n_in and wrong / n_in <= 0.01 and n_out and oog / n_out <= 0.02:
            if best is None or right > best[1]:
                best = (t, right)
    print("margin threshold | split | right | wrong | out-of-grammar accepted")
    for t in sorted({-2.0, -1.5, -1.0, -0.8, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0} | ({best[0]} if best else set())):
        for split in ("tune", "heldout"):
            right, wrong, oog, n_in, n_out = rates(split, t)
            mark = " <- chosen" if best and t == best[0] else ""
            print(f"{t:6.2f} | {split:7s} | {right}/{n_in} | {wrong}/{n_in} | {oog}/{n_out}{mark}")
    top1 = sum(1 for r in results if r[1] == "in" and r[3] == r[2])
    n_in = sum(1 for r in results if r[1] == "in")
    print(f"best sentence right before rejection: {top1}/{n_in}")
    times = sorted(r[5] * 1e3 for r in results)
    print(f"grammar decoding time per clip (ms): p50 {times[len(times) // 2]:.0f}")
    if best:
        print(f"chosen: {best[0]}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
