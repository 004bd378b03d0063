"""Names: matching a name someone wrote against the names that are known.

Shared by the checker (a name in a rule file) and the evaluator (a name on a form), so it sits
below both: a did-you-mean hint for a name that is not known (`suggest`), and, for a name that
differs from a known one only in characters a reader cannot see or tell apart (a zero-width space,
a full-width Ａ for A), exactly how they differ (`explain_difference`). `hint` picks the right one.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from .display import is_hidden
from .messages import Message, message
from .phrases import Joined, Phrase, joined, phrase

SHOWN_KNOWN = 8
# Catalogue names of the invisible characters forms are found to hold (pasted from web pages and
# word processors); any other hidden character is named by its Unicode name.
_CHAR_NAMES = {
    "\u200b": "char.zero_width_space",
    "\u200c": "char.zero_width_non_joiner",
    "\u200d": "char.zero_width_joiner",
    "\u2060": "char.word_joiner",
    "\ufeff": "char.byte_order_mark",
    "\u00ad": "char.soft_hyphen",
    "\u200e": "char.direction_mark",
    "\u200f": "char.direction_mark",
    "\u061c": "char.direction_mark",
    **{chr(c): "char.direction_control" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def suggest(name: str, candidates: Iterable[str]) -> Message | None:
    """A did-you-mean hint for a name that is not known, or None when nothing is known at all."""
    pool = list(candidates)
    # Chinese names are short and each character carries meaning: one character in two or
    # three is already a fair guess. Latin names need more in common.
    cutoff = 0.5 if not name.isascii() else 0.6
    close = difflib.get_close_matches(name, pool, n=1, cutoff=cutoff)
    if close:
        return message("hint.did_you_mean", name=close[0])
    if pool:
        shown = ", ".join(f"'{c}'" for c in pool[:SHOWN_KNOWN])
        return message("hint.known", names=shown + (", …" if len(pool) > SHOWN_KNOWN else ""))
    return None


def fold(name: str) -> str:
    """`name` as a reader sees it: invisible characters dropped, compatibility forms (full-width,
    half-width, circled, …) folded by NFKC. Two names a reader cannot tell apart fold alike."""
    shown = "".join(c for c in name if not is_hidden(c))
    return unicodedata.normalize("NFKC", shown)


def hint(name: str, candidates: Iterable[str]) -> Phrase | Joined | Message | None:
    """How an unknown `name` differs from a known one it cannot be told apart from, or else a
    did-you-mean hint (or the known names); None when nothing is known."""
    pool = list(candidates)
    folded = fold(name)
    for known in pool:
        if fold(known) == folded:
            difference = explain_difference(name, known)
            if difference is not None:
                return difference
    return suggest(name, pool)


def explain_difference(written: str, known: str) -> Phrase | Joined | None:
    """Exactly how `written` differs from `known` when only invisible characters or width forms
    (NFKC) set them apart: which character, its code point and name, and where.

    `“预算执行率”第 3 个字符后多了不可见字符 U+200B（零宽空格）`; `第 2 个字符“Ａ”（U+FF21）是全角，规则中为“A”`.
    None when the names are the same, or differ in what a reader sees. The result is said in
    either language (`.text(lang)`); several differences are said one after the other.
    """
    if written == known or fold(written) != fold(known):
        return None
    parts: list[Phrase] = []
    visible: list[str] = []
    for char in written:
        if is_hidden(char):
            key = "names.hidden_inside" if visible else "names.hidden_before"
            parts.append(phrase(key, known=known, after=str(len(visible)), code=code_point(char), char=char_name(char)))
        else:
            visible.append(char)
    shown = "".join(visible)
    if shown != known:
        parts.extend(_forms(shown, known))
    return joined(*parts) if parts else None


def _forms(shown: str, known: str) -> list[Phrase]:
    """Each character of `shown` that is another form of what `known` has in its place."""
    said: list[Phrase] = []
    at = 0  # where in `known` the next character of `shown` stands
    for position, char in enumerate(shown, 1):
        folded = unicodedata.normalize("NFKC", char)
        if known[at : at + len(folded)] == folded:
            if char != folded:
                said.append(_width(position, char, folded))
            at += len(folded)
        elif known[at : at + 1] and unicodedata.normalize("NFKC", known[at]) == folded:
            said.append(_width(position, char, known[at]))  # the rules have the wide form (Ｂ for B)
            at += 1
        else:  # the forms only line up as a whole: say so of the whole
            return [phrase("names.compatibility", position="1", written=shown, code=code_point(shown[0]), known=known)]
    return said


def _width(position: int, written: str, known: str) -> Phrase:
    width = unicodedata.east_asian_width
    if width(written) == "F" and width(known) != "F":
        key = "names.full_width"
    elif width(written) in ("H", "Na") and width(known) == "F":
        key = "names.half_width"
    else:
        key = "names.compatibility"
    return phrase(key, position=str(position), written=written, code=code_point(written), known=known)


def code_point(char: str) -> str:
    """U+200B."""
    return f"U+{ord(char):04X}"


def char_name(char: str) -> Message | str:
    """What an invisible character is called: a catalogue name, or its Unicode name."""
    key = _CHAR_NAMES.get(char)
    if key is not None:
        return message(key)
    if unicodedata.category(char) == "Cc":
        return message("char.control")
    name = unicodedata.name(char, "")
    return name.lower() if name else message("char.invisible")
