#!/usr/bin/env python3
"""Soak driver for scripts/soak.sh (stdlib only). See soak.sh for what it does."""
import argparse, json, os, random, re, signal, socket, subprocess, sys, threading, time, urllib.request

p = argparse.ArgumentParser()
p.add_argument("--minutes", type=float, default=60)
p.add_argument("--binary", required=True)
p.add_argument("--models", required=True)
p.add_argument("--out", required=True)
p.add_argument("--rate", type=int, default=10000)
p.add_argument("--restart-every", type=float, default=300, help="seconds between broker restarts")
args = p.parse_args()
out = args.out
stop = threading.Event()
log_lock = threading.Lock()


def note(msg):
    with log_lock:
        line = f"{time.strftime('%H:%M:%S')} soak: {msg}"
        print(line, flush=True)
        with open(f"{out}/soak.log", "a") as f:
            f.write(line + "\n")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


broker_port, metrics_port = free_port(), free_port()
prefix = "hark/soak"

# --- broker (persistent sessions survive its restarts) ---
os.makedirs(f"{out}/broker", exist_ok=True)
with open(f"{out}/broker/mosquitto.conf", "w") as f:
    f.write(f"listener {broker_port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {out}/broker/\nmax_queued_messages 100000\nmax_inflight_messages 100\n"
            f"log_dest file {out}/broker/mosquitto.log\n")
broker = None


def start_broker():
    global broker
    broker = subprocess.Popen(["mosquitto", "-c", f"{out}/broker/mosquitto.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", broker_port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("soak: broker did not start")


def stop_broker():
    broker.send_signal(signal.SIGTERM)
    try:
        broker.wait(10)
    except subprocess.TimeoutExpired:
        broker.kill()
        broker.wait()


# --- audio: ALSA file plugin reading a FIFO written in real time ---
fifo = f"{out}/mic.fifo"
if not os.path.exists(fifo):
    os.mkfifo(fifo)
with open(f"{out}/.asoundrc", "w") as f:
    f.write('pcm.harksoak {\n type plug\n slave.pcm { type file; slave.pcm "null"; file "/dev/null"; format "raw"; '
            f'infile "{fifo}" }}\n}}\n')
speech_wav = f"{out}/command.raw"
subprocess.run(f"espeak-ng -v en-us -s 150 --stdout 'turn on the kitchen light' | sox -t wav - -t raw -r 16000 -e signed -b 16 -c 1 {speech_wav}",
               shell=True, check=True)
speech = open(speech_wav, "rb").read()

# --- daemon config ---
config = f"""[device]
id = "soak"
state_dir = "{out}/state"
[log]
stats_interval = "10s"
[metrics]
listen = "127.0.0.1:{metrics_port}"
[mqtt]
host = "127.0.0.1"
port = {broker_port}
prefix = "{prefix}"
[audio]
device = "harksoak"
[models]
dir = "{args.models}"
[wake]
# Every utterance is a command candidate for the grammar recogniser: the spoken command every 10 s
# is recognised (Whisper runs) without needing a synthetic wake phrase.
mode = "always"
# espeak's "turn on the kitchen light" scores 0.57 here (transcript exact): below the strict
# default for always-listening (0.75), so the soak lowers it to have every spoken command acted on.
always_min_confidence = 0.5
[[sensor]]
name = "temp"
topic = "soak/+/temp"
min = -50
max = 150
[[rule]]
name = "hot"
sensor = "temp"
kind = "above"
threshold = 80
clear = 70
[[intent]]
name = "light_power"
description = "Switch a room's light on or off"
sentences = ["turn (on|off){{state}} the {{room}} (light|lights)"]
slots = {{ room = ["kitchen", "living room", "bedroom", "hallway"] }}
topic = "home/{{room}}/light/set"
payload = '{{{{"state": "{{state}}"}}}}'
reply = "Turning the {{room}} light {{state}}"
"""
with open(f"{out}/hark.toml", "w") as f:
    f.write(config)


def run_daemon():
    env = dict(os.environ, HOME=out)
    env.pop("NOTIFY_SOCKET", None)
    return subprocess.Popen([args.binary, "run", "--config", f"{out}/hark.toml"], env=env,
                            stdout=open(f"{out}/hark.stdout", "w"), stderr=open(f"{out}/hark.log", "w"))


def audio_writer():
    """Real-time 16 kHz s16 mono: silence, and the spoken command every 10 s."""
    chunk = 512
    silence = bytes(chunk * 2)
    with open(fifo, "wb", buffering=0) as f:
        start = time.monotonic()
        written = 0  # frames
        next_speech = 5 * 16000
        pending = b""
        while not stop.is_set():
            if written >= next_speech and not pending:
                pending = speech
                next_speech += 10 * 16000
            if pending:
                block, pending = pending[:chunk * 2], pending[chunk * 2:]
                block = block.ljust(chunk * 2, b"\0")
            else:
                block = silence
            try:
                f.write(block)
            except BrokenPipeError:
                return
            written += chunk
            delay = start + written / 16000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)


class Publisher:
    """A long-lived `mosquitto_pub -l` (one message per line), restarted when the broker drops it."""

    def __init__(self, topic, qos, client_id):
        self.topic, self.qos, self.client_id = topic, qos, client_id
        self.proc = None
        self.restarts = 0

    def send(self, data):
        if self.proc is None or self.proc.poll() is not None:
            if self.proc is not None:
                self.restarts += 1
            self.proc = subprocess.Popen(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker_port), "-i", self.client_id,
                                          "-t", self.topic, "-q", str(self.qos), "-l"],
                                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            self.proc = None
            time.sleep(0.2)
            return False

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.terminate()
            self.proc.wait()


