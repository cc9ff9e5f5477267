"""Drives Hark's Wyoming server with the real `wyoming` package in Home Assistant's sequences.

Each subcommand prints one JSON object on stdout (the Swift tests parse it) and exits 0 when the
exchange completed (the test judges the content), non-zero on a protocol failure.

  info      describe -> info (timed)
  stt       transcribe -> audio-start -> audio-chunk* -> audio-stop -> transcript (one connection)
  tts       synthesize -> audio-start, audio-chunk*, audio-stop
  wake      detect -> audio-start -> chunks (file 1) -> audio-start -> chunks (file 2) -> audio-stop, one connection
  satellite run-satellite, describe, pings; answer the satellite's run-pipeline the way Home Assistant does
"""
import argparse
import asyncio
import json
import sys
import time
import wave

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize
from wyoming.wake import Detect, Detection, NotDetected

SAMPLES_PER_CHUNK = 1024


def read_wav(path):
    if path.endswith(".raw"):  # headerless s16le 16 kHz mono (pocketsphinx-testdata)
        with open(path, "rb") as f:
            return 16000, 2, 1, f.read()
    with wave.open(path, "rb") as w:
        return w.getframerate(), w.getsampwidth(), w.getnchannels(), w.readframes(w.getnframes())


async def read(client, timeout):
    event = await asyncio.wait_for(client.read_event(), timeout)
    if event is None:
        raise ConnectionError("server closed the connection")
    return event


async def cmd_info(a):
    start = time.monotonic()
    async with AsyncTcpClient(a.host, a.port) as client:
        await client.write_event(Describe().event())
        while True:
            event = await read(client, a.timeout)
            if Info.is_type(event.type):
                elapsed = time.monotonic() - start
                info = Info.from_event(event)  # must parse as the real dataclasses
                return {"seconds": elapsed, "data": event.data, "asr": [m.name for p in info.asr for m in p.models],
                        "wake": [m.name for p in info.wake for m in p.models],
                        "tts": [v.name for p in info.tts for v in p.voices],
                        "satellite": info.satellite.name if info.satellite else None}


async def stream_audio(client, rate, width, channels, pcm, realtime=False):
    await client.write_event(AudioStart(rate=rate, width=width, channels=channels).event())
    step = SAMPLES_PER_CHUNK * width * channels
    timestamp = 0
    for i in range(0, len(pcm), step):
        chunk = pcm[i:i + step]
        await client.write_event(AudioChunk(rate=rate, width=width, channels=channels, audio=chunk, timestamp=timestamp).event())
        timestamp += int(1000 * len(chunk) / (width * channels) / rate)
        if realtime:
            await asyncio.sleep(len(chunk) / (width * channels) / rate)


async def cmd_stt(a):
    rate, width, channels, pcm = read_wav(a.wav)
    start = time.monotonic()
    async with AsyncTcpClient(a.host, a.port) as client:
        await client.write_event(Transcribe(language="en").event())
        await stream_audio(client, rate, width, channels, pcm)
        await client.write_event(AudioStop().event())
        stopped = time.monotonic()
        while True:
            event = await read(client, a.timeout)
            if Transcript.is_type(event.type):
                return {"text": Transcript.from_event(event).text, "seconds": time.monotonic() - start,
                        "after_stop_seconds": time.monotonic() - stopped}
            if Error.is_type(event.type):
                return {"error": event.data}


async def cmd_tts(a):
    async with AsyncTcpClient(a.host, a.port) as client:
        await client.write_event(Synthesize(text=a.text).event())
        fmt, audio, order = None, bytearray(), []
        while True:
            event = await read(client, a.timeout)
            order.append(event.type)
            if AudioStart.is_type(event.type):
                s = AudioStart.from_event(event)
                fmt = {"rate": s.rate, "width": s.width, "channels": s.channels}
            elif AudioChunk.is_type(event.type):
                c = AudioChunk.from_event(event)
                if fmt is None or (c.rate, c.width, c.channels) != (fmt["rate"], fmt["width"], fmt["channels"]):
                    return {"error": "chunk format differs from audio-start", "order": order}
                audio += c.audio
            elif AudioStop.is_type(event.type):
                break
            elif Error.is_type(event.type):
                return {"error": event.data, "order": order}
        if a.out:
            with wave.open(a.out, "wb") as w:
                w.setframerate(fmt["rate"]); w.setsampwidth(fmt["width"]); w.setnchannels(fmt["channels"])
                w.writeframes(bytes(audio))
        samples = [int.from_bytes(audio[i:i + 2], "little", signed=True) for i in range(0, len(audio) - 1, 2)]
        peak = max((abs(s) for s in samples), default=0)
        return {"format": fmt, "bytes": len(audio), "samples": len(samples), "peak": peak,
                "order": [order[0], order[-1]], "chunks": order.count("audio-chunk")}


