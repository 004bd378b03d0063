"""The language server of rule files, over pygls: what `evalrules lsp` runs (the `editor` extra).

It keeps each open document's text (pygls applies the editor's changes), checks it on open, on
every change and on save, and publishes the checker's errors and warnings; it answers hover,
go-to-definition, completion and formatting from `editor`, which knows nothing of the protocol.
Messages are in the language the client asks for in `initializationOptions` (`{"lang": "en"}`),
else the one `evalrules lsp` was started with (`--lang`, `EVALRULES_LANG`), else Chinese.
Columns are converted to the units the client counts in (UTF-16 unless it agreed on another).
"""

from __future__ import annotations

import asyncio
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from ..display import visible
from ..language.format import FormatterError
from ..messages import LANGUAGES, text
from . import editor

SETTLE_SECONDS = 0.15  # a change is checked when no other follows within this time
_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning, "info": lsp.DiagnosticSeverity.Information}
_KIND = {
    "keyword": lsp.CompletionItemKind.Keyword,
    "file": lsp.CompletionItemKind.File,
    "category": lsp.CompletionItemKind.Class,
    "block": lsp.CompletionItemKind.Module,
    "quantitative": lsp.CompletionItemKind.Function,
    "qualitative": lsp.CompletionItemKind.Function,
    "indicator": lsp.CompletionItemKind.Field,
    "value": lsp.CompletionItemKind.Variable,
    "budget_field": lsp.CompletionItemKind.Property,
    "check": lsp.CompletionItemKind.Event,
    "grade": lsp.CompletionItemKind.EnumMember,
    "band": lsp.CompletionItemKind.EnumMember,
    "word": lsp.CompletionItemKind.EnumMember,
}


class RulesServer(LanguageServer):
    """The server, with the reader's language and each open document's outline (made also while
    a line is half typed, so that hover and completion keep working)."""

    def __init__(self, lang: str) -> None:
        super().__init__("evalrules", _version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.lang = lang
        self.outlines: dict[str, editor.Outline] = {}
        self.changes: dict[str, int] = {}  # the changes each document has had, to check only the last

    # ---- documents: their names, their text, their columns in the client's units ----

    def located(self, uri: str) -> tuple[str, Path | None]:
        """The name positions of a document use (its path), and the folder its `extends` are read from."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path is None:
            return uri.rsplit("/", 1)[-1] or "<rules>", None
        return path, Path(path).parent

    def source(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def to_client(self, source: str, position: editor.Position) -> lsp.Position:
        lines = source.split("\n")
        line, column = position
        before = lines[line][:column] if 0 <= line < len(lines) else ""
        return lsp.Position(line=line, character=self.workspace.position_codec.client_num_units(before))

    def range_to_client(self, source: str, range_: editor.Range) -> lsp.Range:
        return lsp.Range(start=self.to_client(source, range_[0]), end=self.to_client(source, range_[1]))

    def from_client(self, source: str, position: lsp.Position) -> editor.Position:
        lines = source.split("\n")
        line = lines[position.line] if 0 <= position.line < len(lines) else ""
        units = column = 0
        codec = self.workspace.position_codec
        while column < len(line) and units < position.character:
            units += codec.client_num_units(line[column])
            column += 1
        return position.line, column

    # ---- what the server does ----

    def validate(self, uri: str) -> None:
        """Check the document; publish its problems; keep its outline when it parses."""
        source = self.source(uri)
        name, base = self.located(uri)
        try:
            self.outlines[uri] = editor.outline(source, name, base)
        except Exception:  # an outline is a convenience: never let it stop the diagnostics
            self.outlines.pop(uri, None)
        found = editor.problems(source, name, base, self.lang)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[self.diagnostic(source, p) for p in found])
        )

    def diagnostic(self, source: str, problem: editor.Problem) -> lsp.Diagnostic:
        related = [
            lsp.DiagnosticRelatedInformation(
                location=lsp.Location(uri=from_fs_path(str(r.path)), range=self.range_to_client(_read(r.path), r.range)),
                message=r.message,
            )
            for r in problem.related
        ]
        return lsp.Diagnostic(
            range=self.range_to_client(source, problem.range),
            message=problem.message,
            severity=_SEVERITY.get(problem.severity, lsp.DiagnosticSeverity.Error),
            code=problem.code,
            source="evalrules",
            related_information=related or None,
        )


def _version() -> str:
    try:  # the installed distribution's (the package's own `__version__` is a stage above this one)
        return version("evalrules")
    except PackageNotFoundError:
        return "0"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def build(lang: str) -> RulesServer:
    """A server with every feature registered; `lang` is the language until the client asks for one."""
    server = RulesServer(lang)

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: RulesServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        asked = options.get("lang") if isinstance(options, dict) else None
        if asked in LANGUAGES:
            ls.lang = asked

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RulesServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.validate(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: RulesServer, params: lsp.DidChangeTextDocumentParams) -> None:
        # Checking takes about a tenth of a second: while keys come faster, only the last change is
        # checked (pygls has applied each change to the text already).
        uri = params.text_document.uri
        ls.changes[uri] = change = ls.changes.get(uri, 0) + 1
        await asyncio.sleep(SETTLE_SECONDS)
        if ls.changes.get(uri) == change:
            ls.validate(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: RulesServer, params: lsp.DidSaveTextDocumentParams) -> None:
        # a file others extend was saved: every open document may say something else now
        for uri in list(ls.workspace.text_documents):
            ls.validate(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RulesServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.outlines.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: RulesServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        found = ls.outlines.get(uri)
        if found is None:
            return None
        source = ls.source(uri)
        said = editor.hover(found, source, ls.from_client(source, params.position), ls.lang)
        if said is None:
            return None
        content = lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=said[0])
        return lsp.Hover(contents=content, range=ls.range_to_client(source, said[1]))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RulesServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
        uri = params.text_document.uri
        found = ls.outlines.get(uri)
        if found is None:
            return None
        source = ls.source(uri)
        places = editor.definitions(found, ls.from_client(source, params.position))
        return [
            lsp.Location(uri=from_fs_path(str(place.path)), range=ls.range_to_client(place.source, place.range))
            for place in places
        ] or None

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=['"', "."]))
    def completion(ls: RulesServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        source = ls.source(uri)
        name, _ = ls.located(uri)
        offered = editor.completions(ls.outlines.get(uri), source, ls.from_client(source, params.position), name, ls.lang)
        items = [
            lsp.CompletionItem(
                label=c.label,
                kind=_KIND.get(c.kind, lsp.CompletionItemKind.Text),
                detail=c.detail,
                insert_text=c.insert,
            )
            for c in offered
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: RulesServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
        uri = params.text_document.uri
        source = ls.source(uri)
        name, _ = ls.located(uri)
        try:
            edits = editor.format_edits(source, name)
        except FormatterError:  # formatting would change the meaning: a bug of ours, never applied
            said = text("fmt.unsafe", ls.lang, file=visible(name))
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=said))
            return None
        if edits is None:  # it does not parse: its diagnostics say why
            return None
        return [lsp.TextEdit(range=ls.range_to_client(source, r), new_text=new) for r, new in edits]

    return server


def serve(lang: str) -> int:
    """Serve one client over standard input and output until it says exit."""
    build(lang).start_io()
    return 0