sent = {"readings": 0, "commands": 0}


def sensor_load():
    pubs = [Publisher(f"soak/{i}/temp", 0, f"soak-load-{i}") for i in range(4)]
    tick = 0.01
    per_tick = max(1, round(args.rate * tick / len(pubs)))
    # Precomputed blocks of readings: the generator must not be the bottleneck at 10,000/s.
    normal = [("".join(f"{20 + random.uniform(-3, 3):.2f}\n" for _ in range(per_tick))).encode() for _ in range(64)]
    hot_blocks = [("".join(f"{90 + random.uniform(-3, 3):.2f}\n" for _ in range(per_tick))).encode() for _ in range(64)]
    start = time.monotonic()
    n = 0
    while not stop.is_set():
        t = time.monotonic() - start
        # Instance 0 runs hot for 20 s of every 120 s: an alert raised and cleared each cycle.
        hot = (t % 120) < 20
        for i, pub in enumerate(pubs):
            block = (hot_blocks if hot and i == 0 else normal)[n % 64]
            if pub.send(block):
                sent["readings"] += per_tick
        n += 1
        delay = start + n * tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif delay < -1:  # fell behind by more than a second (machine busy): do not burst to catch up
            start -= delay
    for pub in pubs:
        note(f"load publisher {pub.topic}: {pub.restarts} restart(s)")
        pub.close()


def commands():
    pub = Publisher(f"{prefix}/command", 1, "soak-commands")
    rooms = ["kitchen", "living room", "bedroom", "hallway"]
    i = 0
    while not stop.wait(1.0):
        text = f"turn {'on' if i % 2 == 0 else 'off'} the {rooms[i % 4]} light"
        if pub.send((json.dumps({"text": text, "id": str(i)}) + "\n").encode()):
            sent["commands"] += 1
        i += 1
    pub.close()


# Alert events seen by a persistent-session subscriber (its queue survives broker restarts).
alert_seqs = set()


def alert_listener():
    while not stop.is_set():
        proc = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(broker_port), "-i", "soak-alerts", "-c", "-q", "1",
                                 "-t", f"{prefix}/alerts/events"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in proc.stdout:
            m = re.search(r'"sequence":(\d+)', line)
            if m:
                alert_seqs.add(int(m.group(1)))
            if stop.is_set():
                break
        proc.terminate()
        proc.wait()
        time.sleep(0.3)


