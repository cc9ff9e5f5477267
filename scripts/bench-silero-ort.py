#!/usr/bin/env python3
"""Reference for `hark bench audio`: Silero VAD (v6.2 ONNX from the pinned silero-vad wheel) in
onnxruntime, one thread, over raw S16_LE 16 kHz mono audio, 512-sample chunks with the 64-sample
context the silero-vad package's OnnxWrapper prepends. Prints one JSON line with the CPU time
(process_time, model load excluded) and writes one probability per chunk to --probs."""
import argparse, importlib.util, json, os, sys, time
import numpy as np
import onnxruntime as ort

ap = argparse.ArgumentParser()
ap.add_argument("raw")
ap.add_argument("--probs", required=True)
ap.add_argument("--model")
ap.add_argument("--wake", help="also time pymicro-wakeword with this model on the same audio (10 ms chunks)")
a = ap.parse_args()
model = a.model
if not model:
    spec = importlib.util.find_spec("silero_vad")  # locates the package without importing torch
    if spec is None:
        sys.exit("silero-vad is not installed in this Python (scripts/install-models.sh installs it)")
    model = os.path.join(os.path.dirname(spec.origin), "data", "silero_vad.onnx")
opts = ort.SessionOptions()
opts.intra_op_num_threads = 1
opts.inter_op_num_threads = 1
sess = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
audio = np.fromfile(a.raw, dtype="<i2").astype(np.float32) / 32768.0
n = len(audio) // 512
state = np.zeros((2, 1, 128), dtype=np.float32)
context = np.zeros((1, 64), dtype=np.float32)
sr = np.array(16000, dtype=np.int64)
probs = np.empty(n, dtype=np.float32)
t0 = time.process_time()
for i in range(n):
    x = audio[i * 512:(i + 1) * 512].reshape(1, 512)
    inp = np.concatenate([context, x], axis=1)
    out, state = sess.run(None, {"input": inp, "state": state, "sr": sr})
    context = x[:, -64:]
    probs[i] = out[0, 0]
cpu = time.process_time() - t0
probs.tofile(a.probs)
result = {"model": model, "chunks": n, "audio_seconds": n * 512 / 16000, "cpu_seconds": cpu,
          "onnxruntime": ort.__version__}
if a.wake:
    try:
        from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model
    except ImportError as e:
        print(f"pymicro-wakeword reference unavailable: {e}", file=sys.stderr)
    else:
        mww = MicroWakeWord.from_builtin(Model(a.wake))
        feats = MicroWakeWordFeatures()
        pcm = (np.clip(audio * 32768.0, -32768, 32767)).astype("<i2").tobytes()
        detections = 0
        t0 = time.process_time()
        for i in range(0, len(pcm), 320):  # 10 ms chunks, as a live stream delivers them
            for f in feats.process_streaming(pcm[i:i + 320]):
                if mww.process_streaming(f):
                    detections += 1
        result["wake_cpu_seconds"] = time.process_time() - t0
        result["wake_detections"] = detections
print(json.dumps(result))
