"""`extends` and `override`: a rule file that changes another one, and picking a rule set per record.

The files are in tests/data/extends: `base.rules` (national, 全国), `province.rules` extending it
(某省), `city.rules` extending the province (某市, three files in one chain), and, under `broken/`,
files that cannot be loaded (a cycle, a missing parent). Error cases that need one child only are
written here as text, loaded with `loads(…, base=DATA)` so that `extends "base.rules"` finds
the file beside them.
"""

from __future__ import annotations

import copy
import json
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import evalrules
from evalrules import RuleError, UsageError
from evalrules.cli import main
from evalrules.language import nodes as n
from evalrules.language.checker import extends as merging
from evalrules.language.checker.categories import CATEGORY_KINDS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "extends"
SEED = ROOT / "examples" / "suzhou-2024-party-building.yaml"


def record(jurisdiction: str | None = "某省", year: int = 2021) -> dict:
    """A national-layout form: 执行率 95%, 产出 short of its target by 10%."""
    project = {"name": "道路养护", "year": year}
    if jurisdiction is not None:
        project["jurisdiction"] = jurisdiction
    weights = {"某省": 20, "某市": 20}.get(jurisdiction or "", 10)
    output = 50 - (weights - 10)
    return {
        "project": project,
        "budget": {"full_year": 100, "executed": 95},
        "indicators": [
            {"category": "预算执行", "name": "预算执行率", "target": ">=100%", "weight": weights, "actual": "95%"},
            {"category": "产出", "name": "道路里程", "target": ">=100公里", "weight": output, "actual": "90公里"},
            {"category": "效益", "name": "通行效率", "target": ">=90%", "weight": 30, "actual": "95%"},
            {"category": "满意度", "name": "群众满意度", "target": ">=90%", "weight": 10, "actual": "95%"},
        ],
    }


def child(text: str, name: str = "child.rules") -> evalrules.RuleSet:
    return evalrules.loads(text, name, base=DATA)


def refusal(text: str, name: str = "child.rules") -> RuleError:
    with pytest.raises(RuleError) as caught:
        child(text, name)
    return caught.value


def located(error: RuleError) -> list[tuple[str, int, int, str]]:
    return [(d.span.file, d.span.line, d.span.column, d.id) for d in error.diagnostics]


# ---- merging -------------------------------------------------------------------------------------


def test_an_override_replaces_the_slots_it_writes_and_keeps_the_parents_other_clauses() -> None:
    province = evalrules.load(DATA / "province.rules")
    assert province.categories["预算执行"].total == 20  # override category 预算执行
    assert province.categories["产出"].total == 40
    assert province.categories["效益"].total == 30  # not overridden
    scheme = province.categories["产出"].quantitative
    assert (scheme.below, scheme.below_rate) == ("slope", Decimal("0.02"))
    # every slot the override did not write is the parent's, and says so
    assert scheme.clauses["below"].id == "province.rules:18"
    assert scheme.clauses["completion"].id == "base.rules:22"
    assert scheme.clauses["score rounding"].id == "base.rules:27"
    assert province.grades is not None and province.grades.bands[0][1] == 85


def test_the_ruleset_block_is_merged_field_by_field() -> None:
    province = evalrules.load(DATA / "province.rules")
    assert (province.title, province.jurisdiction) == ("某省项目支出绩效自评（测试）", "某省")
    assert (province.year, province.effective_from, province.effective_to) == (2020, "2020-01-01", "2024-12-31")
    city = evalrules.load(DATA / "city.rules")
    assert (city.jurisdiction, city.year, city.effective_from, city.effective_to) == ("某市", 2022, "2022-01-01", "2022-12-31")
    assert city.maximum == 100  # 社会影响 is excluded from the total


