"""Latency of speech-to-text over Wyoming against `hark transcribe` on the same recording.

Wyoming: connect, transcribe, audio-start, the audio in 1024-sample chunks, audio-stop, until the
transcript arrives (the real wyoming client, as Home Assistant sends it; the daemon has its model
loaded). Reference: `hark transcribe --json`'s own transcription time (total_s, model load
excluded). Runs alternate; medians compared. Prints the figures and the ratio.

  bench_stt.py --port P --hark BIN --models-dir DIR --audio FILE [--runs 5]
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--hark", required=True)
    p.add_argument("--models-dir", required=True)
    p.add_argument("--audio", required=True)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    wy, ref, texts = [], [], set()
    for _ in range(a.runs):
        r = json.loads(subprocess.run([sys.executable, str(here / "ha_client.py"), "--port", str(a.port), "--timeout", "600", "stt", "--wav", a.audio],
                                      check=True, capture_output=True, text=True).stdout)
        wy.append(r["seconds"])
        texts.add(("wyoming", r["text"]))
        t = json.loads(subprocess.run([a.hark, "transcribe", "--json", "--models-dir", a.models_dir, a.audio],
                                      check=True, capture_output=True, text=True).stdout)
        ref.append(t["total_s"])
        texts.add(("transcribe", t["text"].strip()))
    ratio = statistics.median(wy) / statistics.median(ref)
    print(json.dumps({"audio": a.audio, "runs": a.runs, "wyoming_s": wy, "transcribe_s": ref,
                      "median_wyoming_s": statistics.median(wy), "median_transcribe_s": statistics.median(ref),
                      "ratio": ratio, "texts": sorted(texts)}))


if __name__ == "__main__":
    main()
