"""The checker rejects impossible rule files before any record is seen, with every error at once,
and warns where a rule file is legal but almost surely not what its author meant.

The cases are data (tests/data/checker_cases.yaml): each holds a rule file and the exact lists of
errors and warnings, by line, column and message, that checking it must report; a case with no
`errors` must load, with exactly its `warnings` (none when it lists none).
"""

from __future__ import annotations

import copy
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import evalrules
from evalrules import RuleError
from evalrules.display import display_width, is_hidden
from evalrules.errors import Diagnostic
from evalrules.language.checker import check
from evalrules.language.parser import parse
from evalrules.messages import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((Path(__file__).parent / "data" / "checker_cases.yaml").read_text(encoding="utf-8"))


def _check_case(case: dict) -> tuple[list[Diagnostic], list[Diagnostic], str]:
    """The errors and warnings of a case's rule file, and its rendering in both languages."""
    if "errors" not in case:
        rules = evalrules.loads(case["rules"], "case.rules")
        rendered = "\n".join(w.render(rules.source, lang) for lang in ("en", "zh") for w in rules.warnings)
        return [], list(rules.warnings), rendered
    with pytest.raises(RuleError) as caught:
        evalrules.loads(case["rules"], "case.rules")
    error = caught.value
    return error.diagnostics, error.warnings, error.render("en") + "\n" + error.render("zh")


def _assert_located(got: list[Diagnostic], expected: list[list], lang: str, what: str) -> None:
    found = sorted((d.span.line, d.span.column, d.message(lang)) for d in got)
    assert len(found) == len(expected), f"{what}: {found}"
    for (line, column, message), (want_line, want_column, words) in zip(found, sorted(map(tuple, expected))):
        assert (line, column) == (want_line, want_column), (what, message, words)
        assert words in message, what


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CASES])
def test_rule_file_is_checked_with_every_error_and_warning_located(case: dict) -> None:
    errors, warnings, rendered = _check_case(case)
    _assert_located(errors, case.get("errors", []), "en", "errors")
    _assert_located(warnings, case.get("warnings", []), "en", "warnings")
    if "zh" in case:  # the Chinese text of every error and warning
        _assert_located(errors + warnings, case["zh"], "zh", "zh")
    for hint in case.get("hints", []):
        assert hint in rendered
    for diagnostic in errors + warnings:
        assert diagnostic.span.file == "case.rules"
        assert diagnostic.id != "untranslated" and diagnostic.message("zh") != diagnostic.message("en")


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
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8").replace("优 >= 90%", "优 >= 90")
    rules = evalrules.loads(text, "suzhou-2024.rules")
    assert [w.message("en") for w in rules.warnings] == [
        "grade '优' needs at least 90, more than the rule set's maximum 82: no form can reach it"
    ]
    assert str(rules.maximum.normalize()) == "82"


def test_a_missing_rule_file_is_named_without_a_position() -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.load("no/such/file.rules")
    assert caught.value.render("en").startswith("no/such/file.rules: error: no such rule file")


# ---- what a message shows of the rule file ------------------------------------------------------


def _caret_target(rendered: list[str], head: int) -> str:
    """The character of the source line (shown under line `head`) that the caret points at."""
    source, caret = rendered[head + 1].split("| ", 1)[1], rendered[head + 2].split("| ", 1)[1]
    pad, column = caret.index("^"), 0
    for char in source:
        if column == pad:
            return char
        column += display_width(char)
    return ""


def test_a_line_longer_than_200_characters_is_shown_as_a_window_with_the_caret_in_place() -> None:
    terms = " + ".join(["paid"] * 80)
    text = f'ruleset "t" {{ year 2024 }}\nbudget {{ paid }}\nvalue 率 = {terms} ÷ {terms}\n'
    with pytest.raises(RuleError) as caught:
        evalrules.loads(text, "long.rules")
    for lang in ("en", "zh"):
        rendered = caught.value.render(lang).splitlines()
        assert rendered[0].startswith("long.rules:3:")
        shown = rendered[1].split("| ", 1)[1]
        assert shown.startswith("… + paid") and shown.endswith("+ p…")
        assert len(shown) <= 202  # 200 characters and a … at each end
        assert _caret_target(rendered, 0) == "÷"


