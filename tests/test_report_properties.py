"""Reports show what a form says, and only that (Hypothesis).

Any text (controls, ANSI sequences, zero-width and bidi marks, CJK, anything but surrogates) used
as a rule set's title, a project name, a category, an indicator name, a target, an actual and an
explanation renders in every output format without a hidden character reaching the reader, and
the JSON output gives each text back exactly.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import evalrules
from evalrules import RecordError, RuleError
from evalrules.display import is_hidden
from evalrules.report import FORMATS, render, render_findings

MINIMAL = """
ruleset "{title}" {{ }}
qualitative 六级 {{ levels 100% 80% 60% 40% 20% 0% }}
quantitative 基本 {{
  completion ratio
  reverse inverse_ratio
  below proportional
  above none
}}
category 产出 {{
  weights split 30 apportion 0.01
  quantitative 基本
  qualitative 六级
}}
missing {{
  without explanation score 0
  with explanation review
}}
"""

# Pieces that have broken terminals and reports: escape sequences, invisible and bidi marks,
# line separators, Markdown and HTML syntax, and Chinese text.
HOSTILE = (
    "\x1b[2J", "\x1b[31m", "\x1b]8;;http://x\x07", "\x9b", "\x00", "\x7f", "\r", "\n", "\t",
    "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u2028", "\u3164", "\U000e0041",
    "<script>", "[链接](http://x)", "*", "_", "`", "|", "&amp;", "www.x.cn", "a@b.cn",
    "预算执行率", "满意度", "１００％", " ",
)
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=3)), max_size=8).map("".join),
)
TITLE = TEXT.filter(lambda t: not any(c in t for c in '"\\\n\r'))

TABLE_WIDTHS = (0, 40, 80)


@functools.lru_cache(maxsize=None)
def _rules(title: str) -> evalrules.RuleSet:
    return evalrules.loads(MINIMAL.format(title=title), "hostile.rules")


def _record(name: str, category: str, indicator: str, target: str, actual: str, explanation: str) -> dict[str, Any]:
    return {
        "project": {"name": name, "year": 2024},
        "indicators": [
            {"category": category, "name": indicator, "target": target, "actual": actual},
            {"category": "产出", "name": indicator + "2", "target": target, "explanation": explanation},
            {"category": category, "name": "x" + indicator, "target": "≥1" + target, "actual": "1" + actual},
        ],
    }


@st.composite
def scored(draw: st.DrawFn) -> tuple[evalrules.Result, dict[str, str]]:
    texts = {key: draw(TEXT) for key in ("name", "category", "indicator", "target", "actual", "explanation")}
    title = draw(TITLE)
    try:
        rules = _rules(title)
        record = evalrules.record_from_data(_record(**texts), "hostile.yaml")
    except (RuleError, RecordError):
        assume(False)  # a text the reader refuses never reaches a report
        raise AssertionError("unreachable")
    texts["title"] = rules.title
    return rules.score(record, "\x1b[2J表.yaml"), texts


def _outputs(result: evalrules.Result) -> dict[str, str]:
    out = {}
    for lang in ("zh", "en"):
        for fmt in FORMATS:
            out[f"score {fmt} {lang}"] = render([result], fmt, lang, explain=True)
            out[f"audit {fmt} {lang}"] = render_findings([result], fmt, lang)
        for width in TABLE_WIDTHS[1:]:
            out[f"score table {lang} width {width}"] = render([result, result], "table", lang, explain=True, width=width)
            out[f"audit table {lang} width {width}"] = render_findings([result], "table", lang, width=width)
    return out


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# What no output may show raw: controls and formats (ANSI sequences, zero-width and bidi marks),
# line separators, private-use, surrogate and unassigned code points. The table and Markdown
# also show the invisible letters (U+3164 …) escaped; JSON, read by programs, keeps those.
CONTROLS = frozenset(("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"))


def _leaked(where: str, shown: str) -> list[str]:
    hidden = (lambda c: unicodedata.category(c) in CONTROLS) if " json" in where else is_hidden
    return sorted({f"U+{ord(c):04X}" for c in shown if c != "\n" and hidden(c)})


@SETTINGS
@given(scored())
def test_no_control_or_format_character_but_the_newline_reaches_any_output(case: tuple[evalrules.Result, dict[str, str]]) -> None:
    result, _ = case
    for where, shown in _outputs(result).items():
        assert _leaked(where, shown) == [], where


@SETTINGS
@given(scored())
def test_json_gives_every_text_of_the_form_and_the_rules_back_exactly(case: tuple[evalrules.Result, dict[str, str]]) -> None:
    result, texts = case
    row = result.indicators[0]
    for lang in ("zh", "en"):
        data = json.loads(render([result], "json", lang))
        [line] = render([result], "jsonl", lang).split("\n")
        assert json.loads(line) == data
        assert data["ruleset"]["title"] == texts["title"]
        assert data["project"] == result.project and data["source"] == "\x1b[2J表.yaml"
        first = data["indicators"][0]
        assert (first["name"], first["category"]) == (row.name, row.category)
        assert first["target"] == (row.target.text if row.target is not None else None)
        assert first["actual"] == (row.actual.text if row.actual is not None else None)
        assert first["explanation"] == row.explain(lang)
        assert [f["message"] for f in data["findings"]] == [f.message(lang) for f in result.findings]
        audit = json.loads(render_findings([result], "json", lang))
        assert audit["findings"] == data["findings"]


@SETTINGS
@given(scored())
def test_markdown_from_a_form_opens_no_tag_link_emphasis_or_code_span(case: tuple[evalrules.Result, dict[str, str]]) -> None:
    result, _ = case
    for lang in ("zh", "en"):
        for shown in (render([result], "markdown", lang, explain=True), render_findings([result], "markdown", lang)):
            for line in shown.split("\n"):
                raw = _unescaped(line)
                assert not set(raw) & set("<>`_[]@~"), line  # HTML only as &lt; &gt;; no link, code, emphasis
                assert "://" not in raw and "www." not in raw, line  # no bare address a renderer links
                if line.startswith("|"):
                    assert raw.count("|") == 11, line  # the borders of the ten cells, and no more
                else:
                    assert "|" not in raw, line
                stars = raw.count("*")
                assert stars == 0 or (stars == 4 and line.startswith("**") and line.endswith("**")), line


def _unescaped(markdown_line: str) -> str:
    """The characters of a Markdown line that are not escaped by a backslash before them."""
    kept, escaped = [], False
    for char in markdown_line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            kept.append(char)
    return "".join(kept)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_of_the_hostile_example_is_free_of_hidden_characters(fmt: str) -> None:
    # The same invariant on one fixed form, so that a failure names its format at a glance.
    rules = evalrules.loads(MINIMAL.format(title="标题\x1b[2J\u202e"), "hostile.rules")
    record = evalrules.record_from_data(_record("\x1b]0;新标题\x07", "产出\u200b", "名\u202e称", "达\x7f标", "优\x9b", "说明\x1b[31m"))
    result = rules.score(record, "表.yaml")
    for shown in (render([result], fmt, "zh", explain=True, width=60), render_findings([result], fmt, "en")):
        assert _leaked(f" {fmt}", shown) == []


@pytest.mark.parametrize(("fmt", "lang"), [("xml", "zh"), ("table", "fr"), ("json", "de")])
def test_an_unknown_format_or_language_is_an_evalrules_error(fmt: str, lang: str) -> None:
    result = _rules("t").score(evalrules.record_from_data(_record("p", "产出", "n", "达标", "100%", "")))
    with pytest.raises(evalrules.EvalRulesError):
        render([result], fmt, lang)
    with pytest.raises(evalrules.EvalRulesError):
        render_findings([result], fmt, lang)
