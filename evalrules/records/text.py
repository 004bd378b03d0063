"""Reading a record's text: bytes to text, YAML and JSON to data, and their problems in words.

`record.py` hands over the bytes of a file (or of standard input) and gets back plain data
(mappings, lists, text, ints and Decimals) for its model to validate. Here the text must be UTF-8
(a GB18030 file is named as such); numbers are read exactly from their digits, never through a
binary float; a key repeated in a mapping is refused; and the syntax problems PyYAML and the json
module report are turned into catalogue messages (`messages/records.py`) with the line and column,
the common ones translated, the rest shown in English. The YAML node tree is kept, so that a
problem the model finds later can be given the line and column of its field (`yaml_position`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import yaml

from ..errors import RecordError, RecordProblem
from ..messages import Message, message
from .values import excerpt

__all__ = ["decode", "load_yaml", "load_json", "yaml_position", "field_path"]


# ---------------------------------------------------------------------------------------------
# Bytes to text


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, source: str) -> str:
    """The text of a record's bytes: UTF-8, a byte-order mark dropped. Anything else is a
    `RecordError` at the line and column of the first bad byte, naming UTF-16, or suggesting
    GB18030 when the bytes read as that."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith(UTF16_BOMS):
            raise RecordError(source, [RecordProblem("", message("record.utf16"))]) from None
        line, column = position_of(data, exc.start)
        # Text that was UTF-8 up to here with Chinese in it is UTF-8 with a stray byte, not GBK.
        gbk = data[: exc.start].removeprefix(b"\xef\xbb\xbf").isascii() and looks_like_gb18030(data)
        key = "record.not_utf8_gb18030" if gbk else "record.not_utf8"
        what = message(key, byte=exc.start + 1, hex=f"0x{data[exc.start]:02x}")
        raise RecordError(source, [RecordProblem("", what, line, column)]) from None


def position_of(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of byte `offset`, in bytes that are UTF-8 up
    to it: where a reader finds the first byte that is not. Used for rule files as for records."""
    before = data[:offset].decode("utf-8-sig")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def looks_like_gb18030(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 read as GB18030 (GBK), the usual encoding of Chinese
    Windows, and then hold Chinese: a Latin-1 é followed by a letter also decodes, as some
    ideograph, but rarely as text without control characters."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= c <= "\u9fff" for c in text) and all(c.isprintable() or c in "\t\r\n" for c in text)


# ---------------------------------------------------------------------------------------------
# Field paths


def field_path(loc: tuple[str | int, ...]) -> str:
    """`indicators[7].actual`; a key the record spells with control characters is shown escaped,
    an empty key as `""`."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part != "[key]":  # pydantic's mark of a mapping's key: the path names the key already
            name = excerpt(str(part)) if part != "" else '""'
            parts.append(f".{name}" if parts else name)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# YAML

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"

# YAML 1.1 floats plus the YAML 1.2 forms PyYAML misses: `1e3` and exponents without a sign.
_YAML_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*
    |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
_DECIMAL_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_LONG_INT = 100  # digits from which an int is read as a Decimal: int() refuses more than 4300


class _Problem(Exception):
    """A problem found while constructing a YAML node; its path is worked out afterwards."""

    def __init__(self, node: yaml.Node, what: Message) -> None:
        super().__init__(what.key)
        self.node = node
        self.what = what


class _RecordLoader(_Loader):  # type: ignore[misc, valid-type]
    """A safe loader that reads numbers exactly and refuses duplicate keys.

    Timestamps stay text (a form's "2024-09-30" is a target, not a date object), and ints in
    YAML 1.1's octal, hex or sexagesimal spellings stay text so that the field decides.
    """

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Decimal | str:
        text = node.value.replace("_", "")
        if ":" in text:
            return node.value
        if "." in text and text.lstrip("+-")[1:2] in ("i", "I", "n", "N"):
            # .inf and .nan: the field's validator refuses them, naming the path and line
            return Decimal(text.replace(".", ""))
        return _number_or_text(text, node.value)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | Decimal | str:
        if _DECIMAL_INT.fullmatch(node.value):
            digits = node.value.replace("_", "")
            # a number too long for int() is still a number: its field refuses it as out of range
            return int(digits, 10) if len(digits) < _LONG_INT else Decimal(digits)
        return node.value

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> str:
        return node.value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Plain string keys compare as their text, so the common case never constructs a key twice.
        keys: list[Any] = []
        for key_node, _ in node.value:
            if key_node.tag == _STR_TAG:
                keys.append(key_node.value)
            elif key_node.tag != _MERGE_TAG:
                keys.append(self.construct_object(key_node, deep=False))
        try:
            repeated = len(set(keys)) != len(keys)
        except TypeError:
            repeated = False  # an unhashable key: the base constructor reports it
        if repeated:
            seen: set[Any] = set()
            nodes = [k for k, _ in node.value if k.tag != _MERGE_TAG]
            for key, key_node in zip(keys, nodes):
                if key in seen:
                    raise _Problem(key_node, message("record.duplicate_key"))
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Copy the resolver table before changing it: PyYAML's add_implicit_resolver appends to lists shared
# with SafeLoader, which would change YAML parsing for every other user in the process.
_RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, _YAML_FLOAT if tag == _FLOAT_TAG else regexp) for tag, regexp in resolvers]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
for _first in "-+0123456789.":
    _resolvers = _RecordLoader.yaml_implicit_resolvers.setdefault(_first, [])
    if not any(tag == _FLOAT_TAG for tag, _ in _resolvers):
        _resolvers.insert(0, (_FLOAT_TAG, _YAML_FLOAT))
