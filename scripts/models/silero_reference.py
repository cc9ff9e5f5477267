#!/usr/bin/env python3
"""Reference Silero VAD probabilities from onnxruntime on the package's silero_vad.onnx (v6.2).

Streams each recording in 512-sample chunks at 16 kHz exactly as the official OnnxWrapper does: the
model input is the previous chunk's last 64 samples followed by the chunk (zeros before the first),
with the state carried over; a trailing partial chunk is zero-padded. Recordings: the 16 kHz 16-bit
mono speech in Debian's pocketsphinx-testdata (.wav and headerless .raw), plus 3 s of digital
silence and 3 s of deterministic uniform noise (the LCG below, mirrored in the Swift test).
Writes one block per signal:   # NAME CHUNKS   then one probability per line.
Usage: silero_reference.py MODEL.onnx OUT.txt
"""
import glob
import sys
import wave
import numpy as np
import onnxruntime as ort

DATA = "/usr/share/pocketsphinx/test/data"


def recordings():
    for path in sorted(glob.glob(f"{DATA}/**/*.wav", recursive=True)):
        with wave.open(path) as w:
            assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
            yield path, np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    for path in sorted(glob.glob(f"{DATA}/**/*.raw", recursive=True)):
        yield path, np.fromfile(path, dtype="<i2").astype(np.float32) / 32768.0


def lcg_noise(n, amplitude=0.1, seed=12345):
    out = np.empty(n, dtype=np.float32)
    x = seed
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out[i] = np.float32(((x >> 8) / 8388608.0 * 2.0 - 1.0) * amplitude)
    return out


def stream(session, audio):
    state = np.zeros((2, 1, 128), dtype=np.float32)
    context = np.zeros(64, dtype=np.float32)
    sr = np.array(16000, dtype=np.int64)
    n = (len(audio) + 511) // 512
    padded = np.zeros(n * 512, dtype=np.float32)
    padded[: len(audio)] = audio
    probs = []
    for i in range(n):
        chunk = padded[i * 512:(i + 1) * 512]
        x = np.concatenate([context, chunk])[None, :]
        out, state = session.run(None, {"input": x, "state": state, "sr": sr})
        probs.append(float(out[0, 0]))
        context = chunk[-64:]
    return probs


def main(model, out_path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    signals = list(recordings())
    signals.append(("silence", np.zeros(48000, dtype=np.float32)))
    signals.append(("noise", lcg_noise(48000)))
    with open(out_path, "w") as f:
        for name, audio in signals:
            probs = stream(session, audio)
            f.write(f"# {name} {len(probs)}\n")
            for p in probs:
                f.write(f"{p:.7f}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
