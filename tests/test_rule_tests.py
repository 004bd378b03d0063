"""Test cases as data (rules/<set>.tests.yaml): the shipped rule sets' cases pass and exercise every
clause; `evalrules test` reports failures as expected against got with the clause and the case's
line, refuses an unusable test file with its line and case (exit 2), and reports clause coverage;
the pytest plugin collects the same files; the engine's trace changes nothing it scores."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import evalrules
from evalrules.cli import main
from evalrules.tools.cases import Runner, read_test_file
from evalrules.tools.coverage import Coverage, clauses_of

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SHIPPED_TESTS = sorted(RULES.glob("*.tests.yaml"))
SEED = ROOT / "examples" / "suzhou-2024-party-building.yaml"

pytest_plugins = ["pytester"]


@pytest.fixture(scope="module")
def shipped() -> list:
    """Every case of every shipped test file, run once: (suite, outcomes)."""
    runner = Runner()
    return [(suite, [runner.run(case) for case in suite.cases]) for suite in map(read_test_file, SHIPPED_TESTS)]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    said = capsys.readouterr()
    return status, said.out, said.err


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def seed_case(expect: str, *, changes: str = "", extra: str = "") -> str:
    """A test file beside a copy of suzhou-2024.rules, with one case on the seed form."""
    return f"""\
cases:
  - name: the seed form
    record: {SEED.as_posix()}
{changes}    expect:
{expect}{extra}"""


@pytest.fixture()
def suzhou(tmp_path: Path) -> Path:
    """A folder holding suzhou-2024.rules and the part it extends."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "suzhou-2024.rules").write_text((RULES / "suzhou-2024.rules").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "shared" / "checks.rules").write_text((RULES / "shared" / "checks.rules").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


# ---- the shipped rule sets ----------------------------------------------------------------------


def test_every_shipped_rule_sets_cases_pass(shipped: list) -> None:
    failed = [f"{o.case.file.path}:{o.case.line} {o.case.name}" for _, outcomes in shipped for o in outcomes if not o.passed]
    assert failed == []
    assert {Path(suite.rules_path).stem for suite, _ in shipped} == set(evalrules.shipped_rule_sets())


def test_every_shipped_rule_sets_cases_exercise_every_one_of_its_clauses(shipped: list) -> None:
    """The coverage of each shipped rule set is 100%: every band, level, word, threshold,
    rounding step, weight, value, grade and check (holding and failing) of it and of the files it
    extends is exercised by some case of its test file."""
    for suite, outcomes in shipped:
        coverage = Coverage(clauses_of(outcomes[0].rules))
        for outcome in outcomes:
            coverage.add(outcome.result, outcome.trace, outcome.record)
        missed = [f"{item.clause} {item.said('en')}" for item in coverage.missed]
        assert missed == [], suite.path
        assert len(coverage.items) > 60, "too few clause items: the listing lost some"


def test_a_checks_traced_failures_are_its_findings(shipped: list) -> None:
    """The trace runs every check row by row; the evaluator runs most by columns. Both must agree:
    as many failures of each check as findings it made, on every shipped case."""
    for _, outcomes in shipped:
        for outcome in outcomes:
            names = {check.name for check in outcome.rules.checks}
            found = {name: sum(1 for f in outcome.result.findings if f.check == name) for name in names}
            traced = {name: failed for name, (_held, failed) in outcome.trace.checks.items()}
            assert traced == found, outcome.case.name


def test_a_traced_result_is_the_result_scoring_gives() -> None:
    rules = evalrules.load("suzhou-2024")
    record = evalrules.read_record(SEED)
    result, trace = rules.traced(record, str(SEED))
    assert result == rules.score(record, str(SEED))
    assert trace.checks["子项超支"] == (3, 2) and trace.checks["满分"] == (0, 1)
    assert trace.values["执行率填报精度"] == Decimal("0.9986")


# ---- evalrules test -------------------------------------------------------------------------------


def test_evalrules_test_runs_a_folder_and_says_how_many_passed(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "test", str(RULES), "--lang", "en")
    assert status == 0
    assert out.strip().splitlines()[-1] == f"{sum(len(read_test_file(p).cases) for p in SHIPPED_TESTS)} passed, 0 failed (5 test files)"


