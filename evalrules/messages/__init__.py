"""Messages: every text evalrules shows a person, in Chinese and in English, keyed by a stable id.

Code never formats a sentence for a user. It names a message by its id and gives the values to
put in it (`message("check.unknown_name", what=…, name=…)`), and the text is written when it is
shown, in the language asked for. Policy staff read the Chinese text; it is the first of each pair.
The catalogue is kept in one module per pipeline stage (`language`: parsing and checking rule
files; `records`: reading forms; `engine`: scoring and findings; `tools`: fmt, test, verify, lsp;
`cli`: the command line), merged here; a test asserts that every id has both texts with the same placeholders.

Values are shown as given: strings as they are, integers and decimals as people write them
(`plain`), so no message ever shows a Python repr such as `Decimal('2024.5')`.
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..decimals import plain
from . import cli, engine, language, records, tools

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_VARIABLE = "EVALRULES_LANG"

CATALOGUE: Mapping[str, tuple[str, str]] = {
    **language.MESSAGES,
    **records.MESSAGES,
    **engine.MESSAGES,
    **cli.MESSAGES,
    **tools.MESSAGES,
}


def default_language() -> str:
    """The language of messages when none is asked for: `EVALRULES_LANG` if it names one, else zh."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def text(key: str, lang: str, /, **values: object) -> str:
    """The message `key` in `lang` ("zh" or "en") with `values` put in its placeholders."""
    zh, en = CATALOGUE[key]
    template = en if lang == "en" else zh
    return template.format_map({name: show(value) for name, value in values.items()})  # `{{` is a brace


def show(value: object) -> str:
    """A value as a message shows it: decimals as people write them, never a Python repr."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value) if value.is_finite() else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Message):
        raise TypeError("a message inside a message is shown with .text(lang) first")
    raise TypeError(f"a message value must be text or a number, not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Message:
    """A message id and its values, written out in either language when shown."""

    key: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return text(self.key, lang, **dict(self.values))

    def both(self) -> dict[str, str]:
        """The message in every language, as JSON output carries it."""
        return {lang: self.text(lang) for lang in LANGUAGES}


def message(key: str, /, **values: object) -> Message:
    """A `Message`; raises KeyError for an id the catalogue lacks and TypeError when a placeholder
    of it is given no value (bugs, caught where the message is made, not only when it is shown)."""
    check_values(key, values.keys())
    return Message(key, tuple((name, show(value)) for name, value in values.items()))


def check_values(key: str, names: Iterable[str]) -> None:
    """Raise KeyError for an id the catalogue lacks, TypeError when `names` leave a placeholder of
    it unfilled (a call may give more: one way of making several messages gives each all it has)."""
    wanted = _PLACEHOLDERS.get(key)
    if wanted is None:
        raise KeyError(f"no message {key!r} in the catalogue")
    missing = wanted.difference(names)
    if missing:
        raise TypeError(f"message {key!r} needs the values {sorted(missing)} too")


# Each message's placeholders (its two texts have the same, a test asserts); a brace the text
# shows is written twice (`{{ … }}`).
_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    key: frozenset(field for _, field, _, _ in string.Formatter().parse(zh) if field is not None)
    for key, (zh, _en) in CATALOGUE.items()
}


def check_name(check: str, lang: str) -> str:
    """How a report names a finding's check: the catalogue's name for the engine's own checks
    (`unknown-indicator` → 未知指标), the rule file's id for its checks (already in its language)."""
    entry = CATALOGUE.get(f"finding.{check}")
    if entry is None:
        return check
    return entry[1] if lang == "en" else entry[0]
