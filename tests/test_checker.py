"""The checker rejects impossible rule files before any record is seen, with every error at once.

The cases are data (tests/data/checker_cases.yaml): each holds a rule file and the exact list of
errors, by line, column and message, that checking it must report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import evalrules
from evalrules import RuleError
from evalrules.display import display_width

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((Path(__file__).parent / "data" / "checker_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule_file_is_rejected_with_every_error_located(case: dict) -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.loads(case["rules"], "case.rules")
    got = [(d.span.line, d.span.column, d.message("en")) for d in caught.value.diagnostics]
    expected = case["errors"]
    assert len(got) == len(expected), got
    for (line, column, message), (want_line, want_column, words) in zip(sorted(got), sorted(map(tuple, expected))):
        assert (line, column) == (want_line, want_column), (message, words)
        assert words in message
    rendered = caught.value.render("en")
    for hint in case.get("hints", []):
        assert hint in rendered
    for diagnostic in caught.value.diagnostics:
        assert diagnostic.span.file == "case.rules"


def test_error_message_shows_file_line_column_source_line_and_caret() -> None:
    text = 'ruleset "t" { year 2024 }\nqualitative 六级 {\n  levles 100% 0%\n}\n'
    with pytest.raises(RuleError) as caught:
        evalrules.loads(text, "rules/x.rules")
    lines = caught.value.render("en").splitlines()
    assert lines[0].startswith("rules/x.rules:3:3: error: unexpected 'levles'")
    assert lines[1] == "   3 |   levles 100% 0%"
    assert lines[2] == "     |   ^^^^^^"


def test_caret_under_chinese_text_counts_two_columns_a_character() -> None:
    text = 'ruleset "t" { year 2024 }\ncategory 产出 { weights split 30 apportion 0.01 quantitative 基木 }\n'
    with pytest.raises(RuleError) as caught:
        evalrules.loads(text, "x.rules")
    rendered = caught.value.render("en").splitlines()
    head = next(i for i, line in enumerate(rendered) if "unknown quantitative scheme '基木'" in line)
    source, caret = rendered[head + 1], rendered[head + 2]
    before = source.split("| ", 1)[1].split("基木")[0]
    assert caret.split("| ", 1)[1] == " " * display_width(before) + "^^^^"


@pytest.mark.parametrize("name", sorted(evalrules.shipped_rule_sets()))
def test_shipped_rules_check_clean_without_a_single_warning(name: str) -> None:
    # A warning users see on every check teaches them to ignore warnings.
    rules = evalrules.load(name)
    assert [w.message("en") for w in rules.warnings] == []


def test_an_unreachable_grade_is_a_warning() -> None:
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8").replace("优 >= 73.8", "优 >= 90")
    rules = evalrules.loads(text, "suzhou-2024.rules")
    assert [w.message("en") for w in rules.warnings] == [
        "grade '优' needs at least 90, more than the rule set's maximum 82: no form can reach it"
    ]
    assert str(rules.maximum.normalize()) == "82"


def test_a_missing_rule_file_is_named_without_a_position() -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.load("no/such/file.rules")
    assert caught.value.render("en").startswith("no/such/file.rules: error: no such rule file")
