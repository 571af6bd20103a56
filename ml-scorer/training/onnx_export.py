"""Build the ONNX graph of a standardised logistic regression by hand.

skl2onnx is not packaged for Debian, so the graph is written with onnx.helper. It computes, in double precision,
score = sigmoid(((features - mean) / scale) @ weights + bias), the probability that a sample belongs to a defect.
Input "features" has shape [N, F]; output "score" has shape [N, 1].
"""

import os
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INPUT = "features"
OUTPUT = "score"
OPSET = 13


def build(mean, scale, weights, bias, metadata):
    """Return an onnx.ModelProto for the regression, with `metadata` (str -> str) as metadata_props."""
    f = len(mean)
    initializers = [
        numpy_helper.from_array(np.asarray(mean, dtype=np.float64).reshape(1, f), "mean"),
        numpy_helper.from_array(np.asarray(scale, dtype=np.float64).reshape(1, f), "scale"),
        numpy_helper.from_array(np.asarray(weights, dtype=np.float64).reshape(f, 1), "weights"),
        numpy_helper.from_array(np.asarray([bias], dtype=np.float64).reshape(1, 1), "bias"),
    ]
    nodes = [
        helper.make_node("Sub", [INPUT, "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "scale"], ["standardised"]),
        helper.make_node("MatMul", ["standardised", "weights"], ["product"]),
        helper.make_node("Add", ["product", "bias"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], [OUTPUT]),
    ]
    graph = helper.make_graph(
        nodes,
        "foresight_logistic_regression",
        [helper.make_tensor_value_info(INPUT, TensorProto.DOUBLE, ["N", f])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.DOUBLE, ["N", 1])],
        initializer=initializers,
    )
    model = helper.make_model(
        graph, producer_name="aegis-foresight-train", opset_imports=[helper.make_opsetid("", OPSET)]
    )
    # ONNX Runtime 1.22 reads IR version 8 models; pinning it keeps newer onnx packages from writing a later one.
    model.ir_version = 8
    helper.set_model_props(model, {k: str(v) for k, v in metadata.items()})
    onnx.checker.check_model(model)
    return model


def predict(mean, scale, weights, bias, features):
    """Evaluate the same formula as the graph with numpy."""
    logit = ((np.asarray(features) - mean) / scale) @ np.asarray(weights) + bias
    return 1.0 / (1.0 + np.exp(-logit))


def write_atomically(model, directory, file_name):
    """Write the model to directory/file_name through a temporary file and a rename, and return the path.

    The scorer lists only names ending in .onnx that do not start with a dot, so it never reads the partial file.
    """
    os.makedirs(directory, exist_ok=True)
    target = os.path.join(directory, file_name)
    fd, temporary = tempfile.mkstemp(prefix=".", suffix=".onnx.tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(model.SerializeToString())
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates the file readable by its owner only; the scorer may run as another user.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return target
