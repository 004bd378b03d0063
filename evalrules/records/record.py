"""The record model: one filled self-evaluation form (绩效自评表), read and validated.

This is where a form enters the pipeline. A YAML or JSON document is loaded with every number kept
as an exact `Decimal` read from its text (never through a binary float), validated against the
record model below, and each target and actual is parsed once into a typed value (`values.py`).
Whether the budget names and indicators fit a particular rule set is checked later, against the
compiled rules; here only the shape of the form is checked. The text itself is read by
`text.py` (encoding, YAML, JSON and their syntax problems); pydantic's exceptions are
translated here, at this one boundary, into `RecordError`, with a field path such as
`indicators[7].actual` for each problem, its line and column in YAML, and a catalogue message
(`messages/records.py`) in both languages; text the record holds is quoted through
`values.excerpt`, so a form cannot put a control character into a message.

Records built in Python (`record_from_data`) may hold binary floats, as any JSON framework gives
them: a float is read from its shortest repr (`values.exact_float`). The JSON Schema of the format
(`schema.py`) accepts exactly what this reader accepts, as far as a regular expression can.
"""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)

from ..errors import RecordError, RecordProblem, UsageError
from ..messages import Message, message
from . import schema as record_schema
from .text import decode, field_path, load_json, load_yaml, refuse_lone_surrogates, yaml_position
from .values import (
    NUMBER_FORMS,
    Value,
    ValueProblem,
    check_range,
    exact_float,
    excerpt,
    kind_of,
    parse_value,
    wrong_type,
)

__all__ = [
    "Amount",
    "ValueField",
    "Project",
    "ItemTotal",
    "ItemRow",
    "Items",
    "Part",
    "Indicator",
    "Deduction",
    "Record",
    "read_record",
    "parse_record",
    "record_from_data",
    "record_json_schema",
    "STDIN",
]

STDIN = "<stdin>"
"""How messages name a record read from standard input (`read_record("-")`)."""


# ---------------------------------------------------------------------------------------------
# Field types. These run for every field of every record: the common case (a Decimal from YAML or
# JSON, plain ASCII text) takes the first branch or two.

_AMOUNT = re.compile(
    r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
_NUMBER_FORMS = str.maketrans(NUMBER_FORMS)


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueProblem(message("record.not_finite", value=str(value)))
        return check_range(value)
    if isinstance(value, str):
        text = (value if value.isascii() else value.translate(_NUMBER_FORMS)).strip()
        if _AMOUNT.fullmatch(text) is None:
            raise ValueProblem(message("record.not_a_number", value=excerpt(value)))
        return check_range(_decimal(text.replace(",", "")))
    if isinstance(value, bool):
        raise wrong_type("number", value)
    if isinstance(value, int):
        return check_range(Decimal(value))
    if isinstance(value, float):
        return check_range(exact_float(value))
    raise wrong_type("number", value)


def _decimal(text: str) -> Decimal:
    """Decimal(text) for the text of a number; an exponent too large for any Decimal
    ("0e11111111111111111111") is beyond the size of a form as well."""
    try:
        return Decimal(text)
    except ArithmeticError:
        raise ValueProblem(message("record.out_of_range", number=excerpt(text))) from None


def _text_of(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise wrong_type("text", value)
    # YAML and JSON read `name: 2024` as a number; the form meant the text.
    if isinstance(value, int):
        return str(Decimal(value))  # str(int) refuses more than 4300 digits; Decimal does not
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueProblem(message("record.not_finite", value=str(value)))
        return str(value)
    if isinstance(value, float):
        return str(exact_float(value))
    raise wrong_type("text", value)


def _to_name(value: object) -> str:
    text = _text_of(value) if value is not None else ""
    if not text:
        raise ValueProblem(message("record.empty_name"))
    return text


def _to_optional_text(value: object) -> str | None:
    if value is None:
        return None
    return _text_of(value) or None


def _to_year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal | float):
        raise wrong_type("year", value)
    year: int | None = None
    if isinstance(value, int):
        year = value
    elif isinstance(value, str):
        text = value.translate(_NUMBER_FORMS).strip()
        if text.isascii() and text.isdigit():
            year = int(text)
    else:
        number = exact_float(value) if isinstance(value, float) else value
        # four digits at most before int(): int(Decimal("1E+1111111111")) would fill the memory
        if number.is_finite() and number.adjusted() < 5 and number == number.to_integral_value():
            year = int(number)
    if year is None or not 1000 <= year <= 9999:
        written = value if isinstance(value, str) else str(Decimal(value) if isinstance(value, int) else value)
        raise ValueProblem(message("record.year", value=excerpt(written)))
    return year


def _to_value(value: object) -> Value:
    return parse_value(value)  # type: ignore[arg-type]  # parse_value refuses other types itself


def _to_budget(value: object) -> object:
    return {} if value is None else value


def _to_list(value: object) -> object:
    return () if value is None else value


def _list_or_null(schema: dict[str, Any]) -> None:
    """The JSON Schema of a list the reader also accepts as null (none)."""
    array = {key: schema.pop(key) for key in ("type", "items")}
    schema["anyOf"] = [array, {"type": "null"}]


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueProblem(message("record.negative_points", value=excerpt(str(value))))  # a negative deduction would add points
    return value


Amount = Annotated[Decimal, BeforeValidator(_to_decimal), WithJsonSchema(record_schema.AMOUNT)]
"""An exact decimal written as a number or as text ("1,000" and full-width digits allowed)."""

_Name = Annotated[str, BeforeValidator(_to_name), WithJsonSchema(record_schema.NAME)]
_Text = Annotated[str | None, BeforeValidator(_to_optional_text), WithJsonSchema(record_schema.TEXT)]
_Year = Annotated[int, BeforeValidator(_to_year), WithJsonSchema(record_schema.YEAR)]
_Budget = Annotated[dict[str, Amount], BeforeValidator(_to_budget), WithJsonSchema(record_schema.BUDGET)]
_Totals = Annotated[
    dict[Annotated[str, BeforeValidator(_to_name)], Amount],
    BeforeValidator(_to_budget),
    WithJsonSchema(record_schema.DECLARED_TOTALS),
]
_Points = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    AfterValidator(_not_negative),
    WithJsonSchema(record_schema.POINTS),
]

