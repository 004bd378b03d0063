"""The lark parser of the rule language, and the prebuilt parse tables shipped with it.

Building lark's LALR tables from `grammar.lark` takes most of a cold start (about 80 ms), so the
tables are built once by the developers and shipped in
`grammar.tables`, headed by the grammar's SHA-256 and the lark and Python versions they were built
with. They are used only when all three match; otherwise the parser is built from the grammar,
with lark's own on-disk cache. After changing the grammar, rebuild them with

    python -c "from evalrules.tables import write_tables; write_tables()"

and a test fails until that is done.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark

GRAMMAR_PATH = Path(__file__).with_name("grammar.lark")
TABLES_PATH = Path(__file__).with_name("grammar.tables")
_OPTIONS = {"parser": "lalr", "propagate_positions": True, "maybe_placeholders": False}


def tables_header(grammar: str) -> bytes:
    """What the tables must have been built from: grammar digest, lark version, Python version."""
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()
    python = "%d.%d" % sys.version_info[:2]
    return f"evalrules-tables {digest} lark-{lark.__version__} python-{python}\n".encode("ascii")


@lru_cache(maxsize=1)
def grammar_parser() -> Lark:
    """The one lark parser of the rule language, built or loaded once per process."""
    grammar = GRAMMAR_PATH.read_text(encoding="utf-8")
    try:
        with TABLES_PATH.open("rb") as tables:
            if tables.readline() == tables_header(grammar):
                return Lark.load(tables)
    except (OSError, EOFError, ValueError):
        pass  # no usable shipped tables: build them below
    try:
        return Lark(grammar, cache=True, **_OPTIONS)
    except OSError:  # an unwritable temp dir must not stop anyone: build without the cache
        return Lark(grammar, **_OPTIONS)


def write_tables(path: Path = TABLES_PATH) -> None:
    """Build the parse tables from `grammar.lark` and write them, with their header, to `path`."""
    grammar = GRAMMAR_PATH.read_text(encoding="utf-8")
    parser = Lark(grammar, **_OPTIONS)
    with path.open("wb") as out:
        out.write(tables_header(grammar))
        parser.save(out)