def test_a_long_name_is_cut_in_the_message_and_in_the_source_line() -> None:
    name = "基" * 5000
    text = f'ruleset "t" {{ year 2024 }}\ncategory 产出 {{ weights split 30 apportion 0.01 quantitative {name} }}\n'
    with pytest.raises(RuleError) as caught:
        evalrules.loads(text, "long.rules")
    rendered = caught.value.render("en").splitlines()
    head = next(i for i, line in enumerate(rendered) if "unknown quantitative scheme" in line)
    assert max(len(line) for line in rendered) < 500
    assert rendered[head].endswith("…'")
    assert _caret_target(rendered, head) == "基"


def test_control_characters_in_a_rule_file_never_reach_the_terminal() -> None:
    text = (
        'ruleset "t" { year 2024 }\n'
        'qualitative 六级 { levels 100% 0% }\n'
        "quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }\n"
        'category 产出 {\tweights split 30 apportion 0.01 quantitative "基\x1b[2J\u200b木" qualitative 六级 } # \x07\x1b]0;x\x07\n'
    )
    with pytest.raises(RuleError) as caught:
        evalrules.loads(text, "bad\x1b[31m.rules")
    for lang in ("en", "zh"):
        rendered = caught.value.render(lang)
        assert [c for c in rendered if is_hidden(c) and c != "\n"] == []
        assert "<U+001B>[2J<U+200B>" in rendered and "<U+0007>" in rendered
    error = next(d for d in caught.value.diagnostics if d.id == "check.unknown_name")
    assert error.message("en") == "unknown quantitative scheme '基<U+001B>[2J<U+200B>木'"
    assert error.to_dict()["message"]["zh"] == "未定义的定量指标算法“基<U+001B>[2J<U+200B>木”"


def test_a_diagnostic_as_data_has_its_position_id_and_both_languages() -> None:
    with pytest.raises(RuleError) as caught:
        evalrules.loads('ruleset "t" { year 2024 }\ncategory 产出 { weights split 30 apportion 0.01 quantitative 基木 }\n', "x.rules")
    data = next(d for d in caught.value.diagnostics if d.id == "check.unknown_name").to_dict()
    assert data == {
        "file": "x.rules",
        "line": 2,
        "column": 60,
        "end_line": 2,
        "end_column": 62,
        "severity": "error",
        "id": "check.unknown_name",
        "message": {"zh": "未定义的定量指标算法“基木”", "en": "unknown quantitative scheme '基木'"},
        "hint": None,  # no quantitative scheme is declared: nothing to suggest
    }


def test_no_message_of_the_rule_language_stages_is_built_in_code() -> None:
    # Every text a person reads comes from the catalogue: no sentence, no repr, in these modules,
    # and every message id they name is in it.
    checker = sorted(str(p.relative_to(ROOT / "evalrules")) for p in (ROOT / "evalrules" / "language" / "checker").glob("*.py"))
    assert len(checker) > 1, "the checker's modules are not found"
    for module in ("language/parser.py", *checker, "language/paths.py", "engine/loader.py", "errors.py"):
        source = (ROOT / "evalrules" / module).read_text(encoding="utf-8")
        assert "!r}" not in source and "repr(" not in source, module
        named = set(re.findall(r'"((?:check|syntax|load|owner|kind|term|param|hint)\.[a-z0-9_]+)"', source))
        assert sorted(named - set(CATALOGUE)) == [], module


@pytest.mark.parametrize("case", [c for c in CASES if c.get("zh")], ids=lambda c: c["name"])
def test_diagnostics_pickle_copy_and_compare_with_their_messages(case: dict) -> None:
    errors, warnings, _ = _check_case(case)
    for diagnostic in errors + warnings:
        for again in (pickle.loads(pickle.dumps(diagnostic)), copy.deepcopy(diagnostic)):
            assert again == diagnostic and hash(again) == hash(diagnostic)
            assert again.message("zh") == diagnostic.message("zh") and again.to_dict() == diagnostic.to_dict()



def test_an_indicator_rule_differing_from_a_fixed_weight_only_by_a_hidden_character_is_a_warning() -> None:
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8")
    hidden = text.replace("indicator 预算执行率", 'indicator "预算\u200b执行率"')  # quoted: not a bare name
    rules = evalrules.loads(hidden, "suzhou-2024.rules")
    (warning,) = rules.warnings
    assert warning.id == "check.indicator_near_fixed"
    assert warning.message("en").startswith(
        "indicator rule '预算<U+200B>执行率' differs slightly from the fixed-weight indicator '预算执行率'"
    )


# ---- what the cases as data cannot reach ------------------------------------------------------

