"""Messages of the command line: arguments, files, exit reasons.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "usage.language": ("不支持的语言“{lang}”，可选：{known}", "unknown language '{lang}'; use one of {known}"),
}
