"""The record model: one filled self-evaluation form (绩效自评表), read and validated.

This is where a form enters the pipeline. A YAML or JSON document is loaded with every number kept
as an exact `Decimal` read from its text (never through a binary float), validated against the
record model below, and each target and actual is parsed once into a typed value (`values.py`).
Whether the budget names and indicators fit a particular rule set is checked later, against the
compiled rules; here only the shape of the form is checked. YAML, JSON and pydantic exceptions are
translated at this one boundary into `RecordError`, with a field path such as
`indicators[7].actual` for each problem.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)

from .errors import RecordError, RecordProblem
from .values import Value, check_range, parse_value

__all__ = [
    "Amount",
    "ValueField",
    "Project",
    "ItemTotal",
    "ItemRow",
    "Items",
    "Indicator",
    "Record",
    "read_record",
    "parse_record",
    "record_from_data",
    "record_json_schema",
]

_FLOAT_MESSAGE = "a binary float is not exact; write the number as text"


# ---------------------------------------------------------------------------------------------
# Field types


def _kind(value: object) -> str:
    """How a user would name the type of a value they wrote."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | Decimal | float):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


_AMOUNT = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return check_range(value)
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(value, int):
        return check_range(Decimal(value))
    if isinstance(value, float):
        raise ValueError(_FLOAT_MESSAGE)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if _AMOUNT.fullmatch(text) is None:
            raise ValueError(f"not a number: {value!r}")
        return check_range(Decimal(text.replace(",", "")))
    raise ValueError(f"expected a number, got {_kind(value)}")


def _text_of(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise ValueError("expected text, got true/false")
    # YAML and JSON read `name: 2024` as a number; the form meant the text.
    if isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite()):
        return str(value)
    if isinstance(value, float):
        raise ValueError(_FLOAT_MESSAGE)
    raise ValueError(f"expected text, got {_kind(value)}")


def _to_name(value: object) -> str:
    text = _text_of(value) if value is not None else ""
    if not text:
        raise ValueError("must not be empty")
    return text


def _to_optional_text(value: object) -> str | None:
    if value is None:
        return None
    return _text_of(value) or None


def _to_year(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a year such as 2024, got true/false")
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if text.isascii() and text.isdigit():
            value = int(text)
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or not 1000 <= value <= 9999:
        raise ValueError(f"expected a year such as 2024, got {value!r}")
    return value


def _to_value(value: object) -> Value:
    return parse_value(value)  # type: ignore[arg-type]  # parse_value rejects other types itself


Amount = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string"}],
            "description": "An exact decimal, as a number or as text (\"1,000\" and full-width digits allowed).",
        }
    ),
]
"""An exact decimal written as a number or as text ("1,000" and full-width digits allowed)."""

_Name = Annotated[str, BeforeValidator(_to_name)]
_Text = Annotated[str | None, BeforeValidator(_to_optional_text)]
_Year = Annotated[
    int,
    BeforeValidator(_to_year),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999}, {"type": "string"}]}),
]

# A plain validator: parse_value already returns the finished value, so pydantic has nothing left
# to check and must not rebuild the dataclass. Serialised back as written.
ValueField = Annotated[
    Value,
    PlainValidator(_to_value),
    PlainSerializer(lambda v: v.text, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "number"}],
            "description": (
                "As written on the form: an optional comparator (≥ ≧ >= 不少于 不低于, "
                "≤ ≦ <= 不超过 不高于, = ═ ﹦, > <), a number and an optional unit "
                "(%, 万元, 人, …), or a qualitative word (充分, 达成预期指标)."
            ),
        }
    ),
]
"""A target or actual as written, parsed once into a `Quantity` or `Word`; dumped as its text."""


# ---------------------------------------------------------------------------------------------
# The model


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Project(_Frozen):
    """项目: which project the form evaluates."""

    name: _Name
    year: _Year
    department: _Text = None
    jurisdiction: _Text = None


class ItemTotal(_Frozen):
    """The 合计 row of 项目资金构成 as printed."""

    budget: Amount | None = None
    spent: Amount | None = None


class ItemRow(_Frozen):
    """One 子项 of 项目资金构成."""

    name: _Name
    budget: Amount | None = None
    spent: Amount | None = None


class Items(_Frozen):
    """项目资金构成: the sub-items and the printed total."""

    declared_total: ItemTotal | None = None
    rows: tuple[ItemRow, ...] = ()


class Indicator(_Frozen):
    """One row of the indicator table (绩效指标), in the order printed."""

    category: _Name
    subcategory: _Text = None
    name: _Name
    target: ValueField | None = None
    weight: Amount | None = None
    actual: ValueField | None = None
    score: Amount | None = None
    explanation: _Text = None


class Record(_Frozen):
    """One filled self-evaluation form."""

    project: Project
    budget: dict[str, Amount] = {}
    items: Items | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    declared_total_score: Amount | None = None
    declared_max_score: Amount | None = None


# ---------------------------------------------------------------------------------------------
# Reading