_SMALL_RULE_SET = (
    'ruleset "t" { year 2024 }\n'
    "qualitative 两级 { levels 100% 0% }\n"
    "qualitative 三级 { levels 100% 50% 0% }\n"
    "quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }\n"
    "category 产出 { weights split 30 apportion 0.01 quantitative 基本 qualitative 两级 }\n"
    "missing { without explanation score 0 with explanation review }\n"
)


def test_an_extends_the_loader_did_not_resolve_is_an_error_naming_the_file_to_extend() -> None:
    # `load` and `loads` resolve every `extends` before checking; a caller checking a parsed file
    # itself, without its parent, is told what was not read rather than getting a rule set without it.
    with pytest.raises(RuleError) as caught:
        check(parse('extends "base.rules"\n' + _SMALL_RULE_SET, "case.rules"))
    (error,) = caught.value.diagnostics
    assert (error.id, error.span.line, error.span.column) == ("check.extends_unresolved", 1, 1)
    assert "the file to extend, 'base.rules', was not read" in error.message("en")
    assert "“base.rules”" in error.message("zh")


def test_an_indicator_rules_own_qualitative_scheme_places_its_actual() -> None:
    # 50% is a level of the indicator rule's 三级, not of its category's 两级.
    rules = evalrules.loads(_SMALL_RULE_SET + "indicator 质量达标 { qualitative 三级 }\n", "case.rules")
    record = {
        "project": {"name": "测试", "year": 2024},
        "indicators": [
            {"category": "产出", "name": "质量达标", "target": "达标", "actual": "50%"},
            {"category": "产出", "name": "及时性", "target": "及时", "actual": "50%"},
        ],
    }
    own, other = rules.score(evalrules.record_from_data(record)).indicators
    assert (own.score, own.status) == (Decimal("7.50"), "scored")
    assert (other.score, other.status) == (None, "review")


_PARENT_BODY = (
    "qualitative 六级 { levels 100% 0% }\n"
    "quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }\n"
    "category {name} { weights split 30 apportion 0.01 quantitative 基本 qualitative 六级 }\n"
    "missing { without explanation score 0 with explanation review }\n"
)


_PARENT_OF_产出 = 'ruleset "基" { year 2024 }\n' + _PARENT_BODY.replace("{name}", "产出")


