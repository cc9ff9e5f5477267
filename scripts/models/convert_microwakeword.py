#!/usr/bin/env python3
"""microWakeWord v2 (.tflite, int8, streaming) to what Hark's engine reads: one safetensors file with
every constant buffer (int8 weights, int32 biases, int8 initial stream states) and, in the
`__metadata__` entry "graph", a JSON description of the int8 graph:

  {"format": "hark-mww-1", "name", "wake_word", "probability_cutoff", "sliding_window_size",
   "feature_step_ms", "input": tensor, "output": tensor,
   "tensors": [{"shape", "type": "int8"|"int32"|"uint8", "scale": [..], "zero_point": [..],
                "quantized_dimension", "const": safetensors name or null}],
   "variables": [{"name", "tensor": the constant that CALL_ONCE assigns first}],
   "ops": [{"op", "inputs", "outputs", ...attributes}]}

Only the operators microWakeWord's streaming models use are accepted; anything else (another
operator, an unsupported option, mixed quantisation where the kernels would requantise) stops the
conversion with an error naming the operator, so the engine never meets a graph it cannot run.
The flatbuffer is parsed with the pinned `tflite` package (generated flatbuffers accessors).
Usage: convert_microwakeword.py MODEL.json OUT.safetensors
"""
import json
import os
import sys

import numpy as np
import tflite
from safetensors.numpy import save_file
from tflite.BuiltinOperator import BuiltinOperator
from tflite.ConcatenationOptions import ConcatenationOptions
from tflite.Conv2DOptions import Conv2DOptions
from tflite.DepthwiseConv2DOptions import DepthwiseConv2DOptions
from tflite.FullyConnectedOptions import FullyConnectedOptions
from tflite.SplitVOptions import SplitVOptions
from tflite.StridedSliceOptions import StridedSliceOptions
from tflite.VarHandleOptions import VarHandleOptions

OPNAMES = {v: k for k, v in BuiltinOperator.__dict__.items() if not k.startswith("_")}
TYPES = {9: ("int8", np.int8), 2: ("int32", np.int32), 3: ("uint8", np.uint8)}
ACTIVATIONS = {0: "NONE", 1: "RELU", 3: "RELU6"}
PADDING = {0: "SAME", 1: "VALID"}


def fail(model, msg):
    sys.exit(f"convert_microwakeword: {model}: {msg}")


def options(op, cls):
    table = op.BuiltinOptions()
    o = cls()
    o.Init(table.Bytes, table.Pos)
    return o


