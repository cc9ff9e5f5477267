#!/usr/bin/env python3
"""Builds the spoken-command set: deterministic (seeded), synthetic, labelled.

    scripts/speech-commands.py [--intents Tests/Fixtures/intents-home.toml] [--out .cache/speech-commands]
                               [--seed 11] [--tuning 200] [--heldout 200] [--oog 80]

Every clip is one sentence said by espeak-ng (a voice and variant, a speed and pitch), with
0.4-0.8 s of room around it, optionally reverberated (sox `reverb`), and mixed with pink, babble
or hum noise at 5-20 dB SNR (or left clean). Commands come from the intents' templates with their
slot lists and number ranges; the expected intent and slots are in the manifest. Out-of-grammar
utterances (questions, chit-chat, sound-alikes of the commands) expect no intent.

Two parts that share no voice variant and no noise seed: `tuning` (tune on it) and `heldout`
(only ever measured). Out-of-grammar clips are split the same way.

Output: <out>/<split>/<id>.wav (16 kHz mono 16-bit) and <out>/manifest.jsonl, one line per clip:
{"id", "split", "file", "text", "intent", "slots", "voice", "speed", "pitch", "reverb", "noise", "snr_db"}.
`--fixtures DIR` writes the few short clips the tests use instead (Tests/Fixtures/voice).
Only the Python standard library, espeak-ng and sox are used. Re-running with the same arguments
gives byte-identical files (skipped when the manifest's recipe matches).
"""
import argparse
import array
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import tomllib

RATE = 16000

# Voices and variants: the two parts never share a (voice, variant) pair, nor a variant.
TUNING_VOICES = [("en-us", v) for v in ("m1", "m3", "f1", "f3", "klatt")] + [("en-gb", v) for v in ("m2", "f2", "m4")]
HELDOUT_VOICES = [("en-gb-x-rp", v) for v in ("m5", "f4", "klatt2")] + [("en-029", v) for v in ("m6", "f5")] \
    + [("en-gb-scotland", v) for v in ("m7", "Annie")] + [("en-us", "Andy")]

# Out of grammar: questions, chit-chat, and sound-alikes (near misses of real commands).
OOG_SENTENCES = [
    # questions
    "what time is it", "what is the weather like tomorrow", "how tall is mount everest", "who won the game last night",
    "what is the capital of france", "how many days until christmas", "when does the bakery open",
    "what is the temperature in the garden", "how old is the moon", "what day is it today", "can you spell necessary",
    "where did I leave my keys", "what is two plus two", "is it going to rain", "how far is the airport",
    "what song is this", "who are you", "what can you do", "do we have any milk left", "how do I bake bread",
    # chit-chat
    "good morning everyone", "thank you very much", "I am going to the shop", "that was a great movie",
    "let me think about it", "see you later", "the cat is sleeping on the sofa", "we should paint the fence",
    "my phone is almost out of battery", "dinner is ready", "I like this song", "the kids are at school",
    "tell me a joke", "I had a long day at work", "could you be quiet please", "the train was late again",
    "happy birthday to you", "it is cold outside", "put the kettle on", "nice to meet you",
    # sound-alikes and near misses
    "turn on the kitchen lie", "switch off the kitten light", "open the garbage door", "lock the front floor",
    "close the bedroom binds", "set a time for ten minutes", "turn the heating off in the car",
    "turn on the television", "open the fridge", "turn off the oven", "set the alarm for seven",
    "dim the moon to fifty percent", "start the washing machine", "turn on the garden light", "lock the car",
    "play some jazz", "call my mother", "open the window", "turn up the heat in the shed", "make some coffee",
    "switch on the radio", "unlock my phone", "close the kitchen door", "turn off the garage fan",
    "set the oven to two hundred degrees", "pause the movie", "open the attic blinds", "remind me to buy eggs",
    "what is the volume", "turn the lights green", "the lights are too bright", "I left the heating on",
]

BABBLE_TEXT = [
    "and then we went down to the market to see what they had on offer this morning",
    "I think the meeting went well but nobody really agreed on the budget for next year",
    "she said the trains were running late because of the weather up north",
    "there is a new bakery on the corner and their bread is really very good",
    "we spent the whole weekend fixing the roof before the storm came in",
    "he never remembers where he parks the car when we go shopping",
]
BABBLE_VOICES = ["en-us+m2", "en-gb+f1", "en-us+f2", "en-gb-x-rp+m3", "en-029+f3", "en-us+m5"]


