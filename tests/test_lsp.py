"""The language server, driven through the protocol as an editor drives it: `python -m evalrules
lsp` in a subprocess, JSON-RPC messages over its standard input and output (initialize, didOpen →
diagnostics, didChange, hover, definition across `extends`, completion, formatting,
shutdown/exit). No pygls on the client side: the frames are written and read here, so the test
sees exactly what a client would.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the language server needs the `editor` extra")

from evalrules.tools.keywords import KEYWORDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
WAIT = 120  # seconds a reply may take before the test gives up rather than hang (not a timing check)


class Client:
    """A minimal LSP client over a subprocess's pipes."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "evalrules", "lsp", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self.messages.put(None)
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length).decode("utf-8")))

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **payload}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == wanted and "method" not in message:
                assert "error" not in message, message
                return message.get("result")
            self._keep(message)

    def _next(self) -> dict[str, Any]:
        message = self.messages.get(timeout=WAIT)
        assert message is not None, "the server closed its output: " + self.stderr()
        return message

    def _keep(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a request of the server's: answer it
            self.send({"id": message["id"], "result": None})
        else:
            self.notifications.append(message)

    def notification(self, method: str, uri: str | None = None) -> dict[str, Any]:
        """The next notification `method` (about `uri`), read from those kept or still to come."""
        while True:
            for at, message in enumerate(self.notifications):
                if message.get("method") == method and (uri is None or message["params"].get("uri") == uri):
                    return self.notifications.pop(at)["params"]
            self._keep(self._next())

    def stderr(self) -> str:
        self.process.kill()
        return self.process.communicate()[1].decode("utf-8", "replace")

    def initialize(self, options: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.request(
            "initialize",
            {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": options},
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, source: str | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Open a document; its URI and the diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        body = path.read_text(encoding="utf-8") if source is None else source
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "evalrules", "version": 1, "text": body}})
        return uri, self.notification("textDocument/publishDiagnostics", uri)["diagnostics"]

    def close(self) -> int:
        assert self.request("shutdown", None) is None
        self.notify("exit", None)
        return self.process.wait(timeout=WAIT)


@pytest.fixture(scope="module")
def client():
    # English messages, asked for by the client in initializationOptions (EVALRULES_LANG says zh)
    started = Client(env={"EVALRULES_LANG": "zh"})
    result = started.initialize({"lang": "en"})
    capabilities = result["capabilities"]
    assert capabilities["hoverProvider"] and capabilities["definitionProvider"]
    assert capabilities["documentFormattingProvider"] and capabilities["completionProvider"]
    assert result["serverInfo"]["name"] == "evalrules"
    yield started
    assert started.close() == 0


def at(source: str, needle: str, line_containing: str | None = None, offset: int = 0) -> dict[str, int]:
    """The LSP position (UTF-16 columns) of `needle` in the first line holding `line_containing`."""
    for number, line in enumerate(source.split("\n")):
        if needle in line and (line_containing is None or line_containing in line):
            column = line.index(needle) + offset
            return {"line": number, "character": len(line[:column].encode("utf-16-le")) // 2}
    raise AssertionError(f"{needle!r} is not in the text")


def position(client: Client, method: str, uri: str, where: dict[str, int]) -> Any:
    return client.request(method, {"textDocument": {"uri": uri}, "position": where})


# ---- diagnostics --------------------------------------------------------------------------------


def test_a_shipped_rule_file_that_extends_two_others_opens_without_a_diagnostic(client: Client) -> None:
    _, diagnostics = client.open(RULES / "hubei-2020.rules")
    assert diagnostics == []


def test_an_error_typed_into_a_document_is_published_with_its_range_and_cleared_when_fixed(client: Client, tmp_path: Path) -> None:
    source = (RULES / "hubei-2020.rules").read_text(encoding="utf-8")
    copy = tmp_path / "hubei.rules"
    shutil.copy(RULES / "national-2020.rules", tmp_path / "national-2020.rules")
    shutil.copytree(RULES / "shared", tmp_path / "shared")
    copy.write_text(source, encoding="utf-8")
    uri, diagnostics = client.open(copy)
    assert diagnostics == []
    # the editor sends only what changed: 满意度 → 满意 on the `categories` line of the block
    start = at(source, "满意度", "categories")
    end = {"line": start["line"], "character": start["character"] + 3}
    change = {"range": {"start": start, "end": end}, "text": "满意"}
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]})
    published = client.notification("textDocument/publishDiagnostics", uri)["diagnostics"]
    # 满意度 is now in no block: its free total is an error too, on its own line
    assert sorted(d["code"] for d in published) == ["check.free_total_outside_block", "check.unknown_name"]
    problem = next(d for d in published if d["code"] == "check.unknown_name")
    assert problem["severity"] == 1 and problem["source"] == "evalrules" and problem["code"] == "check.unknown_name"
    assert problem["message"] == "unknown category '满意'\ndid you mean '满意度'?"  # English: the client asked
    assert problem["range"] == {"start": start, "end": {"line": start["line"], "character": start["character"] + 2}}
    undo = {"range": {"start": start, "end": {"line": start["line"], "character": start["character"] + 2}}, "text": "满意度"}
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [undo]})
    assert client.notification("textDocument/publishDiagnostics", uri)["diagnostics"] == []


