"""A Pygments lexer for rule files, so that docs, MkDocs, Sphinx and `pygmentize` highlight them.

Registered through the entry point `pygments.lexers` (aliases `evalrules` and `rules`, files
`*.rules`): once evalrules is installed with Pygments (the `editor` extra), a ```rules block of
Markdown and `pygmentize -l rules FILE` find it by name, with nothing to import. Its words come
from `keywords`, which a test compares with `grammar.lark`. Pygments is imported here, and this
module only by Pygments itself (or a caller that asked for it): not by `import evalrules`.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

from .keywords import CLAUSE_WORDS, CONSTANTS, DECLARATIONS, OPERATOR_WORDS, SEVERITIES

__all__ = ["EvalRulesLexer"]

# A word stands alone when no name character (grammar.lark's NAME: \w and ·) touches it.
_BEFORE, _AFTER = r"(?<![\w·])", r"(?![\w·])"
_NAME = r"(?!\d)[\w·]+"
# Words after which a condition, an expression or a path follows (`require`, `at`, `in`, …), and
# the words an expression itself has.
_EXPRESSION_STARTS = ("require", "when", "where", "at", "in")
_EXPRESSION_WORDS = ("and", "is", "not", "otherwise", "if", "then", "else", "within", "as", "printed")


def _words(listed: tuple[str, ...]) -> str:
    return words(sorted(listed, key=len, reverse=True), prefix=_BEFORE, suffix=_AFTER).get()


class EvalRulesLexer(RegexLexer):
    """Rule files of evalrules (评分规则文件): keywords, names, quoted texts with their `{…}`
    placeholders, numbers with % or ％, dates, comparators, comments."""

    name = "evalrules"
    aliases = ["evalrules", "rules"]
    filenames = ["*.rules"]
    mimetypes = ["text/x-evalrules"]
    url = "https://pypi.org/project/evalrules/"

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            # the name a declaration introduces: `category 产出`, `quantitative 产出 like 基本`
            (
                _words(("category", "qualitative", "quantitative", "indicator", "block")) + r"([ \t]+)(" + _NAME + ")",
                bygroups(Keyword.Declaration, Whitespace, Name.Class),
            ),
            (_words(("value",)) + r"([ \t]+)(" + _NAME + ")", bygroups(Keyword.Declaration, Whitespace, Name.Variable), "expression"),
            (_words(("check",)) + r"([ \t]+)(" + _NAME + ")", bygroups(Keyword.Declaration, Whitespace, Name.Label)),
            # what follows reads amounts and fields of the form, whose names may be words the
            # grammar also has (`budget.paid`, `total`, `row.actual`): an expression, to the line's end
            (_words(_EXPRESSION_STARTS), Keyword, "expression"),
            include("path"),
            (_words(DECLARATIONS), Keyword.Declaration),
            (_words(CONSTANTS), Keyword.Constant),
            (_words(SEVERITIES), Keyword.Pseudo),
            (_words(OPERATOR_WORDS), Operator.Word),
            (_words(CLAUSE_WORDS), Keyword),
            include("literals"),
            (r"(" + _NAME + r")(\s*)(\()", bygroups(Name.Function, Whitespace, Punctuation)),
            (_NAME, Name),
            (r"!=|<=|>=|[=<>≠≤≥+\-*/]", Operator),
            (r"[{}()\[\],]", Punctuation),
        ],
        "expression": [
            (r"\n", Whitespace, "#pop"),
            (r"(?=\{)", Whitespace, "#pop"),  # `for each row in … where … {`: the check's clauses follow
            (r"[ \t\r]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            include("path"),
            (_words(("true", "false", "empty")), Keyword.Constant),
            (_words(_EXPRESSION_WORDS), Operator.Word),
            (_words(("where", "round")), Keyword),
            include("literals"),
            (r"(" + _NAME + r")(\s*)(\()", bygroups(Name.Function, Whitespace, Punctuation)),
            (_NAME, Name),
            (r"!=|<=|>=|[=<>≠≤≥+\-*/]", Operator),
            (r"[()\[\],]", Punctuation),
        ],
        "path": [
            # a part of a path after its dot is a field, even when it reads as a keyword (`row.actual`)
            (r"(\.)(\s*)(" + _NAME + ")", bygroups(Punctuation, Whitespace, Name.Attribute)),
        ],
        "literals": [
            (r"\d{4}-\d{2}-\d{2}(?!\d)", Number.Other),  # a date
            (r"\d+\.\d+[%％]?", Number.Float),
            (r"\d+[%％]?", Number.Integer),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r"\{[^{}\"\n]*\}", String.Interpol),  # a placeholder of a check's message: {left}, {left:%}
            (r'[^"{\n]+', String.Double),
            (r"\{", String.Double),
            (r"\n", Text, "#pop"),  # a quoted text ends at the line's end: the checker says so, not the colours
        ],
    }

    def analyse_text(text: str) -> float:  # type: ignore[override]  # Pygments calls it on the class
        """How sure a rule file this is, for `pygmentize -g` and `guess_lexer`."""
        starts = ("ruleset ", "extends ", "part ", "quantitative ", "qualitative ", "category ")
        lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
        return 0.9 if lines and lines[0].startswith(starts) else 0.0
