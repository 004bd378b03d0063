"""What a terminal shows of text from a form: control characters and invisible marks made visible."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, strategies as st

from evalrules.display import display_width, json_safe, visible, wrap


def test_plain_chinese_text_is_shown_as_it_is() -> None:
    text = "预算执行率（苏州）　含全角空格"
    assert visible(text) == text


def test_an_ansi_escape_sequence_loses_its_escape_character() -> None:
    assert visible("\x1b[2J清屏") == "<U+001B>[2J清屏"


def test_newlines_and_tabs_inside_a_cell_are_shown_as_escapes() -> None:
    assert visible("a\nb\tc\r") == "a\\nb\\tc\\r"


def test_zero_width_and_bidi_marks_are_made_visible() -> None:
    assert visible("预算\u200b执行率") == "预算<U+200B>执行率"
    assert visible("\u202eabc") == "<U+202E>abc"
    assert visible("名\u3164称") == "名<U+3164>称"  # a Hangul filler draws nothing


def test_visible_text_has_no_character_a_terminal_would_interpret() -> None:
    shown = visible("".join(chr(c) for c in range(0x00, 0xA0)))
    assert all(c.isprintable() for c in shown)


def test_chinese_characters_take_two_columns() -> None:
    assert display_width("执行率") == 6 and display_width("abc") == 3


# ---- wrap: long text inside a table cell -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("市级机关群团组织系列活动人均活动成本符合要求", 10, ["市级机关群", "团组织系列", "活动人均活", "动成本符合", "要求"]),
        ("the fixed indicator is missing", 12, ["the fixed", "indicator is", "missing"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # a word longer than the line is cut
        ("rules/suzhou-2024.rules:61", 12, ["rules/", "suzhou-2024.", "rules:61"]),
        ("得分（第 3 行）。", 6, ["得分", "（第 3", "行）。"]),  # brackets and 。 stay with their text
        ("完成率 99.86%", 10, ["完成率", "99.86%"]),  # a number keeps its % sign
        ("目标≥5000册", 8, ["目标", "≥5000册"]),  # and its unit
        ("short", 80, ["short"]),
        ("no limit at all, however long the text is", 0, ["no limit at all, however long the text is"]),
    ],
)
def test_wrap_breaks_where_a_reader_expects(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines


def test_wrap_never_splits_a_character_even_when_it_is_wider_than_the_line() -> None:
    assert wrap("执行率", 1) == ["执", "行", "率"]
    assert wrap("e\u0301te\u0301", 1) == ["e\u0301", "t", "e\u0301"]  # an accent stays on its letter


_TEXT = st.text(st.sampled_from("ab c-/执行率（）。，%\u0301 "), max_size=40)


@given(_TEXT, st.integers(min_value=2, max_value=30))
def test_every_wrapped_line_fits_the_width(text: str, width: int) -> None:
    assert all(display_width(line) <= width for line in wrap(text, width))


@given(_TEXT, st.integers(min_value=1, max_value=30))
def test_wrapping_loses_nothing_but_the_spaces_at_the_breaks(text: str, width: int) -> None:
    assert "".join(wrap(text, width)).replace(" ", "") == text.replace(" ", "")


@given(_TEXT, st.integers(min_value=1, max_value=30))
def test_a_wrapped_line_is_never_blank_and_neither_starts_nor_ends_with_a_space(text: str, width: int) -> None:
    lines = wrap(text, width)
    if len(lines) > 1:
        assert all(line and line == line.strip(" ") for line in lines[1:-1])
        assert lines[0] == lines[0].rstrip(" ") and lines[-1] == lines[-1].lstrip(" ")


@given(_TEXT, st.integers(min_value=1, max_value=30))
def test_text_that_fits_is_one_line_unchanged(text: str, width: int) -> None:
    if display_width(text) <= width:
        assert wrap(text, width) == [text]


# ---- json_safe: JSON a terminal can show ----------------------------------------------------------


def test_json_safe_writes_hidden_characters_as_escapes() -> None:
    raw = json.dumps({"name": "清屏\x1b[2J\x7f\u200b\u202e\U000e0041"}, ensure_ascii=False)
    assert json_safe(raw) == '{"name": "清屏\\u001b[2J\\u007f\\u200b\\u202e\\udb40\\udc41"}'


@given(st.text())
def test_json_safe_keeps_the_value_and_shows_no_control_or_format_character(text: str) -> None:
    safe = json_safe(json.dumps({"text": text}, ensure_ascii=False, indent=2))
    assert json.loads(safe) == {"text": text}
    assert [c for c in safe if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn")] == []


def test_a_report_shows_an_unrounded_completion_cut_to_two_decimals_and_json_keeps_it_exact() -> None:
    # 12.5 of 12 is 104.1666…%: the table shows 104.16…% (cut, marked), the JSON the exact value.
    import evalrules
    from evalrules.report import render

    rules = evalrules.loads(
        'ruleset "t" { }\n'
        "qualitative q { levels 100% 0% }\n"
        "quantitative s { completion ratio reverse inverse_ratio below proportional above none }\n"
        "category 产出 { weights split 10 apportion 0.01 quantitative s qualitative q }\n"
        "missing { without explanation score 0 with explanation review }\n"
    )
    record = {"project": {"name": "p", "year": 2024}, "indicators": [{"category": "产出", "name": "长度", "target": "≥12公里", "actual": "12.5公里"}]}
    result = rules.score(record)
    table = render([result], "table", "en")
    assert "104.16…%" in table and "104.166" not in table
    assert json.loads(result.to_json())["indicators"][0]["completion"].startswith("1.041666666")
