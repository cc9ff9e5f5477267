"""Writes the seed corpus of the `wyoming` fuzz target (Fuzz/corpus/wyoming) with the real
`wyoming` package's event writer: each seed is 2 control bytes (split seed, capability flags; see
Fuzz/WyomingFuzz.swift) followed by a stream of real frames as Home Assistant sends them.

  <venv python> scripts/wyoming/fuzz_seeds.py [DIR]     (venv: scripts/wyoming/venv.sh)
"""
import io
import json
import math
import struct
import sys
from pathlib import Path

from wyoming.asr import Transcribe
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event, write_event
from wyoming.info import Describe
from wyoming.ping import Ping
from wyoming.satellite import RunSatellite
from wyoming.tts import Synthesize
from wyoming.wake import Detect


def stream(*events):
    out = io.BytesIO()
    for e in events:
        write_event(e.event() if hasattr(e, "event") else e, out)
    return out.getvalue()


def tone(rate, width, channels, ms):
    """A 440 Hz tone, little-endian PCM of the given format."""
    n = rate * ms // 1000
    frames = []
    for i in range(n):
        v = math.sin(2 * math.pi * 440 * i / rate)
        if width == 1:
            s = bytes([int(128 + 100 * v)])
        elif width == 2:
            s = struct.pack("<h", int(12000 * v))
        else:
            s = struct.pack("<i", int(800000000 * v))
        frames.append(s * channels)
    return b"".join(frames)


def audio(rate, width, channels, ms, chunks):
    pcm = tone(rate, width, channels, ms)
    step = max(1, len(pcm) // chunks)
    events = [AudioStart(rate=rate, width=width, channels=channels)]
    events += [AudioChunk(rate=rate, width=width, channels=channels, audio=pcm[i:i + step]) for i in range(0, len(pcm), step)]
    return events + [AudioStop()]


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "Fuzz/corpus/wyoming")
    out.mkdir(parents=True, exist_ok=True)
    seeds = {
        "describe": (0, 0, stream(Describe())),
        "ping": (3, 0, stream(Ping(text="hi"), Describe())),
        "transcribe": (5, 0, stream(Transcribe(language="en"), *audio(16000, 2, 1, 120, 3))),
        "transcribe-44k-stereo": (7, 0, stream(Transcribe(), *audio(44100, 2, 2, 40, 4))),
        "transcribe-8bit": (1, 0, stream(Transcribe(), *audio(8000, 1, 1, 50, 2))),
        "audio-without-transcribe": (2, 0, stream(*audio(22050, 4, 1, 30, 2))),
        "detect": (4, 0, stream(Detect(names=["okay_nabu"]), *audio(16000, 2, 1, 60, 2))),
        "detect-unknown": (6, 0, stream(Detect(names=["nope"]), Describe())),
        "synthesize": (0, 4, stream(Synthesize(text="Turn on the kitchen light."))),
        "satellite": (2, 8, stream(RunSatellite(), *audio(16000, 2, 1, 20, 1), Describe())),
        "no-models": (1, 3, stream(Transcribe(), Detect(), Synthesize(text="x"))),
        # An older client's header with its data inline, then the separate data merged over it.
        "inline-data": (3, 0, json.dumps({"type": "transcribe", "data": {"language": "de", "name": "a"},
                                          "data_length": 14}).encode() + b"\n" + b'{"name":"b"}  '),
        "unknown-event": (0, 0, stream(Event(type="x-custom", data={"a": [1, 2, {"b": None}]}))),
    }
    for name, (split, flags, data) in seeds.items():
        (out / name).write_bytes(bytes([split, flags]) + data)
    print(f"{len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main()
