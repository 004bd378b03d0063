"""The JSON Schema of a record accepts what the record reader accepts, and nothing else.

Held together four ways: edge cases as data (tests/data/records/schema_cases.yaml, among them the
four schema-valid records the reader refused before issue 7); each pattern of the schema against
the reader's own check of the same text; instances generated from the schema (hypothesis-jsonschema)
that the reader must accept; records the reader accepts, with edge values, that must be valid
against the schema (jsonschema, Draft 2020-12). When node is installed, the schema's patterns are
also run as ECMA-262 regular expressions, which is what JSON Schema validators use.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from evalrules.records import schema as record_schema
from evalrules.errors import RecordError
from evalrules.records.record import _to_decimal, _to_year, parse_record, record_from_data, record_json_schema
from evalrules.records.values import ValueProblem, parse_value

CASES = yaml.safe_load((Path(__file__).parent / "data" / "records" / "schema_cases.yaml").read_text(encoding="utf-8"))
SCHEMA = record_json_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def accepted(read: Any, *args: Any) -> bool:
    try:
        read(*args)
    except RecordError:
        return False
    return True


def case_text(case: dict[str, Any]) -> str:
    if "json" in case:
        return case["json"]
    data = {**copy.deepcopy(CASES["base"]), **case["set"]}
    return json.dumps(data, ensure_ascii=False)


# --- the schema itself ----------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_spaces_the_schema_spells_out_are_the_ones_python_strips():
    assert set(record_schema.SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    blank = re.compile(record_schema._NOT_BLANK)
    assert {c for c in record_schema.SPACES if blank.search(c)} == set()


# --- edge cases as data ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES["cases"]])
def test_schema_and_reader_agree_on_each_edge_case(case):
    text = case_text(case)
    as_floats = json.loads(text)  # what a web framework hands over: numbers as binary floats
    assert accepted(record_from_data, as_floats) is case["accepted"], "record_from_data"
    assert accepted(parse_record, text, "case.json", "json") is case["accepted"], "parse_record"
    expected = case.get("schema", case["accepted"])
    assert VALIDATOR.is_valid(as_floats) is expected, list(VALIDATOR.iter_errors(as_floats))[:1]
    if "schema" in case:
        assert case["why"], "a known difference says why"


# --- each pattern against the reader's check of the same text ------------------------------------

AMOUNT = re.compile(record_schema.AMOUNT_PATTERN)
YEAR = re.compile(record_schema.YEAR_PATTERN)
OUT_OF_RANGE = re.compile(record_schema.OUT_OF_RANGE_VALUE)

_AMOUNT_PIECES = [
    "0", "1", "9", "00000", "1111111111", "9999999999", "0000000000", ",", ",000", ",999", "，", "，０００",
    "﹐", ".", "．", "﹒", "5", "０", "５", "+", "-", "−", "–", "－", "＋", "﹢", "﹣", "e", "E", "ｅ", "E+", "e-",
    "e10", " ", "\u3000", "\t", "\xa0", "%", "²", "①", "x", "万",
]  # fmt: skip


def _reads_as_amount(text: str) -> bool:
    try:
        _to_decimal(text)
    except ValueProblem:
        return False
    return True


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_AMOUNT_PIECES), max_size=14).map("".join))
@example("99999999999999999999")
@example("100000000000000000000")
@example("99,999,999,999,999,999,999.999")
@example("0.000000000000000000000000000001")
@example("0.0000000000000000000000000000001")
@example("99999999999e9")
@example("999999999999e9")
@example(".000000000000000000001e-9")
@example(".0000000000000000000001e-9")
def test_an_amount_the_pattern_matches_is_read_and_one_read_without_exponent_is_matched(text):
    matches, reads = AMOUNT.search(text) is not None, _reads_as_amount(text)
    if matches:
        assert reads, text
    if reads and not re.search("[eEｅＥ]", text):
        assert matches, text


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789０１２９²¹ \u3000\t+-.e", max_size=8))
@example("02024")
@example("２０２４")
@example("0999")
def test_a_year_the_pattern_matches_is_exactly_a_year_the_reader_reads(text):
    try:
        _to_year(text)
    except ValueProblem:
        reads = False
    else:
        reads = True
    assert (YEAR.search(text) is not None) is reads, text


_VALUE_PIECES = [
    ">=", "＞＝", "≥", "≧", "不少于", "不超过", "<", "＜", "=", "＝", "﹦", "0", "1", "9", "00000", "1111111111",
    "0000000000", ",000", "，０００", ".", "．", "-", "−", "－", "+", "５", "人", "%", "％", "万元", "km", "m", "2", "3",
    "m²", "以上", "前", "年起", "起", " ", "\u3000", "e", "以下", "内", "以", "之", "及", "月", "年", "≤", "底",
]  # fmt: skip


def _out_of_range(text: str) -> bool:
    try:
        parse_value(text)
    except ValueProblem as problem:
        return problem.id == "record.out_of_range"
    return False


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_VALUE_PIECES), max_size=12).map("".join))
@example("≥100,000,000,000,000,000,000人")
@example("99999999999999999999人")
@example("100000000000000000000人以上")
@example("100000000000000000000人及以上")
@example("100000000000000000000 人 以内")
@example("≤100000000000000000000人以下")
@example("≥100000000000000000000人以下")
@example("100000000000000000000月内")
@example("100000000000000000000 月 以内")
@example("100000000000000000000个月内")
@example("100000000000000000000月底以内")
@example("100000000000000000000以上")
@example("100000000000000000000人起")
@example("100000000000000000000年起")
@example("0.0000000000000000000000000000001%")
@example("＞＝１００００００００００００００００００００％")
@example("100000000000000000000m2")
@example("100000000000000000000m²")
def test_a_target_the_pattern_refuses_is_exactly_one_out_of_range(text):
    assert (OUT_OF_RANGE.search(text) is not None) is _out_of_range(text), text


# --- (a) every instance of the schema is accepted -------------------------------------------------
# hypothesis-jsonschema 0.23.1 draws objects through a Hypothesis internal (`cu.many(...).more()`)
# that current Hypothesis no longer has, so objects, arrays, anyOf and $ref are walked here, and
# every other schema (strings with their patterns, numbers with their bounds) is left to it.


def instances(schema: dict[str, Any], root: dict[str, Any] = SCHEMA) -> st.SearchStrategy[Any]:
    """Instances of `schema`, a part of the record schema."""
    if "$ref" in schema:
        return instances(root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root)
    if "anyOf" in schema:
        return st.one_of([instances(branch, root) for branch in schema["anyOf"]])
    if schema.get("type") == "array":
        items = instances(schema["items"], root)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=schema.get("maxItems", 3))
    if schema.get("type") == "object":
        properties = {name: instances(sub, root) for name, sub in schema.get("properties", {}).items()}
        required = set(schema.get("required", ()))
        fixed = st.fixed_dictionaries(
            {k: v for k, v in properties.items() if k in required},
            optional={k: v for k, v in properties.items() if k not in required},
        )
        extra = schema.get("additionalProperties", True)
        if extra is False:
            return fixed
        assert not properties, "an open object with named properties: not in the record schema"
        keys = from_schema({"type": "string", **schema["propertyNames"]}) if "propertyNames" in schema else st.text(max_size=6)
        return st.dictionaries(keys, instances(extra, root) if extra is not True else st.none(), max_size=4)
    assert "properties" not in schema and "items" not in schema, schema
    return from_schema(schema)


def test_the_instance_generator_draws_only_valid_instances_of_the_schema():
    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
    @given(instances(SCHEMA))
    def valid(instance):
        assert VALIDATOR.is_valid(instance), list(VALIDATOR.iter_errors(instance))[:1]

    valid()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(instances(SCHEMA))
def test_any_record_valid_against_the_schema_is_accepted_by_the_reader(instance):
    record_from_data(instance)  # numbers as Python floats and ints, as json.loads gives them
    parse_record(json.dumps(instance), "instance.json", "json")  # numbers read from their text


# --- (b) every record the reader accepts is valid against the schema ------------------------------

_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789+-.,eE"}
_EDGE_NUMBERS = [
    0, -0.0, 1e-30, -1e-30, 99999999999999999999, -99999999999999999999, 9.999999999999999e19, 1.0000000000000001e-30,
    2024, 0.1, 29.16, 1e-05, 120.0,
]  # fmt: skip


def _numbers() -> st.SearchStrategy[Any]:
    """Numbers a form can hold, as JSON gives them: ints and floats within the bounds, edges included."""
    return st.one_of(
        st.sampled_from(_EDGE_NUMBERS),
        st.integers(-(10**20) + 1, 10**20 - 1),
        st.floats(min_value=1e-30, max_value=9.999999999999999e19),
        st.floats(min_value=-9.999999999999999e19, max_value=-1e-30),
    )


@st.composite
def _amount_texts(draw: st.DrawFn) -> str:
    """An amount as a form writes it as text: plain or grouped by thousands, maybe full-width,
    with spaces around, or a one-digit exponent; always within the bounds."""
    plain = draw(st.booleans())
    if plain:
        number = draw(st.decimals(min_value=-(10**20) + 1, max_value=10**20 - 1, allow_nan=False, places=draw(st.integers(0, 30))))
        if number != 0 and abs(number) < Decimal("1E-30"):
            number = Decimal(0)
        text = format(number, "f")
        if draw(st.booleans()) and "." not in text and len(text.lstrip("-")) > 3:
            text = format(int(number), ",")
        if draw(st.booleans()) and not text.startswith("-"):  # leading zeros break a thousands group
            text = draw(st.sampled_from(["", "+"] if "," in text else ["", "+", "000"])) + text
    else:
        mantissa = draw(st.decimals(min_value=Decimal("-99999999999"), max_value=Decimal("99999999999"), places=6, allow_nan=False))
        text = f"{format(mantissa, 'f')}{draw(st.sampled_from('eE'))}{draw(st.sampled_from(['', '+', '-']))}{draw(st.integers(0, 9))}"
    if draw(st.booleans()):
        text = "".join(_FULL_WIDTH.get(c, c) if draw(st.booleans()) else c for c in text)
    space = draw(st.sampled_from(["", " ", "\u3000", "\t", "\xa0"]))
    return space + text + space


_COMPARATOR_SPELLINGS = ["", ">=", "≥", "＞＝", "不少于", "不低于", "<=", "≤", "不超过", "=", "＝", "﹦", ">", "<", "≧"]
_UNITS = ["", "%", "％", "人", "万元", "km", "m²", "%%", "以上", "前", "年起", "人以下", "%及以上", "个工作日内", "月内", " 以内"]


@st.composite
def _value_texts(draw: st.DrawFn) -> str:
    """A target or actual as written: any text that is not blank, or a quantity within the bounds
    (up to 20 digits before the point), or a word that merely holds a longer number."""
    kind = draw(st.sampled_from(["text", "quantity", "long word"]))
    if kind == "text":
        return draw(st.text(min_size=1).filter(str.strip).filter(lambda t: not _out_of_range(t)))
    if kind == "long word":
        return draw(st.sampled_from(["编号", "约"])) + "1" * draw(st.integers(21, 40)) + draw(st.sampled_from(["", "人"]))
    integer = draw(st.integers(0, 10**20 - 1))
    fraction = draw(st.sampled_from(["", ".5", ".000000000000000000000000000001", ".25"]))
    number = f"{integer:,}" if draw(st.booleans()) else str(integer)
    return f"{draw(st.sampled_from(_COMPARATOR_SPELLINGS))}{number}{fraction}{draw(st.sampled_from(_UNITS))}"


_names = st.one_of(
    st.text(min_size=1).filter(str.strip),
    st.sampled_from(["\u200b", "  党建  ", "\u3000活动", "0"]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
_texts = st.one_of(st.none(), st.text(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False))
_amounts = st.one_of(_numbers(), _amount_texts())
_values = st.one_of(_numbers(), _value_texts())
_years = st.one_of(
    st.integers(1000, 9999),
    st.integers(1000, 9999).map(float),
    st.integers(1000, 9999).map(lambda y: draw_year_text(y)),
)


def draw_year_text(year: int) -> str:
    full = "".join(chr(ord(c) + 0xFEE0) for c in str(year))
    return {0: str(year), 1: full, 2: f" 0{year}\u3000"}[year % 3]


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(None), strategy)


@st.composite
def _indicator(draw: st.DrawFn) -> dict[str, Any]:
    row: dict[str, Any] = {"category": draw(_names), "name": draw(_names)}
    for key, strategy in (
        ("group", _texts), ("subcategory", _texts), ("target", _optional(_values)), ("weight", _optional(_amounts)),
        ("actual", _optional(_values)), ("score", _optional(_amounts)), ("explanation", _texts),
        ("group", _texts), ("parts", _optional(st.lists(_part(), max_size=2))),
    ):  # fmt: skip
        if draw(st.booleans()):
            row[key] = draw(strategy)
    return row


@st.composite
def _part(draw: st.DrawFn) -> dict[str, Any]:
    part: dict[str, Any] = {"name": draw(_names)}
    for key, strategy in (("target", _optional(_values)), ("actual", _optional(_values)), ("explanation", _texts)):
        if draw(st.booleans()):
            part[key] = draw(strategy)
    return part


def _not_negative(amount: Any) -> bool:
    try:
        return _to_decimal(amount) >= 0
    except ValueProblem:
        return False


@st.composite
def _deduction(draw: st.DrawFn) -> dict[str, Any]:
    deduction = {"reason": draw(_names), "points": draw(st.one_of(_amounts.filter(_not_negative), st.sampled_from(["-0", "－０．０", -0.0])))}
    if draw(st.booleans()):
        deduction["indicator"] = draw(_texts)
    return deduction


@st.composite
def accepted_records(draw: st.DrawFn) -> dict[str, Any]:
    """Records the reader accepts, as JSON data, with values on the edges of what it reads."""
    project: dict[str, Any] = {"name": draw(_names), "year": draw(_years)}
    for key in ("department", "jurisdiction"):
        if draw(st.booleans()):
            project[key] = draw(_texts)
    data: dict[str, Any] = {"project": project, "indicators": draw(st.lists(_indicator(), min_size=1, max_size=3))}
    if draw(st.booleans()):
        data["budget"] = draw(st.one_of(st.none(), st.dictionaries(st.text(max_size=8), _amounts, max_size=4)))
    if draw(st.booleans()):
        rows = st.lists(st.fixed_dictionaries({"name": _names}, optional={"budget": _optional(_amounts), "spent": _optional(_amounts)}), max_size=2)
        total = _optional(st.fixed_dictionaries({}, optional={"budget": _optional(_amounts), "spent": _optional(_amounts)}))
        data["items"] = draw(_optional(st.fixed_dictionaries({}, optional={"declared_total": total, "rows": rows})))
    for key in ("declared_total_score", "declared_max_score"):
        if draw(st.booleans()):
            data[key] = draw(_optional(_amounts))
    if draw(st.booleans()):
        keys = st.one_of(st.text(min_size=1).filter(str.strip), st.sampled_from(["产出", "目标1", "\u3000效益"]))
        data["declared_totals"] = draw(_optional(st.dictionaries(keys, _amounts, max_size=3)))
    if draw(st.booleans()):
        data["deductions"] = draw(_optional(st.lists(_deduction(), max_size=2)))
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(accepted_records())
def test_any_record_the_reader_accepts_is_valid_against_the_schema(data):
    record_from_data(data)  # the strategy draws only what the reader accepts
    errors = list(VALIDATOR.iter_errors(data))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:3]]


# --- the patterns are ECMA-262 regular expressions that mean what Python's re means ---------------


def _patterns(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(v) for v in node))
    return set()


_SAMPLES = [
    "", " ", "\u3000", "x", "\u200b", "12%", "八", "1,000", "1，０００", "－１２．５", "−6.5", "1e30", "1E+3", "2e-7",
    "99999999999999999999", "100000000000000000000", "0.0000000000000000000000000000001", "2024", "２０２４", " 02024 ",
    "≥100,000,000,000,000,000,000人", "≥99,999,999,999,999,999,999人", "100000000000000000000人以上",
    "＞＝１００００００００００００００００００００％", "100000000000000000000m²", "100000000000000000000 月以内", "≤100000000000000000000人以下", "12\n", "😀", "😀1", "1😀",
    "-0", "-0.00", "－０", "-0e5", "-1", "-0.01", "+2", " -0,001",
]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_schema_patterns_mean_the_same_in_ecma_262_as_in_python():
    patterns = sorted(_patterns(SCHEMA))
    assert len(patterns) == 5  # amount, year, not blank, a target beyond the bounds, negative points
    script = """
    const {patterns, samples} = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const out = patterns.map(p => ["u", ""].map(flags => samples.map(s => new RegExp(p, flags).test(s))));
    process.stdout.write(JSON.stringify(out));
    """
    given_ = json.dumps({"patterns": patterns, "samples": _SAMPLES})
    run = subprocess.run(["node", "-e", script], input=given_, capture_output=True, text=True, check=True, timeout=60)
    results = json.loads(run.stdout)
    for pattern, by_flags in zip(patterns, results):
        python = [re.search(pattern, s) is not None for s in _SAMPLES]
        for flags, ecma in zip(["u", ""], by_flags):
            differ = [s for s, a, b in zip(_SAMPLES, python, ecma) if a != b]
            assert differ == [], f"flags {flags!r}: {pattern[:60]}…"


@pytest.mark.parametrize(
    ("where", "value", "valid"),
    [
        ("deductions", None, True),
        ("deductions", [], True),
        ("deductions", [{"reason": "审计发现问题", "points": "1"}], True),
        ("deductions", "1 分", False),
        ("deductions", {"reason": "x", "points": 1}, False),
        ("parts", None, True),
        ("parts", [{"name": "其中：培训"}], True),
        ("parts", "培训", False),
    ],
)
def test_a_list_the_reader_also_takes_as_null_is_a_list_or_null_in_the_schema(where: str, value: Any, valid: bool) -> None:
    # The reader takes null for "none" in these two lists; the schema must say the same, neither
    # looser (any value) nor stricter (no null).
    data: dict[str, Any] = {"project": {"name": "测试", "year": 2024}, "indicators": [{"category": "产出", "name": "甲"}]}
    if where == "parts":
        data["indicators"][0]["parts"] = value
    else:
        data[where] = value
    errors = list(Draft202012Validator(record_json_schema()).iter_errors(data))
    assert (errors == []) is valid, errors
    if valid:
        record_from_data(data)
    else:
        with pytest.raises(RecordError):
            record_from_data(data)
