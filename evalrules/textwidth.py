"""Display width of text in a terminal: CJK characters take two columns.

Used by the caret under an error and by the table report so that Chinese text lines up.
"""

from __future__ import annotations

import unicodedata


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
