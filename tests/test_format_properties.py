"""Properties of the formatter, stated in plain words and checked by Hypothesis.

Rule files are drawn from the grammar's constructs (tests/rule_text.py), and taken from the shipped
rule sets and the docs' examples re-laid-out at random:

- formatting is idempotent: formatting formatted text changes nothing;
- formatting keeps the meaning: the formatted text parses to the same rules, positions aside, with
  the same comments in the same order; a shipped rule set formatted from a re-laid-out text scores
  every example form as the shipped file does, clause lines aside;
- formatting is blind to layout: any re-spacing of a file (spaces, tabs, indents, line breaks,
  more blank lines) formats to the same text, which for a shipped file is the file itself.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import evalrules
from evalrules.errors import RuleError
from evalrules.language.format import format_rules
from evalrules.language.parser import parse
from rule_text import relayouts, rule_files

ROOT = Path(__file__).resolve().parent.parent
RULE_SETS = sorted((ROOT / "rules").glob("*.rules"))
EXAMPLE_FORMS = sorted((ROOT / "examples").glob("*.yaml"))
_FENCE = re.compile(r"^```rules( part| fragment)?(?: file=\S+)?\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _docs_examples() -> list[tuple[str, str]]:
    """Every rule file of docs/examples and every complete rule text in a ```rules block of docs/."""
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "docs").rglob("*.rules"))]
    for doc in sorted((ROOT / "docs").rglob("*.md")):
        for at, match in enumerate(_FENCE.finditer(doc.read_text(encoding="utf-8"))):
            found.append((f"{doc.relative_to(ROOT)}#{at}", match.group(2)))
    return found


SHIPPED = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules").rglob("*.rules"))]
FILES = SHIPPED + _docs_examples()
GENERATED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RELAID = settings(max_examples=3, deadline=None)


def meaning(node: Any) -> Any:
    """A parsed rule file as plain values, its positions (spans), source text and comments left out."""
    if is_dataclass(node):
        skipped = ("span", "source", "path", "parent", "comments")
        return (type(node).__name__, *(meaning(getattr(node, f.name)) for f in fields(node) if f.name not in skipped))
    if isinstance(node, tuple):
        return tuple(meaning(item) for item in node)
    return node


def comments(text: str) -> list[str]:
    return [comment.text.rstrip() for comment in parse(text).comments]


@GENERATED
@given(rule_files())
def test_formatting_formatted_text_changes_nothing(text: str) -> None:
    once = format_rules(text)
    assert format_rules(once) == once


@GENERATED
@given(rule_files())
def test_formatted_text_parses_to_the_same_rules_with_the_same_comments_in_order(text: str) -> None:
    formatted = format_rules(text)
    assert meaning(parse(formatted)) == meaning(parse(text))
    assert comments(formatted) == comments(text)


@GENERATED
@given(rule_files(), st.data())
def test_any_layout_of_a_drawn_file_formats_to_the_same_text(text: str, data: st.DataObject) -> None:
    assert format_rules(data.draw(relayouts(text))) == format_rules(text)


@pytest.mark.parametrize(("name", "text"), [pytest.param(name, text, id=name) for name, text in FILES])
@RELAID
@given(data=st.data())
def test_any_layout_of_a_shipped_file_or_a_docs_example_formats_to_the_same_text(
    name: str, text: str, data: st.DataObject
) -> None:
    expected = format_rules(text, name)
    assert format_rules(data.draw(relayouts(text)), name) == expected
    assert comments(expected) == comments(text)


def _without_clause_lines(value: Any) -> Any:
    """A result as data with every clause's line and column left out (a clause id is file:line)."""
    if isinstance(value, dict):
        return {k: _without_clause_lines(v) for k, v in value.items() if k not in ("line", "column", "id")}
    if isinstance(value, list):
        return [_without_clause_lines(v) for v in value]
    return value


def _scored(rules: evalrules.RuleSet) -> dict[str, Any]:
    """Every example form this rule set can read (the others name amounts it does not have), scored."""
    results = {}
    for path in EXAMPLE_FORMS:
        try:
            result = rules.score(evalrules.read_record(str(path)), path.name)
        except evalrules.RecordError:
            continue
        results[path.name] = _without_clause_lines(result.to_dict())
    return results


@pytest.mark.parametrize("path", RULE_SETS, ids=lambda p: p.name)
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_a_shipped_rule_set_formatted_from_any_layout_scores_every_example_form_as_shipped(
    path: Path, data: st.DataObject
) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = format_rules(data.draw(relayouts(text)), path.name)
    shipped = _scored(evalrules.loads(text, path.name, base=path.parent))
    assert shipped  # its own example form at least
    assert _scored(evalrules.loads(formatted, path.name, base=path.parent)) == shipped


def test_the_docs_examples_read_here_are_rule_files() -> None:
    # a check of the check: the blocks taken from docs/ are rule texts that parse, and many
    assert len(FILES) > 30
    for name, text in FILES:
        try:
            parse(text, name)
        except RuleError as error:  # pragma: no cover - shown when a doc's block stops parsing
            pytest.fail(f"{name}: {error}")