def test_a_syntax_error_and_a_warning_are_diagnostics_with_their_severity(client: Client, tmp_path: Path) -> None:
    broken = tmp_path / "broken.rules"
    uri, diagnostics = client.open(broken, 'ruleset "x" {\n  year 2024\n}\n\ncategory 产出 {\n  weights split 10 apportion 0.01\n  quantitative\n}\n')
    assert [d["severity"] for d in diagnostics] == [1]
    assert diagnostics[0]["code"].startswith("syntax.")
    assert diagnostics[0]["range"]["start"]["line"] == 7  # the `}` where a scheme's name was expected


def test_a_problem_in_a_file_extended_is_shown_on_the_extends_line_with_a_link_to_it(client: Client, tmp_path: Path) -> None:
    (tmp_path / "parent.rules").write_text('part "p"\n\ncheck 重复 error {\n  require budget.nothing = 1\n}\n', encoding="utf-8")
    child = tmp_path / "child.rules"
    source = 'extends "parent.rules"\n\nruleset "c" {\n  year 2024\n}\n'
    uri, diagnostics = client.open(child, source)
    assert diagnostics, "the parent's errors must be shown in the child"
    for problem in diagnostics:
        assert problem["range"]["start"] == {"line": 0, "character": 0}
        assert problem["message"].startswith("in the extended file parent.rules:")
        (related,) = problem["relatedInformation"]
        assert related["location"]["uri"] == (tmp_path / "parent.rules").resolve().as_uri()
    unknown = next(d for d in diagnostics if d["code"] == "check.unknown_name")
    assert unknown["relatedInformation"][0]["location"]["range"]["start"] == {"line": 3, "character": 10}


# ---- hover ----------------------------------------------------------------------------------------


def test_hovering_a_category_shows_every_definition_along_the_chain(client: Client) -> None:
    source = (RULES / "hubei-2020.rules").read_text(encoding="utf-8")
    uri, _ = client.open(RULES / "hubei-2020.rules")
    shown = position(client, "textDocument/hover", uri, at(source, "产出", "categories", 1))
    value = shown["contents"]["value"]
    assert shown["contents"]["kind"] == "markdown"
    assert value.startswith("**category** `产出`")
    assert "overridden at hubei-2020.rules:31" in value and "weights as_written\n" in value
    assert "defined at national-2020.rules:94" in value and "weights as_written total 50" in value


def test_hovering_a_scheme_a_value_and_a_check_shows_what_each_is(client: Client) -> None:
    path = RULES / "suzhou-2024.rules"
    source = path.read_text(encoding="utf-8")
    uri, _ = client.open(path)
    scheme = position(client, "textDocument/hover", uri, at(source, "基本", "quantitative 产出 like"))["contents"]["value"]
    assert scheme.startswith("**quantitative scheme** `基本`") and "below deduct 5% per point of completion" in scheme
    value = position(client, "textDocument/hover", uri, at(source, "执行率", "require 执行率"))["contents"]["value"]
    assert value.startswith("**value** `执行率`") and "value 执行率 = paid / appropriated" in value
    check = position(client, "textDocument/hover", uri, at(source, "资金结余", "check 资金结余"))["contents"]["value"]
    assert 'en "balance {left} is not appropriated − paid' in check
    field = position(client, "textDocument/hover", uri, at(source, "paid", "budget.paid", 0))["contents"]["value"]
    assert field.startswith("**budget amount** `paid`") and '"实际支付数"' in field