def _child_refused(folder: Path, parent: str, override: str) -> RuleError:
    """The error of loading a child of `parent` (written to folder/base.rules) that says `override`
    on its third line."""
    (folder / "base.rules").write_text(parent, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        evalrules.loads('extends "base.rules"\nruleset "子" { }\n' + override, "child.rules", base=folder)
    return caught.value


def test_a_child_keeps_its_parents_maximum_and_a_total_changed_from_it_is_an_error_at_the_parent(
    tmp_path: Path,
) -> None:
    parent = 'ruleset "基" {\n  year 2024\n  maximum 30\n}\n' + _PARENT_BODY.replace("{name}", "产出")
    refused = _child_refused(tmp_path, parent, "override category 产出 { weights split 40 apportion 0.01 }\n")
    (error,) = refused.diagnostics
    assert (Path(error.span.file).name, error.span.line, error.span.column) == ("base.rules", 3, 11)
    assert "the category totals sum to 40, not the declared maximum 30" in error.message("en")


def test_an_override_of_a_misspelt_name_is_offered_a_parent_block_named_by_an_empty_string_as_its_keyword(
    tmp_path: Path,
) -> None:
    # A block named "" is listed among the known names by its keyword, never as an empty name.
    parent = 'ruleset "基" { year 2024 }\n' + _PARENT_BODY.replace("{name}", '""')
    refused = _child_refused(tmp_path, parent, "override category categori { weights split 40 apportion 0.01 }\n")
    (error,) = refused.diagnostics
    assert (error.id, error.span.line, error.span.column) == ("check.override_nothing", 3, 19)
    assert "did you mean 'category'?" in refused.render("en")


def test_an_override_changing_a_clauses_kind_names_that_kind_by_its_phrase_in_both_languages(tmp_path: Path) -> None:
    # The kind of clause an override may not change is named by its catalogue phrase (`kind.levels`:
    # 等级（levels 或 bands）in Chinese), never by the bare slot name `levels`.
    refused = _child_refused(tmp_path, _PARENT_OF_产出, "override qualitative 六级 { bands { 好 [50%, 100%] 差 [0%, 50%) } }\n")
    (error,) = [d for d in refused.diagnostics if d.id == "check.override_kind"]
    assert (Path(error.span.file).name, error.span.line, error.span.column) == ("child.rules", 3, 27)
    assert "cannot change the kind of its levels: levels at" in error.message("en")
    assert "不能改变等级（levels 或 bands）的种类" in error.message("zh")


def _located(refused: RuleError) -> list[tuple[str, str, int, int]]:
    """Each error of a refused child as (id, file name, line, column), in the order reported."""
    return [(d.id, Path(d.span.file).name, d.span.line, d.span.column) for d in refused.diagnostics]


def test_after_an_override_of_a_name_the_parent_lacks_the_child_blocks_that_follow_are_still_merged(
    tmp_path: Path,
) -> None:
    # The refused override (a misspelt 产岀) is dropped, and the merge goes on: the 六级 written
    # after it without `override` is still told it needs one.
    refused = _child_refused(
        tmp_path, _PARENT_OF_产出,
        "override category 产岀 { weights split 40 apportion 0.01 }\nqualitative 六级 { levels 100% 50% 0% }\n",
    )  # fmt: skip
    assert _located(refused) == [
        ("check.override_nothing", "child.rules", 3, 19),
        ("check.needs_override", "child.rules", 4, 13),
    ]
    assert "qualitative scheme '六级' is already defined at" in refused.diagnostics[1].message("en")


def test_every_child_block_redefining_a_parent_block_without_override_is_an_error(tmp_path: Path) -> None:
    # Not only the first: 产出 and then 六级, both written without `override`, are each reported.
    refused = _child_refused(
        tmp_path, _PARENT_OF_产出, "category 产出 { weights split 40 apportion 0.01 }\nqualitative 六级 { levels 100% 50% 0% }\n"
    )
    assert _located(refused) == [
        ("check.needs_override", "child.rules", 3, 10),
        ("check.needs_override", "child.rules", 4, 13),
    ]
    assert "write `override category …` to change it" in refused.diagnostics[0].message("en")
    assert "write `override qualitative …` to change it" in refused.diagnostics[1].message("en")


def test_a_part_extending_a_part_has_the_blocks_after_its_part_line_merged(tmp_path: Path) -> None:
    # The `part` line says what the merged file is; the blocks written after it are still merged,
    # so a 六级 redefined there without `override` is an error in the child.
    (tmp_path / "base.rules").write_text('part "基"\n' + _PARENT_BODY.replace("{name}", "产出"), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        evalrules.loads(
            'extends "base.rules"\npart "子"\nqualitative 六级 { levels 100% 50% 0% }\n', "child.rules", base=tmp_path
        )
    assert _located(caught.value) == [("check.needs_override", "child.rules", 3, 13)]
    assert "qualitative scheme '六级' is already defined at" in caught.value.diagnostics[0].message("en")


# One faulty declaration of each kind, written after a case's rule file, and words of its error.
_LAST_ERRORS = {
    "category": ("category 探类 { weights split 1 apportion 0.01 quantitative 无此算法 qualitative 无此算法 }", "无此算法"),
    "indicator rule": ("indicator 探指标 { actual 无此值 }", "无此值"),
    "value": ("value 探值 = 无此量 + 1", "无此量"),
    "block": ("block 探块 total 1 { categories 无此类 }", "无此类"),
    "check": ('check 探查 error { require budget.无此数 = 1 at budget.无此数 zh "" en "" }', "无此数"),
    "qualitative scheme": ("qualitative 探定性 { levels 100% 250% }", "between 0% and 100%"),
}


@pytest.mark.parametrize("kind", list(_LAST_ERRORS))
def test_whatever_a_file_gets_wrong_before_the_checker_still_reports_an_error_at_its_end(kind: str) -> None:
    # Policy staff fix a file from one full list of its errors: an error, a duplicate or a refused
    # declaration early in a file must never stop the checker from reaching the declarations after
    # it. Every case's rule file that parses, with one faulty declaration added at its end.
    line, words = _LAST_ERRORS[kind]
    checked = 0
    for case in CASES:
        try:
            parse(case["rules"], "case.rules")
        except RuleError:
            continue  # a syntax error stops at parsing, by design
        text = case["rules"].rstrip("\n") + "\n" + line + "\n"
        with pytest.raises(RuleError) as caught:
            evalrules.loads(text, "case.rules")
        last = text.count("\n")
        assert any(d.span.line == last and words in d.message("en") for d in caught.value.diagnostics), case["name"]
        checked += 1
    assert checked >= 70