def expand(node_text):
    """All sentences of one template: [(words, {tag: value}, [slot names in order])]."""
    found = list(re.finditer(r"\(|\)|\[|\]|\||\{[a-z_]+\}|[^\s()\[\]|{}]+", node_text))
    tokens = [m.group(0) for m in found]
    pos = 0

    def seq(stop):
        nonlocal pos
        alts = [[([], {})]]
        cur = [([], {})]
        while pos < len(tokens) and tokens[pos] not in stop:
            t = tokens[pos]
            if t in ("(", "["):
                closing = ")" if t == "(" else "]"
                pos += 1
                options = []
                while True:
                    options += seq({"|", closing})
                    if tokens[pos] == "|":
                        pos += 1
                        continue
                    pos += 1  # closing
                    break
                tag = None
                # A tag is written right after the group: "(on|off){state}"; "(set|start) {scene}" is a slot.
                if (pos < len(tokens) and re.fullmatch(r"\{[a-z_]+\}", tokens[pos]) and t == "(" and pos > 0
                        and tokens[pos - 1] == ")" and found[pos].start() == found[pos - 1].end()):
                    tag = tokens[pos][1:-1]
                    pos += 1
                if t == "[":
                    options.append(([], {}))
                new = []
                for w, tags in cur:
                    for ow, otags in options:
                        nt = dict(tags)
                        nt.update(otags)
                        if tag:
                            nt[tag] = " ".join(ow)
                        new.append((w + ow, nt))
                cur = new
            elif re.fullmatch(r"\{[a-z_]+\}", t):
                cur = [(w + [t], tags) for w, tags in cur]
                pos += 1
            else:
                cur = [(w + [t], tags) for w, tags in cur]
                pos += 1
        return cur

    out = seq(set())
    return out


def slot_values(spec):
    if isinstance(spec, list):
        return [str(v) for v in spec]
    m = re.fullmatch(r"\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*", str(spec))
    if not m:
        raise SystemExit(f"slot spec {spec!r}: expected a list or 'lo..hi'")
    return [str(v) for v in range(int(m.group(1)), int(m.group(2)) + 1)]


def commands(intents_path):
    with open(intents_path, "rb") as f:
        doc = tomllib.load(f)
    out = []
    for intent in doc.get("intent", []):
        slots = {k: slot_values(v) for k, v in intent.get("slots", {}).items()}
        sentences = []
        for template in intent["sentences"]:
            sentences += expand(template)
        out.append((intent["name"], sentences, slots))
    return out


def sample_command(rng, intents):
    name, sentences, slots = rng.choice(intents)
    words, tags = rng.choice(sentences)
    text, values = [], dict(tags)
    for w in words:
        m = re.fullmatch(r"\{([a-z_]+)\}", w)
        if m:
            v = rng.choice(slots[m.group(1)])
            values[m.group(1)] = v
            text.append(v)
        else:
            text.append(w)
    return name, " ".join(text), values


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, check=True, capture_output=True).stdout


def speak(text, voice, speed, pitch):
    """espeak-ng at 22.05 kHz, resampled by sox to 16 kHz mono 16-bit; samples as an int16 array."""
    wav = run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", text])
    raw = run(["sox", "-R", "-D", "-t", "wav", "-", "-t", "raw", "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-"], stdin=wav)
    return array.array("h", raw)