def test_hovering_a_keyword_gives_its_meaning_from_the_catalogue(client: Client) -> None:
    path = RULES / "suzhou-2024.rules"
    source = path.read_text(encoding="utf-8")
    uri, _ = client.open(path)
    shown = position(client, "textDocument/hover", uri, at(source, "apportion", "weights split 30"))
    assert shown["contents"]["value"] == (
        "**keyword** `apportion`: apportioned by largest remainder to this step, so the parts sum exactly to the total"
    )
    assert position(client, "textDocument/hover", uri, at(source, "依据", "# 依据")) is None  # a comment says nothing


def test_messages_follow_evalrules_lang_when_the_client_asks_for_none() -> None:
    chinese = Client(env={"EVALRULES_LANG": "zh"})
    try:
        chinese.initialize()
        source = (RULES / "suzhou-2024.rules").read_text(encoding="utf-8")
        uri, _ = chinese.open(RULES / "suzhou-2024.rules")
        shown = position(chinese, "textDocument/hover", uri, at(source, "决策", "category 决策"))
        assert shown["contents"]["value"].startswith("**类别** `决策`\n\n定义于 suzhou-2024.rules:")
    finally:
        assert chinese.close() == 0


# ---- go to definition -------------------------------------------------------------------------


def test_go_to_definition_follows_a_name_across_extends(client: Client) -> None:
    path = RULES / "national-2020-free.rules"
    source = path.read_text(encoding="utf-8")
    uri, _ = client.open(path)
    places = position(client, "textDocument/definition", uri, at(source, "效益", "categories"))
    national = (RULES / "national-2020.rules").read_text(encoding="utf-8").split("\n")
    uris = [p["uri"] for p in places]
    assert uris[0] == uri  # the nearest definition first: this file's override
    assert (RULES / "national-2020.rules").resolve().as_uri() in uris
    there = next(p for p in places if p["uri"] != uri)["range"]["start"]
    assert national[there["line"]].startswith("category 效益")


def test_go_to_definition_on_an_override_leads_to_the_block_it_replaces(client: Client) -> None:
    path = RULES / "hubei-2020.rules"
    source = path.read_text(encoding="utf-8")
    uri, _ = client.open(path)
    (place,) = position(client, "textDocument/definition", uri, at(source, "定性", "override qualitative"))
    assert place["uri"] == (RULES / "national-2020.rules").resolve().as_uri()
    line = (RULES / "national-2020.rules").read_text(encoding="utf-8").split("\n")[place["range"]["start"]["line"]]
    assert line.startswith("qualitative 定性")


def test_go_to_definition_on_the_extends_string_opens_the_parent_file(client: Client) -> None:
    path = RULES / "suzhou-2024.rules"
    source = path.read_text(encoding="utf-8")
    uri, _ = client.open(path)
    (place,) = position(client, "textDocument/definition", uri, at(source, "shared/checks", "extends"))
    assert place["uri"] == (RULES / "shared" / "checks.rules").resolve().as_uri()
    assert place["range"]["start"] == {"line": 0, "character": 0}


def test_a_row_of_a_check_leads_to_its_for_each(client: Client) -> None:
    path = RULES / "suzhou-2024.rules"
    source = path.read_text(encoding="utf-8")
    uri, _ = client.open(path)
    (place,) = position(client, "textDocument/definition", uri, at(source, "row", "require row.spent"))
    assert place["range"]["start"] == at(source, "row", "for each row in items.rows")


# ---- completion -------------------------------------------------------------------------------


def complete(client: Client, path: Path, source: str, where: dict[str, int]) -> list[dict[str, Any]]:
    uri, _ = client.open(path, source)
    return client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": where})["items"]


