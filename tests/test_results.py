"""Results as values a service can keep: JSON written and read back, its schema, pickling, copying,
equality, machine-independent output, and only EvalRulesErrors from the API.

Results come from generated Suzhou forms (evalrules.testing, with missing actuals and mistakes) and from every record of
tests/data/scoring_cases.yaml, which between them give every kind of row and finding.
"""

from __future__ import annotations

import copy
import json
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import evalrules
from jsonschema import Draft202012Validator
from evalrules.testing import records
from evalrules.errors import EvalRulesError, UsageError
from evalrules.engine.result import Result, dumps, result_json_schema
from test_scoring import CASES, rules_for

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = ROOT / "rules" / "suzhou-2024.rules"
RULES = evalrules.load(RULES_PATH)
SEED = ROOT / "examples" / "suzhou-2024-party-building.yaml"
SCHEMA = result_json_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
PROPERTY = settings(max_examples=60, deadline=None)


def case_results() -> list[evalrules.Result]:
    return [rules_for(case).score(evalrules.record_from_data(case["record"])) for case in CASES]


# ---- JSON ------------------------------------------------------------------------------------


@PROPERTY
@given(record=records(RULES, missing=True, findings=True), lang=st.sampled_from(("zh", "en")), indent=st.sampled_from((2, None, 0, 4)), explain=st.booleans())
def test_to_json_writes_exactly_what_json_dumps_writes_of_to_dict(record, lang, indent, explain):
    result = RULES.score(record)
    assert result.to_json(lang, indent, explain=explain) == dumps(result.to_dict(lang, explain), indent)


@PROPERTY
@given(record=records(RULES, missing=True, findings=True), lang=st.sampled_from(("zh", "en")), indent=st.sampled_from((2, None)), explain=st.booleans())
def test_a_result_read_back_from_its_json_writes_the_same_json(record, lang, indent, explain):
    text = RULES.score(record).to_json(lang, indent, explain=explain)
    assert Result.from_json(text).to_json(lang, indent, explain=explain) == text


@PROPERTY
@given(name=st.text(min_size=1, max_size=12), category=st.text(min_size=1, max_size=6), project=st.text(min_size=1, max_size=12))
def test_any_text_as_a_name_or_category_goes_through_json_and_back_exactly(name, category, project):
    data = {
        "project": {"name": project, "year": 2024},
        "indicators": [
            {"category": category, "name": name, "target": "≥1", "actual": "1"},
            {"category": "产出", "name": name, "target": "达标", "actual": "100%"},
        ],
    }
    try:
        record = evalrules.record_from_data(data)
    except EvalRulesError:  # a blank name, say: the record reader refuses it with its path
        return
    result = RULES.score(record)
    for lang in ("zh", "en"):
        text = result.to_json(lang)
        assert text == dumps(result.to_dict(lang))
        again = json.loads(text)
        assert [row["name"] for row in again["indicators"]] == [r.name for r in record.indicators]
        assert again["indicators"][0]["category"] == record.indicators[0].category
        assert Result.from_json(text).to_json(lang) == text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_kind_of_row_and_finding_reads_back_to_the_same_json(lang):
    for result in case_results():
        text = result.to_json(lang)
        assert result.to_json(lang) == dumps(result.to_dict(lang))
        assert Result.from_json(text).to_json(lang) == text


def test_the_result_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


def _errors(data):
    return list(VALIDATOR.iter_errors(data))


@PROPERTY
@given(record=records(RULES, missing=True, findings=True), lang=st.sampled_from(("zh", "en")), explain=st.booleans())
def test_every_result_satisfies_the_result_json_schema(record, lang, explain):
    data = json.loads(RULES.score(record).to_json(lang, explain=explain))
    assert _errors(data) == []


