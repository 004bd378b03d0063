"""The parse tables shipped in evalrules/language/grammar.tables are those of the current grammar."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import lark
import pytest
from lark import Lark

from evalrules.language import tables
from evalrules.language.parser import parse

ROOT = Path(__file__).resolve().parent.parent


def shipped_header() -> str:
    with tables.TABLES_PATH.open("rb") as shipped:
        return shipped.readline().decode("ascii")


def test_shipped_tables_were_built_from_the_current_grammar() -> None:
    digest = hashlib.sha256(tables.GRAMMAR_PATH.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
    assert shipped_header().split()[1] == digest, (
        "grammar.lark changed: rebuild the tables with "
        'python -c "from evalrules.language.tables import write_tables; write_tables()"'
    )


def test_shipped_tables_parse_exactly_as_tables_built_from_the_grammar() -> None:
    header = shipped_header()
    if f"lark-{lark.__version__} python-{sys.version_info[0]}.{sys.version_info[1]}" not in header:
        pytest.skip(f"the shipped tables are for another lark or Python ({header.strip()})")
    with tables.TABLES_PATH.open("rb") as shipped:
        shipped.readline()
        loaded = Lark.load(shipped)
    built = Lark(tables.GRAMMAR_PATH.read_text(encoding="utf-8"), **tables._OPTIONS)
    text = (ROOT / "rules" / "suzhou-2024.rules").read_text(encoding="utf-8")
    assert loaded.parse(text) == built.parse(text)


def test_without_usable_tables_the_parser_is_built_from_the_grammar(tmp_path, monkeypatch) -> None:
    stale = tmp_path / "grammar.tables"
    stale.write_bytes(b"evalrules-tables 0000 lark-0 python-0\n")
    monkeypatch.setattr(tables, "TABLES_PATH", stale)
    tables.grammar_parser.cache_clear()
    try:
        assert parse('ruleset "t" { year 2024 }', "t.rules").items[0].year == 2024
    finally:
        tables.grammar_parser.cache_clear()
