#!/usr/bin/env python3
"""Reference features and per-step wake probabilities from pymicro-wakeword 2.5.0 (its TFLite
interpreter) and pymicro-features 2.0.2 (TFLite Micro's front end), for Hark's parity tests.

For every WAV/raw file (16 kHz mono 16-bit): the front end's features as the integers it computes
(feature / 0.0390625, uint16) hashed with SHA-256 plus the first frames in full, and for each of the
four models the quantised output (uint8, probability = value / 256) of every inference step.
Usage: reference.py OUT.json NAME=PATH...
"""
import hashlib
import json
import sys
import wave

import numpy as np
from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model

MODELS = ["okay_nabu", "hey_jarvis", "hey_mycroft", "alexa"]
HEAD_FRAMES = 8


def read_pcm(path):
    if path.endswith(".raw"):
        return open(path, "rb").read()
    with wave.open(path, "rb") as w:
        assert (w.getframerate(), w.getsampwidth(), w.getnchannels()) == (16000, 2, 1), path
        return w.readframes(w.getnframes())


def features_of(audio):
    fe = MicroWakeWordFeatures()
    return [f for f in fe.process_streaming(audio)]


def steps_of(model, feats):
    """The uint8 output of every inference step (pymicro-wakeword's own streaming loop)."""
    out = []
    for f in feats:
        model.process_streaming_prob(f)
        if len(model._features) == 0:  # a step ran: its probability is the newest in the window
            p = model._probabilities[-1]
            q = round(p / model.output_scale) + model.output_zero_point
            assert abs((q - model.output_zero_point) * model.output_scale - p) < 1e-9
            out.append(int(q))
    model.reset()
    return out


def main(out_path, items):
    models = {m: MicroWakeWord.from_builtin(Model(m)) for m in MODELS}
    files = []
    for item in items:
        name, path = item.split("=", 1)
        audio = read_pcm(path)
        feats = features_of(audio)
        ints = np.array([np.rint(np.asarray(f).reshape(-1) / 0.0390625) for f in feats], dtype=np.uint16)
        for f, row in zip(feats, ints):
            assert np.array_equal(np.asarray(f).reshape(-1), row.astype(np.float64) * 0.0390625)
        entry = {
            "name": name,
            "audio_sha256": hashlib.sha256(audio).hexdigest(),
            "samples": len(audio) // 2,
            "frames": int(ints.shape[0]),
            "features_sha256": hashlib.sha256(ints.astype("<u2").tobytes()).hexdigest(),
            "head": ints[:HEAD_FRAMES].reshape(-1).tolist(),
            "max_feature": int(ints.max()) if ints.size else 0,
            "steps": {m: bytes(steps_of(models[m], feats)).hex() for m in MODELS},
        }
        files.append(entry)
        peaks = {m: max(bytes.fromhex(entry["steps"][m]), default=0) for m in MODELS}
        print(f"  {name}: {entry['frames']} frames, peak outputs {peaks}", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump({"source": "pymicro-wakeword 2.5.0, pymicro-features 2.0.2", "files": files}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
