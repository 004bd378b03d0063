"""Display: how text from a form or a rule file is shown in a terminal.

Used by the caret under an error and by the table and Markdown reports. Two concerns live here:
width (CJK characters take two columns, so Chinese text lines up) and safety. Text that a form
submits is not trusted: a control character or an ANSI escape sequence could clear a reviewer's
screen or rewrite what it shows, and a zero-width character makes two names look identical.
`visible` shows every such character as an escape (`\\x1b` becomes `<U+001B>`), so what the
terminal draws is exactly what the text holds. JSON output keeps the text exactly as it is.
"""

from __future__ import annotations

import unicodedata

# Characters that draw nothing although Unicode calls them letters or symbols: Hangul fillers,
# the braille blank, and the variation selectors that only pick a glyph for the character before.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800") | frozenset(
    chr(c) for c in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
)
# General categories never shown raw: controls, formats (zero-width, bidi), line and paragraph
# separators, private use, surrogates and unassigned code points.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"))
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def is_hidden(char: str) -> bool:
    """Whether a terminal would not show `char` as itself (a control or an invisible mark)."""
    return char in _INVISIBLE_LETTERS or unicodedata.category(char) in _HIDDEN_CATEGORIES


def escape(char: str) -> str:
    """How `visible` shows one hidden character: `\\n`, `\\t`, `\\r` or `<U+200B>`."""
    return _NAMED.get(char) or f"<U+{ord(char):04X}>"


def visible(text: str) -> str:
    """`text` with every control character and invisible mark shown as an escape.

    ANSI sequences lose their ESC and print as plain text; newlines and tabs inside a cell print
    as `\\n` and `\\t`. Text without such characters is returned as it is (the common case).
    """
    if text.isprintable() and not any(c in _INVISIBLE_LETTERS for c in text):
        return text
    return "".join(escape(c) if is_hidden(c) else c for c in text)


def display_width(text: str) -> int:
    """Columns `text` takes in a monospace terminal (East Asian wide and full-width count 2)."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, align: str = "left") -> str:
    """`text` padded with spaces to `width` display columns."""
    gap = max(width - display_width(text), 0)
    return " " * gap + text if align == "right" else text + " " * gap