def read_record(path: str | os.PathLike[str]) -> Record:
    """Read a record file: YAML for .yaml/.yml, JSON for .json, else JSON if it starts with "{"."""
    source = os.fspath(path)
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise RecordError(source, [RecordProblem("", f"cannot read the file: {reason}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = f"byte {exc.start} is 0x{data[exc.start]:02x}"
        raise RecordError(source, [RecordProblem("", f"not UTF-8 text ({byte})")]) from None
    suffix = Path(source).suffix.lower()
    if suffix in (".yaml", ".yml"):
        format = "yaml"
    elif suffix == ".json":
        format = "json"
    else:
        format = "json" if text.lstrip().startswith("{") else "yaml"
    return parse_record(text, source, format)


def parse_record(text: str, source: str = "<record>", format: str = "yaml") -> Record:
    """Parse a record from YAML or JSON text; `source` names it in errors."""
    if format == "yaml":
        data, root = _load_yaml(text, source)
        return _validate(data, source, root)
    if format == "json":
        return _validate(_load_json(text, source), source, None)
    raise ValueError(f'format must be "yaml" or "json", not {format!r}')


def record_from_data(data: object, source: str = "<record>") -> Record:
    """Validate already-loaded data (mappings, lists, str, int, Decimal; floats are refused)."""
    return _validate(data, source, None)


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema of a record file, for `evalrules schema`."""
    schema = Record.model_json_schema()
    schema.pop("$id", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "evalrules record (财政支出项目绩效自评表)",
    }


def _validate(data: object, source: str, root: yaml.Node | None) -> Record:
    if not isinstance(data, dict):
        what = "empty" if data is None else _kind(data)
        message = f"a record must be a mapping with project and indicators, got {what}"
        raise RecordError(source, [RecordProblem("", message)])
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A tuple's length is counted after its invalid items are dropped, so a lone broken
        # indicator would also be reported as "no indicators"; keep only the real problem.
        broken = any(e["loc"][:1] == ("indicators",) and len(e["loc"]) > 1 for e in errors)
        problems = [
            _problem(error, root)
            for error in errors
            if not (broken and error["type"] == "too_short" and error["loc"] == ("indicators",))
        ]
        raise RecordError(source, problems) from None


_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "dict_type": "expected a mapping",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "string_type": "expected text",
}


def _problem(error: Any, root: yaml.Node | None) -> RecordProblem:
    loc: tuple[str | int, ...] = error["loc"]
    kind = error["type"]
    if kind == "value_error":
        message = str(error["ctx"]["error"])
    elif kind == "too_short" and loc == ("indicators",):
        message = "at least one indicator is required"
    else:
        message = _MESSAGES.get(kind, error["msg"])
    if root is not None:
        where = _yaml_position(root, loc, key=kind == "extra_forbidden")
        message = f"{message} (line {where.line + 1})"
    return RecordProblem(_path(loc), message)


def _path(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part != "[key]":
            parts.append(f".{part}" if parts else part)
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


class _Problem(Exception):
    """A problem found while constructing a YAML node; its path is worked out afterwards."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


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
        return Decimal(text)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | str:
        if _DECIMAL_INT.fullmatch(node.value):
            return int(node.value.replace("_", ""), 10)
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
                    raise _Problem(key_node, "duplicate key")
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


def _load_yaml(text: str, source: str) -> tuple[object, yaml.Node | None]:
    loader = _RecordLoader(text)
    root: yaml.Node | None = None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _Problem as exc:
        path = _path(_yaml_path(root, exc.node) or ()) if root is not None else ""
        message = f"{exc.message} ({_line_column(exc.node.start_mark)})"
        raise RecordError(source, [RecordProblem(path, message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise RecordError(source, [RecordProblem("", _yaml_message(exc))]) from None
    except yaml.YAMLError as exc:
        raise RecordError(source, [RecordProblem("", f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise RecordError(source, [RecordProblem("", "YAML nested too deeply")]) from None
    finally:
        loader.dispose()
    return data, root


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    # A constructor error is valid YAML that a record cannot hold (a !!python tag, a set key).
    if isinstance(exc, yaml.constructor.ConstructorError):
        head = "unsupported YAML"
    else:
        head = "YAML syntax error"
    what = " ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return f"{head}: {what}"
    return f"{head}: {what} ({_line_column(mark)})"


def _line_column(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


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


def _yaml_position(root: yaml.Node, loc: tuple[str | int, ...], key: bool) -> yaml.Mark:
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


def _load_json(text: str, source: str) -> object:
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
            text, parse_float=Decimal, parse_constant=Decimal, object_pairs_hook=make_object
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        message = f"JSON syntax error: {exc.msg} ({where})"
        raise RecordError(source, [RecordProblem("", message)]) from None
    except ValueError as exc:  # an integer too long to convert
        raise RecordError(source, [RecordProblem("", str(exc))]) from None
    except RecursionError:
        raise RecordError(source, [RecordProblem("", "JSON nested too deeply")]) from None
    if repeated:  # the walk runs only for the rare document that repeats a key
        paths = _json_duplicates(data, ())
        raise RecordError(source, [RecordProblem(_path(path), "duplicate key") for path in paths])
    return data


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
