"""Loading rules: `load` takes a path or a shipped name and never guesses; `loads` takes text.

A shipped rule set is named by its file name wherever the process runs; a file that cannot be read
(missing, a directory, not UTF-8) is refused with an `EvalRulesError` that names it and says why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import evalrules
from evalrules import EvalRulesError, RuleError, UsageError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "suzhou-2024-party-building.yaml"
SMALL = (
    'ruleset "示例" { year 2024 }\n'
    "qualitative 六级 { levels 100% 0% }\n"
    "quantitative 基本 { completion ratio reverse inverse_ratio below proportional above none }\n"
    "# 产出类按指标个数分摊\n"
    "category 产出 { weights split 30 apportion 0.01 quantitative 基本 qualitative 六级 }\n"
    "missing { without explanation score 0 with explanation review }\n"
)


def _refusal(rules: object) -> RuleError:
    with pytest.raises(RuleError) as caught:
        evalrules.load(rules)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize("where", ["root", "elsewhere"])
@pytest.mark.parametrize("name", ["suzhou-2024", "suzhou-2024.rules"])
def test_a_shipped_rule_set_is_named_by_its_file_name_wherever_the_process_runs(
    name: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT if where == "root" else tmp_path)
    rules = evalrules.load(name)
    assert rules.path == "suzhou-2024.rules"
    explanation = rules.score(evalrules.read_record(EXAMPLE)).indicators[0].explain("en")
    assert "[suzhou-2024.rules:" in explanation and str(ROOT) not in explanation


def test_a_path_is_named_as_it_was_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert evalrules.load("rules/suzhou-2024.rules").path == "rules/suzhou-2024.rules"
    assert evalrules.load(Path("rules") / "suzhou-2024.rules").path == os.path.join("rules", "suzhou-2024.rules")


def test_loads_takes_text_and_names_it() -> None:
    assert evalrules.loads(SMALL, name="示例.rules").path == "示例.rules"
    assert evalrules.loads(SMALL).path == "<rules>"


def test_load_does_not_take_rule_file_text() -> None:
    error = _refusal(SMALL)
    assert error.diagnostics[0].id == "load.no_such_file"
    shown = error.render("en").splitlines()
    assert shown[0].startswith('ruleset "示例" { year 2024 }\\nqualitative')  # one line, newlines escaped
    assert shown[-1] == "  = this looks like rule-file text, not a file name: load text with evalrules.loads(text)"
    assert "evalrules.loads(text)" in error.render("zh")


def test_shipped_rule_sets_are_looked_up_in_the_package_and_in_the_checkout() -> None:
    # The loader lives in evalrules/engine/: the wheel's copy is evalrules/_rules (pyproject's
    # force-include) and a checkout's is rules/ beside the package, not beside engine/.
    from evalrules.engine import loader

    package = Path(evalrules.__file__).resolve().parent
    assert loader._SHIPPED == (package / "_rules", package.parent / "rules")
    if not (package / "_rules").is_dir():  # a checkout (an editable install): rules/ is found
        assert evalrules.shipped_rule_sets()["suzhou-2024"] == ROOT / "rules" / "suzhou-2024.rules"


def test_a_missing_file_is_named_with_the_shipped_rule_sets() -> None:
    error = _refusal("no-such.rules")
    shipped = ", ".join(evalrules.shipped_rule_sets())
    assert "suzhou-2024" in shipped and "national-2020" in shipped
    assert error.render("en") == f"no-such.rules: error: no such rule file (shipped rule sets: {shipped})"
    assert error.render("zh") == f"no-such.rules: 错误: 找不到规则文件（随附的规则集：{shipped}）"


def test_a_directory_is_refused_by_name(tmp_path: Path) -> None:
    assert _refusal(tmp_path).render("en") == f"{tmp_path}: error: a directory, not a rule file"


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        (PermissionError(13, "Permission denied"), "permission denied: the file cannot be read"),
        (OSError(5, "Input/output error"), "the file cannot be read (Input/output error)"),
    ],
)
def test_an_unreadable_file_is_refused_by_name(
    raised: OSError, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Raised by hand: a test run as root reads a file of mode 000 all the same.
    path = tmp_path / "secret.rules"
    path.write_text(SMALL, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise raised

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert _refusal(path).render("en") == f"{path}: error: {said}"


@pytest.mark.parametrize("odd", ["", "a\x00b", "x" * 5000])
def test_a_name_no_file_system_takes_is_a_missing_file(odd: str) -> None:
    error = _refusal(odd)
    assert error.diagnostics[0].id == "load.no_such_file"
    assert max(len(line) for line in error.render("en").splitlines()) < 400  # the name cut, the shipped sets listed


@pytest.mark.parametrize("argument", [42, None, b"rules/suzhou-2024.rules", ["suzhou-2024"]])
def test_load_of_something_that_is_not_a_path_is_a_usage_error(argument: object) -> None:
    with pytest.raises(UsageError) as caught:
        evalrules.load(argument)  # type: ignore[arg-type]
    assert isinstance(caught.value, EvalRulesError)
    assert caught.value.text("en").startswith("load() takes a rule file's path or a shipped rule set's name, not ")


def test_loads_of_bytes_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        evalrules.loads(SMALL.encode("utf-8"))  # type: ignore[arg-type]
    assert caught.value.text("en") == "loads() takes rule-file text (a str), not bytes"


# ---- encodings --------------------------------------------------------------------------------


def test_a_gb18030_rule_file_is_refused_at_its_first_chinese_character_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "gbk.rules"
    path.write_bytes(SMALL.encode("gb18030"))
    error = _refusal(path)
    (diagnostic,) = error.diagnostics
    # 示 is CA BE in GB18030, which happens to be valid UTF-8 (ʾ); 例 is C0 FD, which is not.
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 11)
    assert diagnostic.message("en") == "not UTF-8 text: the byte 0xC0 here is not valid UTF-8"
    assert error.render("zh").splitlines() == [
        f"{path}:1:11: 错误: 文件不是 UTF-8 编码：此处的字节 0xC0 不是有效的 UTF-8",
        '   1 | ruleset "ʾ\ufffd\ufffd" { year 2024 }',
        "     |           ^",
        "  = 该文件似乎是 GB18030（GBK）编码，请另存为 UTF-8",
    ]


def test_a_bad_byte_is_located_by_line_and_column_after_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "mixed.rules"
    lines = SMALL.split("\n")
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines[:3]).encode("utf-8") + b"\n# caf\xe9 ok\n")
    (diagnostic,) = _refusal(path).diagnostics
    assert (diagnostic.span.line, diagnostic.span.column) == (4, 6)
    assert diagnostic.hint is None  # Latin-1 bytes do not read as GB18030 text: no guess


def test_a_utf16_rule_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "utf16.rules"
    path.write_bytes(SMALL.encode("utf-16"))
    (diagnostic,) = _refusal(path).diagnostics
    assert diagnostic.hint is not None and diagnostic.hint.text("en") == "the file looks like UTF-16 text: save it as UTF-8"


def test_a_utf8_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.rules"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert evalrules.load(path).title == "示例"