# A plain validator: parse_value already returns the finished value, so pydantic has nothing left
# to check and must not rebuild the dataclass. Serialised back as written.
ValueField = Annotated[
    Value,
    PlainValidator(_to_value),
    PlainSerializer(lambda v: v.text, return_type=str),
    WithJsonSchema(record_schema.VALUE),
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


class Part(_Frozen):
    """A weightless 其中 sub-row printed under an indicator: read and shown, never scored."""

    name: _Name
    target: ValueField | None = None
    actual: ValueField | None = None
    explanation: _Text = None


class Indicator(_Frozen):
    """One row of the indicator table (绩效指标), in the order printed."""

    category: _Name
    group: _Text = None  # the numbered target block the row sits in (湖北: 目标1), as printed
    subcategory: _Text = None
    name: _Name
    target: ValueField | None = None
    weight: Amount | None = None
    actual: ValueField | None = None
    score: Amount | None = None
    explanation: _Text = None
    parts: Annotated[tuple[Part, ...], BeforeValidator(_to_list)] = Field((), json_schema_extra=_list_or_null)


class Deduction(_Frozen):
    """One 扣减分数 entered by a reviewer: from the total, or from the named row's score."""

    reason: _Name
    points: _Points
    indicator: _Text = None  # the name of the row it applies to; none: the total


class Record(_Frozen):
    """One filled self-evaluation form."""

    project: Project
    budget: _Budget = {}
    items: Items | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    declared_totals: _Totals = {}
    deductions: Annotated[tuple[Deduction, ...], BeforeValidator(_to_list)] = Field((), json_schema_extra=_list_or_null)
    declared_total_score: Amount | None = None
    declared_max_score: Amount | None = None


# ---------------------------------------------------------------------------------------------
# Reading


def read_record(path: str | os.PathLike[str]) -> Record:
    """Read a record file: YAML for .yaml/.yml, JSON for .json, else JSON if it starts with "{" or "[".

    `"-"` reads standard input (as bytes, like a file), named `<stdin>` in messages; it is JSON
    if it starts with "{" or "[", else YAML. The bytes must be UTF-8 (a byte-order mark is allowed);
    text in another encoding is refused with its line and column, and the message suggests
    GB18030 when the bytes read as that.
    """
    source = os.fspath(path)
    if source == "-":
        source, data, suffix = STDIN, _read_stdin(), ""
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise RecordError(source, [RecordProblem("", cannot_read(exc))]) from None
        suffix = Path(source).suffix.lower()
    text = decode(data, source)
    if suffix in (".yaml", ".yml"):
        format = "yaml"
    elif suffix == ".json":
        format = "json"
    else:
        format = "json" if text.lstrip()[:1] in ("{", "[") else "yaml"
    return parse_record(text, source, format)


def parse_record(text: str, source: str = "<record>", format: str = "yaml") -> Record:
    """Parse a record from YAML or JSON text; `source` names it in errors.

    Raises `RecordError` for a record that cannot be read, and `UsageError` for a format other
    than "yaml" or "json".
    """
    if format == "yaml":
        refuse_lone_surrogates(text, source)
        data, root = load_yaml(text, source)
        return _validate(data, source, root)
    if format == "json":
        return _validate(load_json(text, source), source, None)
    raise UsageError(message("record.unknown_format", format=excerpt(str(format))))


def record_from_data(data: object, source: str = "<record>") -> Record:
    """Validate already-loaded data: mappings, lists, str, int, Decimal and float.

    Data parsed from JSON by any framework is accepted as it comes: a binary float is read from
    its shortest repr, so 29.16 is exactly `Decimal("29.16")` and 1e-05 is 0.00001 (an integral
    float such as 120.0 is the integer 120); NaN and infinities are refused with the field's path.
    Raises `RecordError` listing every problem.
    """
    return _validate(data, source, None)


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record, for `evalrules schema`: what the reader accepts."""
    schema = Record.model_json_schema()  # pydantic writes no "$id"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "evalrules record (财政支出项目绩效自评表)",
    }


def _read_stdin() -> bytes:
    stream = sys.stdin
    try:
        if stream is None:
            raise OSError("standard input is closed")
        buffer = getattr(stream, "buffer", None)
        return buffer.read() if buffer is not None else stream.read().encode("utf-8")
    except (OSError, ValueError) as exc:  # ValueError: reading a closed stream
        raise RecordError(STDIN, [RecordProblem("", cannot_read(exc))]) from None


def cannot_read(exc: Exception) -> Message:
    """Why a file could not be read, from the catalogue: never the system's own (English) words
    where a common reason has a message of its own."""
    if isinstance(exc, FileNotFoundError):
        return message("record.no_such_file")
    if isinstance(exc, IsADirectoryError):
        return message("record.is_a_directory")
    if isinstance(exc, PermissionError):
        return message("record.permission_denied")
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return message("record.cannot_read", reason=excerpt(reason))


def _validate(data: object, source: str, root: yaml.Node | None) -> Record:
    if not isinstance(data, dict):
        kind = "empty" if data is None else kind_of(data)
        what = (
            message("record.not_a_record.other", type=type(data).__name__)
            if kind == "other" or kind == "mapping"
            else message(f"record.not_a_record.{kind}")
        )
        raise RecordError(source, [RecordProblem("", what)])
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


# pydantic's error types for a value of the wrong shape → catalogue ids
_SHAPES = {
    "extra_forbidden": "record.unknown_key",
    "missing": "record.required",
    "model_type": "record.expected_mapping",
    "model_attributes_type": "record.expected_mapping",
    "dict_type": "record.expected_mapping",
    "tuple_type": "record.expected_list",
    "list_type": "record.expected_list",
    "string_type": "record.expected_text",
}


def _problem(error: Any, root: yaml.Node | None) -> RecordProblem:
    loc: tuple[str | int, ...] = error["loc"]
    kind = error["type"]
    what: Message
    if kind == "value_error":
        cause = error["ctx"]["error"]
        if isinstance(cause, ValueProblem):
            what = cause.what
        else:  # not raised by our validators: a bug, but the user still learns where
            what = message("record.invalid", detail=excerpt(str(cause)))
    elif kind == "too_short" and loc == ("indicators",):
        what = message("record.no_indicators")
    elif kind in _SHAPES:
        what = message(_SHAPES[kind])
    else:
        what = message("record.invalid", detail=excerpt(error["msg"]))
    if root is None:
        return RecordProblem(field_path(loc), what)
    keyed = loc[-1:] == ("[key]",)  # the key itself is what is wrong (an empty name): place it there
    mark = yaml_position(root, loc[:-1] if keyed else loc, key=kind == "extra_forbidden" or keyed)
    return RecordProblem(field_path(loc), what, mark.line + 1, mark.column + 1)
