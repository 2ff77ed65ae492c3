#!/usr/bin/python3
"""Generates the tiny ONNX models the model-server tests load.

Uses only Debian's python3-onnx 1.12 (`apt-get install -y python3-onnx`), so run it with the
system interpreter: `/usr/bin/python3 model-server/src/test/onnx/make_models.py`.
Opset 13 and IR version 8 because onnxruntime 1.22.0 (the Java runtime the server uses) loads
those, and onnx 1.12 cannot write anything newer anyway. The output is committed so the Maven
build never needs Python.

Models, each written as <models-root>/<name>/1/model.onnx under src/test/resources/models:
  onnx-add10   input  "input"  FP32 [N,4]  ->  output "output" FP32 [N,4] = input + 10
  onnx-iris    input  "input"  FP32 [N,4]  ->  "probabilities" FP32 [N,3] = softmax(input @ W + B)
                                             "label"         INT64 [N]   = argmax(probabilities)
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 8
HERE = os.path.dirname(os.path.abspath(__file__))
MODELS_ROOT = os.path.join(HERE, "..", "resources", "models")

# Weights of a hand-made linear classifier over iris-like features
# (sepal length, sepal width, petal length, petal width): petal length drives the class,
# which keeps the expected labels obvious in tests. The Java tests repeat these numbers.
IRIS_W = np.array(
    [
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
        [-2.0, 0.0, 2.0],
        [0.0, 1.0, 0.0],
    ],
    dtype=np.float32,
)
IRIS_B = np.array([5.0, 0.0, -7.0], dtype=np.float32)


def batch_of_four(name, elem_type=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem_type, [None, 4])


def save(model, name):
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    directory = os.path.join(MODELS_ROOT, name, "1")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "model.onnx")
    onnx.save(model, path)
    print("wrote", os.path.relpath(path, os.path.join(HERE, "..", "..", "..")))


def add10():
    ten = numpy_helper.from_array(np.full([4], 10.0, dtype=np.float32), name="ten")
    graph = helper.make_graph(
        [helper.make_node("Add", ["input", "ten"], ["output"])],
        "add10",
        [batch_of_four("input")],
        [batch_of_four("output")],
        initializer=[ten],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                             producer_name="seldon-mesh make_models.py")


def iris():
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["input", "W"], ["scores"]),
            helper.make_node("Add", ["scores", "B"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
            helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
        ],
        "iris",
        [batch_of_four("input")],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3]),
            helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
        ],
        initializer=[numpy_helper.from_array(IRIS_W, name="W"),
                     numpy_helper.from_array(IRIS_B, name="B")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                             producer_name="seldon-mesh make_models.py")


if __name__ == "__main__":
    save(add10(), "onnx-add10")
    save(iris(), "onnx-iris")
