"""Scoring: records scored by rule sets give exactly the scores, statuses, totals and findings
listed in tests/data/scoring_cases.yaml, and the seed form reproduces every printed self-score."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import evalrules

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules"
SEED = ROOT / "examples" / "suzhou-2024-party-building.yaml"
CASES = yaml.safe_load((Path(__file__).parent / "data" / "scoring_cases.yaml").read_text(encoding="utf-8"))


def rules_for(case: dict) -> evalrules.RuleSet:
    rules = case["rules"]
    if "\n" not in rules:
        text = (SHIPPED / f"{rules}.rules").read_text(encoding="utf-8")
        for old, new in case.get("edits", []):
            assert old in text, f"edit does not apply: {old!r}"
            text = text.replace(old, new)
        return evalrules.loads(text, f"rules/{rules}.rules")
    return evalrules.loads(rules, "case.rules")


# The cases are partial forms, a few rows each: the check that every fixed indicator is listed, and
# the finding for a category with no row, would fire on each of them. They are tested on whole
# forms in test_audit.py, and by the cases that name them in `whole_form_checks`.
PARTIAL_FORM_CHECKS = {"缺少固定指标", "category-without-rows"}


def dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CASES])
def test_record_scores_as_listed(case: dict) -> None:
    result = rules_for(case).score(evalrules.record_from_data(case["record"]))
    expect = case["expect"]
    for index, (weight, score, status) in expect["scores"].items():
        row = result.indicators[index]
        assert (row.weight, row.score, row.status) == (dec(weight), dec(score), status), row.explain("en")
    if "total" in expect:
        assert result.total == Decimal(expect["total"])
    if "grade" in expect:
        assert result.grade == expect["grade"]
    assert result.provisional is expect.get("provisional", False)
    partial = PARTIAL_FORM_CHECKS - set(expect.get("whole_form_checks", []))
    found = [[f.check, f.severity, f.path] for f in result.findings if f.check not in partial]
    assert found == expect.get("findings", [])
    for index, text in expect.get("actual", {}).items():
        assert result.indicators[index].actual.text == text
    for index, text in expect.get("stated_actual", {}).items():
        assert result.indicators[index].stated_actual.text == text
    for check, lang, text in expect.get("said", []):
        said = [f.message(lang) for f in result.findings if f.check == check]
        assert any(text in message for message in said), said
    for index, lang, text in expect.get("explained", []):
        assert text in result.indicators[index].explain(lang)
    for check, clause in expect.get("cited", []):
        cited = [f.clause.id if f.clause is not None else None for f in result.findings if f.check == check]
        assert clause in cited, cited
    for check, values in expect.get("values", []):
        given = [dict(f.values) for f in result.findings if f.check == check]
        assert values in given, given
    for index, fields in expect.get("rows", {}).items():
        row = result.indicators[index]
        assert {name: _as_data(getattr(row, name)) for name in fields} == fields
    for index, fields in expect.get("deductions", {}).items():
        deduction = result.deductions[index]
        assert {name: _as_data(getattr(deduction, name)) for name in fields} == fields


def _as_data(field: object) -> object:
    """A field of a result as a case writes it: a clause by its id, a number as its text."""
    if isinstance(field, evalrules.Clause):
        return field.id
    return str(field) if isinstance(field, Decimal) else field


def test_every_row_is_explained_in_both_languages_naming_its_clause() -> None:
    for case in CASES:
        result = rules_for(case).score(evalrules.record_from_data(case["record"]))
        for row in result.indicators:
            for lang in ("zh", "en"):
                text = row.explain(lang)
                assert text and (row.clause is None or f":{row.clause.line}" in text)


# ---- the seed form -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result() -> evalrules.Result:
    return evalrules.load(SHIPPED / "suzhou-2024.rules").score(evalrules.read_record(SEED), str(SEED))


def test_seed_form_reproduces_all_17_printed_self_scores(seed_result: evalrules.Result) -> None:
    rows = seed_result.indicators
    assert len(rows) == 17
    assert [row.score for row in rows] == [row.claimed for row in rows]
    assert all(row.status == "scored" for row in rows)


def test_seed_form_totals_81_94_out_of_82_grade_liang(seed_result: evalrules.Result) -> None:
    assert seed_result.total == Decimal("81.94")
    assert seed_result.maximum == Decimal("82")
    assert seed_result.grade == "优"
    assert seed_result.provisional is False


def test_seed_budget_execution_rate_is_explained_step_by_step(seed_result: evalrules.Result) -> None:
    row = next(r for r in seed_result.indicators if r.name == "预算执行率")
    assert row.score == Decimal("7.94") and row.completion == Decimal("0.9986")
    zh = row.explain("zh")
    for step in (
        "29.16 ÷ 29.2",
        "完成率 99.86%（29.16 ÷ 29.2，四舍五入至 0.01%）",
        "低于目标 0.14 个百分点，扣减 0.14 × 5% = 0.7%",
        "8 × (1 − 0.7%) = 7.944 → 7.94（四舍五入至 0.01）",
        "表上填报 99.86%",
        "（suzhou-2024.rules:53）",  # the rule file's name and line, not the path it was loaded from
    ):
        assert step in zh
    en = row.explain("en")
    assert "completion 99.86% (29.16 ÷ 29.2, rounded half-up to 0.01%)" in en
    assert "8 × (1 − 0.7%) = 7.944 → 7.94 (rounded half-up to 0.01)" in en


def test_seed_explanation_cites_the_below_target_clause(seed_result: evalrules.Result) -> None:
    row = next(r for r in seed_result.indicators if r.name == "预算执行率")
    line = (SHIPPED / "suzhou-2024.rules").read_text(encoding="utf-8").splitlines()[row.clause.line - 1]
    assert line.strip().startswith("below deduct 5% per point")


def test_budget_amounts_the_rules_do_not_declare_are_rejected_with_their_path() -> None:
    record = evalrules.record_from_data(
        {"project": {"name": "x", "year": 2024}, "budget": {"payed": "1"}, "indicators": [
            {"category": "产出", "name": "甲", "target": "好", "actual": "100%"}]}
    )
    with pytest.raises(evalrules.RecordError) as caught:
        evalrules.load("suzhou-2024").score(record, "x.yaml")
    problem = caught.value.problems[0]
    assert problem.path == "budget.payed"
    assert "did you mean 'paid'?" in problem.message("en")


def test_explained_expressions_keep_the_parentheses_the_rule_file_needs() -> None:
    text = (SHIPPED / "suzhou-2024.rules").read_text(encoding="utf-8").replace(
        "value 执行率 = paid / appropriated", "value 执行率 = (paid - 0) * 1 / (appropriated + 0 - 0)"
    )
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    row = rules.score(evalrules.read_record(SEED)).indicators[7]
    assert row.score == Decimal("7.94")
    assert "(实际支付数 − 0) × 1 ÷ (财政拨款数 + 0 − 0) = (29.16 − 0) × 1 ÷ (29.2 + 0 − 0)" in row.explain("zh")


@pytest.mark.parametrize(
    ("expression", "written"),
    [
        ("(paid - (appropriated - paid)) / appropriated", "(实际支付数 − (财政拨款数 − 实际支付数)) ÷ 财政拨款数 = (29.16 − (29.2 − 29.16)) ÷ 29.2"),
        ("((paid - appropriated) - paid) / appropriated * -1", "(实际支付数 − 财政拨款数 − 实际支付数) ÷ 财政拨款数 × −1"),
        ("paid / (appropriated / 1)", "实际支付数 ÷ (财政拨款数 ÷ 1) = 29.16 ÷ (29.2 ÷ 1)"),
        ("paid * 1 / (appropriated * 1)", "实际支付数 × 1 ÷ (财政拨款数 × 1) = 29.16 × 1 ÷ (29.2 × 1)"),
        ("paid / appropriated / 1", "实际支付数 ÷ 财政拨款数 ÷ 1 = 29.16 ÷ 29.2 ÷ 1"),
        ("paid / appropriated - (0 + 0)", "实际支付数 ÷ 财政拨款数 − (0 + 0)"),
        ("paid / appropriated * (1 - 0)", "实际支付数 ÷ 财政拨款数 × (1 − 0)"),
        ("paid / appropriated - 0 - 0", "实际支付数 ÷ 财政拨款数 − 0 − 0 ="),
        ("-(paid - appropriated) / appropriated", "−(实际支付数 − 财政拨款数) ÷ 财政拨款数 = −(29.16 − 29.2) ÷ 29.2"),
        ("paid / -(-appropriated)", "实际支付数 ÷ −(−财政拨款数) = 29.16 ÷ −(−29.2)"),
        ("paid / (initial + adjustment)", "= 29.16 ÷ (35.7 + (−6.5))"),  # a negative amount in brackets
    ],
)
def test_an_explained_expression_is_bracketed_exactly_where_its_meaning_needs_it(expression: str, written: str) -> None:
    # Each of these is read back by a person: a missing bracket would change the arithmetic shown
    # (a − b − c is not a − (b − c)), a needless one only clutters it.
    text = (SHIPPED / "suzhou-2024.rules").read_text(encoding="utf-8").replace(
        "value 执行率 = paid / appropriated", f"value 执行率 = {expression}"
    )
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    explained = rules.score(evalrules.read_record(SEED)).indicators[7].explain("zh")
    assert written in explained, explained


@pytest.mark.parametrize(
    ("expression", "unit"),
    [
        ("paid / appropriated", "%"),
        ("paid / appropriated + 0", "%"),
        ("(paid - 0) / (appropriated * 1)", "%"),
        ("paid / appropriated * 100%", "%"),
        ("appropriated - paid", "万元"),
        ("paid / 2", "万元"),
        ("paid / 80%", "万元"),
        ("2 * 3", None),
    ],
)
def test_a_value_measures_a_rate_an_amount_or_a_number_by_what_it_combines(expression: str, unit: str | None) -> None:
    text = (SHIPPED / "suzhou-2024.rules").read_text(encoding="utf-8").replace(
        "value 执行率 = paid / appropriated", f"value 执行率 = {expression}"
    )
    rules = evalrules.loads(text, "rules/suzhou-2024.rules")
    assert rules.values[0].unit == unit


# ---- the engine's own finding codes ------------------------------------------------------------


def test_every_finding_code_of_the_engine_is_named_in_both_languages_and_documented() -> None:
    from evalrules.engine import evaluate
    from evalrules.messages import CATALOGUE

    source = (ROOT / "evalrules" / "engine" / "evaluate.py").read_text(encoding="utf-8")
    written = set(re.findall(r'Finding\(\s*"([a-z][a-z0-9-]*)"', source)) | set(evaluate._UNSCORABLE)
    assert written <= set(evaluate.CHECKS)
    pages = [(ROOT / "docs" / page).read_text(encoding="utf-8") for page in ("json-result.md", "audit.md")]
    for code in evaluate.CHECKS:
        assert f"finding.{code}" in CATALOGUE, code
        assert all(f"`{code}`" in page for page in pages), code


# The tests over every case below each score the cases afresh rather than share one cached set of
# results: mutation testing runs, for a mutant, only the tests that reached its function, and a
# cache would credit that reach to whichever test happened to fill it.


def _documented_values() -> dict[str, tuple[set[str], set[str]]]:
    """Each engine check of json-result.md's table → the names its `values` always hold, and
    those it holds only sometimes (after `; also`)."""
    documented = {}
    for line in (ROOT / "docs" / "json-result.md").read_text(encoding="utf-8").splitlines():
        row = re.match(r"\| `([a-z-]+)` \| (?:error|warning|info) \|", line)
        if row is None:
            continue
        start, depth, inner = line.find("(`values`:"), 0, ""
        for at in range(start, len(line)) if start >= 0 else ():
            depth += {"(": 1, ")": -1}.get(line[at], 0)
            if depth == 0:
                inner = line[start + len("(`values`:") : at]
                break
        always, _, sometimes = inner.partition("; also ")
        documented[row[1]] = (set(re.findall(r"`([a-z]+)`", always)), set(re.findall(r"`([a-z]+)`", sometimes)))
    return documented


def test_every_finding_carries_the_values_documented_for_its_check() -> None:
    # A program reading the JSON result finds a finding's values under the names json-result.md
    # gives its check (an audit check's: left, right, comparator), in every scoring case.
    from evalrules.engine.evaluate import CHECKS

    documented = _documented_values()
    assert set(CHECKS) <= set(documented)
    seen = set()
    for case in CASES:
        result = rules_for(case).score(evalrules.record_from_data(case["record"]))
        for finding in result.findings:
            names = [name for name, _ in finding.values]
            always, sometimes = documented.get(finding.check, ({"left", "right", "comparator"}, set()))
            assert len(names) == len(set(names)) and always <= set(names) <= always | sometimes, (case["name"], finding)
            seen.add(finding.check)
    assert set(CHECKS) <= seen  # every engine check is met by some case: none goes unchecked


def _documented_without_clause() -> tuple[set[str], set[str]]:
    """The engine checks json-result.md says cite no clause, and those that cite one sometimes."""
    text = (ROOT / "docs" / "json-result.md").read_text(encoding="utf-8")
    paragraph = text[text.index("A finding of the engine cites the clause") :].split("\n\n")[0]
    never, _, sometimes = paragraph.partition("Two cite one only sometimes:")
    check_ids = r"`([a-z]+(?:-[a-z]+)+)`"
    return set(re.findall(check_ids, never)), set(re.findall(check_ids, sometimes))


def test_every_finding_cites_a_clause_unless_documented_to_cite_none() -> None:
    # A reader follows a finding to the rule that made it: every engine check but those
    # json-result.md names cites one, and every audit check cites its `check`.
    from evalrules.engine.evaluate import CHECKS

    never, sometimes = _documented_without_clause()
    assert never <= set(CHECKS) and sometimes == {"group-not-used", "unit-assumed"}
    for case in CASES:
        for finding in rules_for(case).score(evalrules.record_from_data(case["record"])).findings:
            if finding.check in sometimes:
                continue
            assert (finding.clause is None) is (finding.check in never), (case["name"], finding.check)


def test_every_value_a_finding_carries_is_what_its_message_quotes() -> None:
    # `values` are the message's own values, by name, for a program to read: each is quoted in
    # the message in both languages. Two carry more than their message says: a duplicate's
    # `first` names the earlier row by its path (the message gives its number), and a negative
    # target's `actual` (the message needs only the target).
    from evalrules.engine.evaluate import CHECKS

    beyond_the_message = {("duplicate-indicator", "first"), ("target-negative", "actual")}
    for case in CASES:
        for finding in rules_for(case).score(evalrules.record_from_data(case["record"])).findings:
            if finding.check not in CHECKS:
                continue
            for name, value in finding.values:
                if (finding.check, name) not in beyond_the_message:
                    said = (finding.message("zh"), finding.message("en"))
                    assert all(value in text for text in said), (case["name"], finding.check, name, value, said)


def test_every_result_row_keeps_what_its_form_row_says_and_its_fields_agree() -> None:
    # json-result.md's promises for each row of the JSON result, over every scoring case: a row
    # keeps its place, names (unless written by an alias), subcategory, actual and self-score as
    # written; it has a weight source exactly when it has a weight; a scored row is quantitative
    # exactly when it has a completion; and only a row left for review or dropped as not
    # applicable has no score.
    for case in CASES:
        data = rules_for(case).score(evalrules.record_from_data(case["record"])).to_dict("en", explain=False)
        aliased = "aliases" in case["rules"]
        for position, (row, form) in enumerate(zip(data["indicators"], case["record"]["indicators"], strict=True)):
            where = (case["name"], position)
            assert row["index"] == position, where
            if not aliased:
                assert (row["category"], row["name"]) == (form["category"], form["name"]), where
            assert row["subcategory"] == form.get("subcategory"), where
            stated = form.get("actual")
            assert row["stated_actual"] == (None if stated is None else str(stated).strip()), where
            assert (row["claimed"] is None) is (form.get("score") is None), where
            assert (row["weight"] is None) is (row["weight_source"] is None), where
            if row["status"] == "scored":
                assert row["kind"] == ("quantitative" if row["completion"] is not None else "qualitative"), where
            dropped = row["status"] == "not_applicable" and row["weight"] == "0"
            assert (row["score"] is None) is (row["status"] == "review" or dropped), where
