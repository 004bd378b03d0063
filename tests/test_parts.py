"""Groups and 其中 sub-rows (parts): carried from the record to the result and the reports, never scored."""

from __future__ import annotations

import copy
import json
import pickle

import jsonschema
import pytest

import evalrules
from evalrules.engine.result import result_json_schema
from evalrules.records.record import record_from_data
from evalrules.report import render

RULES = evalrules.load("suzhou-2024")
FORM = {
    "project": {"name": "测试", "year": 2024},
    "indicators": [
        {
            "category": "产出", "group": "目标1", "name": "讲座场次", "target": ">=10场", "actual": "12场",
            "parts": [
                {"name": "其中：线上", "target": ">=5场", "actual": "2场", "explanation": "延期"},
                {"name": "其中：线下"},
            ],
        },
        {"category": "产出", "name": "覆盖人数", "target": "≥1000人", "actual": "1300人"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def result() -> evalrules.Result:
    return RULES.score(record_from_data(FORM))


def test_a_part_changes_no_score_total_or_finding():
    # The invariant: taking the parts away gives the same scores, total and findings. (A group the
    # rules do not read is a finding of its own: group-not-used, tested in test_totals.py.)
    bare = copy.deepcopy(FORM)
    for row in bare["indicators"]:
        row.pop("parts", None)
    with_parts, without = RULES.score(record_from_data(FORM)), RULES.score(record_from_data(bare))
    assert [(r.weight, r.score, r.status) for r in with_parts.indicators] == [
        (r.weight, r.score, r.status) for r in without.indicators
    ]
    assert with_parts.total == without.total
    assert [f.to_dict("en") for f in with_parts.findings] == [f.to_dict("en") for f in without.findings]


def test_the_json_result_shows_each_part_under_its_row_and_the_group(result):
    row, other = result.to_dict("en")["indicators"]
    assert row["group"] == "目标1" and other["group"] is None
    assert row["parts"] == [
        {"name": "其中：线上", "target": ">=5场", "actual": "2场", "explanation": "延期"},
        {"name": "其中：线下", "target": None, "actual": None, "explanation": None},
    ]
    assert other["parts"] == []
    assert json.loads(result.to_json("en")) == result.to_dict("en")
    jsonschema.validate(result.to_dict("en"), result_json_schema())


def test_parts_and_group_survive_json_pickle_and_copy(result):
    again = evalrules.Result.from_json(result.to_json("zh"))
    assert again.to_json("zh") == result.to_json("zh")
    assert again.indicators[0].parts[0].target == result.indicators[0].parts[0].target
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result


def test_a_result_differs_by_its_parts(result):
    other = copy.deepcopy(result)
    other.indicators[0].parts = other.indicators[0].parts[:1]
    assert other != result


def test_the_table_shows_the_group_column_and_each_part_as_not_scored(result):
    table = render([result], "table", "en")
    header, _, first, part, second, *_ = table.splitlines()[1:]
    assert header.split()[:4] == ["#", "category", "group", "indicator"]
    assert first.split()[:3] == ["1", "产出", "目标1"]
    assert part.split() == ["其中：线上", ">=5场", "2场", "part,", "not", "scored"]
    assert "其中：线下" in second and second.split()[-3:] == ["part,", "not", "scored"]
    assert "其中，不计分" in render([result], "markdown", "zh")


def test_a_form_without_groups_has_no_group_column():
    bare = copy.deepcopy(FORM)
    del bare["indicators"][0]["group"]
    table = render([RULES.score(record_from_data(bare))], "table", "en")
    assert "group" not in table.splitlines()[1]


def test_explanations_follow_their_row_not_its_parts(result):
    lines = render([result], "table", "en", explain=True).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("1 "))
    assert lines[first + 1].strip().startswith("completion 120%")
    assert "其中：线上" in lines[first + 2]
