"""all-MiniLM-L6-v2 as an ONNX graph, derived once from the verified safetensors, run by onnxruntime.

Why onnxruntime: the same forward pass in numpy took 7.6 ms for a 12-wordpiece message on one
core, onnxruntime 2.7 ms (fused LayerNorm and GELU, pre-packed matrix products), the outputs
equal to 1e-4 (issue 17; README "Performance"). int8 weights were 5× faster again but moved
sentence vectors by up to 0.065 in cosine, so the weights stay float32.

``derived_dir(folder)`` holds ``minilm.onnx`` (the graph, 13 KB) and ``minilm.data`` (the
weights as raw float32, referenced by offset), written by ``build`` from ``model.safetensors``
after checking its sha256 against the pin. onnxruntime memory-maps ``minilm.data``, so only the
vocabulary rows messages use become resident, and several processes share the pages.

The weights file is pinned like the publisher's: building the same weights the same way gives
the same bytes, ``DATA_SHA256``, so a ``minilm.data`` with any other hash is rebuilt from the
verified safetensors, never run. ``STAMP`` records this module's own sha256 (a changed builder
rebuilds) and the graph file's sha256. The folder is written into a staging folder
and renamed into place, so a concurrent reader never sees half a graph.

What the publisher's files say, and the graph does: ``config.json``: 6 layers, hidden 384, 12
heads, exact (erf) GELU, LayerNorm eps 1e-12; token type 0 throughout.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Dict, List

import numpy as np
from safetensors.numpy import load as load_safetensors

from encoder.files import WEIGHTS_SHA256, sha256_of

GRAPH_FILE = "minilm.onnx"
DATA_FILE = "minilm.data"
STAMP = "SOURCE.json"
OPSET = 17  # LayerNormalization is an ONNX op from 17 on
# sha256 of minilm.data as build() writes it from the pinned weights (a layout change in _bert changes it).
DATA_SHA256 = "6f99b5705419f7c7043f169a1d9446fed4e95c3662cc03bdb04f7cba23836a97"
BUILDER_SHA256 = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
INPUTS = ("input_ids", "attention_mask")  # [batch, width] int64, [batch, width] float32 (1 = keep)
OUTPUT = "hidden"  # [batch, width, 384] float32: the last layer's vectors


class WeightsRefused(RuntimeError):
    """model.safetensors is missing or is not the pinned file."""


def derived_dir(folder: Path) -> Path:
    return folder / f"onnx-{WEIGHTS_SHA256[:16]}"


def is_current(target: Path) -> bool:
    """True when ``target`` holds a graph built from the pinned weights, byte for byte as recorded."""
    try:
        stamp = json.loads((target / STAMP).read_text())
    except (OSError, ValueError):
        return False
    expected = {GRAPH_FILE: stamp.get(GRAPH_FILE), DATA_FILE: DATA_SHA256}
    return (stamp.get("builder_sha256") == BUILDER_SHA256
            and all((target / name).is_file() and sha256_of(target / name) == sha for name, sha in expected.items()))


def ensure(folder: Path) -> Path:
    """``folder``'s derived graph, built first unless it is current; returns its folder."""
    target = derived_dir(folder)
    if not is_current(target):
        build(folder, target)
    return target


