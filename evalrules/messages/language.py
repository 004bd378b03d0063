"""Messages of the rule-language stages: reading, parsing and checking rule files, and loading them.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "hint.did_you_mean": ("是否应为“{name}”？", "did you mean '{name}'?"),
    "hint.known": ("已有：{names}", "known: {names}"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    # TODO(issue 7): a bridge for texts not yet in the catalogue; removed when none is left.
    "untranslated": ("{text}", "{text}"),
}
