"""Parts (规则片段): rule files opened by `part "…"` that hold blocks several rule sets share.

The files are in tests/data/parts: `checks.rules` (a part of two checks), `more.rules` (a part
extending it, adding a third), `city.rules` (a rule set extending `checks.rules` and overriding one
of its checks) and `county.rules` (a rule set extending `more.rules`: rule set → part → part).
Cases that need one file only are written here as text, loaded with `base=DATA` so that
`extends "checks.rules"` finds the part. The checker's cases of a part alone (errors with their
positions) are in tests/data/checker_cases.yaml.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest

import evalrules
from evalrules import RuleError
from evalrules.cli import main
from evalrules.engine import loader
from evalrules.engine.loader import CheckedPart, check_file, check_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "parts"
RULES = ROOT / "rules"

FORM = {
    "project": {"name": "社区养老服务", "year": 2024, "jurisdiction": "某市"},
    "declared_total_score": 95,
    "indicators": [
        {"category": "产出", "name": "服务人次", "target": ">=1000人次", "weight": 60, "actual": "900人次", "score": 60},
        {"category": "效益", "name": "满意度", "target": ">=90%", "weight": 40, "actual": "95%", "score": 40},
    ],
}  # fmt: skip
# A rule set's blocks, without its checks: what a rule set that takes its checks from a part writes.
RULE_SET = (DATA / "city.rules").read_text(encoding="utf-8").split("override check")[0].split("\n", 2)[2]
# A part whose check reads a value it does not declare (column 25: `执行率`).
PART_WITH_ERROR = 'part "p"\ncheck 率 error { require 执行率 <= 1 at declared_total_score zh "率" en "rate" }\n'


def refusal(text: str, name: str = "child.rules") -> RuleError:
    with pytest.raises(RuleError) as caught:
        evalrules.loads(text, name, base=DATA)
    return caught.value


def located(error: RuleError) -> list[tuple[str, int, int, str]]:
    return [(d.span.file, d.span.line, d.span.column, d.id) for d in error.diagnostics]


# ---- a part alone ---------------------------------------------------------------------------------


def test_a_part_checks_clean_alone_without_ruleset_category_or_missing_block() -> None:
    part = check_file(DATA / "checks.rules")
    assert isinstance(part, CheckedPart)
    assert (part.title, part.checks, part.warnings) == ("共用审核规则（测试）", ("自评分", "合计与总分"), ())


def test_a_part_that_extends_a_part_has_the_blocks_of_both() -> None:
    part = check_file(DATA / "more.rules")
    assert isinstance(part, CheckedPart)
    assert part.title == "共用审核规则及权重（测试）"  # its own title, never the part's it extends
    assert part.checks == ("自评分", "合计与总分", "权重不符")
    assert list(part.sources) == [str(DATA / "more.rules"), str(DATA / "checks.rules")]


def test_loading_a_part_is_refused_at_its_part_line_in_both_languages() -> None:
    text = (DATA / "checks.rules").read_text(encoding="utf-8")
    for load in (lambda: evalrules.load(DATA / "checks.rules"), lambda: evalrules.loads(text, "checks.rules")):
        with pytest.raises(RuleError) as caught:
            load()
        [error] = caught.value.diagnostics
        assert (error.span.line, error.span.column, error.id) == (2, 1, "load.part_cannot_score")
        assert "cannot score a form" in error.message("en") and "不能单独用于评分" in error.message("zh")


def test_loading_a_part_with_errors_reports_its_errors_not_the_refusal() -> None:
    error = refusal(PART_WITH_ERROR, "p.rules")
    assert located(error) == [("p.rules", 2, 25, "check.unknown_name")]


def test_a_part_extends_only_a_part() -> None:
    error = refusal('extends "city.rules"\npart "p"\n')
    assert located(error) == [("child.rules", 1, 9, "check.part_extends_ruleset")]
    assert "a part extends only another part; 'city.rules' is a rule set" in error.diagnostics[0].message("en")


# ---- a rule set that extends a part -----------------------------------------------------------------


def test_a_rule_set_takes_the_checks_of_the_part_it_extends_and_their_clauses_cite_the_part() -> None:
    city = evalrules.load(DATA / "city.rules")
    checks = {check.name: check for check in city.checks}
    assert list(checks) == ["自评分", "合计与总分"]
    assert checks["自评分"].clause.id == "checks.rules:5"  # taken over: the part's file and line
    assert (checks["合计与总分"].severity, checks["合计与总分"].clause.id) == ("warning", "city.rules:38")  # overridden
    assert [path for path, _ in city.extends] == [str(DATA / "checks.rules")]
    findings = {f.check: f for f in city.score(FORM).findings}
    assert findings["自评分"].clause is not None and findings["自评分"].clause.id == "checks.rules:5"
    assert findings["自评分"].path == "indicators[0].score"
    assert findings["合计与总分"].severity == "warning" and findings["合计与总分"].clause.id == "city.rules:38"


def test_a_rule_set_at_the_end_of_a_chain_of_parts_has_every_parts_checks() -> None:
    county = evalrules.load(DATA / "county.rules")
    assert [(c.name, c.clause.id) for c in county.checks] == [
        ("自评分", "checks.rules:5"),
        ("合计与总分", "checks.rules:13"),
        ("权重不符", "more.rules:6"),
    ]
    assert county.title == "某县项目支出绩效自评（测试）" and county.maximum == 100


def test_a_rule_set_that_extends_a_part_writes_its_own_ruleset_block() -> None:
    without = RULE_SET.split("qualitative", 1)[1]
    error = refusal('extends "checks.rules"\nqualitative' + without)
    assert [d.id for d in error.diagnostics] == ["check.no_ruleset"]
    rendered = error.render("en")
    assert "the file extended is a part: a rule set writes its own ruleset block" in rendered


def test_a_rule_set_changes_a_parts_block_only_by_override() -> None:
    check = (
        "check 自评分 warning for each row in indicators {"
        ' require row.claimed = row.score at row.claimed zh "自评分" en "claimed" }\n'
    )
    error = refusal('extends "checks.rules"\n' + RULE_SET + check)
    [diagnostic] = error.diagnostics
    assert diagnostic.id == "check.needs_override"
    assert "checks.rules:5" in diagnostic.message("en")  # the part's line, where it is defined


def test_a_part_errors_are_reported_in_the_part_when_a_rule_set_extends_it(tmp_path: Path) -> None:
    (tmp_path / "shared.rules").write_text(PART_WITH_ERROR, encoding="utf-8")
    (tmp_path / "set.rules").write_text('extends "shared.rules"\n' + RULE_SET, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        evalrules.load(tmp_path / "set.rules")
    found = [(Path(d.span.file).name, d.span.line, d.id) for d in caught.value.diagnostics]
    assert found == [("shared.rules", 2, "check.unknown_name")]
    assert "执行率" in caught.value.render("en")  # shown with the part's own line


# ---- the command line -------------------------------------------------------------------------------


def form_file(folder: Path) -> Path:
    form = folder / "form.json"
    form.write_text(json.dumps(FORM, ensure_ascii=False), encoding="utf-8")
    return form


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_of_a_part_says_it_is_a_part_and_found_no_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, err = run(capsys, "check", "tests/data/parts/checks.rules", "--lang", "en")
    assert (status, err) == (0, "")
    said = "a part (规则片段); checks (2): 自评分、合计与总分; no problem found"
    assert out == f"tests/data/parts/checks.rules: ok — 共用审核规则（测试）: {said}\n"
    _, out, _ = run(capsys, "check", "tests/data/parts/checks.rules", "--lang", "zh")
    assert "规则片段（part）；检查 2 项：自评分、合计与总分；未发现问题" in out


def test_check_of_a_part_shows_its_warnings_and_json_says_part(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    part = tmp_path / "schemes.rules"
    text = 'part "共用算法"\nqualitative 三档 {\n  levels 100% 80% 60% 0%\n  round score 10 half_up\n}\n'
    part.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "check", str(part), "--lang", "en")
    assert status == 0 and "checks (0): —; no problem found" in out
    assert "schemes.rules:4:15: warning: rounding a score in steps of 10" in err
    status, out, err = run(capsys, "check", str(part), "--format", "json")
    data = json.loads(out)
    assert status == 0 and err == ""
    assert {k: data[k] for k in ("file", "ok", "part", "title", "checks", "errors")} == {
        "file": str(part), "ok": True, "part": True, "title": "共用算法", "checks": [], "errors": [],
    }  # fmt: skip
    assert [w["line"] for w in data["warnings"]] == [4] and "categories" not in data and "maximum" not in data


def test_check_json_of_a_rule_set_does_not_say_part(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(DATA / "city.rules"), "--format", "json")
    assert "part" not in json.loads(out)


def test_scoring_by_a_part_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    form = form_file(tmp_path)
    status, out, err = run(capsys, "score", str(DATA / "checks.rules"), str(form), "--lang", "en")
    assert status == 2 and out == ""
    assert "checks.rules:2:1: error: '共用审核规则（测试）' is a part (规则片段): it cannot score a form on its own" in err


def test_picking_from_a_folder_leaves_its_parts_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    form = form_file(tmp_path)
    status, out, err = run(capsys, "score", "--rules", str(DATA), str(form), "--lang", "en")
    assert status == 0, err
    assert err == f"{form}: scored by city.rules (某市项目支出绩效自评（测试）)\n"
    assert "total 94 of 100" in out


def test_a_folder_of_parts_alone_has_no_rule_set_to_pick(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(DATA / "checks.rules", folder)
    form = form_file(tmp_path)
    status, out, err = run(capsys, "score", "--rules", str(folder), str(form), "--lang", "en")
    assert (status, out) == (2, "")
    assert err == f"{folder}: the folder holds only parts (规则片段), no rule set to score with\n"


def test_a_broken_part_in_a_folder_makes_the_folder_unusable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(DATA, folder)
    (folder / "broken.rules").write_text('part "p"\ncheck x error { }\n', encoding="utf-8")
    form = form_file(tmp_path)
    status, out, err = run(capsys, "score", "--rules", str(folder), str(form), "--lang", "en")
    assert (status, out) == (2, "") and "broken.rules:2" in err


# ---- shipped parts ----------------------------------------------------------------------------------


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed copy of the shipped rules: a rule set in `_rules/`, the part in `_rules/shared/`."""
    folder = tmp_path / "site-packages" / "evalrules" / "_rules"
    (folder / "shared").mkdir(parents=True)
    shutil.copy(DATA / "checks.rules", folder / "shared" / "checks.rules")
    text = (DATA / "city.rules").read_text(encoding="utf-8")
    text = text.replace('extends "checks.rules"', 'extends "shared/checks.rules"')
    (folder / "city-2024.rules").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "_SHIPPED", (folder,))
    return folder


