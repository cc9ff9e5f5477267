#!/usr/bin/env python3
"""Blind noise reduction before the grammar recogniser (issue 11): does it lift the ceiling?

Each variant estimates the noise spectrum from the utterance itself (never from the clean speech or
the noise the set was mixed from) and applies a spectral gain in the STFT domain (Hann window, 512
samples = 32 ms, hop 128), then writes 16 kHz mono int16 WAVs with the same names.

Noise estimate (per frequency bin, over all frames of the clip):
  pct<q>   the q-th percentile of |Y|^2, divided by -ln(1 - q) (the q-quantile of an exponential
           variable with mean 1), i.e. the noise power if the quietest q of the frames were noise only
  quiet<q> the mean |Y|^2 over the q fraction of frames with the lowest total energy
Gains:
  ss       power spectral subtraction: |S|^2 = max(|Y|^2 - alpha N, beta |Y|^2), phase of Y kept
  wiener   decision-directed Wiener gain (Ephraim-Malah a-priori SNR, smoothing 0.98),
           G = max(xi / (1 + xi), gmin)

Usage:
  denoise_experiment.py write VARIANT SRC_DIR DST_DIR       denoise every *.wav of SRC_DIR into DST_DIR
  denoise_experiment.py write-files VARIANT DST_DIR FILE...   the same for single WAV / .raw files
  denoise_experiment.py score SET_DIR RECOGNIZE.jsonl...   ceiling + default rule (margin >= -1.5,
                                                           rival gap >= 1.0), by SNR band and noise kind

  denoise_experiment.py crop SEGMENTS SRC_DIR DST_DIR     cut clips to VAD start - 300 ms .. end of speech
                                                           (SEGMENTS: 'NAME<TAB>hark segment --json' lines)
  denoise_experiment.py wer LISTING                       WER of 'FILE<TAB>TEXT' lines against the
                                                           pocketsphinx-testdata transcriptions (11 of 14)

VARIANT: <gain>-<estimate>[-a<alpha>][-b<beta>][-g<gmin>], e.g. ss-pct15-a1.5-b0.05, wiener-quiet20-g0.1
"""
import glob
import json
import os
import sys

import numpy as np
from scipy.io import wavfile
from scipy.signal import istft, stft

RATE = 16000
NFFT = 512
HOP = 128


def parse(variant):
    parts = variant.split("-")
    p = {"gain": parts[0], "est": parts[1], "alpha": 1.0, "beta": 0.05, "gmin": 0.1, "dd": 0.98}
    for x in parts[2:]:
        key = {"a": "alpha", "b": "beta", "g": "gmin", "d": "dd"}[x[0]]
        p[key] = float(x[1:])
    return p


def noise_psd(P, est):
    """P: |Y|^2, bins x frames."""
    if est.startswith("pct"):
        q = float(est[3:]) / 100
        return np.percentile(P, 100 * q, axis=1) / -np.log(1 - q)
    if est.startswith("quiet"):
        q = float(est[5:]) / 100
        energy = P.sum(axis=0)
        k = max(1, int(round(q * P.shape[1])))
        idx = np.argsort(energy)[:k]
        return P[:, idx].mean(axis=1)
    raise ValueError(est)


def denoise(x, p):
    _, _, Y = stft(x, fs=RATE, window="hann", nperseg=NFFT, noverlap=NFFT - HOP, boundary="even")
    P = np.abs(Y) ** 2
    N = np.maximum(noise_psd(P, p["est"]), 1e-12)[:, None]
    if p["gain"] == "ss":
        S = np.maximum(P - p["alpha"] * N, p["beta"] * P)
        G = np.sqrt(S / np.maximum(P, 1e-12))
    elif p["gain"] == "wiener":
        G = np.empty_like(P)
        gamma = P / N                      # a-posteriori SNR
        prev = np.zeros(P.shape[0])        # |S_hat|^2 / N of the previous frame
        for t in range(P.shape[1]):
            xi = p["dd"] * prev + (1 - p["dd"]) * np.maximum(gamma[:, t] - 1, 0)
            xi = np.maximum(xi, 10 ** (-25 / 10))
            g = np.maximum(xi / (1 + xi), p["gmin"])
            G[:, t] = g
            prev = g ** 2 * gamma[:, t]
    else:
        raise ValueError(p["gain"])
    _, s = istft(G * Y, fs=RATE, window="hann", nperseg=NFFT, noverlap=NFFT - HOP, boundary=True)
    return s[: len(x)]


def write(variant, src, dst):
    write_files(variant, dst, sorted(glob.glob(os.path.join(src, "*.wav"))))


def write_files(variant, dst, paths):
    """WAV (16 kHz mono int16) or headerless .raw (s16le, 16 kHz) in, the same format out."""
    p = parse(variant) if variant != "none" else None
    os.makedirs(dst, exist_ok=True)
    for path in paths:
        if path.endswith(".raw"):
            x = np.fromfile(path, dtype="<i2")
        else:
            sr, x = wavfile.read(path)
            assert sr == RATE and x.ndim == 1 and x.dtype == np.int16, path
        y = denoise(x.astype(np.float64), p) if p else x.astype(np.float64)
        y = np.clip(np.round(y), -32768, 32767).astype(np.int16)
        out = os.path.join(dst, os.path.basename(path))
        if path.endswith(".raw"):
            y.astype("<i2").tofile(out)
        else:
            wavfile.write(out, RATE, y)


