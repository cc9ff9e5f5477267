"""Sends malformed and truncated Wyoming frames to Hark, each on its own connection, and checks
that every one is answered with an `error` event or a closed connection (never a hang), and that
`describe` still gets `info` between rounds. Prints one JSON summary; exit 1 on any hang.

  fuzz_frames.py --port P [--count 1000] [--seed 1] [--pid PID]
"""
import argparse
import asyncio
import json
import random
import socket
import time

from wyoming.client import AsyncTcpClient
from wyoming.event import async_read_event
from wyoming.info import Describe, Info


def frame(header, data=b"", payload=b""):
    return json.dumps(header).encode() + b"\n" + data + payload


def valid():
    data = json.dumps({"rate": 16000, "width": 2, "channels": 1}).encode()
    payload = bytes(640)
    return frame({"type": "audio-chunk", "version": "1.10.2", "data_length": len(data), "payload_length": len(payload)}, data, payload)


def case(rng, i):
    """One malformed (or truncated) frame: (kind, bytes)."""
    kind = i % 14
    if kind == 0:
        return "header-too-long", b"{" + b" " * rng.randint(17 * 1024, 80 * 1024)
    if kind == 1:
        return "header-not-json", bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))).replace(b"\n", b"") + b"\n"
    if kind == 2:
        return "no-type", frame({"version": "1.10.2", "data_length": 0})
    if kind == 3:
        return "type-not-string", frame({"type": rng.choice([1, None, [], {}, True]), "data_length": 0})
    if kind == 4:
        return "bad-data-length", frame({"type": "describe", "data_length": rng.choice([-1, "3", 1.5, [], 1e30])})
    if kind == 5:
        return "bad-payload-length", frame({"type": "audio-chunk", "payload_length": rng.choice([-5, "x", 2.5, {}])})
    if kind == 6:
        return "data-too-long", frame({"type": "transcribe", "data_length": rng.randint(1 << 21, 1 << 40)})
    if kind == 7:
        return "payload-too-long", frame({"type": "audio-chunk", "payload_length": rng.randint(1 << 24, 1 << 40)})
    if kind == 8:
        data = rng.choice([b"[1,2]", b"nope", b"{\"a\":", b"\"s\"", b"\xff\xfe{}"])
        return "data-not-object", frame({"type": "transcribe", "data_length": len(data)}, data)
    if kind == 9:
        return "unknown-type", frame({"type": "x-" + str(rng.randrange(10**6)), "data_length": 2}, b"{}")
    if kind == 10:
        # Truncated: header promises more data than is sent before the client stops writing.
        data = b'{"text": "hello"}'
        return "truncated-data", frame({"type": "synthesize", "data_length": len(data) + 40}, data)
    if kind == 11:
        b = valid()
        return "truncated-payload", b[: rng.randint(len(b) - 600, len(b) - 1)]
    if kind == 12:
        b = bytearray(valid())
        for _ in range(rng.randint(1, 12)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return "mutated", bytes(b)
    b = valid()
    return "truncated-header", b[: rng.randint(1, b.index(b"\n"))]


def one(port, data, timeout):
    """Sends `data`, stops writing, reads to EOF. Returns 'error', 'closed' or 'hang'."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed while we were still sending (EPIPE, ECONNRESET, ENOTCONN)
        got = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            except socket.timeout:
                return "hang", got
            if not chunk:
                break
            got += chunk
        else:
            return "hang", got
        return ("error" if b'{"type":"error"' in got else "closed"), got
    finally:
        s.close()


async def describe(port):
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Describe().event())
        event = await asyncio.wait_for(client.read_event(), 5)
        return event is not None and Info.is_type(event.type)


def rss_kib(pid):
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=10)
    p.add_argument("--pid", type=int)
    a = p.parse_args()
    rng = random.Random(a.seed)
    outcomes, kinds, hangs, describe_failures = {"error": 0, "closed": 0, "hang": 0}, {}, [], 0
    rss = [rss_kib(a.pid)]
    for i in range(a.count):
        kind, data = case(rng, i)
        outcome, _ = one(a.port, data, a.timeout)
        outcomes[outcome] += 1
        kinds.setdefault(kind, {}).setdefault(outcome, 0)
        kinds[kind][outcome] += 1
        if outcome == "hang":
            hangs.append(kind)
        if (i + 1) % 100 == 0:
            if not asyncio.run(describe(a.port)):
                describe_failures += 1
            rss.append(rss_kib(a.pid))
    print(json.dumps({"count": a.count, "outcomes": outcomes, "kinds": kinds, "hangs": hangs[:20],
                      "describe_failures": describe_failures, "rss_kib": rss}))
    return 1 if hangs or describe_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
