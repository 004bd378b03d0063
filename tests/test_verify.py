"""`evalrules verify`: every shipped rule set verifies clean; rule files with a flaw only a form
shows (a score rounded above its weight, totals above the maximum that no grade takes) are caught,
with the property, the clause and the smallest form as a record file `evalrules score` reads;
unusable input is said briefly with status 2; a run writes nothing it was not asked to."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from decimal import Decimal

import evalrules
from evalrules.cli import main
from evalrules.records.values import parse_value
from evalrules.tools.verify import PROPERTIES, expected_score, verify

ROOT = Path(__file__).resolve().parent.parent
SMALL = "12"  # forms per property in these tests: the default is 100

ABOVE_WEIGHT = """\
ruleset "进一超权重" { maximum 30 }
qualitative 六级 { levels 100% 80% 60% 40% 20% 0% }
# 进一：得分向上取整到 1 分，而分摊的权重是 0.01 分的倍数（7.5 分的满分进一为 8 分）
quantitative 产出 {
  completion ratio
  reverse inverse_ratio
  below deduct 5% per point
  above 130% deduct 1% per point
  round score 1 up
}
category 产出 { weights split 30 apportion 0.01 quantitative 产出 qualitative 六级 }
missing { without explanation score 0 with explanation review }
"""

GRADE_GAP = """\
ruleset "等级空缺" { maximum 10 }
qualitative 六级 { levels 100% 80% 60% 40% 20% 0% round score 0.01 half_up }
quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none round score 0.01 half_up }
# 每项 10 ÷ 行数，四舍五入到 0.01：六行时 1.67 × 6 = 10.02，超过满分，没有等级
category 产出 { weights split 10 round 0.01 half_up quantitative 基本 qualitative 六级 }
missing { without explanation score 0 with explanation review }
grades { 优 [9, 10] 良 [8, 9) 差 [0, 8) }
"""


def run(*argv: str, cwd: Path | None = None) -> tuple[int, str]:
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
        if cwd is None:
            status = main(list(argv))
        else:
            with contextlib.chdir(cwd):
                status = main(list(argv))
    return status, shown.getvalue()


@pytest.mark.parametrize("name", sorted(evalrules.shipped_rule_sets()))
def test_every_shipped_rule_set_verifies_clean(name: str) -> None:
    status, said = run("verify", name, "--examples", SMALL, "--lang", "en")
    assert status == 0, said
    assert said.count("  holds ") == len(PROPERTIES)
    assert said.rstrip().endswith(f"all {len(PROPERTIES)} properties hold")


def test_a_score_rounded_up_past_its_weight_is_caught_with_its_clause_and_a_record_file(tmp_path: Path) -> None:
    rules = tmp_path / "above.rules"
    rules.write_text(ABOVE_WEIGHT, encoding="utf-8")
    status, said = run("verify", str(rules), "--examples", SMALL, "--save", str(tmp_path / "out"), "--lang", "en", cwd=tmp_path)
    assert status == 1
    assert "  violated  every score lies within [0, weight]" in said
    assert "(above.rules:9)" in said  # the clause involved: `round score 1 up`
    saved = tmp_path / "out" / "above.bounds.yaml"
    record = evalrules.read_record(saved)  # the counterexample is a record file
    result = evalrules.load(rules).score(record)
    assert any(row.score > row.weight for row in result.indicators if row.score is not None)
    assert saved.read_text(encoding="utf-8") in said  # printed as it was saved


def test_totals_above_the_maximum_that_no_grade_takes_are_caught(tmp_path: Path) -> None:
    rules = tmp_path / "gap.rules"
    rules.write_text(GRADE_GAP, encoding="utf-8")
    [outcome] = verify(evalrules.load(rules), only=("grades",))  # the default 100 forms
    violation = outcome.violation
    assert violation is not None and violation.key == "verify.detail.no_grade"
    assert violation.values["total"] > 10
    result = evalrules.load(rules).score(violation.form)
    assert result.grade is None and result.total > result.maximum


def test_the_same_seed_draws_the_same_forms() -> None:
    from hypothesis import strategies as st

    from evalrules.testing import record_data

    seen: list[list[dict]] = [[], []]
    rules = evalrules.load("hubei-2020")
    for run_ in seen:
        checked = verify(rules, examples=5, seed=7, only=("bounds",))
        assert checked[0].violation is None
        from hypothesis import given, seed, settings

        @seed(7)
        @settings(max_examples=5, database=None, deadline=None)
        @given(st.data())
        def collect(data):
            run_.append(data.draw(record_data(rules)))

        collect()
    assert seen[0] == seen[1]


def test_a_run_writes_no_hypothesis_folder_unless_asked(tmp_path: Path) -> None:
    status, _ = run("verify", "suzhou-2024", "--examples", "3", cwd=tmp_path)
    assert status == 0
    assert os.listdir(tmp_path) == []
    (tmp_path / "above.rules").write_text(ABOVE_WEIGHT, encoding="utf-8")
    status, _ = run("verify", "above.rules", "--examples", "50", "--database", "db", cwd=tmp_path)
    assert status == 1
    assert sorted(os.listdir(tmp_path)) == ["above.rules", "db"]  # the failing example, kept where asked


def test_unusable_input_is_said_briefly_with_status_2_and_the_others_still_verified(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rules"
    broken.write_text('ruleset "坏" { maximum }\n', encoding="utf-8")
    status, said = run("verify", str(broken), str(tmp_path / "missing.rules"), "suzhou-2024", "--examples", "3", "--lang", "en")
    assert status == 2
    assert f"{broken}:1:" in said and "Traceback" not in said
    assert "suzhou-2024: all 6 properties hold" in said


def test_a_folder_verifies_its_rule_sets_and_leaves_parts_out(tmp_path: Path) -> None:
    status, said = run("verify", str(ROOT / "docs" / "examples" / "parts"), "--examples", "3", "--lang", "en")
    assert status == 0, said
    assert "checks.rules: a part, which scores no form alone: not verified" in said
    assert "city.rules: all 6 properties hold" in said


def test_messages_are_in_chinese_by_default(tmp_path: Path) -> None:
    status, said = run("verify", "suzhou-2024", "--examples", "3", "--lang", "zh")
    assert status == 0
    assert "每项得分在 0 与权重之间" in said and "6 条性质全部成立" in said


def test_the_expected_score_follows_the_clauses_on_hand_worked_rows() -> None:
    # the threshold property's oracle, checked against scores worked out by hand (Suzhou 产出)
    scheme = evalrules.load("suzhou-2024").categories["产出"].quantitative
    weight = Decimal(30)
    assert expected_score(scheme, weight, parse_value("≥100"), parse_value("140")) == 27  # 10 points past 130%
    assert str(expected_score(scheme, weight, parse_value("≥100"), parse_value("90"))) == "15.00"  # 10 short: 50% off
    assert expected_score(scheme, weight, parse_value("≤5"), parse_value("4")) == 30  # under a ≤ target