def score(set_dir, outputs):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from command_set_rule import load, tally
    rows = load(set_dir, outputs)

    def band(r):
        if r["snr"] is None:
            return "clean"
        return "15-20" if r["snr"] >= 15 else "10-15" if r["snr"] >= 10 else "5-10"

    for split in ("tuning", "heldout"):
        sel = [r for r in rows if r["split"] == split]
        if not sel:
            continue
        ins = [r for r in sel if r["want"]]
        top1 = sum(1 for r in ins if r["got"] == r["want"])
        right, wrong, oog, n_in, n_out = tally(rows, split, -1.5, 1.0)
        r2, w2, o2, _, _ = tally(rows, split, -1.5, -99.0)
        print(f"{split}: ceiling {top1}/{n_in} | default (M -1.5, G 1.0): right {right} wrong {wrong} "
              f"OOG {oog}/{n_out} | M -1.5 only: right {r2} wrong {w2} OOG {o2}/{n_out}")
        for key, fn in (("snr", band), ("noise", lambda r: r["noise"])):
            groups = {}
            for r in ins:
                groups.setdefault(fn(r), []).append(r)
            print("  " + "  ".join(f"{k}: {sum(1 for r in g if r['got'] == r['want'])}/{len(g)}"
                                   for k, g in sorted(groups.items())))
        print("  misses: " + " ".join(r["id"] for r in ins if r["got"] != r["want"]))


def crop(segments, src, dst, preroll=0.3):
    """Cut each clip to what the daemon's recogniser would get: from the first utterance's speech start
    minus the preroll (300 ms default) to the last utterance's end of speech (postroll 0 default).
    segments: lines 'NAME<TAB>hark segment --json line'; clips without an utterance are kept whole."""
    spans = {}
    for line in open(segments):
        name, js = line.rstrip("\n").split("\t", 1)
        if not js.startswith("{"):
            continue
        u = json.loads(js)
        a, b = spans.get(name, (u["start"], u["end"]))
        spans[name] = (min(a, u["start"]), max(b, u["end"]))
    os.makedirs(dst, exist_ok=True)
    kept = []
    for path in sorted(glob.glob(os.path.join(src, "*.wav"))):
        name = os.path.basename(path)
        _, x = wavfile.read(path)
        if name in spans:
            a, b = spans[name]
            x = x[max(0, int((a - preroll) * RATE)): int(b * RATE)]
            kept.append(len(x) / RATE)
        wavfile.write(os.path.join(dst, name), RATE, x)
    print(f"{len(kept)} clips cut, median {sorted(kept)[len(kept) // 2]:.2f} s", file=sys.stderr)


PS = "/usr/share/pocketsphinx/test/data"
ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}


def words(text):
    """Lower case, no punctuation, 'mr' -> 'mister', numbers < 100 as words, longer digit strings digit by digit."""
    import re
    out = []
    for w in re.sub(r"[^a-z0-9' ]", " ", text.lower().replace("-", " ")).split():
        if w == "mr":
            out.append("mister")
        elif w.isdigit() and len(w) <= 2 and int(w) < 100:
            n = int(w)
            out += [ONES[n]] if n < 20 else [TENS[n // 10]] + ([ONES[n % 10]] if n % 10 else [])
        elif w.isdigit():
            out += [ONES[int(c)] for c in w]
        else:
            out.append(w)
    return out


def references():
    """The pocketsphinx-testdata recordings that come with a transcription (11 of the 14)."""
    import re
    refs = {}
    for f, ext in ((f"{PS}/cards/cards.transcription", None), (f"{PS}/librivox/transcription", ".wav")):
        for line in open(f):
            m = re.match(r"<s>(.*)</s> \((.*)\)", line.strip())
            name = f"{m.group(2)}.wav" if ext else f"{int(m.group(2)):03d}.wav"
            refs[name] = m.group(1).split()
    refs["dhd.2934z.raw"] = "two nine three four zero".split()
    return refs


def edits(a, b):
    d = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(b) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] != b[j - 1]))
    return d[len(b)]


def wer(listing):
    """listing: lines 'FILE<TAB>TEXT' (hark transcribe output per file)."""
    refs = references()
    err = n = 0
    for line in open(listing):
        name, text = line.rstrip("\n").split("\t", 1)
        if name in refs:
            e = edits(refs[name], words(text))
            err, n = err + e, n + len(refs[name])
            print(f"  {name}: {e}/{len(refs[name])}  {text}")
        else:
            print(f"  {name}: (no reference)  {text}")
    print(f"WER {err}/{n} = {100 * err / n:.1f} %")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(*sys.argv[2:5])
    elif sys.argv[1] == "write-files":
        write_files(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "crop":
        crop(*sys.argv[2:5])
    elif sys.argv[1] == "wer":
        wer(sys.argv[2])
    elif sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