# The constructor table is a per-class copy on first add_constructor, as PyYAML intends.
_RecordLoader.add_constructor(_FLOAT_TAG, _RecordLoader.construct_yaml_float)
_RecordLoader.add_constructor(_INT_TAG, _RecordLoader.construct_yaml_int)
_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", _RecordLoader.construct_yaml_timestamp)


def refuse_lone_surrogates(text: str, source: str) -> None:
    """`RecordError` at the first lone surrogate (U+D800–U+DFFF) of a text given from Python: no
    file's bytes decode to one, and YAML can neither encode nor read it."""
    found = _LONE_SURROGATE.search(text)
    if found is None:
        return
    at = found.start()
    what = message("record.yaml.lone_surrogate", char=excerpt(found.group()))
    raise RecordError(source, [RecordProblem("", what, *_line_column(text, at))])


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_yaml(text: str, source: str) -> tuple[object, yaml.Node | None]:
    """The data of one YAML document, and its node tree (for `yaml_position`); `RecordError` for
    text that is not YAML or holds what a record cannot (a tag, a repeated key)."""
    loader = _RecordLoader(text)
    root: yaml.Node | None = None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _Problem as exc:
        path = field_path(_yaml_path(root, exc.node) or ()) if root is not None else ""
        mark = exc.node.start_mark
        raise RecordError(source, [RecordProblem(path, exc.what, mark.line + 1, mark.column + 1)]) from None
    except yaml.MarkedYAMLError as exc:
        raise RecordError(source, [_yaml_problem(exc, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise RecordError(source, [_reader_problem(exc, text)]) from None
    except yaml.YAMLError as exc:
        what = message("record.yaml.syntax", detail=excerpt(str(exc)))
        raise RecordError(source, [RecordProblem("", what)]) from None
    except RecursionError:
        raise RecordError(source, [RecordProblem("", message("record.yaml.too_deep"))]) from None
    finally:
        loader.dispose()
    return data, root


# PyYAML's problem texts, in libyaml's and in the pure-Python loader's wording, and the catalogue
# message each becomes; the first that the problem contains wins. Others are shown in English.
_YAML_PROBLEMS = (
    ("that cannot start any token", "record.yaml.cannot_start"),
    ("found a tab character", "record.yaml.tab"),
    ("mapping values are not allowed", "record.yaml.mapping_value"),
    ("could not find expected ':'", "record.yaml.expected_colon"),
    ("found undefined alias", "record.yaml.undefined_alias"),
    ("found unexpected end of stream", "record.yaml.unexpected_end"),
    ("expected ',' or '}'", "record.yaml.flow_collection"),
    ("expected ',' or ']'", "record.yaml.flow_collection"),
    ("did not find expected key", "record.yaml.indentation"),
    ("did not find expected '-' indicator", "record.yaml.indentation"),
    ("expected <block end>", "record.yaml.indentation"),
    ("did not find expected node content", "record.yaml.missing_value"),
    ("expected the node content", "record.yaml.missing_value"),
    ("but found another document", "record.yaml.two_documents"),
    ("found unknown escape character", "record.yaml.bad_escape"),
    ("could not determine a constructor for the tag", "record.yaml.tag"),
    ("found unhashable key", "record.yaml.unhashable_key"),
)
_YAML_TAG = re.compile(r"for the tag '(.*)'$", re.DOTALL)


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> RecordProblem:
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    key = next((key for phrase, key in _YAML_PROBLEMS if phrase in problem), None)
    values: dict[str, str] = {}
    if "block scalar" in context:  # `target: >=2`: > and | start a block of text
        key, mark = "record.yaml.block_scalar", exc.context_mark or mark  # at the > or |
    elif key == "record.yaml.unexpected_end" and "quoted scalar" in context:
        key, mark = "record.yaml.unclosed_quote", exc.context_mark or mark  # at the opening quote
    elif key == "record.yaml.cannot_start":
        char = _character_at(text, mark)
        if char == "\t":
            key = "record.yaml.tab"
        else:
            values["char"] = excerpt(char)
    elif key == "record.yaml.flow_collection":
        values = {"open": "{", "close": "}"} if "'}'" in problem else {"open": "[", "close": "]"}
    elif key == "record.yaml.tag":
        found = _YAML_TAG.search(problem)
        tag = found.group(1) if found else problem
        values["tag"] = excerpt(tag.replace("tag:yaml.org,2002:", "!!"))
    if key is None:
        detail = excerpt(" ".join(part for part in (context, problem) if part))
        unsupported = isinstance(exc, yaml.constructor.ConstructorError)
        key, values = ("record.yaml.unsupported" if unsupported else "record.yaml.syntax"), {"detail": detail}
    what = message(key, **values)
    if mark is None:
        return RecordProblem("", what)
    return RecordProblem("", what, mark.line + 1, mark.column + 1)


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    """The character a YAML mark points at (libyaml does not name it in its message)."""
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1]


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> RecordProblem:
    """A character YAML does not allow (a control character). libyaml counts the position in bytes
    and the pure-Python reader in characters, so the character is found in the text instead."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    what = message("record.yaml.control_character", char=excerpt(char))
    at = text.find(char)
    if at < 0:
        return RecordProblem("", what)
    return RecordProblem("", what, *_line_column(text, at))


def _line_column(text: str, at: int) -> tuple[int, int]:
    """The line and column (both from 1, counted in characters) of the character at index `at`."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _children(node: yaml.Node) -> Iterator[tuple[str | int, yaml.Node, yaml.Node | None]]:
    """(path part, value node, key node) for each child of a collection node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            part = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            yield part, value_node, key_node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield index, item, None


def _yaml_path(root: yaml.Node, target: yaml.Node) -> tuple[str | int, ...] | None:
    """The path to `target` (a value node or a mapping key node); only used on the error path."""
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    visited: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in visited:  # aliases may make the graph cyclic
            continue
        visited.add(id(node))
        for part, child, key_node in _children(node):
            if key_node is target:
                return path + (part,)
            stack.append((child, path + (part,)))
    return None


def yaml_position(root: yaml.Node, loc: tuple[str | int, ...], key: bool) -> yaml.Mark:
    """Where the deepest existing node along `loc` starts (the key itself for an unknown key)."""
    node = root
    last = len(loc) - 1
    for depth, part in enumerate(loc):
        wanted = str(part) if isinstance(part, int) and isinstance(node, yaml.MappingNode) else part
        for child_part, child, key_node in _children(node):
            if child_part == wanted:
                node = key_node if key and depth == last and key_node is not None else child
                break
        else:
            break
    return node.start_mark


# ---------------------------------------------------------------------------------------------
# JSON


class _DuplicateKeys(dict):  # type: ignore[type-arg]
    """A JSON object that repeated a key; found and reported after parsing, with its path."""

    __slots__ = ("duplicates",)
    duplicates: list[str]


def load_json(text: str, source: str) -> object:
    """The data of a JSON document, numbers exact; `RecordError` for text that is not JSON or an
    object that repeats a key (each reported at its path)."""
    repeated = False

    def make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        repeated = True
        marked = _DuplicateKeys(result)
        marked.duplicates = [k for k, n in Counter(k for k, _ in pairs).items() if n > 1]
        return marked

    try:
        data = json.loads(
            text,
            parse_float=_json_float,
            parse_int=_json_int,
            parse_constant=Decimal,
            object_pairs_hook=make_object,
        )
    except json.JSONDecodeError as exc:
        raise RecordError(source, [_json_problem(exc)]) from None
    except RecursionError:
        raise RecordError(source, [RecordProblem("", message("record.json.too_deep"))]) from None
    if repeated:  # the walk runs only for the rare document that repeats a key
        paths = _json_duplicates(data, ())
        what = message("record.duplicate_key")
        raise RecordError(source, [RecordProblem(field_path(path), what) for path in paths])
    return data


def _number_or_text(text: str, written: str) -> Decimal | str:
    """A number read from YAML or JSON as a Decimal, or, when its exponent is beyond any Decimal,
    the text as written: a number field then refuses it as out of range, a name keeps it."""
    try:
        return Decimal(text)
    except ArithmeticError:
        return written


def _json_float(text: str) -> Decimal | str:
    return _number_or_text(text, text)


def _json_int(text: str) -> int | Decimal:
    # a number too long for int() is still a number: its field refuses it as out of range
    return int(text) if len(text) < _LONG_INT else Decimal(text)


# The json module's problem texts (its `msg`, from Python 3.11 on) and the catalogue message each
# becomes; the first that the problem starts with wins. Others are shown in English.
_JSON_PROBLEMS = (
    ("Expecting value", "record.json.expecting_value"),
    ("Expecting ',' delimiter", "record.json.expecting_comma"),
    ("Expecting ':' delimiter", "record.json.expecting_colon"),
    ("Expecting property name enclosed in double quotes", "record.json.expecting_key"),
    ("Illegal trailing comma", "record.json.trailing_comma"),
    ("Unterminated string", "record.json.unclosed_string"),
    ("Invalid control character", "record.json.control_character"),
    ("Invalid \\escape", "record.json.bad_escape"),
    ("Invalid \\uXXXX escape", "record.json.bad_escape"),
    ("Extra data", "record.json.extra_data"),
)


def _json_problem(exc: json.JSONDecodeError) -> RecordProblem:
    key = next((key for phrase, key in _JSON_PROBLEMS if exc.msg.startswith(phrase)), None)
    what = message(key) if key is not None else message("record.json.syntax", detail=excerpt(exc.msg))
    return RecordProblem("", what, exc.lineno, exc.colno)


def _json_duplicates(data: object, path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(data, dict):
        if isinstance(data, _DuplicateKeys):
            for key in data.duplicates:
                yield path + (key,)
        for key, value in data.items():
            yield from _json_duplicates(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _json_duplicates(value, path + (index,))
