#!/usr/bin/env python3
"""Wake-word accuracy of Hark (`hark wake`) next to pymicro-wakeword 2.5.0 on the same audio.

Builds a deterministic evaluation set in WORK_DIR (seeded noise, espeak-ng, sox without dither):
  positives, per model: its wake phrase from 6 espeak-ng voices x 3 speeds, each clean, with reverb,
    with pink noise at 20/10/5 dB SNR, babble at 10 dB and mains hum at 10 dB; voices en-us, en-gb,
    en-gb-x-rp, en-gb-scotland form the "dev" part, en-029 and en-gb-x-gbclan are held out (nothing is
    tuned on either: the models' own cutoffs are used);
  negatives (no wake phrase, >= 1 hour): synthetic sentences (6 voices, 2 speeds), the 14
    pocketsphinx-testdata recordings at several gains and speeds, pink/white/brown noise, tones and
    sweeps, and music-like signals (random notes with harmonics and envelopes).
Detections: window of the model's sliding_window_size, mean > cutoff, then the window starts empty
and the model is quiet 2 s; the same rule for both engines (pymicro-wakeword's per-step probabilities,
Hark's `hark wake --refractory 2`). A positive clip counts as found when a detection of its model
falls inside it. Prints a Markdown table.
With SWEEP="okay_nabu ..." in the environment, also a cutoff sweep per named model with Hark
(`hark wake --cutoff C`, the `[wake] cutoffs` override): misses on the dev and held-out voices, and
false accepts per hour on the even and the odd minutes of the negatives separately (pick a cutoff on
dev + even minutes, read its cost on held-out + odd minutes).
Usage: accuracy.py HARK_BINARY MODELS_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys
import wave

import numpy as np
from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures, Model

RATE = 16000
MODELS = {"okay_nabu": "okay nabu", "hey_jarvis": "hey jarvis", "hey_mycroft": "hey mycroft", "alexa": "alexa"}
DEV_VOICES = ["en-us", "en-gb", "en-gb-x-rp", "en-gb-scotland"]
HELD_OUT_VOICES = ["en-029", "en-gb-x-gbclan"]
SPEEDS = [130, 160, 190]
CONDITIONS = ["clean", "reverb", "pink20", "pink10", "pink5", "babble10", "hum10"]
REFRACTORY = 2.0
SENTENCES = [
    "turn on the kitchen light", "what is the temperature in the living room", "set a timer for ten minutes",
    "the weather will be cloudy tomorrow", "please close the garage door", "how much power is the heater using",
    "open the blinds in the bedroom", "is the front door locked", "play some quiet music",
    "the pump in the basement stopped again", "remind me to call the plumber", "switch off all the lights",
    "the sensor on the second floor reports high humidity", "what time is it", "dim the lights to half",
    "the boiler pressure is normal", "we need more coffee beans", "the delivery arrives at noon",
    "can you hear me in the workshop", "start the ventilation in the hall", "nobody is at home today",
    "the battery of the smoke detector is low", "how long until the washing machine is done",
    "the conveyor belt is running slowly", "check the freezer temperature", "lock the back door",
    "good morning everyone", "the meeting moved to three o clock", "turn the volume down",
    "it is raining in the north", "the dog wants to go outside", "read me the last alert",
    "the compressor is louder than usual", "set the thermostat to twenty one degrees",
    "close the window in the office", "the printer is out of paper", "a car is parked in the driveway",
    "water the plants in the greenhouse", "the train leaves at seven", "okay let us begin",
    "hey there how are you", "a nice day for a walk by the lake", "my neighbour bought a new bicycle",
    "the children are playing in the garden", "alex is coming for dinner", "jars of jam on the shelf",
    "the microphone picks up a lot of noise", "can you cook the pasta now", "nine eight seven six five",
    "the factory line stops at midnight", "our guests arrive on friday", "the fan in the server room is loud",
]
SENTENCE_VOICES = ["en-us", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-029", "en-gb-x-gbclan"]


def espeak(text, voice, speed, path):
    tmp = path + ".tmp.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", tmp, text], check=True)
    subprocess.run(["sox", "-q", "-D", tmp, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer", path], check=True)
    os.remove(tmp)
    return read_wav(path)


def read_wav(path):
    if path.endswith(".raw"):
        return np.frombuffer(open(path, "rb").read(), dtype="<i2").astype(np.float64)
    with wave.open(path, "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)


def write_wav(path, x):
    x = np.clip(np.round(x), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(x.tobytes())


def sox_effect(x, work, effect):
    src, dst = os.path.join(work, "fx_in.wav"), os.path.join(work, "fx_out.wav")
    write_wav(src, x)
    subprocess.run(["sox", "-q", "-D", src, dst] + effect, check=True)
    return read_wav(dst)


def pink(n, rng):
    white = rng.standard_normal(n)
    f = np.fft.rfft(white)
    scale = 1 / np.sqrt(np.maximum(np.arange(len(f)), 1))
    return np.fft.irfft(f * scale, n)


def brown(n, rng):
    x = np.cumsum(rng.standard_normal(n))
    return x - np.convolve(x, np.ones(1601) / 1601, mode="same")


def hum(n, rng):
    t = np.arange(n) / RATE
    f0 = 50.0 * (1 + 0.002 * rng.standard_normal())
    return sum(a * np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6.3)) for k, a in [(1, 1), (2, 0.5), (3, 0.4), (5, 0.2)])


def mix(speech, noise, snr_db):
    active = speech[np.abs(speech) > 0.02 * np.abs(speech).max()]
    ps = np.mean(active ** 2)
    pn = np.mean(noise ** 2)
    return speech + noise * np.sqrt(ps / (pn * 10 ** (snr_db / 10)))


def build_positives(work, rng, babble_pool):
    """Per model: one long WAV of clips and their (start, end, voice) spans."""
    sets = {}
    for model, phrase in MODELS.items():
        clips, spans, t = [], [], 0
        for voice in DEV_VOICES + HELD_OUT_VOICES:
            for speed in SPEEDS:
                clean = espeak(phrase, voice, speed, os.path.join(work, "p.wav"))
                clean = clean / max(np.abs(clean).max(), 1) * 12000
                for cond in CONDITIONS:
                    x = np.concatenate([np.zeros(RATE), clean, np.zeros(int(1.6 * RATE))])
                    if cond == "reverb":
                        x = sox_effect(x, work, ["reverb", "60", "50", "80"])[: len(x)]
                    elif cond.startswith("pink"):
                        x = mix(x, pink(len(x), rng), float(cond[4:]))
                    elif cond == "babble10":
                        b = sum(np.resize(babble_pool[rng.integers(len(babble_pool))], len(x)) for _ in range(3))
                        x = mix(x, b, 10)
                    elif cond == "hum10":
                        x = mix(x, hum(len(x), rng), 10)
                    clips.append(x)
                    spans.append((t / RATE, (t + len(x)) / RATE, voice, cond))
                    t += len(x)
        path = os.path.join(work, f"positive_{model}.wav")
        write_wav(path, np.concatenate(clips))
        sets[model] = (path, spans)
    return sets


def build_negatives(work, rng):
    parts = []
    for i, text in enumerate(SENTENCES):
        for voice in SENTENCE_VOICES:
            for speed in (140, 175):
                x = espeak(text, voice, speed, os.path.join(work, "s.wav"))
                parts.append(x / max(np.abs(x).max(), 1) * rng.uniform(3000, 16000))
                parts.append(np.zeros(int(rng.uniform(0.2, 1.0) * RATE)))
    speech = np.concatenate(parts)
    data = "/usr/share/pocketsphinx/test/data"
    recs = []
    for root, _, files in os.walk(data):
        for f in sorted(files):
            if f.endswith((".wav", ".raw")):
                recs.append(read_wav(os.path.join(root, f)))
    real = []
    for gain in (0.5, 1.0, 2.0):
        for speed in (0.9, 1.0, 1.1):
            for r in recs:
                y = r * gain
                if speed != 1.0:
                    y = sox_effect(y, work, ["speed", str(speed), "rate", str(RATE)])
                real.append(y)
    real = np.concatenate(real)
    minutes = lambda m: int(m * 60 * RATE)
    noise = np.concatenate([pink(minutes(4), rng) * 3000, rng.standard_normal(minutes(3)) * 1500, brown(minutes(3), rng) * 30])
    t = np.arange(minutes(8)) / RATE
    freq = 200 * 2 ** (4 * ((t / 20) % 1))  # sweeps 200 Hz..3.2 kHz every 20 s
    tones = 6000 * np.sin(2 * np.pi * np.cumsum(freq) / RATE) * (0.5 + 0.5 * np.sin(2 * np.pi * t / 7))
    notes = []
    while sum(map(len, notes)) < minutes(12):
        dur = int(rng.uniform(0.15, 0.6) * RATE)
        f0 = 110 * 2 ** (rng.integers(0, 36) / 12)
        tt = np.arange(dur) / RATE
        env = np.exp(-tt * rng.uniform(2, 8))
        notes.append(4000 * env * sum(np.sin(2 * np.pi * f0 * k * tt) / k for k in range(1, 6)))
    music = np.concatenate(notes)
    music = music + 0.3 * np.roll(music, int(0.25 * RATE))  # a second voice
    total = np.concatenate([speech, real, noise, tones, music])
    path = os.path.join(work, "negative.wav")
    write_wav(path, total)
    return path, len(total) / RATE, {"speech": len(speech) / RATE, "recordings": len(real) / RATE,
                                      "noise": len(noise) / RATE, "tones": len(tones) / RATE, "music": len(music) / RATE}


def pymicro_detections(path, model_name):
    """pymicro-wakeword's probabilities with the shared detection rule."""
    mww = MicroWakeWord.from_builtin(Model(model_name))
    fe = MicroWakeWordFeatures()
    with wave.open(path, "rb") as w:
        audio = w.readframes(w.getnframes())
    n = mww.sliding_window_size
    window, quiet_until, frame, out = [], 0, 0, []
    for feats in fe.process_streaming(audio):
        frame += 1
        mww.process_streaming_prob(feats)
        if len(mww._features) != 0:
            continue
        window.append(mww._probabilities[-1])
        window = window[-n:]
        if len(window) == n and sum(window) / n > mww.probability_cutoff and frame - 1 >= quiet_until:
            out.append((480 + (frame - 1) * 160) / RATE)
            window = []
            quiet_until = frame - 1 + int(REFRACTORY * 100)
    return out


