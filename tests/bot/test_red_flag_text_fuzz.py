"""The red-flag detector on text a JSON body can carry but st.text() never makes: lone surrogates."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.red_flags import detect
from tests.support.fuzz_profile import fuzz

surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
noise = st.text(alphabet=st.one_of(surrogates, st.characters()), max_size=30)


def test_a_lone_surrogate_does_not_silence_a_red_flag():
    """Found by fuzzing the REST webhook: spaCy raised on "\\ud800" and the scan returned no flags."""
    assert detect("I want to kill myself \ud800").level == "emergency"


@fuzz(60)
@given(noise, noise)
def test_a_flag_among_any_code_points_is_found(before, after):
    assert "suicidal_thoughts" in detect(f"{before}\nI want to kill myself\n{after}").codes