def test_a_failing_case_is_shown_as_expected_against_got_with_its_clause_and_line(suzhou: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(suzhou, "suzhou-2024.tests.yaml", seed_case("      scores: {预算执行率: 8}\n      total: 81.94\n      grade: 良\n"))
    status, out, _ = run(capsys, "test", str(suzhou / "suzhou-2024.rules"), "--lang", "en")
    assert status == 1
    assert f"FAILED {suzhou / 'suzhou-2024.tests.yaml'}:2: the seed form" in out
    assert "score of '预算执行率': expected 8, got 7.94 (clause suzhou-2024.rules:53: below deduct 5% per point of completion)" in out
    assert "grade: expected 良, got 优 (clause suzhou-2024.rules:131: 优 >= 90%)" in out
    assert "total" not in out.split("FAILED")[1].split("grade")[0]  # the total matched: not said
    # the seed's findings were not listed: each is unexpected, with the check's clause
    assert "unexpected finding: [满分, declared_max_score] (clause checks.rules:17: check 满分 warning {)" in out
    assert out.strip().endswith("0 passed, 1 failed (1 test files)")


def test_an_expected_finding_the_result_lacks_is_said_with_its_checks_clause(suzhou: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings = """\
      findings:
        - [调整预算合计, items.declared_total.budget]
        - [子项超支, "items.rows[1].spent"]
        - [子项超支, "items.rows[4].spent"]
        - [满分, declared_max_score]
        - [资金结余, budget.balance]
"""
    write(suzhou, "suzhou-2024.tests.yaml", seed_case(findings))
    status, out, _ = run(capsys, "test", str(suzhou), "--lang", "en")
    assert status == 1
    assert "expected finding missing: [资金结余, budget.balance] (clause suzhou-2024.rules:150: check 资金结余 error {)" in out
    assert "unexpected" not in out


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("cases:\n  - name: x\n    record: r.yaml\n    expect: {}\n    expected: {}\n", ":5:5: cases[0].expected: case 'x': unknown key 'expected'"),
        ("cases:\n  - record: r.yaml\n    expect: {}\n", ":2:5: cases[0]: a case without a name"),
        ("rule: x.rules\ncases: []\n", ":1:1: rule: unknown key 'rule'"),
        ("cases: []\n", ":1:1: cases: the test file has no cases"),
        ("cases:\n  - {name: a, record: r.yaml, expect: {}}\n  - {name: a, record: r.yaml, expect: {}}\n", "two cases are named 'a' (the first at line 2)"),
        ("cases:\n  - name: x\n    record: r.yaml\n    expect: {total: many}\n", ":4:21: cases[0].expect.total: case 'x': the expected total is not a number"),
        ("cases:\n  - name: x\n    record: r.yaml\n    expect: {findings: [满分]}\n", "case 'x': each finding is written [check, field path]"),
        ("cases:\n  - name: x\n    record: r.yaml\n    changes: {'indicators[': 1}\n    expect: {}\n", "case 'x': 'indicators[' is not a field path"),
    ],
)
def test_an_unusable_test_file_is_said_with_its_line_and_case_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    path = write(tmp_path, "x.tests.yaml", text)
    status, out, err = run(capsys, "test", str(path), "--lang", "en")
    assert status == 2
    assert said in err and str(path) in err
    assert "Traceback" not in err + out


@pytest.mark.parametrize(
    ("changes", "expect", "said"),
    [
        ("    changes:\n      indicators[40].score: 1\n", "      total: 1\n", ":5:7: cases[0].changes.indicators[40].score: case 'the seed form': the record has no place 'indicators[40].score'"),
        ("    changes: {budget.nothing: null}\n", "      total: 1\n", "the record has no place 'budget.nothing'"),
        ("", "      scores: {预算执行: 8}\n", ":5:16: cases[0].expect.scores.预算执行: case 'the seed form': the result has no indicator named '预算执行'"),
        ("    changes:\n      indicators[0].actual: [1]\n", "      total: 1\n", "case 'the seed form': the record cannot be used:"),
    ],
)
def test_a_case_the_record_or_result_cannot_meet_is_unusable_not_failed(
    suzhou: Path, capsys: pytest.CaptureFixture[str], changes: str, expect: str, said: str
) -> None:
    path = write(suzhou, "suzhou-2024.tests.yaml", seed_case(expect, changes=changes))
    status, _, err = run(capsys, "test", str(path), "--lang", "en")
    assert status == 2
    assert said in err
    assert "Traceback" not in err


def test_a_test_file_whose_rule_file_is_missing_or_broken_is_unusable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "gone.tests.yaml", "cases:\n  - {name: a, record: r.yaml, expect: {}}\n")
    status, _, err = run(capsys, "test", str(tmp_path / "gone.tests.yaml"), "--lang", "en")
    assert status == 2 and "no rule file" in err and "gone.rules" in err
    write(tmp_path, "bad.rules", "ruleset {\n")
    write(tmp_path, "bad.tests.yaml", "cases:\n  - {name: a, record: r.yaml, expect: {}}\n")
    status, _, err = run(capsys, "test", str(tmp_path / "bad.rules"), "--lang", "en")
    assert status == 2 and "bad.rules:1:" in err
    status, _, err = run(capsys, "test", str(tmp_path / "none.rules"), str(tmp_path / "empty"), "--lang", "en")
    assert status == 2 and "no test file" in err


