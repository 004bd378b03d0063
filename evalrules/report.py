"""Report: results as a terminal table, Markdown, JSON or JSON Lines; the last step of the pipeline.

A result is first put into words (`_Sheet`: the heading, the cells, the summary and the finding
lines, in the reader's language, every word from the message catalogue) and then laid out by one
format. Text from a form or a rule file is not trusted: each format escapes every string it places
at one point (`visible` for the terminal; `_markdown` adds what a Markdown renderer would take as
HTML, a link or emphasis), so a submitted form cannot clear a reviewer's screen or put a link into
a published report. JSON keeps every text exactly: a hidden character is written as a `\\u`
escape (`json_safe`), which a JSON reader decodes back to the character.

The table pads by display width, so Chinese text (two columns a character) lines up. Given a
width (the terminal's), long text wraps inside its cell and the columns share the width; numbers
never wrap. Without one (output to a pipe or a file) each row is one line, whatever its length.
JSON output is one object for one record and an array for several; JSON Lines is one compact
object a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .decimals import approx_percent, percent, plain
from .display import display_width, json_safe, pad, unbreakable_width, visible, wrap
from .engine.result import Result, dumps
from .errors import UsageError, check_language
from .messages import CATALOGUE, check_name, message, text

FORMATS = ("table", "json", "jsonl", "markdown")

_COLUMNS = ("index", "category", "indicator", "target", "weight", "actual", "completion", "score", "claimed", "status")
# A form that prints numbered target blocks (目标1, 目标2) gets a column for them after the category.
_GROUPED_COLUMNS = (*_COLUMNS[:2], "group", *_COLUMNS[2:])
_RIGHT_COLUMNS = frozenset(("index", "weight", "completion", "score", "claimed"))  # right-aligned, never wrapped
_WRAPPED_COLUMNS = frozenset(("category", "group", "indicator", "target", "actual"))  # text from the form: wraps
_PART_INDENT = "  "  # a 其中 sub-row's name, under its row's
_NARROWEST = 4  # a wrapped column is never narrower: two Chinese characters
_EXPLANATION_INDENT = "      "
_COLON = {"zh": "：", "en": ": "}
_PROVISIONAL = {  # (rows left for review, findings) → the summary of a provisional total
    (True, True): "report.total_provisional_review_findings",
    (True, False): "report.total_provisional_review",
    (False, True): "report.total_provisional",
    (False, False): "report.total_provisional_alone",
}


def render(results: list[Result], fmt: str, lang: str = "zh", explain: bool = False, width: int = 0) -> str:
    """All results in one of `FORMATS`; `width` (table only) wraps the table to that many
    columns, 0 for none."""
    _check_arguments(fmt, lang)
    if fmt == "json":
        data = [r.to_dict(lang) for r in results]
        return json_safe(dumps(data[0] if len(data) == 1 else data))
    if fmt == "jsonl":
        return json_safe("\n".join(r.to_json(lang, indent=None) for r in results))
    if fmt == "markdown":
        return "\n\n".join(markdown(r, lang, explain) for r in results)
    return "\n\n".join(table(r, lang, explain, width) for r in results)


def render_findings(results: list[Result], fmt: str, lang: str = "zh", width: int = 0) -> str:
    """Only the findings of each result (`evalrules audit`), in one of `FORMATS`."""
    _check_arguments(fmt, lang)
    if fmt in ("json", "jsonl"):
        data = [{"source": r.source, "findings": [f.to_dict(lang) for f in r.findings]} for r in results]
        if fmt == "jsonl":
            return json_safe("\n".join(dumps(d, None) for d in data))
        return json_safe(dumps(data[0] if len(data) == 1 else data))
    blocks = []
    for result in results:
        lines = _finding_lines(result, lang) or [text("report.no_findings", lang)]
        if fmt == "markdown":
            blocks.append(f"### {_markdown(result.source)}\n\n" + "\n".join(f"- {_markdown(line)}" for line in lines))
        else:
            out = _paragraph(result.source, width)
            for line in lines:
                out += _paragraph(line, width, "  ", "    ")
            blocks.append("\n".join(out))
    return "\n\n".join(blocks)


def _check_arguments(fmt: str, lang: str) -> None:
    check_language(lang)
    if fmt not in FORMATS:
        raise UsageError(message("usage.format", fmt=str(fmt), known=", ".join(FORMATS)))


# ---- a result in words, before any format ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sheet:
    heading: str
    columns: tuple[str, ...]
    headers: list[str]
    rows: list[list[str]]  # each indicator row, followed by its parts (其中 sub-rows), if any
    row_of: list[int | None]  # the indicator of each of `rows`; None for a part
    names: list[str]  # each row's indicator name, for the Markdown explanations
    explanations: list[str] | None
    deductions: list[str]  # each deduction (扣减分数) and what it took off, before the total
    summary: str
    findings: list[str]


def _sheet(result: Result, lang: str, explain: bool) -> _Sheet:
    grouped = any(row.group is not None for row in result.indicators)
    columns = _GROUPED_COLUMNS if grouped else _COLUMNS
    rows, row_of = _cells(result, lang, grouped)
    return _Sheet(
        heading=text(
            "report.heading", lang, project=result.project, year=result.year, source=result.source, title=result.ruleset["title"]
        ),
        columns=columns,
        headers=[text(f"report.column.{column}", lang) for column in columns],
        rows=rows,
        row_of=row_of,
        names=[row.name for row in result.indicators],
        explanations=[row.explain(lang) for row in result.indicators] if explain else None,
        deductions=[d.explain(lang) for d in result.deductions],
        summary=_summary(result, lang),
        findings=_finding_lines(result, lang),
    )


def _cells(result: Result, lang: str, grouped: bool) -> tuple[list[list[str]], list[int | None]]:
    status = {key: text(f"report.status.{key}", lang) for key in ("scored", "missing", "review", "not_applicable", "claimed")}
    rows: list[list[str]] = []
    row_of: list[int | None] = []
    for k, row in enumerate(result.indicators):
        cells = [
            str(row.index + 1),
            row.category,
            row.name,
            row.target.text if row.target is not None else "",
            plain(row.weight) if row.weight is not None else "",
            row.actual.text if row.actual is not None else "",
            approx_percent(row.completion, 2) if row.completion is not None else "",  # shown cut; JSON keeps it exact
            plain(row.score) if row.score is not None else "—",
            plain(row.claimed) if row.claimed is not None else "",
            status.get(row.status, row.status),
        ]
        if grouped:
            cells.insert(2, row.group or "")
        rows.append(cells)
        row_of.append(k)
        for part in row.parts:  # shown under its row, with no weight or score: never scored
            cells = ["", "", _PART_INDENT + part.name, part.target.text if part.target is not None else "", "",
                     part.actual.text if part.actual is not None else "", "", "", "", text("report.status.part", lang)]  # fmt: skip
            if grouped:
                cells.insert(2, "")
            rows.append(cells)
            row_of.append(None)
    return rows, row_of


def _summary(result: Result, lang: str) -> str:
    key = "report.total"
    if result.provisional:  # never shown as if final; point at what says why, claim no reason
        review = any(row.status == "review" for row in result.indicators)
        key = _PROVISIONAL[review, bool(result.findings)]
    return text(key, lang, total=plain(result.total), maximum=plain(result.maximum), grade=result.grade or "—")


def _finding_lines(result: Result, lang: str) -> list[str]:
    lines = []
    for f in result.findings:
        severity = f"severity.{f.severity}"
        said = text(severity, lang) if severity in CATALOGUE else f.severity
        clause = f" ({f.clause.id})" if f.clause else ""
        lines.append(f"{said} {_check_name(f.check, lang)} {f.path}: {f.message(lang)}{clause}")
    return lines


def _check_name(check: str, lang: str) -> str:
    # A Chinese report names the engine's checks in Chinese (未知指标); an English one keeps the
    # check's id (unknown-indicator), which is English already and is what JSON and the docs use.
    return check_name(check, lang) if lang == "zh" else check


# ---- the terminal table ---------------------------------------------------------------------


def table(result: Result, lang: str = "zh", explain: bool = False, width: int = 0) -> str:
    """One result as a table for a terminal; `width` > 0 wraps it to that many columns."""
    sheet = _sheet(result, lang, explain)
    right = frozenset(i for i, column in enumerate(sheet.columns) if column in _RIGHT_COLUMNS)
    wrapped = frozenset(i for i, column in enumerate(sheet.columns) if column in _WRAPPED_COLUMNS)
    grid = _Grid([[visible(c) for c in row] for row in [sheet.headers, *sheet.rows]], width, right, wrapped)
    out = _paragraph(sheet.heading, width)
    out += grid.lines(0)
    out.append(grid.gap.join("-" * w for w in grid.widths))
    for i, indicator in enumerate(sheet.row_of):
        out += grid.lines(i + 1)
        if sheet.explanations is not None and indicator is not None:
            out += _paragraph(sheet.explanations[indicator], width, _EXPLANATION_INDENT, _EXPLANATION_INDENT)
    for line in sheet.deductions:
        out += _paragraph(line, width, "", "  ")
    out += _paragraph(sheet.summary, width)
    for line in sheet.findings:
        out += _paragraph(line, width, "", "  ")
    return "\n".join(out)


def _paragraph(raw: str, width: int, indent: str = "", hang: str = "") -> list[str]:
    """A line of the report made safe for a terminal, wrapped to `width` (0: not wrapped);
    `indent` starts its first line, `hang` every further one."""
    shown = visible(raw)
    if width <= 0:
        return [indent + shown]
    lines = wrap(shown, max(width - max(len(indent), len(hang)), _NARROWEST))
    return [indent + lines[0], *(hang + line for line in lines[1:])]


class _Grid:
    """The cells of a table and the column widths that make each row fit `width` (0: any)."""

    def __init__(self, cells: list[list[str]], width: int, right: frozenset[int], wrapped: frozenset[int]) -> None:
        self.cells = cells
        self.right, self.wrapped = right, wrapped
        natural = [max(display_width(c) for c in column) for column in zip(*cells)]
        self.gap = "  "
        self.widths = natural
        if width > 0 and self._total(natural) > width:
            self.widths = self._share(natural, width)

    def _total(self, widths: list[int]) -> int:
        return sum(widths) + len(self.gap) * (len(widths) - 1)

    def _share(self, natural: list[int], width: int) -> list[int]:
        """Column widths for a row of at most `width`: the number columns keep theirs, the text
        columns share the rest so that the narrow ones stay whole and only the widest wrap.
        A header word is not cut when the room allows it; if even that does not fit, the gaps
        narrow to one space, and at last the row overflows rather than lose a character."""
        headers = self.cells[0]
        word = {i: min(natural[i], max(_NARROWEST, unbreakable_width(headers[i]))) for i in self.wrapped}
        least = {i: min(natural[i], _NARROWEST) for i in self.wrapped}
        for gap, minimum in (("  ", word), (" ", word), (" ", least)):
            room = width - len(gap) * (len(natural) - 1) - sum(w for i, w in enumerate(natural) if i not in self.wrapped)
            if sum(minimum.values()) <= room:
                break
        self.gap = gap
        return _water_fill(natural, minimum, room)

    def lines(self, row: int) -> list[str]:
        """The terminal lines of one row (0 is the header): wrapped cells side by side."""
        parts = [
            wrap(cell, w) if i in self.wrapped and display_width(cell) > w else [cell]
            for i, (cell, w) in enumerate(zip(self.cells[row], self.widths))
        ]
        height = max(len(p) for p in parts)
        return [
            self.gap.join(
                pad(p[k] if k < len(p) else "", w, "right" if i in self.right else "left")
                for i, (p, w) in enumerate(zip(parts, self.widths))
            ).rstrip()
            for k in range(height)
        ]


def _water_fill(natural: list[int], minimum: dict[int, int], room: int) -> list[int]:
    """Widths for the columns in `minimum`: each gets its natural width up to a common level,
    never less than its minimum, and the level is the highest whose total fits `room`."""

    def widths_at(level: int) -> dict[int, int]:
        return {i: min(natural[i], max(minimum[i], level)) for i in minimum}

    low, high = 0, max(natural[i] for i in minimum)
    while low < high:  # the highest level that fits
        mid = (low + high + 1) // 2
        if sum(widths_at(mid).values()) <= room:
            low = mid
        else:
            high = mid - 1
    chosen = widths_at(low)
    spare = room - sum(chosen.values())
    for i in sorted(chosen, key=lambda i: -natural[i]):  # what the level leaves over, widest first
        if spare <= 0:
            break
        extra = min(spare, natural[i] - chosen[i])
        chosen[i] += extra
        spare -= extra
    return [chosen.get(i, w) for i, w in enumerate(natural)]


# ---- Markdown -------------------------------------------------------------------------------

# Backslash first, so the escapes added after it are not escaped again. HTML's three characters
# become entities (a renderer would take `<a href…>` as a tag); the rest are backslash-escaped,
# which CommonMark shows as the character itself.
_MARKDOWN = (
    ("\\", "\\\\"),
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    *((c, "\\" + c) for c in "|`*_[]#~"),
    # A bare web address becomes a link in GitHub's Markdown: break the pattern it looks for.
    ("://", "\\://"),
    ("www.", "www\\."),
    ("@", "\\@"),
)


def _markdown(raw: str) -> str:
    """Text from a form or rule file as Markdown that shows it and nothing else: no HTML, no
    link, no emphasis, no code span, no table cell break."""
    shown = visible(raw)
    for char, escaped in _MARKDOWN:
        if char in shown:
            shown = shown.replace(char, escaped)
    return shown


def markdown(result: Result, lang: str = "zh", explain: bool = False) -> str:
    """One result as Markdown: a heading, a pipe table, the summary and the findings."""
    sheet = _sheet(result, lang, explain)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(_markdown(c) for c in cells) + " |"

    out = [f"### {_markdown(sheet.heading)}", "", line(sheet.headers)]
    out.append("|" + "|".join("---:" if column in _RIGHT_COLUMNS else "---" for column in sheet.columns) + "|")
    out.extend(line(cells) for cells in sheet.rows)
    if sheet.deductions:
        out.append("")
        out.extend(f"- {_markdown(d)}" for d in sheet.deductions)
    out += ["", f"**{_markdown(sheet.summary)}**"]
    if sheet.explanations is not None:
        out.append("")
        out.extend(
            f"{i + 1}. {_markdown(name)}{_COLON[lang]}{_markdown(explanation)}"
            for i, (name, explanation) in enumerate(zip(sheet.names, sheet.explanations))
        )
    if sheet.findings:
        out.append("")
        out.extend(f"- {_markdown(f)}" for f in sheet.findings)
    return "\n".join(out)
