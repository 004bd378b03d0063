"""The formatter (`evalrules.language.format.format_rules`): its layout decision by decision, every
grammar rule, the shipped files as it leaves them, its errors and its safety net.

The layout cases are data (tests/data/fmt/layout.yaml); the properties (idempotent,
meaning-preserving, layout-blind) are in tests/test_format_properties.py; the command in
tests/test_fmt_cli.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from lark import Lark, Token

from evalrules.errors import RuleSyntaxError
from evalrules.language import format as formatter
from evalrules.language.format import FormatterError, format_rules
from evalrules.language.tables import GRAMMAR_PATH
from rule_text import tokens_and_gaps

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "fmt"
EVERY_CONSTRUCT = DATA / "every-construct.rules"
CASES = yaml.safe_load((DATA / "layout.yaml").read_text(encoding="utf-8"))
# The files the formatter must leave as they are: clause ids (`suzhou-2024.rules:53`) cite their lines.
SHIPPED = sorted((ROOT / "rules").rglob("*.rules")) + [ROOT / "docs" / "examples" / "shandong-2022.rules"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CASES])
def test_layout_case(case: dict[str, Any]) -> None:
    assert format_rules(case["input"]) == case["output"]
    assert format_rules(case["output"]) == case["output"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_shipped_rule_files_are_formatted_already(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_rules(text, str(path)) == text


def _grammar() -> Lark:
    return Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", keep_all_tokens=True)


def test_every_grammar_rule_and_terminal_is_formatted() -> None:
    """every-construct.rules uses every rule and terminal of grammar.lark, and is its own canonical
    text: a construct the formatter mishandled would change it, a new construct missing from it
    fails here until it is added (and its layout decided)."""
    grammar = _grammar()
    rules = {
        str(rule.alias or rule.origin.name)
        for rule in grammar.rules
        if not rule.origin.name.startswith("_") and not (rule.options.expand1 and rule.alias is None)
    }
    terminals = {t.name for t in grammar.terminals if t.name not in ("WS", "COMMENT")}
    text = EVERY_CONSTRUCT.read_text(encoding="utf-8")
    seen_rules: set[str] = set()
    seen_terminals: set[str] = set()
    for node in grammar.parse(text).iter_subtrees():
        seen_rules.add(str(node.data))
        seen_terminals.update(t.type for t in node.children if isinstance(t, Token))
    assert sorted(rules - seen_rules) == [] and sorted(terminals - seen_terminals) == []
    assert format_rules(text) == text


def _respaced(text: str, between: str) -> str:
    """`text` with `between` in place of every gap between two tokens that holds no comment and
    no blank line (what the formatter reads from a layout is kept, nothing else)."""
    tokens, gaps = tokens_and_gaps(text)
    plain = [gap if "#" in gap or gap.count("\n") >= 2 else between for gap in gaps]
    return "".join(gap + str(token) for gap, token in zip(plain, [*tokens, ""]))


@pytest.mark.parametrize("between", [" ", "\n", "\n\t    ", "   "], ids=["one line", "a token a line", "indented", "spaces"])
def test_every_construct_laid_out_otherwise_formats_back_to_its_canonical_text(between: str) -> None:
    text = EVERY_CONSTRUCT.read_text(encoding="utf-8")
    respaced = _respaced(text, between)
    assert respaced != text
    assert format_rules(respaced) == text


def test_a_file_that_does_not_parse_is_a_syntax_error_with_its_position() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        format_rules('ruleset "x" {\n  maximum\n}\ngrades { 优 >= }\n', "bad.rules")
    rendered = caught.value.render("en")
    assert rendered.startswith("bad.rules:3:1: error:")
    assert "bad.rules:4:" in rendered  # every broken block, as `evalrules check` reports them
    assert "   3 | }" in rendered and "^" in rendered


def test_line_endings_and_a_byte_order_mark_are_kept() -> None:
    text = 'ruleset "x" { maximum 100 }  # 满分\n'
    assert format_rules(text.replace("\n", "\r\n")) == 'ruleset "x" {\r\n  maximum 100\r\n}  # 满分\r\n'
    assert format_rules("\ufeff" + text) == '\ufeffruleset "x" {\n  maximum 100\n}  # 满分\n'
    crlf = format_rules(text.replace("\n", "\r\n"))
    assert format_rules(crlf) == crlf


def test_every_comment_is_kept_in_order_wherever_it_stands() -> None:
    source = "\n".join(
        [
            "# 0",
            "category # 1",
            "产出 # 2",
            "{ # 3",
            "weights # 4",
            "fixed # 5",
            "{ 甲 # 6",
            "1 # 7",
            "} # 8",
            "# 9",
            "} # 10",
            "# 11",
        ]
    )
    formatted = format_rules(source)
    assert [line.split("#")[1].strip() for line in formatted.split("\n") if "#" in line] == [str(i) for i in range(12)]


def test_the_formatter_refuses_to_return_text_that_lost_a_comment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net: output that is not the input re-spaced (here a formatter that drops a
    comment) raises FormatterError instead of being returned."""
    original = formatter._Formatter.rows

    def losing(self: Any) -> list[Any]:
        return [row for row in original(self) if row.code is not None]

    monkeypatch.setattr(formatter._Formatter, "rows", losing)
    with pytest.raises(FormatterError):
        format_rules("# 说明\nmissing { with explanation review }\n")
    assert format_rules("missing { with explanation review }\n")  # nothing to lose, nothing refused


def test_the_formatter_refuses_to_return_text_that_changed_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatter, "_bare", lambda name: True)  # would unquote "a b" into two names
    with pytest.raises(FormatterError):
        format_rules('category "a b" { optional }\n')
