"""`evalrules fmt`: files and folders rewritten in place only when they change, `--check`, `--diff`,
`-` for standard input, syntax errors with their position, and nothing lost or half-written."""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from evalrules.cli import main
from evalrules.language import format as formatter

ROOT = Path(__file__).resolve().parent.parent
MESSY = 'ruleset "示例" { maximum 100 }   # 满分\ngrades { 优 >= 90%  差 otherwise }\n'
TIDY = 'ruleset "示例" {\n  maximum 100\n}  # 满分\n\ngrades {\n  优 >= 90%\n  差 otherwise\n}\n'
BROKEN = 'ruleset "示例" {\n  maximum\n}\n'


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALRULES_LANG", "en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["fmt", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fmt_rewrites_a_file_that_changes_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = write(tmp_path / "messy.rules", MESSY)
    status, out, err = run(capsys, str(messy))
    assert (status, err) == (0, "")
    assert messy.read_text(encoding="utf-8") == TIDY
    assert out == f"reformatted {messy}\nreformatted: 1, already formatted: 0\n"


def test_fmt_leaves_a_formatted_file_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tidy = write(tmp_path / "tidy.rules", TIDY)
    os.utime(tidy, (1_000_000_000, 1_000_000_000))
    status, out, _ = run(capsys, str(tidy))
    assert status == 0 and out == "reformatted: 0, already formatted: 1\n"
    assert tidy.stat().st_mtime == 1_000_000_000  # not even rewritten with the same text


def test_a_folder_is_formatted_recursively_and_a_file_named_twice_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a.rules", MESSY)
    write(tmp_path / "sub" / "deeper" / "b.rules", MESSY)
    write(tmp_path / "notes.txt", MESSY)  # not a rule file: left alone
    status, out, _ = run(capsys, str(tmp_path), str(tmp_path / "a.rules"))
    assert status == 0
    assert (tmp_path / "sub" / "deeper" / "b.rules").read_text(encoding="utf-8") == TIDY
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == MESSY
    assert out.splitlines()[-1] == "reformatted: 2, already formatted: 0"


def test_check_writes_nothing_lists_what_would_change_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy, tidy = write(tmp_path / "messy.rules", MESSY), write(tmp_path / "tidy.rules", TIDY)
    status, out, err = run(capsys, "--check", str(tmp_path))
    assert (status, err) == (1, "")
    assert out == f"would reformat {messy}\nwould be reformatted: 1, already formatted: 1\n"
    assert messy.read_text(encoding="utf-8") == MESSY
    assert run(capsys, "--check", str(tidy))[0] == 0


def test_the_shipped_rule_files_pass_fmt_check(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status, out, err = run(capsys, "--check", "rules/", "docs/examples/shandong-2022.rules")
    assert (status, err) == (0, "")
    assert out == "would be reformatted: 0, already formatted: 7\n"


def test_diff_prints_a_unified_diff_writes_nothing_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = write(tmp_path / "messy.rules", MESSY)
    status, out, err = run(capsys, "--diff", str(messy))
    assert status == 1
    assert out.startswith(f"--- {messy}\n+++ {messy}\t(formatted)\n@@ ")
    assert "-grades { 优 >= 90%  差 otherwise }\n" in out and "+  优 >= 90%\n" in out
    assert err == f"would reformat {messy}\nwould be reformatted: 1, already formatted: 0\n"  # stdout holds the diff
    assert messy.read_text(encoding="utf-8") == MESSY


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_standard_input_and_writes_the_result_to_standard_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, MESSY.encode("utf-8"))
    assert run(capsys, "-") == (0, TIDY, "")
    _stdin(monkeypatch, TIDY.encode("utf-8"))
    assert run(capsys, "-") == (0, TIDY, "")  # a filter: formatted text comes out as it went in
    _stdin(monkeypatch, MESSY.encode("utf-8"))
    assert run(capsys, "--check", "-") == (1, "", "would reformat <stdin>\n")


def test_a_file_that_does_not_parse_gets_its_error_and_status_2_and_the_others_are_still_formatted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken, messy = write(tmp_path / "a-broken.rules", BROKEN), write(tmp_path / "b-messy.rules", MESSY)
    status, out, err = run(capsys, str(tmp_path))
    assert status == 2
    assert err.startswith(f"{broken}:3:1: error: ")
    assert "   3 | }\n" in err and "^" in err
    assert broken.read_text(encoding="utf-8") == BROKEN
    assert messy.read_text(encoding="utf-8") == TIDY
    assert out.splitlines()[-2:] == ["reformatted: 1, already formatted: 0", "could not be formatted: 1 (see above)"]


def _missing(folder: Path) -> Path:
    return folder / "missing.rules"


def _gb18030(folder: Path) -> Path:
    path = folder / "gbk.rules"
    path.write_bytes("# 说明\n".encode("gb18030"))
    return path


def _empty_folder(folder: Path) -> Path:
    (folder / "empty").mkdir()
    return folder / "empty"


@pytest.mark.parametrize(
    ("setup", "said"),
    [
        (_missing, "missing.rules: error: no such rule file"),
        (_gb18030, "gbk.rules:1:4: error: not UTF-8 text"),
        (_empty_folder, "the folder holds no rule files (*.rules)"),
    ],
    ids=["a missing file", "a file not in UTF-8", "a folder without rule files"],
)
def test_unusable_arguments_are_said_in_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: Callable[[Path], Path], said: str
) -> None:
    status, _, err = run(capsys, str(setup(tmp_path)))
    assert status == 2 and said in err and "Traceback" not in err