def test_a_chain_of_three_files_cites_the_file_that_set_each_clause_in_every_explanation() -> None:
    city = evalrules.load(DATA / "city.rules")
    assert [path for path, _ in city.extends] == [str(DATA / "province.rules"), str(DATA / "base.rules")]
    result = city.score(record("某市"))
    cited = {row.name: row.clause.id for row in result.indicators if row.clause is not None}
    assert cited["道路里程"] == "province.rules:18"  # the province's shortfall rule
    assert cited["预算执行率"] == "province.rules:18"
    assert "[province.rules:18]" in result.indicators[1].explain("en")
    assert city.categories["社会影响"].clause.id == "city.rules:14"
    assert city.categories["效益"].clause.id == "base.rules:42"
    assert city.categories["产出"].qualitative.round_score.clause == "city.rules:11"


def test_a_child_scores_by_its_own_clauses_and_the_parent_by_its_own() -> None:
    base, province = evalrules.load(DATA / "base.rules"), evalrules.load(DATA / "province.rules")
    output_base = base.score(record("全国")).indicators[1]
    output_province = province.score(record("某省")).indicators[1]
    assert (output_base.weight, output_base.score) == (50, 45)  # 50 × 90%
    assert (output_province.weight, output_province.score) == (40, 32)  # 40 × (1 − 10 × 2%)


def test_extending_a_shipped_rule_set_and_changing_nothing_scores_the_seed_as_it_does() -> None:
    text = 'extends "suzhou-2024"\nruleset "苏州（引用）" { }\n'
    rules = evalrules.loads(text, "suzhou-copy.rules")
    result = rules.score(evalrules.read_record(SEED))
    assert str(result.total) == "81.94" and rules.warnings == ()
    assert rules.extends[0][0] == "suzhou-2024.rules"
    assert all(row.clause.file == "suzhou-2024.rules" for row in result.indicators if row.clause is not None)


def test_a_slot_the_parent_does_not_state_is_added() -> None:
    rules = child(
        'extends "base.rules"\nruleset "子" { }\n'
        "override qualitative 三档 { words { 好 100% 中 60% } }\n"
    )
    scheme = rules.categories["产出"].qualitative
    assert scheme.words == {"好": Decimal(1), "中": Decimal("0.6")}
    assert scheme.levels is not None and Decimal("0.8") in scheme.levels  # the parent's levels stay


def test_a_scoring_formula_may_change_its_variant_in_an_override() -> None:
    rules = child(
        'extends "base.rules"\nruleset "子" { }\n'
        "override quantitative 基本 { below deduct 1 point every 5% above 120% warn }\n"
    )
    scheme = rules.categories["产出"].quantitative
    assert (scheme.below, scheme.above) == ("steps", "warn")


def test_whole_blocks_are_replaced_by_their_override() -> None:
    rules = child(
        'extends "base.rules"\nruleset "子" { }\n'
        "value 初始执行率 = executed / full_year\n"
        "override indicator 预算执行率 { actual 初始执行率 }\n"
        "override missing { without explanation review with explanation review }\n"
        'override check 执行数 warning { require budget.executed <= budget.full_year at budget.executed zh "超" en "over" }\n'
    )
    assert rules.indicators["预算执行率"].actual.name == "初始执行率"
    assert rules.missing.without is None
    assert [(c.name, c.severity, c.clause.id) for c in rules.checks] == [("执行数", "warning", "child.rules:6")]


# ---- what the checker refuses ------------------------------------------------------------------


def test_a_parent_block_changed_without_override_is_an_error_naming_where_the_parent_has_it() -> None:
    error = refusal('extends "base.rules"\nruleset "子" { }\ngrades { 优 >= 95 差 otherwise }\n')
    assert located(error) == [("child.rules", 3, 1, "check.needs_override")]
    assert f"{DATA / 'base.rules'}:63" in error.render("en") and "override grades" in error.render("en")


def test_an_override_of_a_name_the_parent_lacks_is_an_error_with_a_did_you_mean() -> None:
    error = refusal('extends "base.rules"\nruleset "子" { }\noverride category 产品 { weights as_written total 50 }\n')
    assert located(error) == [("child.rules", 3, 19, "check.override_nothing")]
    assert "did you mean '产出'?" in error.render("en")