def hark_detections(hark, models_dir, path, model_name, cutoff=None):
    extra = ["--cutoff", str(cutoff)] if cutoff is not None else []
    r = subprocess.run([hark, "wake", "--models-dir", models_dir, "--model", model_name,
                        "--refractory", str(REFRACTORY)] + extra + [path], capture_output=True, text=True, check=True)
    return [float(line.split()[0]) for line in r.stdout.splitlines()]


SWEEP_CUTOFFS = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3]


def sweep(hark, models_dir, model, path, spans, neg_path, neg_seconds):
    """Misses (dev, held-out) and false accepts per hour (even, odd minutes) per cutoff."""
    print(f"\nCutoff sweep, {model} (Hark; the model's own cutoff is in the manifest):\n")
    print("| cutoff | misses dev | misses held-out | FA/h even minutes | FA/h odd minutes |")
    print("|---|---|---|---|---|")
    half_hours = neg_seconds / 7200
    for c in SWEEP_CUTOFFS:
        det = hark_detections(hark, models_dir, path, model, c)
        neg = hark_detections(hark, models_dir, neg_path, model, c)
        cells = []
        for voices in (DEV_VOICES, HELD_OUT_VOICES):
            clips = [s for s in spans if s[2] in voices]
            found = sum(1 for a, b, _, _ in clips if any(a <= t <= b for t in det))
            cells.append(100.0 * (len(clips) - found) / len(clips))
        even = sum(1 for t in neg if int(t // 60) % 2 == 0)
        print(f"| {c:.2f} | {cells[0]:.1f} % | {cells[1]:.1f} % | {even / half_hours:.2f} | {(len(neg) - even) / half_hours:.2f} |", flush=True)


def main(hark, models_dir, work):
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(20261203)
    babble_pool = [espeak(s, v, 170, os.path.join(work, "b.wav")) for s, v in zip(SENTENCES[:12], SENTENCE_VOICES * 2)]
    positives = build_positives(work, rng, babble_pool)
    neg_path, neg_seconds, neg_parts = build_negatives(work, rng)
    print(f"negatives: {neg_seconds / 3600:.2f} h ({', '.join(f'{k} {v / 60:.1f} min' for k, v in neg_parts.items())})", file=sys.stderr)
    rows, result = [], {}
    for model in MODELS:
        path, spans = positives[model]
        engines = {"hark": hark_detections(hark, models_dir, path, model), "pymicro": pymicro_detections(path, model)}
        neg = {"hark": hark_detections(hark, models_dir, neg_path, model), "pymicro": pymicro_detections(neg_path, model)}
        result[model] = {}
        for part, voices in (("dev", DEV_VOICES), ("held-out", HELD_OUT_VOICES)):
            clips = [s for s in spans if s[2] in voices]
            cell = []
            for eng in ("hark", "pymicro"):
                found = sum(1 for a, b, _, _ in clips if any(a <= t <= b for t in engines[eng]))
                cell.append(100.0 * (len(clips) - found) / len(clips))
            result[model][part] = {"clips": len(clips), "miss_hark": cell[0], "miss_pymicro": cell[1]}
        fa = {eng: len(v) / (neg_seconds / 3600) for eng, v in neg.items()}
        result[model]["fa_per_hour"] = fa
        rows.append(f"| {model} | {result[model]['dev']['miss_hark']:.1f} % / {result[model]['dev']['miss_pymicro']:.1f} % "
                    f"| {result[model]['held-out']['miss_hark']:.1f} % / {result[model]['held-out']['miss_pymicro']:.1f} % "
                    f"| {fa['hark']:.2f} / {fa['pymicro']:.2f} |")
        # Misses per condition (both parts), Hark.
        per = {c: 0 for c in CONDITIONS}
        for a, b, _, c in spans:
            if not any(a <= t <= b for t in engines["hark"]):
                per[c] += 1
        result[model]["hark_misses_by_condition"] = per
    print(f"Positives: {len(positives['okay_nabu'][1])} clips per model ({len(DEV_VOICES) * len(SPEEDS) * len(CONDITIONS)} dev, "
          f"{len(HELD_OUT_VOICES) * len(SPEEDS) * len(CONDITIONS)} held-out); negatives {neg_seconds / 3600:.2f} h.\n")
    print("| model | misses dev (Hark / pymicro) | misses held-out (Hark / pymicro) | false accepts per hour (Hark / pymicro) |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    print("\n" + json.dumps(result, indent=1), file=sys.stderr)
    for model in os.environ.get("SWEEP", "").split():
        sweep(hark, models_dir, model, positives[model][0], positives[model][1], neg_path, neg_seconds)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: accuracy.py HARK_BINARY MODELS_DIR WORK_DIR")
    main(*sys.argv[1:])