def test_completion_offers_inherited_schemes_after_quantitative_in_a_category(client: Client, tmp_path: Path) -> None:
    source = 'extends "national-2020.rules"\n\nruleset "x" {\n}\n\noverride category 产出 {\n  quantitative \n}\n'
    items = complete(client, tmp_path / "x.rules", source, {"line": 6, "character": 15})
    assert [i["label"] for i in items] == ["定量"]
    assert items[0]["kind"] == 3 and items[0]["detail"].startswith("quantitative scheme · national-2020.rules:")


def test_completion_offers_keywords_and_declared_names_including_inherited_ones(client: Client, tmp_path: Path) -> None:
    # the line being typed does not parse yet: the names of the others and of the files extended serve
    source = 'extends "suzhou-2024.rules"\n\nruleset "x" {\n}\n\nvalue 比率 = paid / appropriated\nvalue 差 = 比率 - \n'
    items = complete(client, tmp_path / "y.rules", source, {"line": 6, "character": 14})
    labels = {i["label"] for i in items}
    assert KEYWORDS <= labels
    assert {"appropriated", "执行率", "比率", "产出", "基本"} <= labels


def test_completion_after_extends_offers_the_shipped_rule_sets_and_files_beside(client: Client, tmp_path: Path) -> None:
    (tmp_path / "mine.rules").write_text('part "m"\n', encoding="utf-8")
    items = complete(client, tmp_path / "z.rules", 'extends "\n', {"line": 0, "character": 9})
    labels = [i["label"] for i in items]
    assert {"national-2020.rules", "suzhou-2024.rules", "shared/checks.rules", "mine.rules"} <= set(labels)
    assert "z.rules" not in labels


def test_a_name_that_needs_quotes_is_completed_with_them(client: Client, tmp_path: Path) -> None:
    source = 'ruleset "x" {\n}\n\nbudget {\n  paid\n}\n\nvalue "a b" = paid\nvalue c = \n'
    items = complete(client, tmp_path / "q.rules", source, {"line": 8, "character": 10})
    assert next(i for i in items if i["label"] == "a b")["insertText"] == '"a b"'


# ---- formatting -------------------------------------------------------------------------------


def _apply(source: str, edits: list[dict[str, Any]]) -> str:
    """The text after the edits (ranges of the original text, applied from the last)."""
    lines = source.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(where: dict[str, int]) -> int:
        line = lines[where["line"]] if where["line"] < len(lines) else ""
        units = where["character"]
        column = len(line.encode("utf-16-le")[: units * 2].decode("utf-16-le"))
        return offsets[min(where["line"], len(lines))] + column

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        source = source[:start] + edit["newText"] + source[end:]
    return source


def test_formatting_returns_the_edits_that_give_what_evalrules_fmt_gives(client: Client, tmp_path: Path) -> None:
    from evalrules.language.format import format_rules
    canonical = (RULES / "hubei-2020.rules").read_text(encoding="utf-8")
    messy = canonical.replace("  weights as_written\n", "     weights    as_written\n", 1).replace("\n\n# 各目标", "\n\n\n\n# 各目标")
    assert messy != canonical
    path = tmp_path / "hubei-2020.rules"
    uri, _ = client.open(path, messy)
    edits = client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
    assert _apply(messy, edits) == format_rules(messy, str(path))
    assert all(e["range"]["end"]["line"] - e["range"]["start"]["line"] <= 3 for e in edits)  # only what changed


def test_formatting_a_formatted_document_changes_nothing_and_a_broken_one_is_left_alone(client: Client, tmp_path: Path) -> None:
    uri, _ = client.open(RULES / "suzhou-2024.rules")
    assert client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}) == []
    uri, _ = client.open(tmp_path / "broken.rules", "category {\n")
    assert client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}) is None


# ---- columns in UTF-16 ------------------------------------------------------------------------


def test_columns_count_utf16_units_past_a_character_outside_the_basic_plane(client: Client, tmp_path: Path) -> None:
    # 𠀀 (U+20000) is one character to the parser, two UTF-16 units to the client
    source = 'ruleset "x" {\n}\n\ncategory 产出 {\n  weights split 10 apportion 0.01\n  quantitative 𠀀 基本\n}\n'
    uri, diagnostics = client.open(tmp_path / "wide.rules", source)
    (problem,) = diagnostics
    assert problem["range"]["start"] == {"line": 5, "character": 18}  # `基本` after 𠀀 and a space: 2 + 13 + 2 + 1
