#!/usr/bin/env python3
"""onnxruntime single-threaded timings for the benchmark: Silero VAD per 512-sample chunk (µs) on the
package's silero_vad.onnx, and MiniLM per sentence (ms) on an ONNX graph of the same BERT built here
with onnx.helper from the package's weights (no torch). Prints: SILERO_US MINILM_MS
Usage: bench_onnxruntime.py MODELS_DIR PACKAGE_MODEL_DIR
"""
import sys
import time
import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, TensorProto, numpy_helper
from safetensors.numpy import load_file


def session(model):
    o = ort.SessionOptions()
    o.intra_op_num_threads = 1
    o.inter_op_num_threads = 1
    return ort.InferenceSession(model, o, providers=["CPUExecutionProvider"])


def best(fn, reps):
    for _ in range(max(1, reps // 10)):
        fn()
    times = []
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        times.append((time.perf_counter() - t) / reps)
    return min(times)


def bert_onnx(model_dir):
    w = load_file(f"{model_dir}/model.safetensors")
    inits, nodes = [], []
    def init(name, arr):
        inits.append(numpy_helper.from_array(arr.astype(np.float32), name))
        return name
    def lin(x, p, out):
        wt = init(p + ".wT", w[p + ".weight"].T.copy())
        nodes.append(helper.make_node("MatMul", [x, wt], [out + "_mm"]))
        nodes.append(helper.make_node("Add", [out + "_mm", init(p + ".b", w[p + ".bias"])], [out]))
        return out
    def ln(x, p, out):
        nodes.append(helper.make_node("LayerNormalization", [x, init(p + ".g", w[p + ".weight"]), init(p + ".bb", w[p + ".bias"])], [out], axis=-1, epsilon=1e-12))
        return out
    inits.append(numpy_helper.from_array(np.array([0, 12, 32], dtype=np.int64), "hshape"))
    inits.append(numpy_helper.from_array(np.array([0, 384], dtype=np.int64), "oshape"))
    inits.append(numpy_helper.from_array(np.array([0], dtype=np.int64), "ax0"))
    nodes.append(helper.make_node("Gather", [init("wemb", w["embeddings.word_embeddings.weight"]), "ids"], ["we"]))
    nodes.append(helper.make_node("Shape", ["ids"], ["tshape"]))
    nodes.append(helper.make_node("Slice", [init("pemb", w["embeddings.position_embeddings.weight"]), "ax0", "tshape", "ax0"], ["pe"]))
    nodes.append(helper.make_node("Add", ["we", "pe"], ["e1"]))
    nodes.append(helper.make_node("Add", ["e1", init("temb", w["embeddings.token_type_embeddings.weight"][0])], ["e2"]))
    x = ln("e2", "embeddings.LayerNorm", "x0")
    for i in range(6):
        p = f"encoder.layer.{i}."
        q, k, v = (lin(x, p + f"attention.self.{n}", f"{n}{i}") for n in ("query", "key", "value"))
        for n in ("query", "key", "value"):
            nodes.append(helper.make_node("Reshape", [f"{n}{i}", "hshape"], [f"{n}{i}r"]))
            nodes.append(helper.make_node("Transpose", [f"{n}{i}r"], [f"{n}{i}t"], perm=[1, 0, 2]))
        nodes.append(helper.make_node("Transpose", [f"key{i}r"], [f"key{i}tt"], perm=[1, 2, 0]))
        nodes.append(helper.make_node("MatMul", [f"query{i}t", f"key{i}tt"], [f"s{i}"]))
        nodes.append(helper.make_node("Mul", [f"s{i}", init(f"scale{i}", np.array(1 / np.sqrt(32)))], [f"ss{i}"]))
        nodes.append(helper.make_node("Softmax", [f"ss{i}"], [f"a{i}"], axis=-1))
        nodes.append(helper.make_node("MatMul", [f"a{i}", f"value{i}t"], [f"c{i}"]))
        nodes.append(helper.make_node("Transpose", [f"c{i}"], [f"c{i}t"], perm=[1, 0, 2]))
        nodes.append(helper.make_node("Reshape", [f"c{i}t", "oshape"], [f"c{i}r"]))
        o = lin(f"c{i}r", p + "attention.output.dense", f"o{i}")
        nodes.append(helper.make_node("Add", [x, o], [f"r1{i}"]))
        x = ln(f"r1{i}", p + "attention.output.LayerNorm", f"x1{i}")
        u = lin(x, p + "intermediate.dense", f"u{i}")
        nodes.append(helper.make_node("Gelu", [u], [f"g{i}"], domain="com.microsoft"))
        d = lin(f"g{i}", p + "output.dense", f"d{i}")
        nodes.append(helper.make_node("Add", [x, d], [f"r2{i}"]))
        x = ln(f"r2{i}", p + "output.LayerNorm", f"x2{i}")
    nodes.append(helper.make_node("ReduceMean", [x, "ax0"], ["pooled"], keepdims=0))
    nodes.append(helper.make_node("LpNormalization", ["pooled"], ["emb"], axis=-1, p=2))
    graph = helper.make_graph(nodes, "minilm", [helper.make_tensor_value_info("ids", TensorProto.INT64, ["T"])],
                              [helper.make_tensor_value_info("emb", TensorProto.FLOAT, [384])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)])
    return m.SerializeToString()


def main(models_dir, package_dir):
    s = session(f"{models_dir}/silero_vad.onnx")
    state = np.zeros((2, 1, 128), dtype=np.float32)
    x = (np.sin(np.arange(576) * 0.05) * 0.3).astype(np.float32)[None, :]
    sr = np.array(16000, dtype=np.int64)
    silero = best(lambda: s.run(None, {"input": x, "state": state, "sr": sr}), 3000)
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(f"{package_dir}/tokenizer.json")
    sentences = ["Turn on the kitchen lights.", "What's the temperature in the greenhouse right now?",
                 "Acknowledge the pressure alarm on pump three", "Play some jazz in the living room"]
    ids = [np.array(tok.encode(t).ids, dtype=np.int64) for t in sentences]
    b = session(bert_onnx(package_dir))
    counter = [0]
    def one():
        b.run(None, {"ids": ids[counter[0] % len(ids)]})
        counter[0] += 1
    minilm = best(one, 200)
    print(f"{silero * 1e6:.2f} {minilm * 1e3:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
