"""Report: results as a terminal table, Markdown, JSON or JSON Lines.

The table pads by display width, so Chinese text (two columns a character) lines up. JSON output
is one object for one record and an array for several; JSON Lines is one compact object a line.
"""

from __future__ import annotations

from .decimals import percent, plain
from .result import Result, dumps
from .display import display_width, pad

FORMATS = ("table", "json", "jsonl", "markdown")

_HEADERS = {
    "zh": ("序号", "类别", "指标名称", "目标值", "权重", "实际完成值", "完成率", "得分", "自评分", "状态"),
    "en": ("#", "category", "indicator", "target", "weight", "actual", "completion", "score", "claimed", "status"),
}
_STATUS = {
    "zh": {"scored": "已评分", "missing": "缺失", "review": "待复核", "not_applicable": "不适用"},
    "en": {"scored": "scored", "missing": "missing", "review": "review", "not_applicable": "n/a"},
}
_RIGHT = {0, 4, 6, 7, 8}  # numeric columns


def render(results: list[Result], fmt: str, lang: str = "zh", explain: bool = False) -> str:
    """All results in one of `FORMATS`."""
    if fmt == "json":
        data = [r.to_dict(lang) for r in results]
        return dumps(data[0] if len(data) == 1 else data)
    if fmt == "jsonl":
        return "\n".join(r.to_json(lang, indent=None) for r in results)
    if fmt == "markdown":
        return "\n\n".join(markdown(r, lang, explain) for r in results)
    return "\n\n".join(table(r, lang, explain) for r in results)


def _cells(result: Result, lang: str) -> list[list[str]]:
    status = _STATUS[lang]
    rows = []
    for row in result.indicators:
        rows.append(
            [
                str(row.index + 1),
                row.category,
                row.name,
                row.target.text if row.target is not None else "",
                plain(row.weight) if row.weight is not None else "",
                row.actual.text if row.actual is not None else "",
                percent(row.completion) if row.completion is not None else "",
                plain(row.score) if row.score is not None else "—",
                plain(row.claimed) if row.claimed is not None else "",
                status[row.status],
            ]
        )
    return rows


def _summary(result: Result, lang: str) -> str:
    total, maximum, grade = plain(result.total), plain(result.maximum), result.grade or "—"
    if lang == "zh":
        line = f"合计 {total}（满分 {maximum}），等级 {grade}"
        return line + ("，暂定：有指标待复核" if result.provisional else "")
    line = f"total {total} of {maximum}, grade {grade}"
    return line + (", provisional: rows left for review" if result.provisional else "")


def _heading(result: Result, lang: str) -> str:
    title = result.ruleset["title"]
    if lang == "zh":
        return f"{result.project}（{result.year}）— {result.source} — 规则：{title}"
    return f"{result.project} ({result.year}) — {result.source} — rules: {title}"


def _finding_lines(result: Result, lang: str) -> list[str]:
    words = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {}}
    return [
        f"{words[lang].get(f.severity, f.severity)} {f.check} {f.path}: {f.message(lang)}"
        + (f" ({f.clause.id})" if f.clause else "")
        for f in result.findings
    ]


def table(result: Result, lang: str = "zh", explain: bool = False) -> str:
    headers = list(_HEADERS[lang])
    rows = _cells(result, lang)
    widths = [max(display_width(x) for x in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, "right" if i in _RIGHT else "left") for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [_heading(result, lang), line(headers), "  ".join("-" * w for w in widths)]
    for row, cells in zip(result.indicators, rows):
        out.append(line(cells))
        if explain:
            out.append("      " + row.explain(lang))
    out.append(_summary(result, lang))
    out.extend(_finding_lines(result, lang))
    return "\n".join(out)


def markdown(result: Result, lang: str = "zh", explain: bool = False) -> str:
    headers = list(_HEADERS[lang])
    rows = _cells(result, lang)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = [f"### {_heading(result, lang)}", "", line(headers)]
    out.append("|" + "|".join("---:" if i in _RIGHT else "---" for i in range(len(headers))) + "|")
    out.extend(line(cells) for cells in rows)
    out += ["", f"**{_summary(result, lang)}**"]
    if explain:
        out.append("")
        out.extend(f"{row.index + 1}. {row.name}：{row.explain(lang)}" for row in result.indicators)
    findings = _finding_lines(result, lang)
    if findings:
        out.append("")
        out.extend(f"- {f}" for f in findings)
    return "\n".join(out)


def render_findings(results: list[Result], fmt: str, lang: str = "zh") -> str:
    """Only the findings of each result (`evalrules audit`), in one of `FORMATS`."""
    if fmt in ("json", "jsonl"):
        data = [{"source": r.source, "findings": [f.to_dict(lang) for f in r.findings]} for r in results]
        if fmt == "jsonl":
            return "\n".join(dumps(d, None) for d in data)
        return dumps(data[0] if len(data) == 1 else data)
    blocks = []
    for result in results:
        lines = _finding_lines(result, lang) or (["没有发现问题"] if lang == "zh" else ["no findings"])
        if fmt == "markdown":
            blocks.append(f"### {result.source}\n\n" + "\n".join(f"- {line}" for line in lines))
        else:
            blocks.append("\n".join([result.source, *("  " + line for line in lines)]))
    return "\n\n".join(blocks)
