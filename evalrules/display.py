"""Display: how text from a form or a rule file is shown in a terminal.

Used by the caret under an error and by the table and Markdown reports. Three concerns live here:
width (CJK characters take two columns, so Chinese text lines up), safety, and wrapping. Text that
a form submits is not trusted: a control character or an ANSI escape sequence could clear a
reviewer's screen or rewrite what it shows, and a zero-width character makes two names look
identical. `visible` shows every such character as an escape (`\\x1b` becomes `<U+001B>`), so what
the terminal draws is exactly what the text holds. JSON output keeps the text exactly as it is.
`wrap` breaks long text into lines of a display width, for a table cell in a narrow terminal.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that draw nothing although Unicode calls them letters or symbols: Hangul fillers,
# the braille blank, and the variation selectors that only pick a glyph for the character before.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800") | frozenset(
    chr(c) for c in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
)
# General categories never shown raw: controls, formats (zero-width, bidi), line and paragraph
# separators, private use, surrogates and unassigned code points.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"))
# The same letters as one pattern, so that long text is searched at C speed.
_ANY_INVISIBLE_LETTER = re.compile("[\u115f\u1160\u3164\uffa0\u2800\ufe00-\ufe0f\U000e0100-\U000e01ef]")
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
    if text.isprintable() and not _ANY_INVISIBLE_LETTER.search(text):
        return text
    return "".join(escape(c) if is_hidden(c) else c for c in text)


def json_safe(json_text: str) -> str:
    """JSON text with every control, format (zero-width, bidi), separator, private-use and
    unassigned character written as a `\\u` escape.

    The JSON value is the same (a reader decodes the escape back to the character), but a
    terminal showing the JSON meets nothing it would interpret. `json.dumps` escapes only the
    controls below U+0020; this covers DEL, the C1 controls, U+200B, U+202E and the rest. Outside
    strings JSON text is ASCII, so only string contents change. (The invisible letters `visible`
    also shows, such as U+3164, act on no terminal and stay as they are: checking for them would
    cost more than the rest.)
    """
    # The common case, at C speed: nothing is unprintable but the newlines of the layout.
    if json_text.replace("\n", "").isprintable():
        return json_text
    for char in set(json_text):
        if char != "\n" and unicodedata.category(char) in _HIDDEN_CATEGORIES:
            json_text = json_text.replace(char, _json_escape(char))
    return json_text


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


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


# Line breaking, after the spirit of Unicode's line-breaking rules (UAX #14) kept small: Latin text
# breaks after spaces, and after a hyphen or slash that joins two words; Chinese text breaks between
# any two characters, except after a number (its unit follows), and except that closing punctuation never starts a line and opening punctuation
# never ends one (the usual 避头尾 rule), so "（第 3 行）" is never torn at its brackets.
_NO_LINE_START = frozenset("!%),.:;?]}¢°·’”‰′″℃、。〉》」』】〕〗〙〛〞︶︸︺︼︾﹀﹂﹚﹜！％），．：；？］｝～…‥")
_NO_LINE_END = frozenset("$(£¥[{‘“〈《「『【〔〖〘〚〝（［｛＄￥")
_JOINERS = frozenset("-/")


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end between `before` and `after`."""
    if after == " " or unicodedata.combining(after) or after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    if before == " ":
        return True
    if before in _JOINERS:
        return after.isalpha()
    if before.isdigit() and before.isascii():  # a number keeps its unit: 5000册, 100万元
        return False
    return _char_width(before) == 2 or _char_width(after) == 2


def _pieces(text: str) -> list[str]:
    """`text` cut wherever a line may end; the pieces join back into `text`."""
    pieces, start = [], 0
    for i in range(1, len(text)):
        if _may_break(text[i - 1], text[i]):
            pieces.append(text[start:i])
            start = i
    pieces.append(text[start:])
    return pieces


def unbreakable_width(text: str) -> int:
    """The width of the widest part of `text` that `wrap` would rather not cut (a word, a number
    with its unit); a column this wide shows `text` without a cut inside a word."""
    return max(display_width(piece.strip(" ")) for piece in _pieces(text))


def _split_wide(piece: str, width: int) -> list[str]:
    """A piece wider than a line, cut between characters (a mark stays with its letter)."""
    chunks, chunk, used = [], "", 0
    for char in piece:
        w = _char_width(char)
        if chunk and w and used + w > width:
            chunks.append(chunk.rstrip(" "))
            chunk, used = "", 0
        if chunk or char != " ":  # a cut drops its spaces, as a break does
            chunk += char
            used += w
    chunks.append(chunk)
    return [c for c in chunks[:-1] if c] + chunks[-1:]


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` display columns (CJK characters count two).

    A line ends where a reader expects it to (see `_may_break`); a word longer than the width is
    cut between characters, never inside one, so a line holding a single wide character may
    exceed a width of 1. Spaces at a break are dropped. A `width` of 0 or less means no limit.
    """
    if width <= 0 or display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for piece in _pieces(text):
        if line and used + display_width(piece.rstrip(" ")) > width:
            lines.append(line.rstrip(" "))
            line, used = "", 0
            piece = piece.lstrip(" ")
        if not line and display_width(piece.rstrip(" ")) > width:
            *full, piece = _split_wide(piece, width)
            lines.extend(full)
        line += piece
        used = display_width(line) if not used else used + display_width(piece)
    if line.strip(" ") or not lines:
        lines.append(line.rstrip(" "))
    return lines
