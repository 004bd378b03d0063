"""Messages of reading records (filled forms): syntax, shape and values, each at its field path.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "record.at_line": ("（第 {line} 行）", "(line {line})"),
    "record.at_line_column": ("（第 {line} 行第 {column} 列）", "(line {line}, column {column})"),
}
