"""The shipped rule sets of every jurisdiction: their test files, prose pages, shared checks and
how a rules folder picks one for a record.

The cases that score each shipped rule set on forms of its layout are data beside the rule file,
rules/<set>.tests.yaml, run by `evalrules test` and by the pytest plugin (a plain `pytest` collects
them: `rules` is in testpaths); tests/test_rule_tests.py checks that they pass and exercise every
clause. Here: that every shipped rule set has them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import evalrules

ROOT = Path(__file__).resolve().parent.parent


def test_every_shipped_rule_set_has_a_test_file_beside_it() -> None:
    for name in evalrules.shipped_rule_sets():
        assert (ROOT / "rules" / f"{name}.tests.yaml").is_file(), f"no rules/{name}.tests.yaml"


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