def reverb(samples, amount, room):
    raw = run(["sox", "-R", "-D", "-t", "raw", "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed", "-",
               "-t", "raw", "-", "reverb", str(amount), "50", str(room)], stdin=samples.tobytes())
    out = array.array("h", raw)
    return out[: len(samples) + RATE // 2]


def pink(rng, n):
    """Voss-McCartney pink noise, 16 rows."""
    rows = [rng.uniform(-1, 1) for _ in range(16)]
    total = sum(rows)
    out = []
    for i in range(1, n + 1):
        k = (i & -i).bit_length() - 1
        if k < 16:
            total -= rows[k]
            rows[k] = rng.uniform(-1, 1)
            total += rows[k]
        out.append(total + rng.uniform(-1, 1))
    return out


def hum(rng, n):
    f0 = rng.choice([50.0, 60.0])
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    amps = [1.0, 0.5, 0.3, 0.15]
    return [sum(a * math.sin(2 * math.pi * f0 * (h + 1) * i / RATE + p) for h, (a, p) in enumerate(zip(amps, phase)))
            + 0.05 * rng.uniform(-1, 1) for i in range(n)]


_babble_cache = []


def babble(rng, n):
    if not _babble_cache:
        voices = [speak(t, v, 165, 50) for t, v in zip(BABBLE_TEXT, BABBLE_VOICES)]
        length = max(len(v) for v in voices)
        mix = [0.0] * length
        for v in voices:
            for i, s in enumerate(v):
                mix[i] += s
        _babble_cache.append(mix)
    mix = _babble_cache[0]
    start = rng.randrange(0, max(1, len(mix) - n))
    return [mix[(start + i) % len(mix)] for i in range(n)]


def rms(xs):
    return math.sqrt(sum(x * x for x in xs) / max(1, len(xs)))


def build_clip(rng, text, voice, variant):
    speed = rng.randrange(130, 195, 5)
    pitch = rng.randrange(30, 75, 5)
    speech = speak(text, f"{voice}+{variant}", speed, pitch)
    rev = None
    if rng.random() < 0.5:
        rev = (rng.randrange(20, 70, 10), rng.randrange(30, 90, 10))
        speech = reverb(speech, *rev)
    lead, tail = int(rng.uniform(0.4, 0.8) * RATE), int(rng.uniform(0.6, 0.9) * RATE)
    clean = [0.0] * lead + [float(s) for s in speech] + [0.0] * tail
    kind = rng.choice(["pink", "babble", "hum", "none"])
    snr = None
    if kind != "none":
        snr = round(rng.uniform(5, 20), 1)
        noise = {"pink": pink, "babble": babble, "hum": hum}[kind](rng, len(clean))
        gain = rms([float(s) for s in speech]) / (rms(noise) * 10 ** (snr / 20))
        clean = [c + gain * x for c, x in zip(clean, noise)]
    peak = max(1.0, max(abs(x) for x in clean))
    scale = min(1.0, 30000 / peak)
    pcm = array.array("h", (int(round(x * scale)) for x in clean))
    return pcm, {"voice": f"{voice}+{variant}", "speed": speed, "pitch": pitch,
                 "reverb": list(rev) if rev else None, "noise": kind, "snr_db": snr}


def write_wav(path, pcm):
    import wave
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


# Short recorded-style clips for the tests (committed under Tests/Fixtures/voice): room tone, a
# little pink noise at 25 dB SNR, no reverb; the wake phrase is "okay nabu".
FIXTURES = [
    ("command", [(0.8, "turn on the kitchen fan")], 1.5),
    ("command-oog", [(0.8, "what time is it in tokyo")], 1.5),
    ("wake-pause-command", [(0.8, "okay nabu"), (0.9, "turn off the office fan")], 1.5),
    ("wake-same-breath", [(0.8, "okay nabu, turn on the office fan")], 1.5),
]


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)
    for name, parts, tail in FIXTURES:
        clean = []
        for gap, text in parts:
            clean += [0.0] * int(gap * RATE) + [float(s) for s in speak(text, "en-us+m3", 150, 50)]
        clean += [0.0] * int(tail * RATE)
        speech = [x for x in clean if x != 0.0]
        noise = pink(rng, len(clean))
        gain = rms(speech) / (rms(noise) * 10 ** (25 / 20))
        mixed = [c + gain * x for c, x in zip(clean, noise)]
        scale = min(1.0, 30000 / max(1.0, max(abs(x) for x in mixed)))
        write_wav(os.path.join(out, f"{name}.wav"), array.array("h", (int(round(x * scale)) for x in mixed)))
        print(f"speech-commands: fixture {name}.wav", file=sys.stderr)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--intents", default=os.path.join(root, "Tests/Fixtures/intents-home.toml"))
    p.add_argument("--out", default=os.path.join(root, ".cache/speech-commands"))
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--tuning", type=int, default=200)
    p.add_argument("--heldout", type=int, default=200)
    p.add_argument("--oog", type=int, default=80, help="out-of-grammar clips in all (about 3/8 tuning, 5/8 held-out)")
    p.add_argument("--fixtures", metavar="DIR", help="write only the short test fixtures into DIR")
    a = p.parse_args()
    if a.fixtures:
        fixtures(a.fixtures)
        return

    with open(a.intents, "rb") as f:
        intents_hash = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.abspath(__file__), "rb") as f:
        script_hash = hashlib.sha256(f.read()).hexdigest()
    recipe = json.dumps({"intents": intents_hash, "script": script_hash, "seed": a.seed, "tuning": a.tuning,
                         "heldout": a.heldout, "oog": a.oog}, sort_keys=True)
    manifest = os.path.join(a.out, "manifest.jsonl")
    stamp = os.path.join(a.out, "recipe.json")
    if os.path.exists(manifest) and os.path.exists(stamp) and open(stamp).read() == recipe:
        print(f"speech-commands: up to date in {a.out}", file=sys.stderr)
        return

    intents = commands(a.intents)
    oog = list(OOG_SENTENCES)
    random.Random(a.seed).shuffle(oog)
    n_oog_tuning = a.oog * 3 // 8
    plan = [("tuning", TUNING_VOICES, a.tuning, oog[: n_oog_tuning], 1),
            ("heldout", HELDOUT_VOICES, a.heldout, oog[n_oog_tuning:], 2)]
    lines = []
    for split, voices, count, oog_texts, salt in plan:
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        rng = random.Random(a.seed * 1000 + salt)
        oog_count = a.oog - n_oog_tuning if split == "heldout" else n_oog_tuning
        items = [sample_command(rng, intents) for _ in range(count)]
        items += [(None, oog_texts[i % len(oog_texts)], {}) for i in range(oog_count)]
        for i, (intent, text, slots) in enumerate(items):
            voice, variant = voices[i % len(voices)]
            pcm, info = build_clip(rng, text, voice, variant)
            cid = f"{split}-{i:04d}" if intent else f"{split}-oog-{i - count:04d}"
            path = os.path.join(split, f"{cid}.wav")
            write_wav(os.path.join(a.out, path), pcm)
            lines.append(json.dumps({"id": cid, "split": split, "file": path, "text": text, "intent": intent,
                                     "slots": slots, **info}, sort_keys=True))
            if len(lines) % 50 == 0:
                print(f"speech-commands: {len(lines)} clips", file=sys.stderr)
    with open(manifest, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(stamp, "w") as f:
        f.write(recipe)
    print(f"speech-commands: {len(lines)} clips in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