def build(folder: Path, target: Path) -> None:
    """Write the graph of ``folder``'s verified weights into ``target`` (replaced atomically)."""
    import onnx  # only needed here: serving reads the files with onnxruntime alone

    weights_path = folder / "model.safetensors"
    if not weights_path.is_file():
        raise WeightsRefused("model.safetensors: missing")
    blob = weights_path.read_bytes()  # hashed and parsed from the same bytes: what runs is what was checked
    if hashlib.sha256(blob).hexdigest() != WEIGHTS_SHA256:
        raise WeightsRefused("model.safetensors: sha256 differs from the pin")
    tensors = load_safetensors(blob)
    del blob
    config = json.loads((folder / "config.json").read_text())
    model = _bert(tensors, config)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".onnx-", dir=target.parent))
    staging.chmod(0o755)  # a server running as another user reads it too
    try:
        onnx.save_model(model, str(staging / GRAPH_FILE), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=DATA_FILE, size_threshold=1024)
        data_sha256 = sha256_of(staging / DATA_FILE)
        if data_sha256 != DATA_SHA256:
            raise RuntimeError(f"{DATA_FILE} built with sha256 {data_sha256}, pinned {DATA_SHA256}: "
                               "a change to the graph's layout needs the new pin in encoder/graph.py")
        stamp = {"weights_sha256": WEIGHTS_SHA256, "builder_sha256": BUILDER_SHA256,
                 GRAPH_FILE: sha256_of(staging / GRAPH_FILE)}
        (staging / STAMP).write_text(json.dumps(stamp, indent=1) + "\n")
        if target.exists() and not is_current(target):
            shutil.rmtree(target, ignore_errors=True)
        try:
            staging.rename(target)
        except OSError:  # another process renamed its identical build into place first: keep that one
            if not is_current(target):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _bert(tensors: Dict[str, np.ndarray], config: Dict) -> "onnx.ModelProto":  # noqa: F821
    from onnx import TensorProto, helper, numpy_helper

    initializers: List = []
    nodes: List = []

    def const(name: str, value) -> str:
        initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def weight(name: str, transpose: bool = False) -> str:
        array = np.asarray(tensors.pop(name), dtype=np.float32)
        return const(name, np.ascontiguousarray(array.T if transpose else array))

    def op(kind: str, *inputs: str, **attributes) -> str:
        output = f"{kind.lower()}_{len(nodes)}"
        nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output

    def int64(name: str, *values: int) -> str:
        return const(name, np.array(values, dtype=np.int64))

    def scalar(name: str, value: float) -> str:
        return const(name, np.array(value, dtype=np.float32))

    hidden, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
    head = hidden // heads
    if config.get("hidden_act") != "gelu":
        raise WeightsRefused(f"config.json: hidden_act {config.get('hidden_act')!r}; this graph runs gelu only")

    def layer_norm(x: str, prefix: str) -> str:
        return op("LayerNormalization", x, weight(prefix + ".weight"), weight(prefix + ".bias"), axis=-1, epsilon=eps)

    def dense(x: str, prefix: str) -> str:  # torch stores [out, in]: x @ W.T + b
        return op("Add", op("MatMul", x, weight(prefix + ".weight", transpose=True)), weight(prefix + ".bias"))

    ids, mask = INPUTS
    width = op("Slice", op("Shape", ids), int64("one", 1), int64("two", 2))
    positions = op("Slice", weight("embeddings.position_embeddings.weight"), int64("zero", 0), width, int64("axis0", 0))
    token_type = const("token_type", np.asarray(tensors.pop("embeddings.token_type_embeddings.weight"))[0])
    x = op("Add", op("Add", op("Gather", weight("embeddings.word_embeddings.weight"), ids, axis=0), positions), token_type)
    x = layer_norm(x, "embeddings.LayerNorm")
    # Padded keys get a large negative score, so softmax gives them no weight: [batch, 1, 1, width].
    key_bias = op("Unsqueeze", op("Mul", op("Sub", scalar("one_f", 1.0), mask), scalar("minus_big", -1e9)),
                  int64("axes12", 1, 2))
    split_qkv = int64("split_qkv", 0, 0, 3, heads, head)
    merge_heads = int64("merge_heads", 0, 0, hidden)
    scale = scalar("scale", 1.0 / np.sqrt(head))
    half, one, root2 = scalar("half", 0.5), scalar("one_g", 1.0), scalar("root2", np.sqrt(2.0))

    def attention_inputs(x: str, prefix: str) -> List[str]:
        """Query, key and value in one product (one pass over x), each [batch, heads, width, head]."""
        names = [prefix + f"attention.self.{n}" for n in ("query", "key", "value")]
        fused = np.concatenate([np.asarray(tensors.pop(n + ".weight"), dtype=np.float32) for n in names]).T
        bias = np.concatenate([np.asarray(tensors.pop(n + ".bias"), dtype=np.float32) for n in names])
        qkv = op("Add", op("MatMul", x, const(prefix + "qkv.weight", np.ascontiguousarray(fused))),
                 const(prefix + "qkv.bias", bias))
        qkv = op("Transpose", op("Reshape", qkv, split_qkv), perm=[2, 0, 3, 1, 4])  # [3, batch, heads, width, head]
        return [op("Gather", qkv, const(f"{prefix}part{j}", np.array(j, dtype=np.int64)), axis=0) for j in range(3)]

    gelu: Callable[[str], str] = lambda u: op("Mul", op("Mul", u, half), op("Add", one, op("Erf", op("Div", u, root2))))
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = attention_inputs(x, p)
        scores = op("Add", op("Mul", op("MatMul", q, op("Transpose", k, perm=[0, 1, 3, 2])), scale), key_bias)
        context = op("MatMul", op("Softmax", scores, axis=-1), v)
        context = op("Reshape", op("Transpose", context, perm=[0, 2, 1, 3]), merge_heads)
        x = layer_norm(op("Add", x, dense(context, p + "attention.output.dense")), p + "attention.output.LayerNorm")
        up = gelu(dense(x, p + "intermediate.dense"))
        x = layer_norm(op("Add", x, dense(up, p + "output.dense")), p + "output.LayerNorm")
    nodes.append(helper.make_node("Identity", [x], [OUTPUT]))
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "width"]),
         helper.make_tensor_value_info(mask, TensorProto.FLOAT, ["batch", "width"])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", "width", hidden])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="flarecare")
    model.ir_version = 8  # what onnxruntime 1.16 reads
    return model
