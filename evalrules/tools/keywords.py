"""The words of the rule language, by role: what the editor support highlights, completes and
explains.

One list for the Pygments lexer (`highlight`), the language server (`server`) and, through a test
that compares it with `grammar.lark`, the TextMate grammar of `editors/vscode/`: a keyword added to
the grammar and not here fails that test, so it cannot go without highlighting. Each keyword has
a line of meaning in the message catalogue, `lsp.keyword.<word>`.
"""

from __future__ import annotations

import re

# The words that open a top-level block (and `override`, which opens one that replaces another).
DECLARATIONS: tuple[str, ...] = (
    "extends", "override", "part", "ruleset", "budget", "value", "qualitative", "quantitative",
    "category", "block", "indicator", "missing", "not_applicable", "grades", "deductions", "check",
)  # fmt: skip
# Words that stand for a value.
CONSTANTS: tuple[str, ...] = ("true", "false", "none", "empty")
# A check's severity.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
# Words that join or compare, as operators do.
OPERATOR_WORDS: tuple[str, ...] = ("and", "is", "not", "otherwise", "if", "then", "else", "within")
# Every other word of a clause.
CLAUSE_WORDS: tuple[str, ...] = (
    "above", "actual", "aliases", "apportion", "as", "as_target", "as_written", "at", "bands", "bare",
    "below", "by", "categories", "completion", "deadline", "deduct", "difference", "each", "effective",
    "en", "every", "excluded", "explanation", "fixed", "floor", "for", "from", "full", "groups", "in",
    "inverse_ratio", "jurisdiction", "levels", "like", "linear", "maximum", "met", "missed", "of",
    "optional", "per", "point", "points", "printed", "proportional", "ratio", "require", "required",
    "rescale", "reverse", "review", "round", "score", "signed", "split", "subcategory", "target", "to",
    "total", "unit", "warn", "weights", "when", "where", "with", "without", "words", "year", "zero",
    "zh",
)  # fmt: skip

KEYWORDS: frozenset[str] = frozenset(DECLARATIONS + CONSTANTS + SEVERITIES + OPERATOR_WORDS + CLAUSE_WORDS)

# A name as the grammar reads it unquoted (grammar.lark's NAME); any other name is written in quotes.
NAME = re.compile(r"(?!\d)[\w·]+")


def written(name: str) -> str:
    """A name as a rule file writes it: bare when the grammar reads it so, else in double quotes
    (a keyword written bare would be read as the keyword)."""
    return name if NAME.fullmatch(name) and name not in KEYWORDS else f'"{name}"'