async def cmd_wake(a):
    results = []
    async with AsyncTcpClient(a.host, a.port) as client:
        await client.write_event(Detect(names=a.names or None).event())
        for n, path in enumerate(a.wav):
            rate, width, channels, pcm = read_wav(path)
            await stream_audio(client, rate, width, channels, pcm)
            last = n == len(a.wav) - 1
            if last:
                await client.write_event(AudioStop().event())
            events = []
            # Detections arrive while audio streams; after the last file's stop, until not-detected or a pause.
            try:
                while True:
                    event = await read(client, a.timeout if last else 1.5)
                    if Detection.is_type(event.type):
                        d = Detection.from_event(event)
                        events.append({"type": "detection", "name": d.name, "timestamp": d.timestamp})
                    elif NotDetected.is_type(event.type):
                        events.append({"type": "not-detected"})
                        break
                    elif Error.is_type(event.type):
                        events.append({"type": "error", "data": event.data})
                        break
            except asyncio.TimeoutError:
                pass
            results.append({"file": path, "events": events})
    return {"sessions": results}


async def cmd_limits(a):
    """Holds `--hold` connections open, opens one more, then waits for the idle timeout to close them."""
    from wyoming.event import async_read_event
    held = [await asyncio.open_connection(a.host, a.port) for _ in range(a.hold)]
    await asyncio.sleep(0.3)
    reader, writer = await asyncio.open_connection(a.host, a.port)
    extra = await asyncio.wait_for(async_read_event(reader), a.timeout)
    extra_closed = (await asyncio.wait_for(reader.read(), a.timeout)) == b""
    # The held connections (silent since they opened) must be closed by the idle timeout.
    start = time.monotonic()
    idle = []
    for r, w in held:
        event = await asyncio.wait_for(async_read_event(r), a.timeout)
        closed = (await asyncio.wait_for(r.read(), a.timeout)) == b""
        idle.append({"event": event.type if event else None, "code": event.data.get("code") if event else None, "closed": closed})
    # Then a new connection is served again.
    async with AsyncTcpClient(a.host, a.port) as client:
        await client.write_event(Describe().event())
        served = Info.is_type((await read(client, a.timeout)).type)
    return {"extra": {"type": extra.type if extra else None, "code": extra.data.get("code") if extra else None, "closed": extra_closed},
            "idle": idle, "idle_wait_seconds": time.monotonic() - start, "served_after": served}