def test_an_override_in_a_file_that_extends_nothing_is_an_error() -> None:
    text = (DATA / "base.rules").read_text(encoding="utf-8").replace("grades {", "override grades {")
    error = refusal(text, "base-copy.rules")
    assert [d.id for d in error.diagnostics] == ["check.override_without_extends"]


@pytest.mark.parametrize(
    ("clause", "column", "words"),
    [
        ("override category 效益 { weights split 30 apportion 0.01 }", 24, "weights as_written at"),
        ("override qualitative 三档 { bands { 好 [80%, 100%] 差 [0%, 80%) } }", 27, "levels at"),
        ("override quantitative 基本 { round completion 0.0001 half_up }", 45, "from a percentage (0.01%"),
    ],
)
def test_an_override_that_changes_a_slots_kind_is_an_error_naming_both_and_the_parents_place(
    clause: str, column: int, words: str
) -> None:
    error = refusal(f'extends "base.rules"\nruleset "子" {{ }}\n{clause}\n')
    assert [(d.span.line, d.span.column) for d in error.diagnostics] == [(3, column)]
    assert error.diagnostics[0].id in ("check.override_kind", "check.override_percent")
    assert words in error.render("en") and str(DATA / "base.rules") in error.render("en")


def test_extends_comes_first_and_once() -> None:
    error = refusal('ruleset "子" { }\nextends "base.rules"\n')
    assert located(error) == [("child.rules", 2, 1, "check.extends_first")]
    error = refusal('extends "base.rules"\nruleset "子" { }\nextends "base.rules"\n')
    assert located(error) == [("child.rules", 3, 1, "check.extends_first")]


def test_a_child_states_its_own_ruleset_block() -> None:
    error = refusal('extends "base.rules"\n')
    assert [d.id for d in error.diagnostics] == ["check.no_ruleset"]


def test_a_block_overridden_twice_is_a_duplicate() -> None:
    error = refusal(
        'extends "base.rules"\nruleset "子" { }\n'
        "override category 产出 { weights as_written total 50 }\noverride category 产出 { weights as_written total 45 }\n"
    )
    assert located(error) == [("child.rules", 4, 19, "check.duplicate")]


def test_errors_and_warnings_of_the_parent_are_reported_with_its_file_name_and_line(tmp_path: Path) -> None:
    broken = (DATA / "base.rules").read_text(encoding="utf-8").replace("below proportional", "below deduct 200% per point")
    (tmp_path / "base.rules").write_text(broken, encoding="utf-8")
    (tmp_path / "child.rules").write_text('extends "base.rules"\nruleset "子" { }\n', encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        evalrules.load(tmp_path / "child.rules")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.span.file, diagnostic.span.line, diagnostic.id) == (str(tmp_path / "base.rules"), 25, "check.rate_too_high")
    assert "  25 |   below deduct 200% per point" in caught.value.render("en")  # the parent's own line

    warned = (DATA / "base.rules").read_text(encoding="utf-8").replace("round score 0.01 half_up\n}\n\nquantitative", "round score 10 half_up\n}\n\nquantitative")
    (tmp_path / "base.rules").write_text(warned, encoding="utf-8")
    rules = evalrules.load(tmp_path / "child.rules")
    (warning,) = rules.warnings
    assert (warning.span.file, warning.span.line) == (str(tmp_path / "base.rules"), 18)
    assert "  18 |   round score 10 half_up" in warning.render(rules.sources[warning.span.file], "en")


def test_a_missing_parent_is_an_error_at_the_extends_line() -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.load(DATA / "broken" / "missing-parent.rules")
    assert located(caught.value) == [(str(DATA / "broken" / "missing-parent.rules"), 1, 1, "load.extends_missing")]
    assert "'nowhere.rules'" in caught.value.render("en")


def test_a_cycle_is_an_error_at_the_extends_line_that_closes_it() -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.load(DATA / "broken" / "cycle-a.rules")
    assert located(caught.value) == [(str(DATA / "broken" / "cycle-b.rules"), 2, 1, "load.extends_cycle")]
    assert "cycle-a.rules → cycle-b.rules → cycle-a.rules" in caught.value.render("en")


