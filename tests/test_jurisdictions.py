"""The shipped rule sets of every jurisdiction, scored on forms of their layouts.

Each file in tests/data/jurisdictions/ names a shipped rule set and lists cases: a record (a file
of examples/, or inline), the changes a case makes to it (a field path → the new value; null
removes the field), and what the rules must give: scores by indicator name, the total, the grade,
whether the total is provisional, and the findings. `findings` is the complete list, as
[check, field path] pairs: every discrepancy a case builds into a form must be found at its field,
and a consistent value must get no finding, so a finding too many fails as surely as one missing.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import evalrules

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted((Path(__file__).parent / "data" / "jurisdictions").glob("*.yaml"))
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        suite = _load(path)
        for case in suite["cases"]:
            params.append(pytest.param(suite["rules"], case, id=f"{path.stem}: {case['name']}"))
    return params


def _record(case: dict[str, Any]) -> dict[str, Any]:
    record = case["record"]
    data = _load(ROOT / record) if isinstance(record, str) else copy.deepcopy(record)
    for path, value in (case.get("changes") or {}).items():
        _change(data, path, value)
    return data


def _change(data: Any, path: str, value: Any) -> None:
    """Set (or, with null, remove) the field at `path` (`indicators[5].score`, `budget.executed`)."""
    steps = [name if name else int(index) for name, index in _STEP.findall(path)]
    *parents, last = steps
    for step in parents:
        data = data[step]
    if value is None:
        del data[last]
    elif isinstance(last, int) and last == len(data):
        data.append(value)
    else:
        data[last] = value


@pytest.mark.parametrize(("rules", "case"), _cases())
def test_rule_set_scores_its_layout_as_the_case_lists(rules: str, case: dict[str, Any]) -> None:
    result = evalrules.load(rules).score(_record(case))
    expect = case["expect"]
    explained = result.explain("en")
    for name, score in expect.get("scores", {}).items():
        rows = [row for row in result.indicators if row.name == name]
        assert len(rows) == 1, f"{name}: {len(rows)} rows"
        assert rows[0].score == (None if score is None else Decimal(str(score))), rows[0].explain("en")
    if "total" in expect:
        assert result.total == Decimal(str(expect["total"])), explained
    if "grade" in expect:
        assert result.grade == expect["grade"]
    assert result.provisional is expect.get("provisional", False), explained
    found = sorted([f.check, f.path] for f in result.findings)
    assert found == sorted(expect.get("findings", [])), explained


def test_every_shipped_rule_set_has_cases() -> None:
    covered = {_load(path)["rules"] for path in CASE_FILES}
    assert covered == set(evalrules.shipped_rule_sets()) - {"suzhou-2024"}  # Suzhou: test_scoring.py


def test_every_shipped_rule_set_has_a_prose_page_that_links_its_source() -> None:
    for name in evalrules.shipped_rule_sets():
        page = ROOT / "docs" / "rule-sets" / f"{name}.md"
        assert page.is_file(), f"{name}: no docs/rule-sets/{name}.md"
        assert f"rules/{name}.rules" in page.read_text(encoding="utf-8"), f"{page.name} does not link its source"


def test_shipped_rule_files_share_their_checks_by_extends_not_by_copies() -> None:
    # A check's clauses are written once in the rules folder: two files holding the same require,
    # at and messages would be a copy that the next change updates in one place only.
    where: dict[str, str] = {}
    for path in sorted((ROOT / "rules").rglob("*.rules")):
        for block in re.findall(r"^check [^\n]*\{\n(.*?)^\}", path.read_text(encoding="utf-8"), re.M | re.S):
            body = " ".join(block.split())
            assert body not in where, f"{path.name} copies a check of {where[body]}: {body[:80]}"
            where[body] = path.name
    assert len(where) > 10, "too few checks found: the test reads the wrong folder"


@pytest.mark.parametrize(
    ("jurisdiction", "year", "picked"),
    [
        ("苏州市", 2024, "suzhou-2024"),
        ("全国", 2023, "national-2020"),
        ("湖北省", 2021, "hubei-2020"),
        ("北京市", 2017, "beijing-2016"),
        ("四川省", 2022, "national-2020-free"),
        ("山东省", 2023, "national-2020"),  # no rule set of its own: the national one
        (None, 2023, "national-2020"),
    ],
)
def test_the_shipped_rules_folder_picks_the_rule_set_of_a_records_jurisdiction_and_year(
    jurisdiction: str | None, year: int, picked: str
) -> None:
    sets = [evalrules.load(name) for name in evalrules.shipped_rule_sets()]
    project = {"name": "测试", "year": year} | ({"jurisdiction": jurisdiction} if jurisdiction else {})
    record = {"project": project, "indicators": [{"category": "产出", "name": "甲"}]}
    assert evalrules.pick(sets, record).name == f"{picked}.rules"


def test_a_record_of_a_year_no_shipped_rule_set_is_in_force_for_is_refused_naming_the_candidates() -> None:
    sets = [evalrules.load(name) for name in evalrules.shipped_rule_sets()]
    record = {"project": {"name": "测试", "year": 2015, "jurisdiction": "北京市"}, "indicators": [{"category": "产出", "name": "甲"}]}
    with pytest.raises(evalrules.UsageError) as caught:
        evalrules.pick(sets, record)
    assert "beijing-2016" in str(caught.value) or "北京市项目支出绩效自评" in str(caught.value)
