#!/usr/bin/env python3
"""Reference all-MiniLM-L6-v2 embeddings: Hugging Face `tokenizers` (the package's tokenizer.json) for
token ids, and a plain numpy BERT forward pass over the package's own model.safetensors
(float64 accumulation), mean pooling, L2 norm. Independent of Hark's converter and Swift code.
Writes OUT.json {"sentences": [...], "ids": [[...]]} and OUT.f32 (N x 384 little-endian float32).
Usage: minilm_reference.py PACKAGE_MODEL_DIR OUT_BASENAME
"""
import json
import math
import sys
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

SENTENCES = [
    "", "Turn on the kitchen lights.", "turn off the lights in the kitchen", "What's the temperature outside?",
    "Set a timer for 10 minutes!", "Set a timer for ten minutes", "Is the garage door open?", "Close the garage door, please.",
    "Play some jazz music in the living room", "Stop the music.", "How humid is it in the greenhouse?",
    "Alert: pump #3 pressure is 4.7 bar (limit 4.5)", "Acknowledge alarm 42", "Clear all alerts from line-2",
    "The café on the corner serves crème brûlée.", "naïve résumé façade coöperate", "Ünïcödé ÀÉÎÕÜ ñ ç ß",
    "東京の天気はどうですか", "北京欢迎你", "Привет, как дела?", "مرحبا بالعالم", "Γειά σου Κόσμε",
    "emoji test 😀🎉 👍🏽 done", "tabs\tand\nnewlines\r\nmixed   spaces", "!!!???...,,,;;;:::",
    "e-mail: someone@example.com, url: https://hark.example/path?q=1&x=2", "C++ vs. C# vs. F#: which is better?",
    "It's 3:45 p.m. on 2024-03-15; the price is $1,299.99 (≈ €1.2k).", "π ≈ 3.14159, e ≈ 2.71828, √2 ≈ 1.41421",
    "ALL CAPS SENTENCE SHOUTING LOUDLY", "mIxEd CaSe WoRdS", "supercalifragilisticexpialidocious",
    "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
    "a" * 120, "the the the the the the the the", "Don't do that—really, don’t!", "“Smart quotes” and ‘single’ ones",
    "Temperature sensor T-101 reads 85°C, above threshold.", "Vibration on motor M7 exceeds 12 mm/s RMS",
    "Please remind me to call mom at 6pm", "What time is it?", "Who are you?", "Tell me a joke about robots.",
    "How do I reset the device to factory settings?", "Open the window in the bedroom halfway (50%).",
    "Lock the front door and arm the alarm", "Is anyone at the front door?", "Dim the hallway lights to 20 percent",
    "Good morning! What's on my calendar today?", "The quick brown fox jumps over the lazy dog.",
    "Zero-width\u200bspace and soft\u00adhyphen and NUL\u0000char", "control\u0007bell and \u00a0nbsp",
    "word " * 300,
]


def layer_norm(x, g, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def embed(w, ids):
    t = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t] \
        + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    for i in range(6):
        p = f"encoder.layer.{i}."
        lin = lambda h, n: h @ w[p + n + ".weight"].T + w[p + n + ".bias"]
        q, k, v = lin(x, "attention.self.query"), lin(x, "attention.self.key"), lin(x, "attention.self.value")
        heads = [slice(h * 32, (h + 1) * 32) for h in range(12)]
        ctx = np.zeros_like(x)
        for s in heads:
            a = q[:, s] @ k[:, s].T / math.sqrt(32)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            ctx[:, s] = a @ v[:, s]
        x = layer_norm(x + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                       w[p + "attention.output.LayerNorm.bias"])
        hdn = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(x + lin(hdn, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    e = x.mean(0)
    return e / max(np.linalg.norm(e), 1e-12)


def main(model_dir, out):
    w = {k: v.astype(np.float64) for k, v in load_file(f"{model_dir}/model.safetensors").items()}
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(256)
    ids = [tok.encode(s).ids for s in SENTENCES]
    embs = np.stack([embed(w, i) for i in ids]).astype("<f4")
    with open(out + ".json", "w") as f:
        json.dump({"sentences": SENTENCES, "ids": ids}, f, ensure_ascii=False)
    embs.tofile(out + ".f32")
    print(f"minilm reference: {len(SENTENCES)} sentences, max tokens {max(map(len, ids))}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
