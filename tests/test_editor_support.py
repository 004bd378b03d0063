"""Highlighting of rule files, and what the editor support promises besides the language server
(tests/test_lsp.py): the keyword lists agree with grammar.lark; the Pygments lexer and the
TextMate grammar of editors/vscode give every token of every shipped rule file and every rule
example of docs/ the kind the parser reads it as (the TextMate grammar run for real, by node with
vscode-textmate and vscode-oniguruma, as VS Code runs it); the VS Code folder is consistent; the
optional parts stay optional.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from lark import Lark, Token

from evalrules.cli import main
from evalrules.language.tables import GRAMMAR_PATH
from evalrules.tools.keywords import CLAUSE_WORDS, CONSTANTS, DECLARATIONS, KEYWORDS, OPERATOR_WORDS, SEVERITIES, written

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"
TM_GRAMMAR = VSCODE / "syntaxes" / "evalrules.tmLanguage.json"
TOKENIZE = Path(__file__).with_name("tokenize_textmate.js")
COMMENT_OR_TEXT = re.compile(r'"[^"\n]*"|#[^\n]*')

PARSER = Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", keep_all_tokens=True)
TERMINALS = {t.name: t.pattern for t in PARSER.terminals}


def grammar_keywords() -> set[str]:
    """The words grammar.lark writes in quotes: its keywords."""
    return {p.value for p in TERMINALS.values() if p.type == "str" and re.match(r"\w", p.value)}


def test_the_keywords_of_the_editor_support_are_those_of_the_grammar() -> None:
    listed = DECLARATIONS + CONSTANTS + SEVERITIES + OPERATOR_WORDS + CLAUSE_WORDS
    assert len(listed) == len(set(listed)), "a keyword is listed under two roles"
    assert KEYWORDS == grammar_keywords()


def test_every_keyword_has_a_line_of_meaning_in_the_catalogue_and_no_other_does() -> None:
    from evalrules.messages import CATALOGUE

    explained = {key.removeprefix("lsp.keyword.") for key in CATALOGUE if key.startswith("lsp.keyword.")}
    assert explained == KEYWORDS


def test_the_textmate_grammar_highlights_exactly_the_keywords_of_the_grammar() -> None:
    grammar = json.loads(TM_GRAMMAR.read_text(encoding="utf-8"))
    found: set[str] = set()
    for rule in grammar["repository"]["keywords"]["patterns"]:
        alternatives = re.fullmatch(r"\(\?<!\[\\w·\]\)\(\?:(.*)\)\(\?!\[\\w·\]\)", rule["match"])
        assert alternatives, rule["match"]
        found |= set(alternatives.group(1).split("|"))
    assert found == grammar_keywords()


def test_a_name_is_written_bare_only_when_the_parser_reads_it_as_a_name() -> None:
    assert written("产出") == "产出" and written("目标1") == "目标1"
    assert written("产出 指标") == '"产出 指标"' and written("1号") == '"1号"' and written("total") == '"total"'


# ---- the texts highlighted, and what the parser reads in them -----------------------------------


@dataclass(frozen=True)
class Sample:
    where: str
    text: str
    parses: bool


def samples() -> list[Sample]:
    """Every shipped rule file, docs/examples/*.rules, and every ```rules block of docs/."""
    from test_docs import read_blocks  # the docs' own reader of fenced blocks

    found = [Sample(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"), True) for p in sorted((ROOT / "rules").rglob("*.rules"))]
    found += [Sample(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"), True) for p in sorted((ROOT / "docs").rglob("*.rules"))]
    for doc in sorted((ROOT / "docs").rglob("*.md")):
        for block in read_blocks(doc):
            if block.words and block.words[0] == "rules":
                try:
                    PARSER.parse(block.body)
                    parses = True
                except Exception:  # an error example, or an excerpt that is not a file alone
                    parses = False
                found.append(Sample(block.where, block.body, parses))
    return found


SAMPLES = samples()


def kinds(text: str) -> list[tuple[int, str, str]]:
    """Each token the parser reads, by its offset in the text: (offset, kind, text), the kind one
    of keyword, name, string, number, date, operator, comment."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    found = []
    for tree in PARSER.parse(text).iter_subtrees():
        for token in tree.children:
            if isinstance(token, Token):
                found.append((starts[token.line - 1] + token.column - 1, _kind(token), str(token)))
    for match in COMMENT_OR_TEXT.finditer(text):
        if match.group().startswith("#"):
            found.append((match.start(), "comment", match.group()))
    return sorted(set(found))


def _kind(token: Token) -> str:
    pattern = TERMINALS[token.type]
    if pattern.type == "str":
        return "keyword" if re.match(r"\w", pattern.value) else "operator"
    return {"NAME": "name", "STRING": "string", "DECIMAL": "number", "PERCENT": "number", "YEAR": "number", "DATE": "date"}[token.type]


def test_the_samples_hold_every_kind_of_token_and_every_keyword() -> None:
    seen = {kind for s in SAMPLES if s.parses for _, kind, _ in kinds(s.text)}
    assert seen == {"keyword", "name", "string", "number", "date", "operator", "comment"}
    words = {word for s in SAMPLES if s.parses for _, kind, word in kinds(s.text) if kind == "keyword"}
    assert words == KEYWORDS, "a keyword no sample uses is not tested for highlighting"


# ---- Pygments -----------------------------------------------------------------------------------

pygments = pytest.importorskip("pygments", reason="the lexer needs the `editor` extra")
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename  # noqa: E402
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String  # noqa: E402

from evalrules.tools.highlight import EvalRulesLexer  # noqa: E402

PYGMENTS_KINDS = {
    "keyword": (Keyword, Operator.Word),
    "name": (Name,),
    "string": (String,),
    "number": (Number,),
    "date": (Number.Other,),
    "operator": (Operator, Punctuation),
    "comment": (Comment,),
}


def test_the_lexer_is_found_by_pygments_through_its_entry_point() -> None:
    assert isinstance(get_lexer_by_name("rules"), EvalRulesLexer)
    assert isinstance(get_lexer_by_name("evalrules"), EvalRulesLexer)
    assert isinstance(get_lexer_for_filename("suzhou-2024.rules"), EvalRulesLexer)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.where)
def test_the_lexer_reads_every_rule_text_without_an_error_token(sample: Sample) -> None:
    if not sample.parses and "�" in sample.text:
        pytest.skip("a deliberately broken text")
    errors = [(i, v) for i, t, v in EvalRulesLexer().get_tokens_unprocessed(sample.text) if t in Error]
    if sample.parses:
        assert errors == []
    else:  # an error example may hold what no rule file can (a full-width brace): only those are errors
        assert all(not re.fullmatch(r"[\w·\s]+", v) for _, v in errors), errors


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.parses], ids=lambda s: s.where)
def test_the_lexer_gives_every_token_the_kind_the_parser_reads(sample: Sample) -> None:
    tokens = list(EvalRulesLexer().get_tokens_unprocessed(sample.text))
    ends = [index + len(value) for index, _, value in tokens]
    wrong = []
    for offset, kind, word in kinds(sample.text):
        at = next(i for i, end in enumerate(ends) if end > offset)  # the token covering the offset
        ttype = tokens[at][1]
        if not any(ttype in allowed for allowed in PYGMENTS_KINDS[kind]):
            wrong.append(f"{word!r} ({kind}) lexed as {ttype}")
    assert wrong == []


# ---- the TextMate grammar, run by node as VS Code runs it -------------------------------------


@pytest.fixture(scope="module")
def textmate_tokens() -> dict[str, list[list[tuple[int, int, list[str]]]]]:
    """Each parsed sample's lines as the TextMate grammar tokenizes them."""
    node = shutil.which("node")
    installed = (VSCODE / "node_modules" / "vscode-textmate").is_dir() and (VSCODE / "node_modules" / "vscode-oniguruma").is_dir()
    if node is None or not installed:
        if os.environ.get("CI"):
            pytest.fail("CI must run the TextMate grammar: node and `npm ci` in editors/vscode (.ci/run does both)")
        pytest.skip("node, or vscode-textmate in editors/vscode/node_modules (`npm ci` there), is missing")
    parsed = [s for s in SAMPLES if s.parses]
    request = json.dumps({"grammar": str(TM_GRAMMAR), "texts": [s.text for s in parsed]})
    done = subprocess.run([node, str(TOKENIZE)], input=request, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    return {s.where: lines for s, lines in zip(parsed, json.loads(done.stdout))}


TEXTMATE_KINDS = {
    "keyword": ("keyword.", "constant.language."),
    "name": ("variable.", "entity.name."),
    "string": ("string.quoted.",),
    "number": ("constant.numeric.", "keyword.other.unit.percent."),
    "date": ("constant.numeric.date.",),
    "operator": ("keyword.operator.", "punctuation."),
    "comment": ("comment.line.", "punctuation.definition.comment."),
}


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.parses], ids=lambda s: s.where)
def test_the_textmate_grammar_gives_every_token_the_kind_the_parser_reads(sample: Sample, textmate_tokens) -> None:
    lines = sample.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    wrong = []
    for offset, kind, word in kinds(sample.text):
        number = max(i for i, start in enumerate(starts) if start <= offset)
        column = offset - starts[number]
        units = len(lines[number][:column].encode("utf-16-le")) // 2  # JavaScript counts UTF-16 units
        scopes = next(s for start, end, s in textmate_tokens[sample.where][number] if start <= units < end)
        if not any(scope.startswith(TEXTMATE_KINDS[kind]) for scope in scopes[1:]):
            wrong.append(f"{sample.where} line {number + 1}: {word!r} ({kind}) has the scopes {scopes}")
    assert wrong == []


# ---- the VS Code folder -----------------------------------------------------------------------


def test_the_vscode_extension_declares_the_language_its_grammar_and_its_configuration() -> None:
    package = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = package["contributes"]["languages"]
    assert language["id"] == "evalrules" and language["extensions"] == [".rules"]
    (grammar,) = package["contributes"]["grammars"]
    assert grammar["language"] == "evalrules"
    assert json.loads((VSCODE / grammar["path"]).read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]
    configuration = json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"}
    assert {"open": '"', "close": '"', "notIn": ["string", "comment"]} in configuration["autoClosingPairs"]
    assert ["{", "}"] in configuration["brackets"] and ["[", "]"] in configuration["brackets"]
    assert (VSCODE / package["main"]).is_file()
    assert package["contributes"]["configuration"]["properties"]["evalrules.server.command"]["default"] == ["evalrules", "lsp"]


STUB = r"""
const Module = require("module");
const load = Module._load;
const started = [];
let said = [];
const settings = JSON.parse(process.argv[2]);
const installed = process.argv[3] === "yes";
Module._load = function (request, parent, isMain) {
  if (request === "vscode") {
    return {
      workspace: { getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }) },
      window: { showInformationMessage: (m) => said.push(m) },
    };
  }
  if (request === "vscode-languageclient/node") {
    if (!installed) throw new Error("Cannot find module 'vscode-languageclient/node'");
    return {
      TransportKind: { stdio: 0 },
      LanguageClient: class {
        constructor(id, name, server, client) { started.push({ id, server, client }); }
        start() { return Promise.resolve(); }
        stop() {}
      },
    };
  }
  return load.apply(this, arguments);
};
require(process.argv[1]).activate({ subscriptions: [] });
process.stdout.write(JSON.stringify({ started, said }));
"""


def _activate(settings: dict[str, object], installed: bool = True) -> dict[str, list]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("CI has node (.ci/run installs it)")
        pytest.skip("node is missing")
    done = subprocess.run(
        [node, "-e", STUB, str(VSCODE / "extension.js"), json.dumps(settings), "yes" if installed else "no"],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_extension_starts_evalrules_lsp_with_the_language_asked_for() -> None:
    (started,) = _activate({"language": "en"})["started"]
    assert started["server"] == {"command": "evalrules", "args": ["lsp"], "transport": 0}
    assert started["client"] == {"documentSelector": [{"language": "evalrules"}], "initializationOptions": {"lang": "en"}}
    command = ["/opt/venv/bin/python", "-m", "evalrules", "lsp"]
    (started,) = _activate({"server.command": command})["started"]
    assert started["server"]["command"] == command[0] and started["server"]["args"] == command[1:]
    assert started["client"]["initializationOptions"] == {"lang": "zh"}


def test_the_extension_without_its_client_library_highlights_and_says_how_to_get_the_server() -> None:
    shown = _activate({}, installed=False)
    assert shown["started"] == [] and "npm install" in shown["said"][0]
    assert _activate({"server.enabled": False}) == {"started": [], "said": []}


# ---- optional stays optional ------------------------------------------------------------------


def test_evalrules_and_its_check_import_neither_pygls_nor_pygments() -> None:
    probe = (
        "import sys, evalrules\n"
        "from evalrules.cli import main\n"
        "status = main(['check', 'rules/hubei-2020.rules'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'pygments'))\n"
        "print(status, loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_without_the_editor_extra_lsp_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # `import pygls` now fails as when it is not installed
    monkeypatch.delitem(sys.modules, "evalrules.tools.server", raising=False)
    assert main(["lsp", "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        "the language server needs the optional extra editor: pip install 'evalrules[editor]' (module pygls is missing)\n"
    )
    assert main(["lsp", "--lang", "zh"]) == 2
    assert "pip install 'evalrules[editor]'" in capsys.readouterr().err
