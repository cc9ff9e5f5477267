#!/usr/bin/env python3
"""Prints where speech starts and ends in a 16 kHz 16-bit mono recording, by short-time energy
alone (independent of Hark's segmenter): 10 ms frames, RMS in dBFS, noise floor = 10th percentile;
speech = runs of at least 3 frames more than 10 dB above the floor; internal pauses longer than --gap ms split runs.
Usage: speech-extent.py FILE [--gap 400] [--verbose]"""
import sys, wave, numpy as np

def load(path):
    if path.endswith(".raw"):
        return np.fromfile(path, dtype="<i2").astype(np.float64)
    with wave.open(path) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)

def runs(x, gap_ms=400, margin_db=10.0, min_frames=3):
    n = len(x) // 160
    frames = x[: n * 160].reshape(n, 160)
    db = 20 * np.log10(np.sqrt((frames ** 2).mean(axis=1)) / 32768 + 1e-9)
    floor = np.percentile(db, 10)
    loud = db > floor + margin_db
    # a frame counts only inside a run of at least min_frames loud frames (single-frame clicks are not speech)
    active = np.zeros_like(loud)
    i = 0
    while i < n:
        if loud[i]:
            j = i
            while j < n and loud[j]: j += 1
            if j - i >= min_frames: active[i:j] = True
            i = j
        else:
            i += 1
    out, start, last = [], None, None
    for i, a in enumerate(active):
        if a:
            if start is None: start = i
            elif i - last > gap_ms // 10:
                out.append((start, last + 1)); start = i
            last = i
    if start is not None: out.append((start, last + 1))
    # drop isolated clicks shorter than 50 ms
    return [(a * 10, b * 10) for a, b in out if b - a >= 5], floor, db

if __name__ == "__main__":
    path = sys.argv[1]
    gap = int(sys.argv[sys.argv.index("--gap") + 1]) if "--gap" in sys.argv else 400
    r, floor, db = runs(load(path), gap)
    print(f"{path}: {len(load(path))/16000:.2f} s, floor {floor:.1f} dBFS, runs (ms): {r}")
    if "--verbose" in sys.argv:
        for i in range(0, len(db), 1):
            print(i * 10, f"{db[i]:.1f}")
