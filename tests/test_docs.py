"""The documentation's examples are run: a doc that disagrees with the code fails here.

Every fenced block in docs/*.md says what it is in its info string, and each kind is checked:

```rules              a complete rule file: it must compile (`evalrules.loads`).
```rules fragment     part of a rule file: it must compile appended to docs/examples/minimal.rules.
```rules part         a part (规则片段, a file opened by `part "…"`): it must check clean as a part,
                      with no error and no warning (`loads` refuses a part: it cannot score a form).
```rules excerpt file=PATH
                      lines of that rule file, as they stand there (a line `…` stands for lines
                      left out).
```yaml excerpt file=PATH
                      the same, for a YAML file (a test file of rule cases, rules/*.tests.yaml).
```rules error        a rule file that must be refused; the ```text block right after it is the
                      error exactly as rendered (the file is called `example.rules`).
```yaml / ```json     a record that must be read (`evalrules.parse_record`).
```yaml error / ```json error
                      a record that must be refused; the ```text block right after it is the
                      error as rendered (the file is called `record.yaml` / `record.json`).
```console            each `$ evalrules …` line is run through `evalrules.cli.main` from the
                      repository root; the lines after it are its output, standard output and
                      standard error interleaved as a terminal shows them. `$ echo $?` prints the
                      exit status of the command before. A line `…` stands for any lines.
```python             run (with `file=PATH`, it must also be that file, word for word).
```pycon              run as a doctest.
```diff OLD NEW       its `-` and `+` lines are exactly the lines that differ between the two
                      files (context and `@@` lines are free; no `---`/`+++` header).
```sh                 shown, not run; each `evalrules …` line in it must be a valid command line.

A complete `rules`, `rules part`, `yaml` or `json` block whose info string has `file=PATH` must also be that
file, word for word. A block of any other kind, or with no info string, fails: no example escapes.

The last tests check that the docs keep up with the code: every grammar rule and keyword has an
example in the rule-language reference, and every rounding mode, finding check and JSON key is
documented.
"""

from __future__ import annotations

import contextlib
import difflib
import doctest
import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lark import Lark, Token

import evalrules
from evalrules import RecordError, RuleError
from evalrules.cli import build_parser, main
from evalrules.decimals import ROUNDING_MODES
from evalrules.engine.loader import CheckedPart, check_text
from evalrules.language.tables import GRAMMAR_PATH

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
MINIMAL = EXAMPLES / "minimal.rules"
REFERENCE = DOCS / "rule-language.md"
REQUIRED_DOCS = (
    "rule-language.md", "tutorial.zh.md", "tutorial.en.md", "record-format.md", "json-result.md", "api.md",
    "jurisdiction-guide.zh.md", "jurisdiction-guide.en.md",
)  # fmt: skip
OMITTED = "…"  # a line of its own in expected output: any number of lines left out
FENCE = re.compile(r"^(`{3,})(.*)$")
SECOND_WORDS = ("fragment", "error", "excerpt", "part")


@dataclass
class Block:
    doc: Path
    line: int  # of the opening fence, 1-based
    info: str
    body: str
    words: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """`rules`, `rules fragment`, `yaml error`, `console`, …; "" for a bare fence."""
        if len(self.words) > 1 and self.words[1] in SECOND_WORDS:
            return f"{self.words[0]} {self.words[1]}"
        return self.words[0] if self.words else ""

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def read_blocks(doc: Path) -> list[Block]:
    blocks: list[Block] = []
    lines = doc.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        fence, info = match.group(1), match.group(2).strip()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip() == fence), None)
        assert end is not None, f"{doc.name}:{i + 1}: a fenced block is never closed"
        parts = info.split()
        words = [p for p in parts if "=" not in p]
        attrs = dict(p.split("=", 1) for p in parts if "=" in p)
        blocks.append(Block(doc, i + 1, info, "\n".join(lines[i + 1 : end]) + "\n", words, attrs))
        i = end + 1
    return blocks


def docs() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))  # with docs/rule-sets/, the prose page of each shipped rule set


def checked_blocks() -> list[Block]:
    """Every block that is a test of its own (a ```text block is checked with the block before it)."""
    return [b for doc in docs() for b in read_blocks(doc) if b.kind != "text"]


def text_after(block: Block) -> str:
    """The ```text block that must follow an error block."""
    blocks = read_blocks(block.doc)
    at = next(i for i, b in enumerate(blocks) if b.line == block.line)
    following = blocks[at + 1] if at + 1 < len(blocks) else None
    assert following is not None and following.kind == "text", f"{block.where}: a ```text block must follow"
    return following.body


# ---- comparing text, with … lines -------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """Lines without trailing spaces, and without blank lines at either end."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _pattern(expected: list[str]) -> str:
    return "".join("(?:.*\n)*?" if line.strip() == OMITTED else re.escape(line) + "\n" for line in expected)