async def cmd_satellite(a):
    """Home Assistant's side of a satellite, in the order its wyoming integration
    (homeassistant/components/wyoming/assist_satellite.py) drives one: connect, run-satellite,
    describe, a ping 2 s after each pong; for the satellite's detection + run-pipeline: its audio
    until audio-stop, then the pipeline's events (transcribe, voice-started, voice-stopped,
    transcript, synthesize) and the TTS audio (audio-start, 2,048-byte audio-chunks at 22,050 Hz,
    audio-stop), and wait for played. `timeline` lists every event: "<" from the satellite, ">"
    to it (pings and pongs left out, counted). The command's audio is written to --out."""
    from wyoming.ping import Ping, Pong
    from wyoming.pipeline import RunPipeline
    from wyoming.satellite import RunSatellite
    from wyoming.snd import Played
    from wyoming.tts import SynthesizeVoice
    from wyoming.vad import VoiceStarted, VoiceStopped
    import math
    timeline, pings = [], {"sent": 0, "answered": 0, "max_wait": 0.0}
    info, pipeline, detection, audio, fmt = None, None, None, bytearray(), None
    async with AsyncTcpClient(a.host, a.port) as client:
        lock = asyncio.Lock()
        ping_sent_at = None

        async def write(event):
            async with lock:
                await client.write_event(event)
            if not (Ping.is_type(event.type) or Pong.is_type(event.type)):
                timeline.append("> " + event.type)

        async def delayed_ping():
            nonlocal ping_sent_at
            await asyncio.sleep(2)
            ping_sent_at = time.monotonic()
            pings["sent"] += 1
            await write(Ping().event())

        async def next_event(timeout):
            nonlocal ping_sent_at
            while True:
                event = await read(client, timeout)
                if Pong.is_type(event.type):
                    pings["answered"] += 1
                    if ping_sent_at is not None:
                        pings["max_wait"] = max(pings["max_wait"], time.monotonic() - ping_sent_at)
                    asyncio.ensure_future(delayed_ping())
                    continue
                if Ping.is_type(event.type):
                    await write(Pong(text=Ping.from_event(event).text).event())
                    continue
                timeline.append("< " + event.type)
                return event

        await write(RunSatellite().event())
        await write(Describe().event())
        asyncio.ensure_future(delayed_ping())
        # The wake word and the command: everything up to the command's audio-stop.
        while True:
            event = await next_event(a.timeout)
            if Info.is_type(event.type):
                info = Info.from_event(event)
            elif Detection.is_type(event.type):
                detection = event.data
            elif RunPipeline.is_type(event.type):
                RunPipeline.from_event(event)  # must parse as the real dataclass
                pipeline = event.data
            elif AudioStart.is_type(event.type):
                start = AudioStart.from_event(event)
                fmt = (start.rate, start.width, start.channels)
            elif AudioChunk.is_type(event.type):
                chunk = AudioChunk.from_event(event)
                if (chunk.rate, chunk.width, chunk.channels) != fmt:
                    return {"error": f"chunk format differs from audio-start {fmt}", "timeline": timeline}
                audio += chunk.audio
            elif AudioStop.is_type(event.type):
                break
            elif Error.is_type(event.type):
                return {"error": event.data, "timeline": timeline}
        if fmt is None:
            return {"error": "audio-stop without audio-start", "timeline": timeline}
        if a.out:
            with wave.open(a.out, "wb") as w:
                w.setframerate(fmt[0]); w.setsampwidth(fmt[1]); w.setnchannels(fmt[2])
                w.writeframes(bytes(audio))
        # The pipeline's events, as the integration forwards them (STT_START ... TTS_END).
        ms = int(1000 * len(audio) / (fmt[0] * fmt[1] * fmt[2]))
        await write(Transcribe(language="en").event())
        await write(VoiceStarted(timestamp=0).event())
        await write(VoiceStopped(timestamp=ms).event())
        await write(Transcript(text=a.transcript).event())
        await write(Synthesize(text=a.answer, voice=SynthesizeVoice(name="en_US-lessac-medium", language="en")).event())
        rate = 22050
        tone = b"".join(int(8000 * math.sin(2 * math.pi * 440 * i / rate)).to_bytes(2, "little", signed=True)
                        for i in range(int(rate * a.tts_seconds)))
        await write(AudioStart(rate=rate, width=2, channels=1, timestamp=0).event())
        timestamp = 0
        for i in range(0, len(tone), 2048):
            chunk = AudioChunk(rate=rate, width=2, channels=1, audio=tone[i:i + 2048], timestamp=timestamp)
            await write(chunk.event())
            timestamp += chunk.milliseconds
        await write(AudioStop(timestamp=timestamp).event())
        sent_stop = time.monotonic()
        while True:
            event = await next_event(a.timeout)
            if Played.is_type(event.type):
                break
        played_after = time.monotonic() - sent_stop
        # One more ping round after the pipeline: the satellite still answers.
        answered = pings["answered"]
        deadline = time.monotonic() + 10
        while pings["answered"] == answered and time.monotonic() < deadline:
            try:
                await next_event(0.5)
            except asyncio.TimeoutError:
                pass
    return {"satellite": info.satellite.name if info and info.satellite else None, "detection": detection,
            "pipeline": pipeline, "audio_seconds": len(audio) / 32000, "tts_seconds": len(tone) / 2 / rate,
            "played_after_seconds": played_after, "pings": pings, "timeline": timeline}


async def cmd_satellite_link(a):
    """describe (satellite announced?), run-satellite, ping -> pong, then disconnect."""
    from wyoming.ping import Ping, Pong
    from wyoming.satellite import RunSatellite
    async with AsyncTcpClient(a.host, a.port) as client:
        await client.write_event(Describe().event())
        info = Info.from_event(await read(client, a.timeout))
        await client.write_event(RunSatellite().event())
        await client.write_event(Ping(text="hi").event())
        event = await read(client, a.timeout)
        pong = Pong.is_type(event.type) and Pong.from_event(event).text == "hi"
    return {"satellite": info.satellite.name if info.satellite else None,
            "area": info.satellite.area if info.satellite else None, "pong": pong}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--timeout", type=float, default=30)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("info")
    s = sub.add_parser("stt"); s.add_argument("--wav", required=True)
    t = sub.add_parser("tts"); t.add_argument("--text", required=True); t.add_argument("--out")
    w = sub.add_parser("wake"); w.add_argument("--wav", action="append", required=True); w.add_argument("--names", nargs="*")
    st = sub.add_parser("satellite"); st.add_argument("--out"); st.add_argument("--tts-seconds", type=float, default=1.0)
    st.add_argument("--transcript", default="turn off the office fan"); st.add_argument("--answer", default="Turned off the office fan.")
    sub.add_parser("satellite-link")
    l = sub.add_parser("limits"); l.add_argument("--hold", type=int, required=True)
    a = p.parse_args()
    result = asyncio.run({"info": cmd_info, "stt": cmd_stt, "tts": cmd_tts, "wake": cmd_wake, "limits": cmd_limits,
                          "satellite": cmd_satellite, "satellite-link": cmd_satellite_link}[a.cmd](a))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
