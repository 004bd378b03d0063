"""What a terminal shows of text from a form: control characters and invisible marks made visible."""

from __future__ import annotations

from evalrules.display import display_width, visible


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
