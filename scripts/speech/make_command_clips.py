#!/usr/bin/env python3
"""Deterministic TTS clips for tuning and checking the grammar recogniser's rejection rule.

Writes OUT_DIR/grammar.txt (the command grammar: one sentence a line), OUT_DIR/clips.tsv
(file, split, kind, expected sentence or "-") and 16 kHz mono WAVs made with espeak-ng (voices,
speeds, pitch variants) and sox (noise at 10-20 dB SNR on some). Split: every clip is assigned to
"tune" or "heldout" by a fixed hash of its text, so the same sentence never lands in both.
kind: "in" (a grammar sentence) or "out" (questions, chit-chat, sound-alikes: not in the grammar).

Usage: make_command_clips.py OUT_DIR
"""
import hashlib
import os
import subprocess
import sys

ROOMS = ["kitchen", "bedroom", "living room", "bathroom"]


def grammar():
    s = []
    for r in ROOMS:
        s += [f"turn on the {r} light", f"turn off the {r} light"]
        s += [f"set the {r} light to {n} percent" for n in range(0, 101)]
        s += [f"set the {r} thermostat to {n} degrees" for n in range(15, 31)]
    s += ["lock the front door", "unlock the front door", "open the garage door", "close the garage door",
          "start the vacuum", "stop the vacuum"]
    return s


IN_SAMPLES = [
    "turn on the kitchen light", "turn off the bedroom light", "turn on the living room light",
    "turn off the bathroom light", "set the kitchen light to 40 percent", "set the bedroom light to 75 percent",
    "set the living room light to 100 percent", "set the bathroom light to 5 percent",
    "set the kitchen thermostat to 21 degrees", "set the bedroom thermostat to 18 degrees",
    "set the living room thermostat to 23 degrees", "lock the front door", "unlock the front door",
    "open the garage door", "close the garage door", "start the vacuum", "stop the vacuum",
    "turn off the kitchen light", "turn on the bathroom light", "set the bathroom thermostat to 25 degrees",
]

OUT_SAMPLES = [
    "what time is it", "how are you today", "what is the weather like tomorrow", "tell me a joke",
    "I had a long day at work", "who won the game last night", "play some music", "call my mother",
    "what is the capital of france", "remind me to buy milk", "turn on the garage light",
    "turn on the kitchen fan", "set the oven to 200 degrees", "open the front window", "lock the back door",
    "the kitchen light is very bright", "did you turn off the light", "thank you very much",
    "good morning everyone", "can you hear me", "I think it will rain", "where are my keys",
    "turn up the volume", "set an alarm for seven", "close the curtains in the bedroom",
]

VOICES = [("en-us", 160, 50), ("en-gb", 140, 40), ("en-us+f2", 175, 60), ("en-gb+m3", 150, 45)]


def split_of(text):
    return "tune" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "heldout"


def make(out_dir, name, text, voice, speed, pitch, noise_db):
    path = os.path.join(out_dir, name)
    raw = path + ".tmp.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text], check=True)
    cmd = ["sox", raw, "-r", "16000", "-c", "1", "-b", "16", path, "pad", "0.2", "0.3"]
    subprocess.run(cmd, check=True)
    if noise_db is not None:
        noisy = path + ".noisy.wav"
        dur = subprocess.run(["soxi", "-D", path], capture_output=True, text=True, check=True).stdout.strip()
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", path + ".noise.wav", "synth", dur,
                        "pinknoise", "vol", str(10 ** (-noise_db / 20) * 0.3)], check=True)
        subprocess.run(["sox", "-m", path, path + ".noise.wav", noisy], check=True)
        os.replace(noisy, path)
        os.remove(path + ".noise.wav")
    os.remove(raw)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "grammar.txt"), "w") as f:
        f.write("\n".join(grammar()) + "\n")
    rows = []
    n = 0
    for kind, samples in (("in", IN_SAMPLES), ("out", OUT_SAMPLES)):
        for i, text in enumerate(samples):
            for j, (voice, speed, pitch) in enumerate(VOICES):
                noise = [None, 20, None, 12][(i + j) % 4]
                name = f"{kind}-{i:02d}-{j}.wav"
                make(out_dir, name, text, voice, speed, pitch, noise)
                rows.append((name, split_of(text), kind, text if kind == "in" else "-"))
                n += 1
    with open(os.path.join(out_dir, "clips.tsv"), "w") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{n} clips in {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1])
