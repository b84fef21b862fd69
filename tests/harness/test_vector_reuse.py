"""A start reuses the article vectors an earlier start embedded (harness/assistant.py)."""
import harness.assistant as assistant
from harness.assistant import VECTORS, remember_vectors, reuse_vectors


def test_a_later_data_directory_gets_the_earlier_vectors(tmp_path, monkeypatch):
    monkeypatch.setattr(assistant, "_embedded", [])
    first, second, third = (tmp_path / name for name in ("first", "second", "third"))
    for folder in (first, second, third):
        folder.mkdir()
    reuse_vectors(first)
    assert not (first / VECTORS).exists()  # nothing embedded yet: the first start embeds itself

    (first / VECTORS).mkdir()
    (first / VECTORS / "abc-key.npy").write_bytes(b"vectors")
    remember_vectors(first)
    reuse_vectors(second)
    assert (second / VECTORS / "abc-key.npy").read_bytes() == b"vectors"

    remember_vectors(second)
    (second / VECTORS / "def-key.npy").write_bytes(b"a clinic's new article")
    reuse_vectors(third)  # from the latest start, which has everything the first had and more
    assert sorted(path.name for path in (third / VECTORS).iterdir()) == ["abc-key.npy", "def-key.npy"]


def test_a_deleted_earlier_directory_is_skipped(tmp_path, monkeypatch):
    gone, kept, new = tmp_path / "gone", tmp_path / "kept", tmp_path / "new"
    (kept / VECTORS).mkdir(parents=True)
    (kept / VECTORS / "abc-key.npy").write_bytes(b"vectors")
    new.mkdir()
    monkeypatch.setattr(assistant, "_embedded", [gone, kept])
    reuse_vectors(new)
    assert (new / VECTORS / "abc-key.npy").exists()