def main(config_path, out_path):
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    tflite_path = os.path.join(os.path.dirname(config_path), config["model"])
    name = os.path.splitext(os.path.basename(config["model"]))[0]
    buf = open(tflite_path, "rb").read()
    model = tflite.Model.GetRootAsModel(buf, 0)

    def opname(op):
        code = model.OperatorCodes(op.OpcodeIndex())
        return OPNAMES.get(max(code.BuiltinCode(), code.DeprecatedBuiltinCode()), "?")

    def buffer(t):
        b = model.Buffers(t.Buffer())
        if b.DataLength() == 0:
            return None
        return b.DataAsNumpy().tobytes()

    main_graph = model.Subgraphs(0)
    # CALL_ONCE subgraph: VAR_HANDLE(shared_name) + ASSIGN_VARIABLE(handle, constant).
    var_init = {}
    for si in range(1, model.SubgraphsLength()):
        g = model.Subgraphs(si)
        handles = {}
        for oi in range(g.OperatorsLength()):
            op = g.Operators(oi)
            n = opname(op)
            if n == "VAR_HANDLE":
                handles[op.Outputs(0)] = options(op, VarHandleOptions).SharedName().decode()
            elif n == "ASSIGN_VARIABLE":
                t = g.Tensors(op.Inputs(1))
                q = t.Quantization()
                var_init[handles[op.Inputs(0)]] = {
                    "data": np.frombuffer(buffer(t), dtype=np.int8).copy(),
                    "shape": [int(d) for d in t.ShapeAsNumpy()],
                    "scale": [float(s) for s in q.ScaleAsNumpy()],
                    "zero_point": [int(z) for z in q.ZeroPointAsNumpy()],
                }
            else:
                fail(name, f"unexpected {n} in initialisation subgraph {si}")

    g = main_graph
    tensors = []
    arrays = {}
    for ti in range(g.TensorsLength()):
        t = g.Tensors(ti)
        entry = {"shape": [int(d) for d in t.ShapeAsNumpy()] if t.ShapeLength() else [],
                 "type": None, "scale": [], "zero_point": [], "quantized_dimension": 0, "const": None}
        if t.Type() in TYPES:
            entry["type"], dtype = TYPES[t.Type()]
            q = t.Quantization()
            if q is not None and q.ScaleLength():
                entry["scale"] = [float(s) for s in q.ScaleAsNumpy()]
                entry["zero_point"] = [int(z) for z in q.ZeroPointAsNumpy()]
                entry["quantized_dimension"] = int(q.QuantizedDimension())
            data = buffer(t)
            if data is not None:
                key = f"t{ti}"
                arrays[key] = np.frombuffer(data, dtype=dtype).reshape(entry["shape"]).copy()
                entry["const"] = key
        elif t.Type() != 13:  # 13: resource handle
            fail(name, f"tensor {ti} has unsupported type {t.Type()}")
        tensors.append(entry)

    def const_ints(ti):
        key = tensors[ti]["const"]
        if key is None:
            fail(name, f"tensor {ti} should be a constant")
        return [int(v) for v in arrays[key].reshape(-1)]

    variables = []
    var_of_handle = {}
    ops = []
    used_params = set()
    for oi in range(g.OperatorsLength()):
        op = g.Operators(oi)
        n = opname(op)
        ins = [int(i) for i in op.InputsAsNumpy()] if op.InputsLength() else []
        outs = [int(o) for o in op.OutputsAsNumpy()] if op.OutputsLength() else []
        if n == "CALL_ONCE":
            continue
        if n == "VAR_HANDLE":
            shared = options(op, VarHandleOptions).SharedName().decode()
            if shared not in var_init:
                fail(name, f"variable {shared} has no initial value")
            init = var_init[shared]
            key = f"var{len(variables)}"
            arrays[key] = init["data"].reshape(init["shape"])
            variables.append({"name": shared, "init": key, "shape": init["shape"],
                              "scale": init["scale"], "zero_point": init["zero_point"]})
            var_of_handle[outs[0]] = len(variables) - 1
            continue
        o = {"op": n, "inputs": ins, "outputs": outs}
        if n == "READ_VARIABLE":
            o = {"op": n, "variable": var_of_handle[ins[0]], "outputs": outs}
        elif n == "ASSIGN_VARIABLE":
            o = {"op": n, "variable": var_of_handle[ins[0]], "inputs": [ins[1]], "outputs": []}
        elif n == "RESHAPE":
            o["inputs"] = [ins[0]]
            used_params.update(ins[1:])
        elif n == "CONCATENATION":
            opt = options(op, ConcatenationOptions)
            if opt.FusedActivationFunction() != 0:
                fail(name, f"op {oi}: CONCATENATION with a fused activation")
            o["axis"] = int(opt.Axis())
        elif n == "STRIDED_SLICE":
            opt = options(op, StridedSliceOptions)
            if opt.EllipsisMask() or opt.NewAxisMask() or opt.ShrinkAxisMask() or opt.Offset():
                fail(name, f"op {oi}: STRIDED_SLICE with ellipsis/new-axis/shrink/offset")
            o["inputs"] = [ins[0]]
            o["begin"], o["end"], o["strides"] = const_ints(ins[1]), const_ints(ins[2]), const_ints(ins[3])
            o["begin_mask"], o["end_mask"] = int(opt.BeginMask()), int(opt.EndMask())
            used_params.update(ins[1:])
        elif n == "SPLIT_V":
            opt = options(op, SplitVOptions)
            o["inputs"] = [ins[0]]
            o["size_splits"] = const_ints(ins[1])
            o["axis"] = const_ints(ins[2])[0]
            if opt.NumSplits() != len(outs):
                fail(name, f"op {oi}: SPLIT_V num_splits {opt.NumSplits()} but {len(outs)} outputs")
            used_params.update(ins[1:])
        elif n in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            opt = options(op, Conv2DOptions if n == "CONV_2D" else DepthwiseConv2DOptions)
            o["padding"] = PADDING[opt.Padding()]
            o["stride"] = [int(opt.StrideH()), int(opt.StrideW())]
            o["dilation"] = [int(opt.DilationHFactor()), int(opt.DilationWFactor())]
            act = opt.FusedActivationFunction()
            if act not in ACTIVATIONS:
                fail(name, f"op {oi}: fused activation {act}")
            o["activation"] = ACTIVATIONS[act]
            if n == "DEPTHWISE_CONV_2D":
                o["depth_multiplier"] = int(opt.DepthMultiplier())
                if o["depth_multiplier"] != 1:
                    fail(name, f"op {oi}: depth multiplier {o['depth_multiplier']}")
        elif n == "FULLY_CONNECTED":
            opt = options(op, FullyConnectedOptions)
            act = opt.FusedActivationFunction()
            if act not in ACTIVATIONS or opt.WeightsFormat() != 0:
                fail(name, f"op {oi}: fully connected activation {act} / weights format {opt.WeightsFormat()}")
            o["activation"] = ACTIVATIONS[act]
        elif n in ("LOGISTIC", "QUANTIZE"):
            pass
        else:
            fail(name, f"op {oi}: operator {n} is not supported by Hark's engine")
        ops.append(o)

    # Concatenation and slicing move int8 values unchanged: the kernels would requantise if the
    # scales differed, which the engine does not do, so check they agree.
    def quant(ti):
        t = tensors[ti]
        return (tuple(t["scale"]), tuple(t["zero_point"]))
    for o in ops:
        if o["op"] in ("CONCATENATION", "STRIDED_SLICE", "SPLIT_V", "RESHAPE"):
            qs = {quant(t) for t in o["inputs"] + o["outputs"]}
            if len(qs) != 1:
                fail(name, f"{o['op']} mixes quantisations {qs}")
        if o["op"] in ("READ_VARIABLE", "ASSIGN_VARIABLE"):
            v = variables[o["variable"]]
            t = tensors[(o["outputs"] or o["inputs"])[0]]
            if (v["scale"], v["zero_point"], v["shape"]) != (t["scale"], t["zero_point"], t["shape"]):
                fail(name, f"variable {v['name']} does not match tensor quantisation/shape")

    # Drop constant parameter tensors folded into op attributes.
    for ti in used_params:
        key = tensors[ti]["const"]
        if key is not None and tensors[ti]["type"] == "int32":
            arrays.pop(key, None)
            tensors[ti]["const"] = None

    micro = config["micro"]
    inputs = [int(i) for i in g.InputsAsNumpy()]
    outputs = [int(i) for i in g.OutputsAsNumpy()]
    if len(inputs) != 1 or len(outputs) != 1:
        fail(name, "expected one input and one output")
    graph = {
        "format": "hark-mww-1",
        "name": name,
        "wake_word": config["wake_word"],
        "probability_cutoff": float(micro["probability_cutoff"]),
        "sliding_window_size": int(micro["sliding_window_size"]),
        "feature_step_ms": int(micro.get("feature_step_size", 10)),
        "trained_languages": config.get("trained_languages", []),
        "input": inputs[0],
        "output": outputs[0],
        "tensors": tensors,
        "variables": variables,
        "ops": ops,
    }
    shape = tensors[inputs[0]]["shape"]
    if len(shape) != 3 or shape[0] != 1 or shape[2] != 40:
        fail(name, f"input shape {shape}, expected [1, stride, 40]")
    save_file(arrays, out_path, metadata={"graph": json.dumps(graph, separators=(",", ":")),
                                          "source": f"pymicro-wakeword 2.5.0 {config['model']}"})
    print(f"  {name}: {len(ops)} ops, {len(arrays)} constants, cutoff {micro['probability_cutoff']}, "
          f"window {micro['sliding_window_size']}, {shape[1]} frames per step")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: convert_microwakeword.py MODEL.json OUT.safetensors")
    main(sys.argv[1], sys.argv[2])
