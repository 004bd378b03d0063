"""A record whose numbers arrive as binary floats, as any JSON framework gives them, scores exactly
as the same record written in YAML, whose numbers are read from their text (issue 7, item 12)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import evalrules
from evalrules.testing import record_data

RULES = evalrules.load("suzhou-2024")
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class _Number(str):
    """A number written as text in the YAML document, unquoted, so that YAML reads it as a number."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Number,
    lambda dumper, number: dumper.represent_scalar(
        "tag:yaml.org,2002:float" if "." in number else "tag:yaml.org,2002:int", str(number)
    ),
)


def shortest(text: str) -> str:
    """A number as its shortest text ("95.50" → "95.5"): the digits a float's repr gives back."""
    return format(Decimal(text).normalize(), "f")


def with_numbers(data: Any, number: Any) -> Any:
    """`data` with every text that is a bare number replaced by `number(its shortest text)`."""
    if isinstance(data, dict):
        return {key: with_numbers(value, number) for key, value in data.items()}
    if isinstance(data, list):
        return [with_numbers(value, number) for value in data]
    if isinstance(data, str) and NUMBER.fullmatch(data):
        return number(shortest(data))
    return data


def numbers_in(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [n for value in data.values() for n in numbers_in(value)]
    if isinstance(data, list):
        return [n for value in data for n in numbers_in(value)]
    return [data] if isinstance(data, str) and NUMBER.fullmatch(data) else []


@st.composite
def suzhou_forms(draw: st.DrawFn) -> dict[str, Any]:
    """A valid Suzhou form (evalrules.testing), its budget sometimes in amounts of up to 15
    significant digits (to the 万元 with six places), so that the floats carry all they can."""
    data = draw(record_data(RULES, missing=True, max_rows=4))
    if "budget" in data and draw(st.booleans()):
        precise = st.decimals(min_value=0, max_value=999_999_999, places=6, allow_nan=False)
        data["budget"] = {name: format(draw(precise), "f") for name in data["budget"]}
    return data


def score_json(record: evalrules.Record) -> dict[str, Any]:
    result = json.loads(RULES.score(record, "form").to_json())
    result.pop("source")
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(suzhou_forms())
@example({"project": {"name": "p", "year": "2024"}, "budget": {"paid": "29.16", "appropriated": "29.20", "quota_recovered": "0.00001"},
          "indicators": [{"category": "产出", "name": "n", "target": "≥100", "actual": "120", "weight": "30.0", "score": "29.16"}]})  # fmt: skip
def test_json_of_a_record_with_float_numbers_scores_exactly_as_the_same_record_in_yaml(data):
    """Every number of the form (budget amounts, weights, claimed scores, the year, bare targets and
    actuals) is written once in YAML as its text, read exactly, and once in JSON as a Python float:
    `float(Decimal)`, `json.dumps`, then `json.loads` without `parse_float`, so that the reader gets
    floats. The numbers are restricted to what a float round-trips by its shortest repr: at most 15
    significant digits (a float holds 15 to 17). Both records must score to the same
    `Result.to_json()`, apart from the source."""
    numbers = numbers_in(data)
    assert all(len(Decimal(n).normalize().as_tuple().digits) <= 15 for n in numbers)
    as_yaml = yaml.dump(with_numbers(data, _Number), Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    as_json = json.dumps(with_numbers(data, lambda text: float(Decimal(text))), ensure_ascii=False)
    from_json = json.loads(as_json)  # floats, as a web framework hands them over
    assert any(isinstance(v, float) for v in _leaves(from_json))
    from_yaml = evalrules.parse_record(as_yaml, "form.yaml")
    assert score_json(evalrules.record_from_data(from_json)) == score_json(from_yaml)


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [leaf for value in data.values() for leaf in _leaves(value)]
    if isinstance(data, list):
        return [leaf for value in data for leaf in _leaves(value)]
    return [data]