def test_a_file_extending_itself_is_a_cycle(tmp_path: Path) -> None:
    (tmp_path / "self.rules").write_text('extends "self.rules"\nruleset "自" { }\n', encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        evalrules.load(tmp_path / "self.rules")
    assert [d.id for d in caught.value.diagnostics] == ["load.extends_cycle"]


def test_text_given_to_loads_extends_only_shipped_names_unless_given_a_folder() -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.loads('extends "base.rules"\nruleset "子" { }\n', "child.rules")
    assert located(caught.value) == [("child.rules", 1, 1, "load.extends_no_folder")]
    assert evalrules.loads('extends "base.rules"\nruleset "子" { }\n', "child.rules", base=DATA).maximum == 100


# ---- an immutable value: pickled and compared with the whole chain ----------------------------------


def test_a_pickled_rule_set_carries_its_chain_and_never_reads_a_file_again(tmp_path: Path) -> None:
    for name in ("base.rules", "province.rules", "city.rules"):
        shutil.copy(DATA / name, tmp_path / name)
    city = evalrules.load(tmp_path / "city.rules")
    for name in ("base.rules", "province.rules", "city.rules"):
        (tmp_path / name).unlink()
    again = pickle.loads(pickle.dumps(city))
    assert again == city and hash(again) == hash(city) and again is not city
    assert again.score(record("某市")).to_dict() == city.score(record("某市")).to_dict()
    assert copy.deepcopy(city) is city


def test_two_children_of_the_same_text_differ_when_their_parents_do(tmp_path: Path) -> None:
    text = 'extends "base.rules"\nruleset "子" { }\n'
    first = evalrules.loads(text, "child.rules", base=DATA)
    changed = (DATA / "base.rules").read_text(encoding="utf-8").replace("优 >= 90", "优 >= 91")
    (tmp_path / "base.rules").write_text(changed, encoding="utf-8")
    second = evalrules.loads(text, "child.rules", base=tmp_path)
    assert first != second
    assert first == evalrules.loads(text, "child.rules", base=DATA)


# ---- the slot table ------------------------------------------------------------------------------


def test_every_clause_of_a_merged_block_has_a_slot_in_the_table() -> None:
    clause_types = {*n.QuantitativeClause.__args__, *n.QualitativeClause.__args__, *n.WeightPolicy.__args__}  # type: ignore[attr-defined]
    clause_types |= set(CATEGORY_KINDS) | {n.ActualFrom}
    assert sorted(t.__name__ for t in clause_types if t not in merging.SLOTS) == []
    assert merging.slot(n.UseScheme("quantitative", None, None)) != merging.slot(n.UseScheme("qualitative", None, None))  # type: ignore[arg-type]


# ---- picking a rule set per record ---------------------------------------------------------------


@pytest.fixture(scope="module")
def folder() -> list[evalrules.RuleSet]:
    return [evalrules.load(DATA / name) for name in ("base.rules", "province.rules", "city.rules")]


def test_a_record_gets_the_rule_set_of_its_jurisdiction_in_force_in_its_year(folder: list[evalrules.RuleSet]) -> None:
    assert evalrules.pick(folder, record("某省", 2021)).name == "province.rules"
    assert evalrules.pick(folder, record("某市", 2022)).name == "city.rules"
    assert evalrules.pick(reversed(folder), record("某省", 2024)).name == "province.rules"


def test_without_a_rule_set_of_its_own_a_record_falls_back_to_the_national_one(folder: list[evalrules.RuleSet]) -> None:
    assert evalrules.pick(folder, record("某县", 2021)).name == "base.rules"
    assert evalrules.pick(folder, record("某市", 2023)).name == "base.rules"  # the city's set is for 2022
    assert evalrules.pick(folder, record(None, 2021)).name == "base.rules"


def test_no_rule_set_in_force_is_a_usage_error_naming_the_record_and_the_candidates(folder: list[evalrules.RuleSet]) -> None:
    with pytest.raises(UsageError) as caught:
        evalrules.pick(folder, record("某省", 2030), "form.yaml")
    said = caught.value.text("en")
    assert said.startswith("form.yaml: no rule set applies to '某省' in 2030")
    assert "province.rules (某省, 2020-01-01…2024-12-31)" in said and "base.rules (全国" in said


def test_two_rule_sets_in_force_is_a_usage_error_naming_both(folder: list[evalrules.RuleSet]) -> None:
    twin = evalrules.loads('extends "province.rules"\nruleset "某省另一套" { }\n', "twin.rules", base=DATA)
    with pytest.raises(UsageError) as caught:
        evalrules.pick([*folder, twin], record("某省", 2021))
    said = caught.value.text("en")
    assert said.startswith("道路养护: several rule sets apply to '某省' in 2021")
    assert "province.rules (某省" in said and "twin.rules (某省" in said


def test_a_rule_set_with_a_year_and_no_period_is_in_force_that_year_only() -> None:
    text = 'extends "base.rules"\nruleset "某省2025" { jurisdiction "某省" year 2025 }\n'
    # the effective period is inherited: 2025 falls outside it, which the checker warns about
    rules = child(text)
    assert rules.effective_from == "2020-01-01"
    assert [w.id for w in rules.warnings] == ["check.effective_outside_year"]
    alone = evalrules.loads((DATA / "base.rules").read_text(encoding="utf-8").replace("effective 2020-01-01 to 2024-12-31\n", ""), "b.rules")
    assert evalrules.pick([alone], record(None, 2020)) is alone
    with pytest.raises(UsageError):
        evalrules.pick([alone], record(None, 2021))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 0
    out, err = capsys.readouterr()
    return status, out, err


def write_record(path: Path, jurisdiction: str | None, year: int) -> str:
    import yaml

    path.write_text(yaml.safe_dump(record(jurisdiction, year), allow_unicode=True), encoding="utf-8")
    return str(path)


def test_score_with_a_folder_picks_for_each_record_and_says_which(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    province = write_record(tmp_path / "province.yaml", "某省", 2021)
    county = write_record(tmp_path / "county.yaml", "某县", 2021)
    status, out, err = run(capsys, "score", "--rules", str(DATA), province, county, "--lang", "en", "--format", "json")
    assert status == 0
    assert f"{province}: scored by province.rules (某省项目支出绩效自评（测试）)" in err
    assert f"{county}: no rule set for '某县' in 2021; scored by the national rule set base.rules" in err
    assert [result["ruleset"]["file"] for result in json.loads(out)] == ["province.rules", "base.rules"]


def test_a_record_no_rule_set_applies_to_is_exit_2_and_the_others_are_still_scored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    late = write_record(tmp_path / "late.yaml", "某省", 2030)
    fine = write_record(tmp_path / "fine.yaml", "某省", 2021)
    status, out, err = run(capsys, "audit", str(DATA), late, fine, "--lang", "en")
    assert status == 2
    assert f"{late}: no rule set applies to '某省' in 2030" in err and "province.rules (某省" in err
    assert fine in out


def test_rules_as_an_option_naming_a_file_works_as_the_positional_argument(capsys: pytest.CaptureFixture[str]) -> None:
    positional = run(capsys, "score", "rules/suzhou-2024.rules", str(SEED), "--format", "json")
    option = run(capsys, "score", str(SEED), "--rules=rules/suzhou-2024.rules", "--format", "json")
    assert positional == option and positional[0] == 0 and '"total": "81.94"' in positional[1]


def test_a_folder_with_a_broken_rule_file_is_unusable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "score", "--rules", str(DATA / "broken"), str(SEED), "--lang", "en")
    assert status == 2 and out == "" and "cycle" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    status, out, err = run(capsys, "score", "--rules", str(empty), str(SEED), "--lang", "en")
    assert status == 2 and "the folder holds no rule files" in err