def test_every_kind_of_row_and_finding_satisfies_the_schema_and_the_schema_refuses_what_is_not_a_result():
    for result in case_results():
        assert _errors(json.loads(result.to_json("en"))) == []
    data = json.loads(RULES.score(evalrules.read_record(SEED)).to_json())
    for broken in (
        {**data, "total": 81.94},  # a decimal is text
        {**data, "lang": "fr"},
        {**data, "extra": 1},
        {k: v for k, v in data.items() if k != "findings"},
        {**data, "indicators": [{**data["indicators"][0], "status": "done"}]},
    ):
        assert _errors(broken) != []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "not JSON text (line 1, column 1)"),
        ('{"lang": "en",\n  "total": }', "not JSON text (line 2, column 12)"),
        ("[]", "not the JSON of a result: a value in $ is of the wrong type or form (see result_json_schema())"),
        ("{}", "not the JSON of a result: $ has no 'lang'"),
        ('{"lang": "fr"}', "unknown language 'fr'; use one of zh, en"),
        ('{"lang": "en", "indicators": [{"index": 0}]}', "not the JSON of a result: indicators[0] has no 'explanation'"),
        ("null", "not the JSON of a result: a value in $ is of the wrong type or form (see result_json_schema())"),
    ],
)
def test_from_json_refuses_what_is_not_a_result_with_an_evalrules_error_saying_where(text, said):
    with pytest.raises(UsageError) as caught:
        Result.from_json(text)
    assert caught.value.text("en") == said
    assert caught.value.text("zh") != said  # and in Chinese


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _places(data, path=()):
    """Every place in parsed JSON, as the path of keys and indices leading to it."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, (*path, i))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_json_of_a_result_with_any_one_value_replaced_is_read_or_refused_with_an_evalrules_error(data):
    original = json.loads(RULES.score(evalrules.read_record(SEED)).to_json("en"))
    places = list(_places(original))
    where = data.draw(st.sampled_from(places[1:]))
    broken = copy.deepcopy(original)
    node = broken
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = data.draw(_JSON_VALUES)
    try:
        again = Result.from_json(json.dumps(broken))
    except EvalRulesError:
        return
    again.to_json("en")  # what is read is usable


def test_a_result_read_back_keeps_its_language_and_refuses_to_answer_in_another():
    text = RULES.score(evalrules.read_record(SEED)).to_json("en")
    again = Result.from_json(text)
    assert again.findings[0].message("en").startswith("the sub-items' budget total 35.7")
    with pytest.raises(UsageError):
        again.findings[0].message("zh")
    with pytest.raises(UsageError):
        again.indicators[0].explain("zh")
    with pytest.raises(UsageError):
        again.to_json("zh")
    bare = Result.from_json(RULES.score(evalrules.read_record(SEED)).to_json("en", explain=False))
    with pytest.raises(UsageError):
        bare.indicators[0].explain("en")


def test_a_result_read_without_explanations_pickles_and_still_has_none_to_give():
    bare = Result.from_json(RULES.score(evalrules.read_record(SEED)).to_json("en", explain=False))
    again = pickle.loads(pickle.dumps(bare))
    assert again == bare
    assert again.to_json("en") == bare.to_json("en") == bare.to_json("en", explain=False)
    with pytest.raises(UsageError):
        again.indicators[0].explain("en")


# ---- values: equality, copies, pickles ---------------------------------------------------------


def test_results_findings_and_rows_pickle_and_deep_copy_to_equal_values_saying_the_same():
    for result in [RULES.score(evalrules.read_record(SEED)), *case_results()]:
        for again in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
            assert again == result
            for lang in ("zh", "en"):
                assert again.to_json(lang) == result.to_json(lang)
                assert again.explain(lang) == result.explain(lang)
        for finding in result.findings:
            assert pickle.loads(pickle.dumps(finding)) == finding == copy.deepcopy(finding)
        for row in result.indicators:
            assert pickle.loads(pickle.dumps(row)) == row
            if row.clause is not None:
                assert pickle.loads(pickle.dumps(row.clause)) == row.clause


def test_scoring_the_same_record_twice_gives_equal_results_and_another_record_does_not():
    record = evalrules.read_record(SEED)
    first, second = RULES.score(record), RULES.score(record)
    assert first == second and first is not second
    other = RULES.score(record.model_copy(update={"declared_max_score": Decimal(82)}))
    assert other != first  # one finding less
    changed = copy.deepcopy(first)
    changed.indicators[0].score = Decimal("0.4")
    assert changed != first


def test_a_rule_set_pickles_as_its_text_and_is_compiled_again_equal_and_scoring_alike():
    again = pickle.loads(pickle.dumps(RULES))
    assert again == RULES and hash(again) == hash(RULES) and again is not RULES
    record = evalrules.read_record(SEED)
    assert again.score(record).to_json() == RULES.score(record).to_json()
    assert copy.deepcopy(RULES) is RULES and copy.copy(RULES) is RULES
    edited = evalrules.loads(RULES.source.replace("above 130%", "above 140%"), RULES.path)
    assert edited != RULES


# ---- nothing of the machine in a result ----------------------------------------------------------


def test_the_same_rules_loaded_through_different_paths_give_byte_identical_json(tmp_path, monkeypatch):
    copied = tmp_path / "elsewhere" / "suzhou-2024.rules"
    copied.parent.mkdir()
    shutil.copy(RULES_PATH, copied)
    monkeypatch.chdir(ROOT)
    loaded = [
        evalrules.load("rules/suzhou-2024.rules"),
        evalrules.load(RULES_PATH),
        evalrules.load(str(RULES_PATH)),
        evalrules.load(copied),
        evalrules.load("suzhou-2024"),
    ]
    monkeypatch.chdir(tmp_path)
    loaded.append(evalrules.load("elsewhere/suzhou-2024.rules"))
    record = evalrules.read_record(SEED)
    for lang in ("zh", "en"):
        texts = {rules.score(record, "seed.yaml").to_json(lang).encode("utf-8") for rules in loaded}
        assert len(texts) == 1
        (text,) = texts
        assert str(ROOT).encode() not in text and str(tmp_path).encode() not in text
    result = loaded[3].score(record)
    assert result.ruleset["file"] == "suzhou-2024.rules"
    assert {row.clause.file for row in result.indicators} == {"suzhou-2024.rules"}
    assert "（suzhou-2024.rules:53）" in result.indicators[7].explain("zh")


# ---- only EvalRulesErrors ------------------------------------------------------------------------


def test_an_unknown_language_is_an_evalrules_error_everywhere_a_language_is_taken():
    result = RULES.score(evalrules.read_record(SEED))
    row, finding = result.indicators[7], result.findings[0]
    for call in (
        lambda: result.to_dict("fr"),
        lambda: result.to_json("fr"),
        lambda: result.explain("fr"),
        lambda: row.explain("fr"),
        lambda: row.to_dict("fr"),
        lambda: finding.message("fr"),
        lambda: finding.to_dict("fr"),
        lambda: finding.what.text("fr"),  # an audit check's message, written on demand
        lambda: Result.from_json(result.to_json("en")).findings[0].what.text("fr"),
    ):
        with pytest.raises(EvalRulesError) as caught:
            call()
        assert isinstance(caught.value, UsageError)
        assert "fr" in caught.value.text("en")
