"""Phrases: catalogue messages put together, said in the reader's language when read.

`Phrase` is a catalogue message some of whose values are messages too (a character's name inside
a sentence about it); `Joined` is messages said one after the other. The did-you-mean hints of
`names` and the engine's findings both build them, so they sit below both, beside the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .errors import check_language
from .messages import CATALOGUE, LANGUAGES, text

# How two sentences of one message follow each other in each language.
SEPARATOR = {"zh": "；", "en": "; "}


class Said(Protocol):
    """Anything that can be said in either language: a `Message`, a `Phrase`, `Joined`, `Written` …"""

    def text(self, lang: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Phrase:
    """A catalogue message some of whose values are messages too, each said in the same language
    (`第 2 个字符“Ａ”（U+FF21）是全角`: the character's name is a message of its own)."""

    key: str
    values: tuple[tuple[str, Any], ...]  # name → text, or a Message/Phrase said in the reader's language

    def text(self, lang: str) -> str:
        check_language(lang)
        return text(self.key, lang, **{name: v if isinstance(v, str) else v.text(lang) for name, v in self.values})

    def both(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGUAGES}


def phrase(key: str, /, **values: Any) -> Phrase:
    """A `Phrase`; raises KeyError for an id the catalogue lacks (a bug, caught by the tests)."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Phrase(key, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Joined:
    """Messages said one after the other: `A；B` in Chinese, `A; B` in English."""

    parts: tuple[Any, ...]  # Message, Phrase or Joined

    @property
    def key(self) -> str:
        """The id of what is said first: the message id of the whole (as `Message.key`)."""
        return self.parts[0].key

    def text(self, lang: str) -> str:
        return SEPARATOR[check_language(lang)].join(part.text(lang) for part in self.parts)

    def both(self) -> dict[str, str]:
        return {lang: self.text(lang) for lang in LANGUAGES}


def joined(*parts: Any) -> Any:
    """The parts that are given (None is left out) said one after the other."""
    kept = tuple(part for part in parts if part is not None)
    return kept[0] if len(kept) == 1 else Joined(kept)
