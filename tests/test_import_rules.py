"""The layering the README's Architecture section draws, held against every import in the tree.

Each top-level package may import only the packages listed for it (and itself,
the standard library and third-party packages). The rules keep clinical logic
free of Rasa, keep TensorFlow and Rasa's internals out of the action server,
and make every Rasa override live in runtime/.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
# package -> the project packages it may import
ALLOWED: Dict[str, Set[str]] = {
    "settings": set(),
    "bot": {"settings"},
    "encoder": {"settings"},
    "storage": {"bot", "settings"},
    "migrations": {"bot", "knowledge", "storage", "settings"},
    "knowledge": {"bot", "encoder", "storage", "settings"},
    "components": {"bot", "encoder", "knowledge", "settings"},
    "actions": {"bot", "encoder", "knowledge", "storage", "settings"},
    "channels": {"bot", "storage", "settings"},
    "runtime": {"bot", "channels", "components", "storage", "settings"},
    "clinic": {"bot", "knowledge", "storage", "settings"},
    "harness": {"bot", "settings"},
    "scripts": {"actions", "bot", "channels", "clinic", "components", "encoder", "harness", "knowledge",
                "migrations", "runtime", "settings", "storage"},
}
PROJECT = set(ALLOWED) | {"tests"}
# Packages that must not pull in Rasa (bot/: pure logic; actions/: the rasa-sdk server has no Rasa).
NO_RASA = {"bot", "actions", "encoder", "knowledge", "storage", "clinic"}


def _source_files() -> Iterator[Tuple[str, Path]]:
    for package in ALLOWED:
        folder = ROOT / package
        if folder.is_file() or (ROOT / f"{package}.py").is_file():
            yield package, ROOT / f"{package}.py"
        elif folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                yield package, path


def _imported_roots(path: Path) -> Iterator[Tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


FILES = list(_source_files())


def test_every_project_package_has_a_rule():
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
    packages |= {p.stem for p in ROOT.glob("*.py")}
    assert packages - {"tests"} <= set(ALLOWED), "a new package needs a line in ALLOWED and the README diagram"


@pytest.mark.parametrize("package,path", FILES, ids=[str(p.relative_to(ROOT)) for _, p in FILES])
def test_imports_follow_the_layers(package, path):
    wrong = []
    for root, line in _imported_roots(path):
        if root in PROJECT and root != package and root not in ALLOWED[package]:
            wrong.append(f"line {line}: {package} imports {root}")
        if package in NO_RASA and root in {"rasa", "tensorflow"}:
            wrong.append(f"line {line}: {package} imports {root}")
    assert not wrong, "\n".join(wrong)


def _readme_layers() -> Dict[str, Set[str]]:
    """The diagram under "Which folder may import which": ``name/  → a, b   comment``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("### Which folder may import which", 1)[1].split("```", 2)[1]
    layers: Dict[str, Set[str]] = {}
    for line in block.splitlines():
        if "→" not in line:
            continue
        name, rest = line.split("→", 1)
        targets = rest.strip().split("  ")[0]
        layers[name.strip().rstrip("/").removesuffix(".py")] = {t.strip() for t in targets.split(",")}
    return layers


def test_readme_diagram_is_the_rule_table():
    layers = _readme_layers()
    expected = {name: allowed or set() for name, allowed in ALLOWED.items() if name not in {"settings", "scripts"}}
    assert {k: v for k, v in layers.items() if k not in {"scripts", "tests"}} == expected