def test_json_output_lists_every_case_with_its_failures(suzhou: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(suzhou, "suzhou-2024.tests.yaml", seed_case("      scores: {预算执行率: 8}\n", extra="\n  - name: total\n    record: " + SEED.as_posix() + "\n    expect: {total: 81.94, findings: [[调整预算合计, items.declared_total.budget], [子项超支, 'items.rows[1].spent'], [子项超支, 'items.rows[4].spent'], [满分, declared_max_score]]}\n"))
    status, out, _ = run(capsys, "test", str(suzhou), "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert status == 1 and (report["passed"], report["failed"], report["files"]) == (1, 1, 1)
    failed, passed = report["cases"]
    assert passed == {"file": str(suzhou / "suzhou-2024.tests.yaml"), "line": 7, "name": "total", "rules": "suzhou-2024.rules", "passed": True, "failures": []}
    score = failed["failures"][0]
    assert score == {
        "what": "score", "subject": "预算执行率", "expected": "8", "got": "7.94",
        "clause": {"id": "suzhou-2024.rules:53", "text": "below deduct 5% per point of completion"},
    }  # fmt: skip


def test_coverage_names_every_clause_item_no_case_exercised_with_its_line(suzhou: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(suzhou, "suzhou-2024.tests.yaml", seed_case("      total: 81.94\n      findings: [[调整预算合计, items.declared_total.budget], [子项超支, 'items.rows[1].spent'], [子项超支, 'items.rows[4].spent'], [满分, declared_max_score]]\n"))
    status, out, _ = run(capsys, "test", str(suzhou), "--coverage", "--lang", "en")
    assert status == 0  # coverage alone does not fail a run
    assert "clause coverage of suzhou-2024.rules (with checks.rules): " in out
    assert "suzhou-2024.rules:41  level 20%  | levels 100% 80% 60% 40% 20% 0%" in out
    assert "suzhou-2024.rules:61  past 130%  | above 130% deduct 1% per point" in out
    assert "suzhou-2024.rules:133  graded 中  | 中 >= 60%" in out
    assert "checks.rules:17  check 满分 held  | check 满分 warning {" in out
    assert "checks.rules:17  check 满分 failed" not in out  # the seed's 80 fails it
    assert "suzhou-2024.rules:53" not in out  # the seed's execution row is below target
    status, out, _ = run(capsys, "test", str(suzhou), "--coverage", "--fail-under", "90", "--lang", "en")
    assert status == 1 and "is below --fail-under 90%" in out
    status, out, _ = run(capsys, "test", str(RULES), "--coverage", "--fail-under", "100", "--format", "json")
    report = json.loads(out)
    assert status == 0 and [c["share"] for c in report["coverage"]] == ["1.0000"] * 5
    assert all(item["exercised"] for c in report["coverage"] for item in c["clauses"])


def test_an_overridden_clause_is_not_listed_for_the_rule_set_that_overrides_it() -> None:
    hubei = clauses_of(evalrules.load("hubei-2020"))
    bands = [item.clause for item in hubei.items if item.kind == "band"]
    assert bands and all(clause.startswith("hubei-2020.rules:") for clause in bands)
    assert any(item.clause.startswith("national-2020.rules:") for item in hubei.items if item.kind == "word")


def test_fail_under_takes_a_percentage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "test", str(RULES), "--coverage", "--fail-under", "lots", "--lang", "en")
    assert status == 2 and "--fail-under takes a number from 0 to 100: lots" in err


# ---- the pytest plugin ----------------------------------------------------------------------------


def test_the_plugin_is_registered_by_its_entry_point() -> None:
    found = [ep for ep in entry_points(group="pytest11") if ep.name == "evalrules"]
    assert [ep.value for ep in found] == ["evalrules.tools.pytest_plugin"]


def test_pytest_collects_a_test_file_one_item_per_case_and_shows_failures_as_expected_against_got(
    pytester: pytest.Pytester, suzhou: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in suzhou.rglob("*.rules"):
        target = pytester.path / path.relative_to(suzhou)
        target.parent.mkdir(exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    good = "      total: 81.94\n      findings: [[调整预算合计, items.declared_total.budget], [子项超支, 'items.rows[1].spent'], [子项超支, 'items.rows[4].spent'], [满分, declared_max_score]]\n"
    write(pytester.path, "suzhou-2024.tests.yaml", seed_case(good, extra=f"\n  - name: wrong total\n    record: {SEED.as_posix()}\n    expect: {{total: 80}}\n"))
    monkeypatch.setenv("EVALRULES_LANG", "en")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*FAILED*suzhou-2024.tests.yaml:8: wrong total*", "*total: expected 80, got 81.94*"])


def test_pytest_reports_an_unusable_test_file_as_a_short_collection_error(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    write(pytester.path, "x.tests.yaml", "cases:\n  - name: x\n    recrod: r.yaml\n")
    monkeypatch.setenv("EVALRULES_LANG", "en")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    assert "x.tests.yaml:3:5: cases[0].recrod: case 'x': unknown key 'recrod'" in result.stdout.str()
    assert "Traceback" not in result.stdout.str()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_test_file_or_record_that_is_not_there_is_said_in_the_readers_language(
    tmp_path: Path, suzhou: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    missing = {"zh": "文件不存在", "en": "no such file"}[lang]
    status, _, err = run(capsys, "test", str(tmp_path / "gone.tests.yaml"), "--lang", lang)
    assert status == 2 and missing in err and "No such file" not in err  # never the system's English words
    path = write(suzhou, "suzhou-2024.tests.yaml", "cases:\n  - {name: a, record: nowhere.yaml, expect: {}}\n")
    status, _, err = run(capsys, "test", str(path), "--lang", lang)
    assert status == 2 and "nowhere.yaml" in err and missing in err
