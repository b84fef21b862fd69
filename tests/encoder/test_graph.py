"""The ONNX graph derived from the verified weights (encoder/graph.py): pinned, rebuilt, never run stale.

The vectors it computes are checked against the publisher's figures in test_model.py; these
tests are about the derived files: what is run is what the pinned weights give.
"""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

import encoder
from encoder import graph
from encoder.files import MODEL_FILES, model_dir, sha256_of
from encoder.model import EncoderFilesMissing, MiniLM

TEXTS = ["is a breakout normal on accutane", "hi", ""]


@pytest.fixture
def copy_of_the_model(tmp_path) -> Path:
    """The verified publisher's files in a folder of their own, with no derived graph yet."""
    folder = tmp_path / "model"
    for name in MODEL_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(model_dir() / name, folder / name)
    return folder


def test_the_first_load_derives_the_pinned_graph_and_later_loads_reuse_it(copy_of_the_model):
    first = MiniLM(copy_of_the_model)
    derived = graph.derived_dir(copy_of_the_model)
    assert sha256_of(derived / graph.DATA_FILE) == graph.DATA_SHA256
    built_at = (derived / graph.DATA_FILE).stat().st_mtime_ns
    second = MiniLM(copy_of_the_model)
    assert (derived / graph.DATA_FILE).stat().st_mtime_ns == built_at
    np.testing.assert_allclose([e.sentence for e in second.embed(TEXTS)], encoder.encode(TEXTS), atol=1e-6)
    assert [p.name for p in copy_of_the_model.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_a_tampered_weights_file_is_rebuilt_from_the_verified_weights_not_run(copy_of_the_model):
    MiniLM(copy_of_the_model)
    data = graph.derived_dir(copy_of_the_model) / graph.DATA_FILE
    blob = bytearray(data.read_bytes())
    blob[1000:1004] = b"\x00\x00\x80\x7f"  # one weight becomes +inf
    data.write_bytes(bytes(blob))
    model = MiniLM(copy_of_the_model)
    assert sha256_of(data) == graph.DATA_SHA256
    np.testing.assert_allclose([e.sentence for e in model.embed(TEXTS)], encoder.encode(TEXTS), atol=1e-6)


def test_a_tampered_graph_and_other_weights_are_refused_naming_the_weights(copy_of_the_model):
    MiniLM(copy_of_the_model)
    (graph.derived_dir(copy_of_the_model) / graph.GRAPH_FILE).write_bytes(b"not a graph")
    (copy_of_the_model / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(EncoderFilesMissing, match="model.safetensors.*run `make setup`"):
        MiniLM(copy_of_the_model)


def test_a_graph_from_another_builder_is_rebuilt(copy_of_the_model):
    MiniLM(copy_of_the_model)
    stamp_path = graph.derived_dir(copy_of_the_model) / graph.STAMP
    stamp = json.loads(stamp_path.read_text())
    stamp_path.write_text(json.dumps({**stamp, "builder_sha256": "an older encoder/graph.py"}))
    assert not graph.is_current(graph.derived_dir(copy_of_the_model))
    MiniLM(copy_of_the_model)
    assert json.loads(stamp_path.read_text())["builder_sha256"] == graph.BUILDER_SHA256


def test_a_read_only_model_folder_gets_a_private_graph_that_leaves_nothing_behind(copy_of_the_model, monkeypatch,
                                                                                  tmp_path):
    # The suite runs as root, for whom chmod does not forbid writing: the shared folder refuses
    # the build the way the OS refuses another user.
    build = graph.build

    def refuse_shared_folder(folder, target):
        if copy_of_the_model in target.parents:
            raise PermissionError(13, "Permission denied", str(target))
        build(folder, target)

    monkeypatch.setattr(graph, "build", refuse_shared_folder)
    private_root = tmp_path / "tmp"
    private_root.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_root))
    monkeypatch.setattr("tempfile.tempdir", None)
    model = MiniLM(copy_of_the_model)
    np.testing.assert_allclose([e.sentence for e in model.embed(TEXTS)], encoder.encode(TEXTS), atol=1e-6)
    assert not graph.derived_dir(copy_of_the_model).exists()
    assert list(private_root.iterdir()) == []


def test_concurrent_first_loads_all_get_a_current_graph(copy_of_the_model):
    errors = []

    def load():
        try:
            MiniLM(copy_of_the_model)
        except Exception as error:  # noqa: BLE001 -- collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert graph.is_current(graph.derived_dir(copy_of_the_model))