def test_a_shipped_rule_set_extends_a_shipped_part_named_by_its_path_in_the_shipped_folder(shipped: Path) -> None:
    assert list(evalrules.shipped_rule_sets()) == ["city-2024"]  # the part is not a rule set to pick
    city = evalrules.load("city-2024")
    assert [path for path, _ in city.extends] == ["shared/checks.rules"]  # the same on every machine
    assert city.checks[0].clause.id == "checks.rules:5"
    by_path = evalrules.load(shipped / "city-2024.rules")
    assert [path for path, _ in by_path.extends] == ["shared/checks.rules"]


def test_a_shipped_part_is_checked_by_its_path_in_the_shipped_folder(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    part = check_file("shared/checks.rules")
    assert isinstance(part, CheckedPart) and part.path == "shared/checks.rules"
    with pytest.raises(RuleError) as caught:
        evalrules.load("shared/checks.rules")
    found = [(str(d.span), d.id) for d in caught.value.diagnostics]
    assert found == [("shared/checks.rules:2:1", "load.part_cannot_score")]
    status, out, _ = run(capsys, "check", "shared/checks.rules", "--lang", "en")
    assert status == 0 and out.startswith("shared/checks.rules: ok — 共用审核规则（测试）: a part (规则片段)")


def test_rule_text_extends_a_shipped_part_without_a_folder(shipped: Path) -> None:
    rules = evalrules.loads('extends "shared/checks.rules"\n' + RULE_SET, "mine.rules")
    assert [c.name for c in rules.checks] == ["自评分", "合计与总分"]
    error = refusal('extends "../../outside.rules"\n' + RULE_SET)  # no way out of the shipped folder
    assert [d.id for d in error.diagnostics] == ["load.extends_missing"]


def test_the_wheel_config_includes_the_whole_rules_folder_where_the_loader_looks() -> None:
    """hatch's force-include copies a folder with everything under it (rules/shared/ too): the
    folder, not a glob of its top-level files, must be what is included, at `loader._SHIPPED[0]`."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include == {"rules": "evalrules/_rules", "examples": "evalrules/examples"}
    assert loader._SHIPPED[0].relative_to(loader._PACKAGE.parent).as_posix() == "evalrules/_rules"


def test_the_wheel_ships_every_file_of_rules_with_its_subfolders(tmp_path: Path) -> None:
    """The wheel's force-include maps rules/ (subfolders too, such as rules/shared/) to evalrules/_rules/."""
    builder = pytest.importorskip("hatchling.builders.wheel", reason="building the wheel needs hatchling")
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "evalrules", tree / "evalrules", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(RULES, tree / "rules")
    shutil.copytree(ROOT / "examples", tree / "examples")
    (tree / "rules" / "shared").mkdir(exist_ok=True)
    if not any((tree / "rules" / "shared").iterdir()):
        shutil.copy(DATA / "checks.rules", tree / "rules" / "shared" / "checks.rules")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    [wheel] = builder.WheelBuilder(str(tree)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = (tree / "rules").rglob("*.rules")
    expected = {"evalrules/_rules/" + path.relative_to(tree / "rules").as_posix() for path in shipped}
    assert "evalrules/_rules/shared/checks.rules" in expected and expected <= names
    # The test files go with the rule files, and the example forms their cases name with them, so
    # that `evalrules test` runs installed: each record path resolves inside the wheel.
    tests = {"evalrules/_rules/" + p.relative_to(tree / "rules").as_posix() for p in (tree / "rules").rglob("*.tests.yaml")}
    assert len(tests) == 5 and tests <= names
    for test in tests:
        for record in re.findall(r"record: (\.\./examples/\S+)", zipfile.ZipFile(wheel).read(test).decode("utf-8")):
            assert posixpath.normpath(posixpath.join("evalrules/_rules", record)) in names, (test, record)


def test_check_text_gives_a_rule_set_or_a_part() -> None:
    assert isinstance(check_text('extends "checks.rules"\n' + RULE_SET, "x.rules", base=DATA), evalrules.RuleSet)
    assert isinstance(check_text((DATA / "more.rules").read_text(encoding="utf-8"), "m.rules", base=DATA), CheckedPart)