def test_a_rewritten_file_keeps_its_permissions_line_endings_and_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = tmp_path / "crlf.rules"
    crlf.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode("utf-8"))
    crlf.chmod(0o640)
    assert run(capsys, str(crlf))[0] == 0
    assert crlf.read_bytes() == b"\xef\xbb\xbf" + TIDY.replace("\n", "\r\n").encode("utf-8")
    assert stat.S_IMODE(crlf.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["crlf.rules"]  # no temporary file left behind


def test_a_link_stays_a_link_and_the_file_it_points_to_is_formatted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = write(tmp_path / "real.rules", MESSY)
    link = tmp_path / "link.rules"
    link.symlink_to(target)
    assert run(capsys, str(link))[0] == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == TIDY


def test_a_file_that_cannot_be_written_is_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    messy = write(tmp_path / "messy.rules", MESSY)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    status, _, err = run(capsys, str(messy))
    assert status == 2
    assert err == f"{messy}: cannot be written (Permission denied); it was left as it was\n"
    assert messy.read_text(encoding="utf-8") == MESSY
    assert [p.name for p in tmp_path.iterdir()] == ["messy.rules"]


def test_fmt_never_writes_a_file_the_formatter_would_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A formatter bug that drops a comment is caught before anything is written: the file keeps
    its comment, and the reader is told it is a bug of evalrules."""
    original = formatter._Formatter.rows
    monkeypatch.setattr(formatter._Formatter, "rows", lambda self: [r for r in original(self) if r.code is not None])
    messy = write(tmp_path / "messy.rules", "# 说明\n" + MESSY)
    status, _, err = run(capsys, str(messy))
    assert status == 2 and "a bug of evalrules" in err and "Traceback" not in err
    assert messy.read_text(encoding="utf-8") == "# 说明\n" + MESSY


def test_messages_are_in_chinese_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVALRULES_LANG")
    messy = write(tmp_path / "messy.rules", MESSY)
    _, out, _ = run(capsys, "--check", str(messy))
    assert out == f"需要重排：{messy}\n需要重排 1 个文件，0 个文件已合乎格式\n"


def test_a_file_name_with_a_control_character_is_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = write(tmp_path / "a\x1b[2Jb.rules", MESSY)
    _, out, _ = run(capsys, "--check", str(odd))
    assert "\x1b" not in out and "<U+001B>" in out
