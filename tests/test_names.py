"""Names: how a name written on a form differs from a known one, said exactly (names.py alone).

The cases are in tests/data/name_differences.yaml; the engine's use of them (unknown indicators and
categories) is in tests/data/scoring_cases.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from evalrules.names import explain_difference, fold, hint

CASES = yaml.safe_load((Path(__file__).parent / "data" / "name_differences.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CASES])
def test_a_name_differing_only_in_invisible_or_width_forms_is_told_exactly_how(case: dict) -> None:
    said = explain_difference(case["written"], case["known"])
    if case.get("none"):
        assert said is None
        return
    assert said is not None
    assert (said.text("zh"), said.text("en")) == (case["zh"], case["en"])


def test_the_hint_prefers_the_exact_difference_and_falls_back_to_did_you_mean() -> None:
    assert hint("预算执\u200b行率", ["资金到位率", "预算执行率"]).text("en").startswith("'预算执行率' has an invisible")
    assert hint("预算执行律", ["资金到位率", "预算执行率"]).text("en") == "did you mean '预算执行率'?"
    assert hint("甲", []) is None


_NAMES = st.text(st.characters(categories=("Lo", "Lu", "Nd")), min_size=1, max_size=8)
_HIDDEN = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e", "\u0007"])


@given(name=_NAMES, hidden=_HIDDEN, at=st.integers(0, 8))
def test_a_name_with_an_invisible_character_put_in_anywhere_is_explained_by_code_point(name, hidden, at):
    written = name[:at] + hidden + name[at:]
    said = explain_difference(written, name)
    assert said is not None
    code = f"U+{ord(hidden):04X}"
    assert code in said.text("zh") and code in said.text("en")


@given(name=_NAMES)
def test_names_a_reader_cannot_tell_apart_fold_alike_and_others_do_not_get_a_difference(name):
    assert fold(name + "\u200b") == fold(name)
    assert explain_difference(name + "x", name) is None