def _joined(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def assert_output(expected: str, actual: str, where: str) -> None:
    """`actual` must be `expected`, line for line, where a line `…` stands for any lines."""
    want, got = _lines(expected), _lines(actual)
    if re.fullmatch(_pattern(want), _joined(got)) is None:
        diff = "\n".join(difflib.unified_diff(want, got, "doc", "tool", lineterm=""))
        pytest.fail(f"{where}: the doc shows output the tool does not print:\n{diff}")


def assert_excerpt(block: Block) -> None:
    assert "file" in block.attrs, f"{block.where}: write ```rules excerpt file=PATH"
    source = _lines((ROOT / block.attrs["file"]).read_text(encoding="utf-8"))
    found = re.search("^" + _pattern(_lines(block.body)), _joined(source), re.MULTILINE)
    assert found, f"{block.where}: these lines do not stand in {block.attrs['file']} as shown"


def assert_same_file(block: Block) -> None:
    path = block.attrs.get("file")
    if path is not None:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert _lines(block.body) == _lines(text), f"{block.where}: the block is not {path} as it stands"


# ---- one test per block ---------------------------------------------------------------------


def run_console(block: Block) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.body.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"{block.where}: a console block starts with a `$ ` command line"
            commands[-1][1].append(line)
    status: int | None = None
    for command, output in commands:
        argv = shlex.split(command)
        if argv == ["echo", "$?"]:
            assert status is not None, f"{block.where}: `echo $?` before any command"
            assert_output("\n".join(output), str(status), f"{block.where}: $ {command}")
            continue
        assert argv[0] == "evalrules", f"{block.where}: only `evalrules …` and `echo $?` can be run: {command}"
        shown = io.StringIO()  # one stream for both, in the order a terminal would show them
        with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
            try:
                status = main(argv[1:])
            except SystemExit as stop:  # argparse: --help, --version, usage errors
                status = stop.code if isinstance(stop.code, int) else 0
        assert_output("\n".join(output), shown.getvalue(), f"{block.where}: $ {command}")


def run_pycon(block: Block) -> None:
    test = doctest.DocTestParser().get_doctest(block.body, {}, block.where, str(block.doc), block.line)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


def check_diff(block: Block) -> None:
    assert len(block.words) == 3, f"{block.where}: write ```diff OLD NEW"
    old, new = ((ROOT / path).read_text(encoding="utf-8").split("\n") for path in block.words[1:])
    real = list(difflib.unified_diff(old, new, lineterm="", n=0))[2:]  # without the ---/+++ header
    changed = [line for line in real if line.startswith(("+", "-"))]
    shown = [line for line in block.body.split("\n") if line.startswith(("+", "-"))]
    assert shown == changed, f"{block.where}: this is not the difference of {block.words[1]} and {block.words[2]}"


def check_sh(block: Block) -> None:
    for line in block.body.split("\n"):
        if line.startswith("evalrules "):
            try:
                build_parser().parse_args(shlex.split(line)[1:])
            except SystemExit:
                pytest.fail(f"{block.where}: not a valid evalrules command line: {line}")


def run_block(block: Block) -> None:
    kind = block.kind
    if kind == "rules":
        assert_same_file(block)
        evalrules.loads(block.body, "example.rules")
    elif kind == "rules part":
        assert_same_file(block)
        checked = check_text(block.body, "example.rules")
        assert isinstance(checked, CheckedPart), f"{block.where}: not a part (it has no `part` line)"
        assert checked.warnings == (), f"{block.where}: the part draws warnings"
    elif kind == "rules fragment":
        evalrules.loads(MINIMAL.read_text(encoding="utf-8") + "\n" + block.body, "example.rules")
    elif kind in ("rules excerpt", "yaml excerpt"):
        assert_excerpt(block)
    elif kind == "rules error":
        with pytest.raises(RuleError) as caught:
            evalrules.loads(block.body, "example.rules")
        assert_output(text_after(block), caught.value.render("en"), block.where)
    elif kind in ("yaml", "json"):
        assert_same_file(block)
        evalrules.parse_record(block.body, f"record.{kind}", kind)
    elif kind in ("yaml error", "json error"):
        fmt = block.words[0]
        with pytest.raises(RecordError) as caught:
            evalrules.parse_record(block.body, f"record.{fmt}", fmt)
        assert_output(text_after(block), str(caught.value), block.where)
    elif kind == "console":
        run_console(block)
    elif kind == "python":
        assert_same_file(block)
        exec(compile(block.body, block.where, "exec"), {"__name__": "__doc_example__"})
    elif kind == "pycon":
        run_pycon(block)
    elif kind == "diff":
        check_diff(block)
    elif kind == "sh":
        check_sh(block)
    else:
        pytest.fail(f"{block.where}: a fenced block says what it is (rules, console, yaml, …), not {block.info!r}")


@pytest.mark.parametrize("block", checked_blocks(), ids=lambda b: b.where)
def test_doc_example_runs_as_shown(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the docs' paths are relative to the repository root
    # A Chinese page shows what a Chinese reader sees; every other page, the English messages.
    monkeypatch.setenv("EVALRULES_LANG", "zh" if block.where.split(":")[0].endswith(".zh.md") else "en")
    run_block(block)


def test_every_text_block_is_the_output_of_the_error_block_before_it() -> None:
    for doc in docs():
        blocks = read_blocks(doc)
        for before, block in zip([None, *blocks], blocks):
            if block.kind == "text":
                assert before is not None and before.kind in ("rules error", "yaml error", "json error"), (
                    f"{block.where}: a ```text block only follows a `rules error`, `yaml error` or `json error` block"
                )


# ---- the docs keep up with the code -----------------------------------------------------------


def test_every_doc_exists_and_has_examples_that_run() -> None:
    for name in REQUIRED_DOCS:
        kinds = {b.kind for b in read_blocks(DOCS / name)}
        assert kinds & {"rules", "rules fragment", "rules part", "console", "pycon", "python"}, name


def test_every_grammar_rule_and_keyword_has_an_example_in_the_reference() -> None:
    parser = Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", keep_all_tokens=True)
    rules = {
        str(rule.alias or rule.origin.name)
        for rule in parser.rules
        if not rule.origin.name.startswith("_") and not (rule.options.expand1 and rule.alias is None)
    }
    terminals = {t.name: t.pattern.value for t in parser.terminals if t.name not in ("WS", "COMMENT")}
    examples = [b for b in read_blocks(REFERENCE) if b.kind in ("rules", "rules fragment", "rules part")]
    seen_rules: set[str] = set()
    seen_terminals: set[str] = set()
    for block in examples:
        for node in parser.parse(block.body).iter_subtrees():
            seen_rules.add(str(node.data))
            seen_terminals.update(t.type for t in node.children if isinstance(t, Token))
    assert sorted(rules - seen_rules) == [], "grammar rules with no example in docs/rule-language.md"
    unseen = sorted(f"{name} {terminals[name]!r}" for name in set(terminals) - seen_terminals)
    assert unseen == [], "grammar terminals with no example in docs/rule-language.md"
    assert any("#" in b.body for b in examples), "no example shows a comment"


def test_every_rounding_mode_is_documented() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert [mode for mode in ROUNDING_MODES if f"`{mode}`" not in text] == []


def test_every_key_of_the_json_result_is_documented() -> None:
    rules = evalrules.load("rules/suzhou-2024.rules")
    record = {
        "project": {"name": "p", "year": 2024},
        "indicators": [{"category": "产出", "name": "n", "target": "达标", "actual": "95%"}],
    }
    data = rules.score(evalrules.record_from_data(record)).to_dict()
    assert data["findings"] and data["findings"][0]["clause"]
    keys = set(data) | set(data["ruleset"]) | set(data["indicators"][0]) | set(data["findings"][0])
    keys |= set(data["findings"][0]["clause"])
    text = (DOCS / "json-result.md").read_text(encoding="utf-8")
    assert sorted(k for k in keys if f"`{k}`" not in text) == []


def test_every_finding_check_is_documented() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "evalrules").rglob("*.py"))
    checks = set(re.findall(r'Finding\(\s*"([a-z][a-z0-9-]*)"', source))
    from evalrules.engine import evaluate

    checks |= set(getattr(evaluate, "_UNSCORABLE", {}))  # checks passed to Finding by name
    text = (DOCS / "json-result.md").read_text(encoding="utf-8")
    assert checks and sorted(c for c in checks if f"`{c}`" not in text) == []


def test_every_check_of_the_shipped_rules_is_documented_in_both_pages() -> None:
    for name in evalrules.shipped_rule_sets():
        checks = [check.name for check in evalrules.load(name).checks]
        for page in ("json-result.md", "audit.md"):
            text = (DOCS / page).read_text(encoding="utf-8")
            assert checks and [c for c in checks if f"`{c}`" not in text] == [], page


def test_every_example_file_is_used_by_a_doc() -> None:
    text = "\n".join(doc.read_text(encoding="utf-8") for doc in docs())
    unused = [p.name for p in sorted(EXAMPLES.iterdir()) if p.is_file() and f"examples/{p.name}" not in text]
    assert unused == []


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_link_between_docs_leads_somewhere() -> None:
    for doc in docs():
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (doc.parent / path).resolve() if path else doc
            assert linked.exists(), f"{doc.name}: link to a missing file: {target}"
            if anchor and linked.suffix == ".md":
                prose = re.sub(r"^(`{3,}).*?^\1\s*$", "", linked.read_text(encoding="utf-8"), flags=re.M | re.S)
                headings = re.findall(r"^#+ (.+)$", prose, re.MULTILINE)
                assert anchor in {_anchor(h) for h in headings}, f"{doc.name}: no heading for #{anchor}"