def scrape():
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except Exception:
        return {}
    values = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name, _, value = line.rpartition(" ")
        try:
            values[name] = float(value)
        except ValueError:
            pass
    return values


def total(values, name, where=""):
    return sum(v for k, v in values.items() if (k == name or k.startswith(name + "{")) and where in k)


def proc_sample(pid):
    status = open(f"/proc/{pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss, fds, threads


# --- run ---
start_broker()
daemon = run_daemon()
threads = [threading.Thread(target=f, daemon=True) for f in (audio_writer, alert_listener)]
for t in threads:
    t.start()
time.sleep(3)
if daemon.poll() is not None:
    raise SystemExit(f"soak: daemon exited at start: {open(f'{out}/hark.log').read()[-2000:]}")
workers = [threading.Thread(target=f, daemon=True) for f in (sensor_load, commands)]
for t in workers:
    t.start()
note(f"running {args.minutes} min: broker :{broker_port}, metrics :{metrics_port}, daemon pid {daemon.pid}, out {out}")

rows = []
t0 = time.monotonic()
next_restart = t0 + args.restart_every
restarts = 0
last_readings = 0
minute = 0
while True:
    minute += 1
    target = t0 + minute * 60
    while time.monotonic() < target:
        if daemon.poll() is not None:
            note(f"DAEMON EXITED with {daemon.returncode}")
            break
        if time.monotonic() >= next_restart and minute <= args.minutes:
            stop_broker()
            time.sleep(1)
            start_broker()
            restarts += 1
            next_restart += args.restart_every
            note(f"broker restarted ({restarts})")
        time.sleep(min(1.0, max(0.05, target - time.monotonic())))
    if daemon.poll() is not None:
        break
    rss, fds, nthreads = proc_sample(daemon.pid)
    m = scrape()
    readings = total(m, "hark_sensor_readings_total")
    row = dict(minute=minute, rss_kib=rss, fds=fds, threads=nthreads, readings_per_s=(readings - last_readings) / 60,
               readings=readings, dropped=total(m, "hark_mqtt_dropped_messages_total") + total(m, "hark_sensor_input_dropped_total"),
               commands=total(m, "hark_intent_commands_total"), audio_s=total(m, "hark_audio_captured_frames_total") / 16000,
               vad_chunks=total(m, "hark_vad_chunk_duration_seconds_count"),
               alerts=total(m, "hark_alert_events_total"),
               utterances=total(m, "hark_voice_utterances_total"), voice_commands=total(m, "hark_voice_commands_total", 'understood="yes"'))
    last_readings = readings
    rows.append(row)
    note("minute {minute:3d}: rss {rss_kib} KiB, fds {fds}, threads {threads}, {readings_per_s:.0f} readings/s, "
         "dropped {dropped:.0f}, commands {commands:.0f}, alert events {alerts:.0f}, utterances {utterances:.0f}, "
         "spoken commands {voice_commands:.0f}".format(**row))
    with open(f"{out}/soak.csv", "w") as f:
        f.write("minute,rss_kib,fds,threads,readings_per_s,readings,dropped,commands,alert_events,audio_s,vad_chunks,utterances,spoken_commands\n")
        for r in rows:
            f.write("{minute},{rss_kib},{fds},{threads},{readings_per_s:.0f},{readings:.0f},{dropped:.0f},{commands:.0f},{alerts:.0f},"
                    "{audio_s:.0f},{vad_chunks:.0f},{utterances:.0f},{voice_commands:.0f}\n".format(**r))
    if minute >= args.minutes:
        break

stop.set()
time.sleep(5)  # let the outbox drain, the listener catch up
final = scrape()
daemon.send_signal(signal.SIGTERM)
try:
    daemon.wait(15)
except subprocess.TimeoutExpired:
    daemon.kill()
stop_broker()

# --- report ---
events_recorded = total(final, "hark_alert_events_total")
published = total(final, "hark_alert_messages_published_total")
missing = sorted(set(range(1, max(alert_seqs, default=0) + 1)) - alert_seqs)
log = open(f"{out}/hark.log").read().splitlines()
reconnect_words = ("mqtt", "broker", "connection", "reconnect", "outbox", "publish")
# Level column: "…Z WARNING hark.mqtt: …"; the broker restarts' reconnects are expected (hark.mqtt
# and the alert outbox waiting for the broker), nothing else is.
errors = []
for l in log:
    m = re.search(r"Z (ERROR|WARNING|CRITICAL)\s+(\S+):", l)
    if m and not (m.group(2) == "hark.mqtt:" or m.group(2).rstrip(":") == "hark.mqtt" or any(w in l.lower() for w in reconnect_words)):
        errors.append(l)
print()
print(f"soak: {len(rows)} minute(s), {restarts} broker restart(s), {sent['readings']} readings and {sent['commands']} commands sent")
print(f"{'min':>4} {'RSS KiB':>9} {'fds':>5} {'threads':>7} {'readings/s':>10} {'dropped':>8} {'commands':>8} {'alerts':>6} {'audio s':>8} {'VAD chunks':>10} {'utterances':>10} {'spoken':>6}")
for r in rows:
    print("{minute:>4} {rss_kib:>9} {fds:>5} {threads:>7} {readings_per_s:>10.0f} {dropped:>8.0f} {commands:>8.0f} {alerts:>6.0f} {audio_s:>8.0f} {vad_chunks:>10.0f} {utterances:>10.0f} {voice_commands:>6.0f}".format(**r))
if len(rows) >= 11:
    a, b = rows[9]["rss_kib"], rows[-1]["rss_kib"]
    print(f"RSS growth minute 10 -> {rows[-1]['minute']}: {a} -> {b} KiB ({(b - a) / a * 100:+.2f} %)")
print(f"fds {min(r['fds'] for r in rows)}..{max(r['fds'] for r in rows)}, threads {min(r['threads'] for r in rows)}..{max(r['threads'] for r in rows)}"
      if rows else "no samples")
print(f"alert transitions recorded {events_recorded:.0f}, outbox messages published {published:.0f}, "
      f"event sequence numbers received {len(alert_seqs)} (max {max(alert_seqs, default=0)}), missing {missing[:20]}")
print(f"log lines at warning/error other than broker reconnects: {len(errors)}")
for l in errors[:20]:
    print("  " + l[:200])


def svg(rows, path):
    w, h, pad = 720, 360, 50
    series = [("rss_kib", "RSS (KiB)", "#c0392b"), ("fds", "open fds", "#2980b9"), ("threads", "threads", "#27ae60")]
    xs = [r["minute"] for r in rows] or [1]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h * 3}" font-family="sans-serif" font-size="12">']
    for k, (key, label, color) in enumerate(series):
        ys = [r[key] for r in rows] or [0]
        lo, hi = min(ys), max(ys)
        if hi == lo:
            lo, hi = lo - 1, hi + 1
        oy = k * h

        def X(x):
            return pad + (x - min(xs)) / max(1, max(xs) - min(xs)) * (w - 2 * pad)

        def Y(y):
            return oy + h - pad - (y - lo) / (hi - lo) * (h - 2 * pad)
        parts.append(f'<text x="{pad}" y="{oy + 20}" font-weight="bold">{label} per minute ({min(ys)}..{max(ys)})</text>')
        parts.append(f'<line x1="{pad}" y1="{oy + h - pad}" x2="{w - pad}" y2="{oy + h - pad}" stroke="#444"/>')
        parts.append(f'<line x1="{pad}" y1="{oy + pad}" x2="{pad}" y2="{oy + h - pad}" stroke="#444"/>')
        parts.append(f'<text x="5" y="{Y(hi) + 4}">{hi:.0f}</text><text x="5" y="{Y(lo) + 4}">{lo:.0f}</text>')
        parts.append(f'<text x="{w - pad - 40}" y="{oy + h - pad + 20}">minute {max(xs)}</text>')
        pts = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in zip(xs, ys))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
    parts.append("</svg>")
    open(path, "w").write("\n".join(parts))


svg(rows, f"{out}/soak.svg")
print(f"table: {out}/soak.csv, plot: {out}/soak.svg, daemon log: {out}/hark.log")
