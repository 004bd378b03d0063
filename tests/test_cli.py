"""The `evalrules` command: outputs, exit statuses, and short messages for unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalrules.cli import main
from evalrules.display import display_width

ROOT = Path(__file__).resolve().parent.parent
RULES = str(ROOT / "rules" / "suzhou-2024.rules")
SEED = str(ROOT / "examples" / "suzhou-2024-party-building.yaml")
DATA = Path(__file__).parent / "data" / "cli"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_score_prints_the_table_the_total_and_the_findings_and_exits_1_on_an_error_finding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "score", RULES, SEED)
    assert status == 1 and err == ""  # the seed's sub-item budget total is inconsistent (an error)
    assert "合计 81.94（满分 82），等级 优" in out
    assert "错误 调整预算合计 items.declared_total.budget" in out


def test_audit_prints_only_the_findings_of_each_record(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "audit", RULES, SEED)
    assert status == 1
    lines = out.splitlines()
    assert lines[0].endswith("suzhou-2024-party-building.yaml") and len(lines) == 5
    assert "合计 81.94" not in out  # no score table, no total
    status, out, _ = run(capsys, "audit", RULES, SEED, SEED, "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert [len(d["findings"]) for d in data] == [4, 4]
    assert data[0]["findings"][1]["message"].startswith("sub-item “市级机关群团组织系列活动” spent 0.21")


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


def test_explain_adds_the_arithmetic_under_each_row(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--explain")
    assert "8 × (1 − 0.7%) = 7.944 → 7.94（四舍五入至 0.01）" in out
    _, out, _ = run(capsys, "score", RULES, SEED, "--explain", "--lang", "en")
    assert "total 81.94 of 82, grade 优" in out and "rounded half-up to 0.01" in out


def test_json_is_one_object_with_decimals_as_strings(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--format", "json")
    data = json.loads(out)
    assert data["total"] == "81.94" and data["grade"] == "优" and data["provisional"] is False
    assert data["indicators"][7]["score"] == "7.94" and data["indicators"][7]["completion"] == "0.9986"
    assert list(data) == ["lang", "ruleset", "source", "project", "year", "indicators", "total", "maximum", "grade", "provisional", "findings"]


def test_json_of_several_records_is_an_array_and_jsonl_a_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, SEED, "--format", "json")
    assert [r["total"] for r in json.loads(out)] == ["81.94", "81.94"]
    _, out, _ = run(capsys, "score", RULES, SEED, SEED, "--format", "jsonl")
    lines = out.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["total"] == "81.94" for line in lines)


def test_same_input_gives_byte_identical_json(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "score", RULES, SEED, "--format", "json")[1]
    second = run(capsys, "score", RULES, SEED, "--format", "json")[1]
    assert first.encode() == second.encode()


def test_markdown_is_a_pipe_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "score", RULES, SEED, "--format", "markdown")
    assert "| 8 | 过程 | 预算执行率 | =100% | 8 |" in out
    assert "**合计 81.94（满分 82），等级 优**" in out


def test_a_record_with_error_findings_exits_1_and_shows_them(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "score", RULES, str(DATA / "bad-level.yaml"))
    assert status == 1
    assert "qualitative-level indicators[0].actual" in out


def test_an_unusable_record_exits_2_naming_the_field_and_the_rest_are_still_scored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = str(DATA / "unknown-key.yaml")
    status, out, err = run(capsys, "score", RULES, bad, SEED)
    assert status == 2
    assert f"{bad}: indicators[0].colour: unknown key" in err
    assert "Traceback" not in err
    assert "合计 81.94" in out


def test_a_broken_rule_file_exits_2_with_line_column_and_caret(capsys: pytest.CaptureFixture[str]) -> None:
    broken = str(DATA / "broken.rules")
    for argv in (["check", broken], ["score", broken, SEED]):
        status, out, err = run(capsys, *argv)
        assert status == 2 and out == ""
        assert f"{broken}:3:3: 错误: unexpected 'levles'" in err
        assert "   3 |   levles 100% 0%\n     |   ^^^^^^" in err


def test_check_accepts_the_shipped_rules_without_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", RULES, "suzhou-2024")
    assert status == 0 and err == ""
    assert out.count(": ok — 苏州市级财政支出项目绩效自评 2024") == 2


def test_schema_prints_the_record_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert status == 0 and {"project", "indicators"} <= set(schema["properties"])


@pytest.mark.parametrize(
    "argv",
    [[], ["score"], ["score", RULES], ["score", RULES, SEED, "--format", "xml"], ["score", RULES, SEED, "--lang", "fr"], ["frobnicate"]],
)
def test_bad_arguments_exit_2_with_usage_and_no_traceback(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    _, err = capsys.readouterr()
    assert caught.value.code == 2
    assert "usage: evalrules" in err and "Traceback" not in err


def test_a_missing_record_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "score", RULES, "no-such-form.yaml")
    assert status == 2 and err.startswith("no-such-form.yaml: ")


def test_numbers_beyond_any_form_are_refused_with_their_field_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record = tmp_path / "huge.json"
    record.write_text(
        '{"project": {"name": "x", "year": 2024}, "budget": {"paid": 1e999999, "appropriated": 1e-999999},'
        ' "indicators": [{"category": "产出", "name": "a", "target": ">=1", "actual": "' + "9" * 100 + '"}]}',
        encoding="utf-8",
    )
    status, out, err = run(capsys, "score", RULES, str(record))
    assert status == 2 and out == "" and "Traceback" not in err
    for path in ("budget.paid", "budget.appropriated", "indicators[0].actual"):
        assert f"{record}: {path}: out of range" in err
