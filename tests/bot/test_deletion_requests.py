"""A deletion request is honoured only when the message asks for it in words."""
import pytest

from bot.deletion_requests import asks_for_deletion
from tests.test_nlu_data import EXAMPLES


@pytest.mark.parametrize("text", EXAMPLES["delete_my_data"])
def test_every_training_example_asks_for_deletion(text):
    assert asks_for_deletion(text)


@pytest.mark.parametrize("text", [
    "i forgot to take my capsule last night, what now?",
    "forgot my pill this morning",
    "I keep forgetting my dose",
    "my skin is clearing up finally",
    "does the purge go away",  # "purge" is acne slang for an early flare, never a deletion word
    "", "   ", "🙂", "<script>alert(1)</script>", "' OR 1=1 --", "x" * 10_000,
])
def test_ordinary_messages(text):
    assert not asks_for_deletion(text)
