#!/usr/bin/env python3
"""Silero VAD v6.2 (16 kHz branch) from the package's ONNX file to float32 safetensors.

The ONNX graph keeps the 16 kHz weights as Constant nodes inside the `If` node's then_branch,
named `If_0_then_branch__Inline_0__<torch name>`. We store them under `<torch name>`:
  stft.forward_basis_buffer      [258, 1, 256]  (cos rows 0..128, sin rows 129..257; conv stride 128)
  encoder.{0..3}.reparam_conv.weight/bias       (conv1d k=3 pad=1, strides 1,2,2,1; ReLU after each)
  decoder.rnn.weight_ih/weight_hh [512, 128], bias_ih/bias_hh [512]  (LSTMCell, gates i,f,g,o)
  decoder.decoder.2.weight [1, 128, 1], bias [1]                     (ReLU -> 1x1 conv -> sigmoid)
Usage: convert_silero.py SILERO_ONNX OUT.safetensors
"""
import sys
import numpy as np
import onnx
from onnx import numpy_helper
from safetensors.numpy import save_file

PREFIX = "If_0_then_branch__Inline_0__"
EXPECTED = {
    "stft.forward_basis_buffer": (258, 1, 256),
    "encoder.0.reparam_conv.weight": (128, 129, 3), "encoder.0.reparam_conv.bias": (128,),
    "encoder.1.reparam_conv.weight": (64, 128, 3), "encoder.1.reparam_conv.bias": (64,),
    "encoder.2.reparam_conv.weight": (64, 64, 3), "encoder.2.reparam_conv.bias": (64,),
    "encoder.3.reparam_conv.weight": (128, 64, 3), "encoder.3.reparam_conv.bias": (128,),
    "decoder.rnn.weight_ih": (512, 128), "decoder.rnn.weight_hh": (512, 128),
    "decoder.rnn.bias_ih": (512,), "decoder.rnn.bias_hh": (512,),
    "decoder.decoder.2.weight": (1, 128, 1), "decoder.decoder.2.bias": (1,),
}


def main(src, dst):
    model = onnx.load(src)
    if_node = next(n for n in model.graph.node if n.op_type == "If")
    then_graph = next(a.g for a in if_node.attribute if a.name == "then_branch")
    found = {}
    for node in then_graph.node:
        if node.op_type == "Constant" and node.output[0].startswith(PREFIX):
            name = node.output[0][len(PREFIX):]
            if name in EXPECTED:
                value = next(a.t for a in node.attribute if a.name == "value")
                found[name] = np.ascontiguousarray(numpy_helper.to_array(value).astype(np.float32))
    missing = sorted(set(EXPECTED) - set(found))
    if missing:
        sys.exit(f"convert_silero: {src}: missing tensors {missing}")
    for name, shape in EXPECTED.items():
        if found[name].shape != shape:
            sys.exit(f"convert_silero: {name}: shape {found[name].shape}, expected {shape}")
    save_file(found, dst, metadata={"source": "silero-vad 6.2.3 silero_vad.onnx (16 kHz branch)"})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
