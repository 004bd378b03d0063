"""Names: matching a name someone wrote against the names that are known.

Shared by the checker (a name in a rule file) and the evaluator (a name on a form), so it sits
below both: a did-you-mean hint for a name that is not known.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .messages import Message, message

SHOWN_KNOWN = 8


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
