"""The `evalrules` command: outputs, exit statuses, languages, and short messages for unusable input.

Most cases are data (tests/data/cli/cases.yaml): a command line, the exit status it must end with
and fragments of what it must print. The tests below them check what a fragment cannot: the JSON
structure, column alignment, byte-identical output, and the exit status through a closed pipe.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from evalrules import cli
from evalrules.cli import main
from evalrules.display import display_width

ROOT = Path(__file__).resolve().parent.parent
RULES = "rules/suzhou-2024.rules"
SEED = "examples/suzhou-2024-party-building.yaml"
DATA = Path(__file__).parent / "data" / "cli"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("EVALRULES_LANG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as stop:  # argparse's usage errors
        status = stop.code if isinstance(stop.code, int) else 0
    out, err = capsys.readouterr()
    return status, out, err


def _no_control_characters(text: str) -> bool:
    return all(c == "\n" or unicodedata.category(c) not in ("Cc", "Cf") for c in text)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CASES])
def test_command_line_case(case: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    status, out, err = run(capsys, *case["argv"])
    assert status == case["status"], (out, err)
    for fragment in case.get("stdout", []):
        assert fragment in out
    for fragment in case.get("stdout_not", []):
        assert fragment not in out
    for fragment in case.get("stderr", []):
        assert fragment in err
    for fragment in case.get("stderr_not", []):
        assert fragment not in err
    if case.get("stderr_empty"):
        assert err == ""
    lines = out.splitlines()
    if "width" in case:
        assert [line for line in lines if display_width(line) > case["width"]] == []
    if "longest" in case:
        assert max(display_width(line) for line in lines) >= case["longest"]
    for stream in (out, err):
        assert "Traceback" not in stream and "Decimal(" not in stream
        assert _no_control_characters(stream)


# ---- what fragments cannot show -----------------------------------------------------------------


def test_table_columns_line_up_with_chinese_text(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED)
    lines = out.splitlines()
    header = lines[1]
    rows = [line for line in lines[3:] if line[:4].strip().isdigit()]
    assert len(rows) == 17

    def column_of(line: str, cell: str) -> int:
        return display_width(line[: line.rindex(cell)])

    # the last column (status) starts at the same display column on every row and the header,
    # although the indicator names before it hold from 5 to 22 Chinese characters
    starts = {column_of(line, line.split()[-1]) for line in rows}
    assert starts == {column_of(header, "状态")}


def _display_slice(line: str, start: int, end: int) -> str:
    """The characters of `line` that stand in display columns [start, end)."""
    kept, column = [], 0
    for char in line:
        if start <= column < end:
            kept.append(char)
        column += display_width(char)
    return "".join(kept)


def test_a_wrapped_table_keeps_its_columns_aligned_and_its_numbers_whole(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--width", "80")
    lines = out.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("序号"))
    rule = lines[header_at + 1]  # ----  ------  ---…: where each column starts and ends
    spans = [(i, rule.index(" ", i) if " " in rule[i:] else len(rule)) for i, c in enumerate(rule) if c == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(spans) == 10
    # the status of every row stands at the status column
    for line in lines[header_at + 2 :]:
        if line.endswith("已评分"):
            assert display_width(line[: line.rindex("已评分")]) == spans[9][0]
    # row 15's indicator name wraps inside its column; its numbers stay whole on its first line
    first = next(i for i, line in enumerate(lines) if line.startswith("  15 "))
    row = [lines[first]]
    for line in lines[first + 1 :]:
        if line[:4].strip().isdigit() or not line.startswith(" " * spans[2][0]):
            break
        row.append(line)
    assert len(row) > 1 and all(display_width(line) <= 80 for line in row)
    name = "".join(_display_slice(line, *spans[2]).strip() for line in row)
    assert name == "市级机关群团组织系列活动人均活动成本符合要求"
    numbers = [_display_slice(row[0], *spans[i]).strip() for i in (4, 7, 8)]
    assert numbers == ["7.5", "7.5", "7.5"]


def _as_a_terminal(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    if columns is None:  # a terminal that does not say how wide it is
        monkeypatch.delenv("COLUMNS", raising=False)
        monkeypatch.setattr(os, "get_terminal_size", lambda *_: (_ for _ in ()).throw(OSError("not a terminal")))
    else:
        monkeypatch.setenv("COLUMNS", columns)


@pytest.mark.parametrize(("columns", "width"), [("100", 100), ("72", 72), (None, 80)])
def test_a_terminal_gets_the_table_at_its_width_and_80_columns_when_it_does_not_say(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str | None, width: int
) -> None:
    _as_a_terminal(monkeypatch, columns)
    _, out, _ = run(capsys, "score", RULES, SEED, "--explain", "--lang", "en")
    widths = [display_width(line) for line in out.splitlines()]
    assert max(widths) <= width and max(widths) >= width - 10  # wrapped at that width, not narrower


def test_width_given_on_the_command_line_wins_over_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_a_terminal(monkeypatch, "80")
    _, out, _ = run(capsys, "score", RULES, SEED, "--width", "0")
    assert max(display_width(line) for line in out.splitlines()) > 100


def test_explain_adds_the_arithmetic_under_each_row(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--explain")
    assert "8 × (1 − 0.7%) = 7.944 → 7.94（四舍五入至 0.01）" in out
    _, out, _ = run(capsys, "score", RULES, SEED, "--explain", "--lang", "en")
    assert "total 81.94 of 82, grade 优" in out and "rounded half-up to 0.01" in out


def test_audit_prints_only_the_findings_of_each_record(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "audit", RULES, SEED)
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == SEED and len(lines) == 5
    status, out, _ = run(capsys, "audit", RULES, SEED, SEED, "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert [len(d["findings"]) for d in data] == [4, 4]
    assert data[0]["findings"][1]["message"].startswith("sub-item “市级机关群团组织系列活动” spent 0.21")


def test_json_is_one_object_with_decimals_as_strings(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--format", "json")
    data = json.loads(out)
    assert data["total"] == "81.94" and data["grade"] == "优" and data["provisional"] is False
    assert data["indicators"][7]["score"] == "7.94" and data["indicators"][7]["completion"] == "0.9986"
    assert list(data) == ["lang", "ruleset", "source", "project", "year", "indicators", "deductions", "total", "maximum", "grade", "provisional", "findings"]


def test_json_of_several_records_is_an_array_and_jsonl_a_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, SEED, "--format", "json")
    assert [r["total"] for r in json.loads(out)] == ["81.94", "81.94"]
    _, out, _ = run(capsys, "score", RULES, SEED, SEED, "--format", "jsonl", "--width", "40")
    lines = out.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["total"] == "81.94" for line in lines)


def test_json_keeps_text_from_a_form_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, str(DATA / "hostile.yaml"), "--format", "json")
    data = json.loads(out)
    assert data["project"] == "\x1b[2J\x1b[H清屏项目\u200b"
    assert data["indicators"][0]["name"] == "培训\x1b[31m人数\x1b[0m"


def test_same_input_gives_byte_identical_json(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "score", RULES, SEED, "--format", "json")[1]
    second = run(capsys, "score", RULES, SEED, "--format", "json")[1]
    assert first.encode() == second.encode()


def test_markdown_is_a_pipe_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--format", "markdown")
    assert "| 8 | 过程 | 预算执行率 | =100% | 8 |" in out
    assert "**合计 81.94（满分 82），等级 优**" in out
    assert "items.declared\\_total.budget" in out  # an underscore would start emphasis


def test_check_json_lists_each_file_with_its_errors_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    broken = "tests/data/cli/broken.rules"
    status, out, err = run(capsys, "check", RULES, broken, "--format", "json")
    assert status == 2 and err == ""
    good, bad = json.loads(out)
    assert good == {
        "file": RULES,
        "ok": True,
        "title": "苏州市级财政支出项目绩效自评 2024",
        "categories": ["决策", "过程", "产出", "效益", "满意度"],
        "maximum": "82",
        "errors": [],
        "warnings": [],
    }
    assert bad["file"] == broken and bad["ok"] is False and "title" not in bad and bad["warnings"] == []
    [error] = bad["errors"]
    assert (error["file"], error["line"], error["column"], error["severity"]) == (broken, 3, 3, "error")
    assert error["id"] and set(error["message"]) == {"zh", "en"}
    assert error["message"]["en"].startswith("unexpected 'levles'")


def test_check_json_carries_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (ROOT / RULES).read_text(encoding="utf-8").replace("优 >= 90%", "优 >= 90")
    rules = tmp_path / "unreachable.rules"
    rules.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "check", str(rules), "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["ok"] is True and data["errors"] == []
    assert [w["severity"] for w in data["warnings"]] == ["warning"]
    assert "90" in data["warnings"][0]["message"]["en"]


def test_schema_prints_the_record_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "--lang", "en")
    schema = json.loads(out)
    assert status == 0 and {"project", "indicators"} <= set(schema["properties"])


def test_numbers_beyond_any_form_are_refused_with_their_field_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVALRULES_LANG", "en")  # record messages are in the reader's language
    record = tmp_path / "huge.json"
    record.write_text(
        '{"project": {"name": "x", "year": 2024}, "budget": {"paid": 1e999999, "appropriated": 1e-999999},'
        ' "indicators": [{"category": "产出", "name": "a", "target": ">=1", "actual": "' + "9" * 100 + '"}]}',
        encoding="utf-8",
    )
    status, out, err = run(capsys, "score", RULES, str(record))
    assert status == 2 and out == "" and "Traceback" not in err
    for path in ("budget.paid", "budget.appropriated", "indicators[0].actual"):
        assert f"{record}: {path}: " in err


def test_an_internal_error_is_one_line_in_the_readers_language_without_its_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: str) -> None:
        raise KeyError("\x1b[2J secret text of the form")

    monkeypatch.setattr(cli, "read_record", broken)
    status, out, err = run(capsys, "score", RULES, SEED, "--lang", "en")
    assert status == 2 and out == ""
    assert err == f"{SEED}: internal error (KeyError); please report it to the evalrules maintainers with this file\n"
    status, _, err = run(capsys, "score", RULES, SEED)
    assert status == 2 and err.startswith(f"{SEED}：内部错误（KeyError）")


def test_a_record_argument_dash_reads_the_form_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = Path(SEED).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed), encoding="utf-8"))
    status, out, err = run(capsys, "score", RULES, "-", "--format", "json")
    data = json.loads(out)
    assert status == 0 and err == ""
    assert data["source"] == "<stdin>" and data["total"] == "81.94"


def test_an_unusable_form_on_standard_input_is_named_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"project: [\n"), encoding="utf-8"))
    status, out, err = run(capsys, "score", RULES, "-", "--lang", "en")
    assert status == 2 and out == ""
    assert err.startswith("<stdin>: ") and "YAML" in err


# ---- a reader that stops early (`| head -1`) ------------------------------------------------------


def _evalrules(*argv: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "EVALRULES_LANG"}
    return subprocess.Popen(
        [sys.executable, "-m", "evalrules.cli", *argv], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_check_keeps_status_2_when_the_reader_stops_after_one_line() -> None:
    # `evalrules check broken.rules RULES… | head -1`: each file's `ok` is a write of its own, so
    # the writes after the first line meet the closed pipe.
    process = _evalrules("check", "tests/data/cli/broken.rules", *[RULES] * 20)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 2
    assert first.decode().startswith(f"{RULES}: ok")
    assert "broken.rules:3:3" in err
    assert "BrokenPipe" not in err and "Exception ignored" not in err and "Traceback" not in err


@pytest.mark.parametrize(("fail_on", "status"), [([], 0), (["--fail-on", "error"], 1)])
def test_score_keeps_its_status_when_the_reader_is_gone_before_the_first_line(fail_on: list[str], status: int) -> None:
    process = _evalrules("score", RULES, SEED, *fail_on)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # long before the command has loaded its rules
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == status
    assert err == ""  # no BrokenPipeError, no "Exception ignored"


def test_schema_result_prints_the_json_schema_every_result_satisfies(capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft202012Validator

    status, out, _ = run(capsys, "schema", "--result")
    schema = json.loads(out)
    assert status == 0 and {"indicators", "total", "findings"} <= set(schema["properties"])
    _, scored, _ = run(capsys, "score", RULES, SEED, "--format", "json")
    assert list(Draft202012Validator(schema).iter_errors(json.loads(scored))) == []


def test_check_of_a_folder_checks_every_rule_file_and_part_in_it_and_its_subfolders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "check", "rules", "--lang", "en")
    assert status == 0, err
    checked = [line.split(":")[0] for line in out.splitlines()]
    assert checked == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rules").rglob("*.rules"))
    assert "rules/shared/checks.rules" in checked and err == ""
    status, out, err = run(capsys, "check", str(tmp_path), "--lang", "en")
    assert status == 2 and "holds no rule files" in err
