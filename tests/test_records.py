"""Reading and validating records, the filled forms (evalrules.records)."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pydantic
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from evalrules.display import is_hidden
from evalrules.errors import RecordError
from evalrules.records.record import (
    STDIN,
    Indicator,
    Record,
    parse_record,
    read_record,
    record_from_data,
    record_json_schema,
)
from evalrules.records.values import Comparator, Quantity, Word

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "suzhou-2024-party-building.yaml"
DATA = Path(__file__).resolve().parent / "data" / "records"
INVALID = yaml.safe_load((DATA / "invalid.yaml").read_text(encoding="utf-8"))

MINIMAL = {
    "project": {"name": "p", "year": 2024},
    "indicators": [{"category": "c", "name": "n"}],
}


def _indicator(text: str) -> Indicator:
    """The single indicator of a YAML record whose indicator row is `text`."""
    record = parse_record("project: {name: p, year: 2024}\nindicators:\n  - " + text)
    return record.indicators[0]


# --- the example form ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Record:
    return read_record(EXAMPLE)


def test_example_project(example):
    assert example.project.name == "党建系列活动"
    assert example.project.year == 2024
    assert example.project.department == "中国共产党苏州市委员会市级机关工作委员会"
    assert example.project.jurisdiction == "苏州市"


def test_example_numbers_are_exact_decimals(example):
    assert example.indicators[0].weight == Decimal("0.5")
    assert example.indicators[0].weight.as_tuple() == Decimal("0.5").as_tuple()
    assert example.budget["adjustment"] == Decimal("-6.5")
    assert example.budget["quota_recovered"].as_tuple() == Decimal("0.04").as_tuple()
    assert example.declared_total_score == Decimal("81.94")
    assert example.declared_max_score == Decimal("80")
    assert example.items is not None
    assert example.items.declared_total is not None
    assert example.items.declared_total.spent == Decimal("29.16")
    assert [row.budget for row in example.items.rows] == [
        Decimal(x) for x in ("20.05", "0.15", "8.5", "4.8", "2.2")
    ]


def test_example_targets_and_actuals(example):
    rate = example.indicators[7]
    assert rate.name == "预算执行率"
    assert rate.target == Quantity(Comparator.EQ, Decimal("1"), "%", "=100%")
    assert rate.actual == Quantity(None, Decimal("0.9986"), "%", "99.86%")
    lectures = example.indicators[11]
    assert lectures.target == Quantity(Comparator.GE, Decimal("2"), None, ">=2")
    assert lectures.actual == Quantity(None, Decimal("2"), None, "2")
    assert example.indicators[0].target == Word("充分")
    assert example.indicators[16].target == Word("较高")


def test_example_keeps_the_order_printed(example):
    assert len(example.indicators) == 17
    assert [i.category for i in example.indicators[:7]] == ["决策"] * 6 + ["过程"]
    assert example.indicators[-1].name == "参加活动人员满意度"


def test_example_survives_a_json_round_trip(example):
    again = parse_record(example.model_dump_json(), format="json")
    assert again == example
    assert again.indicators[7].actual.text == "99.86%"  # type: ignore[union-attr]


# --- exact numbers ------------------------------------------------------------------------------

YAML_NUMBERS = [
    ("0.1", Decimal("0.1")),
    ("8", Decimal("8")),
    ("-6.5", Decimal("-6.5")),
    ("1_000.5", Decimal("1000.5")),
    (".5", Decimal("0.5")),
    ("1e3", Decimal("1E+3")),
    ("1.5E-2", Decimal("0.015")),
    ("0.30", Decimal("0.30")),
    ('"1,000"', Decimal("1000")),
    ('"３５．７"', Decimal("35.7")),
    ('" 12 "', Decimal("12")),
    ("0.1000000000000000000000000000001", Decimal("0.1000000000000000000000000000001")),
]


@pytest.mark.parametrize(("written", "number"), YAML_NUMBERS)
def test_yaml_numbers_are_read_exactly_from_their_text(written, number):
    weight = _indicator(f"{{category: c, name: n, weight: {written}}}").weight
    assert isinstance(weight, Decimal)
    assert weight.as_tuple() == number.as_tuple()


def test_yaml_ints_stay_ints():
    record = parse_record("project: {name: p, year: 2024}\nindicators: [{category: c, name: n}]")
    assert type(record.project.year) is int


def test_a_yaml_number_as_target_becomes_a_bare_quantity():
    assert _indicator("{category: c, name: n, target: 0.1}").target == Quantity(
        None, Decimal("0.1"), None, "0.1"
    )


def test_yaml_dates_stay_text():
    target = _indicator("{category: c, name: n, target: 2024-09-30}").target
    assert target == Word("2024-09-30")


def test_json_floats_are_read_exactly_from_their_text():
    text = json.dumps(MINIMAL).replace('"name": "n"', '"name": "n", "weight": 0.1, "score": 1e3')
    indicator = parse_record(text, format="json").indicators[0]
    assert indicator.weight is not None and indicator.weight.as_tuple() == Decimal("0.1").as_tuple()
    assert indicator.score == Decimal("1000")


def test_the_shared_yaml_safe_loader_is_left_alone():
    parse_record(EXAMPLE.read_text(encoding="utf-8"))
    assert yaml.safe_load("a: 1e3\nb: 0.1\nc: 2024-09-30") == {
        "a": "1e3",
        "b": 0.1,
        "c": __import__("datetime").date(2024, 9, 30),
    }


# --- text fields ----------------------------------------------------------------------------------


def test_names_written_as_numbers_are_read_as_text():
    record = parse_record(
        "project: {name: 2024, year: 2024, department: 12.50}\n"
        "items: {rows: [{name: 1}]}\n"
        "indicators: [{category: 1, subcategory: 2, name: 3}]"
    )
    assert record.project.name == "2024"
    assert record.project.department == "12.50"
    assert record.items is not None and record.items.rows[0].name == "1"
    assert (record.indicators[0].category, record.indicators[0].subcategory) == ("1", "2")


def test_text_is_stripped():
    indicator = _indicator("{category: ' 产出 ', name: \"\u3000人数\u3000\", explanation: ' 无 '}")
    assert (indicator.category, indicator.name, indicator.explanation) == ("产出", "人数", "无")


@pytest.mark.parametrize("blank", ["''", "'   '", '"\u3000"', "null", ""])
def test_a_blank_explanation_counts_as_none(blank):
    assert _indicator(f"{{category: c, name: n, explanation: {blank}}}").explanation is None


def test_missing_target_and_actual_are_none():
    indicator = _indicator("{category: c, name: n, target: ~}")
    assert indicator.target is None and indicator.actual is None


@pytest.mark.parametrize("year", ["2024", "'2024'", '"２０２４"', "2024.0"])
def test_year_spellings(year):
    record = parse_record(f"project: {{name: p, year: {year}}}\nindicators: [{{category: c, name: n}}]")
    assert record.project.year == 2024


# --- formats and files ----------------------------------------------------------------------------


def test_yaml_and_json_files_give_the_same_record():
    from_yaml = read_record(DATA / "minimal.yaml")
    from_json = read_record(DATA / "minimal.json")
    assert from_yaml == from_json
    assert from_json.indicators[0].target == Quantity(Comparator.GE, Decimal(100), "人", "≥100人")


def test_full_width_and_half_width_forms_give_the_same_record():
    assert read_record(DATA / "full-width.yaml") == read_record(DATA / "half-width.yaml")


def test_a_utf8_byte_order_mark_is_accepted():
    assert read_record(DATA / "bom.yaml").project.name == "带BOM的文件"


@pytest.mark.parametrize(
    ("source", "name"),
    [("minimal.json", "form.txt"), ("minimal.yaml", "form.txt"), ("minimal.yaml", "form.YML")],
)
def test_format_by_suffix_or_content(tmp_path, source, name):
    target = tmp_path / name
    shutil.copy(DATA / source, target)
    assert read_record(str(target)) == read_record(DATA / source)


def test_a_missing_file_is_a_record_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(RecordError) as caught:
        read_record(missing)
    assert caught.value.source == str(missing)
    assert caught.value.problems[0].message("en").startswith("cannot read the file")
    assert str(missing) in str(caught.value)


def test_a_gbk_file_is_refused_at_its_first_bad_byte_and_gb18030_is_suggested(tmp_path):
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("# 自评表\nproject: {name: 党建, year: 2024}\n".encode("gbk"))
    with pytest.raises(RecordError) as caught:
        read_record(gbk)
    (problem,) = caught.value.problems
    assert (problem.id, problem.line, problem.column) == ("record.not_utf8_gb18030", 1, 3)
    assert problem.message("en").startswith("not UTF-8 text (byte 3 is 0xd7)")
    assert "文件似乎是 GB18030（GBK）编码，请另存为 UTF-8" in problem.message("zh")
    assert caught.value.render("zh").endswith("（第 1 行第 3 列）")
    assert caught.value.render("en").endswith("(line 1, column 3)")


def test_a_line_and_column_are_counted_in_characters_before_the_bad_byte(tmp_path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("project: {name: p, year: 2024}\n# 说明\nindicators: [{category: c, name: café}]\n".encode("utf-8").replace("é".encode(), b"\xe9"))
    with pytest.raises(RecordError) as caught:
        read_record(latin1)
    (problem,) = caught.value.problems
    assert (problem.id, problem.line, problem.column) == ("record.not_utf8", 3, 37)  # no GB18030: 0xe9 0x7d is not Chinese


def test_a_utf16_file_is_named_as_such(tmp_path):
    form = tmp_path / "form.yaml"
    form.write_bytes("project: {name: p, year: 2024}\n".encode("utf-16"))
    with pytest.raises(RecordError) as caught:
        read_record(form)
    assert caught.value.problems[0].id == "record.utf16"


def test_an_unknown_format_is_a_usage_error_in_both_languages():
    from evalrules.errors import EvalRulesError, UsageError

    with pytest.raises(EvalRulesError) as caught:
        parse_record("{}", format="toml")
    assert isinstance(caught.value, UsageError)
    assert caught.value.text("en") == 'format must be "yaml" or "json", not "toml"'
    assert "toml" in caught.value.text("zh") and "格式" in caught.value.text("zh")


# --- refused records, as data ---------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(case, id=case["id"]) for case in INVALID])
def test_refused_records_report_every_problem_with_its_path(case):
    with pytest.raises(RecordError) as caught:
        parse_record(case["text"], "form.yaml", case.get("format", "yaml"))
    error = caught.value
    assert error.source == "form.yaml"
    got = [(p.path, p.message("en"), p.line, p.column, p.id) for p in error.problems]
    assert [path for path, *_ in got] == [p["path"] for p in case["problems"]], got
    for (_, message, line, column, key), expected in zip(got, case["problems"]):
        assert message.startswith(expected["message"]), got
        assert (line, column)[: len(expected.get("at", []))] == tuple(expected.get("at", [])), got
        assert key == expected.get("id", key), got
        assert "pydantic" not in message and "Value error" not in message
        assert key != "untranslated", got
    for problem in error.problems:  # the Chinese text is Chinese, and the position is not in it
        zh = problem.message("zh")
        assert any("\u4e00" <= c <= "\u9fff" for c in zh), zh
        assert re.search(r"line \d|第 \d+ 行", zh) is None, zh


def test_a_record_error_renders_source_path_and_message_in_either_language(monkeypatch):
    with pytest.raises(RecordError) as caught:
        record_from_data({**MINIMAL, "colour": 1}, source="form.json")
    assert caught.value.render("en") == "form.json: colour: unknown key"
    assert caught.value.render("zh") == "form.json: colour: 未知的键"
    assert str(caught.value) == "form.json: colour: 未知的键"  # the default language: zh
    monkeypatch.setenv("EVALRULES_LANG", "en")
    with pytest.raises(RecordError) as caught:
        record_from_data({**MINIMAL, "colour": 1}, source="form.json")
    assert str(caught.value) == "form.json: colour: unknown key"


def test_a_yaml_problem_renders_its_line_and_column_in_the_readers_language():
    with pytest.raises(RecordError) as caught:
        parse_record("project: {name: p, year: 2024}\nindicators: [{category: c, name: n, colour: red}]\n", "form.yaml")
    assert caught.value.render("en") == "form.yaml: indicators[0].colour: unknown key (line 2, column 37)"
    assert caught.value.render("zh") == "form.yaml: indicators[0].colour: 未知的键（第 2 行第 37 列）"
    assert caught.value.problems[0].to_dict() == {
        "path": "indicators[0].colour",
        "line": 2,
        "column": 37,
        "id": "record.unknown_key",
        "message": {"zh": "未知的键", "en": "unknown key"},
    }


def test_an_unknown_language_is_a_usage_error():
    from evalrules.errors import UsageError

    with pytest.raises(RecordError) as caught:
        record_from_data({**MINIMAL, "colour": 1})
    with pytest.raises(UsageError):
        caught.value.render("fr")
    with pytest.raises(UsageError):
        caught.value.problems[0].message("fr")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight", float("nan"), "not a finite number: nan"),
        ("weight", float("-inf"), "not a finite number: -inf"),
        ("target", float("inf"), "not a finite number: inf"),
        ("name", float("nan"), "not a finite number: nan"),
        ("weight", 1e20, "out of range: a number on a form lies between 1E-30 and 1E20 in size, not 1E+20"),
        ("actual", 1e-31, "out of range: a number on a form lies between 1E-30 and 1E20 in size, not 1E-31"),
        ("weight", True, "expected a number, got true/false"),
        ("weight", Decimal("NaN"), "not a finite number: NaN"),
        ("weight", [1], "expected a number, got a list"),
        ("weight", {1, 2}, "expected a number, got set"),
        ("name", None, "must not be empty"),
        ("name", Decimal("sNaN"), "not a finite number: sNaN"),
        ("explanation", {"a": 1}, "expected text, got a mapping"),
        ("target", [], "expected text or a number, got a list"),
    ],
)
def test_record_from_data_refuses_misshapen_or_unbounded_values(field, value, message):
    data = {**MINIMAL, "indicators": [{"category": "c", "name": "n", field: value}]}
    with pytest.raises(RecordError) as caught:
        record_from_data(data)
    assert [(p.path, p.message("en")) for p in caught.value.problems] == [
        (f"indicators[0].{field}", message)
    ]


@pytest.mark.parametrize(
    ("field", "value", "read"),
    [
        ("weight", 29.16, Decimal("29.16")),
        ("weight", 0.1, Decimal("0.1")),
        ("weight", 1e-05, Decimal("0.00001")),
        ("weight", 120.0, Decimal("120")),
        ("weight", -6.5, Decimal("-6.5")),
        ("weight", 0.30000000000000004, Decimal("0.30000000000000004")),  # the float that 0.1 + 0.2 is
        ("weight", 1e16, Decimal("1E+16")),
        ("score", 99.86, Decimal("99.86")),
        ("target", 0.9986, Quantity(None, Decimal("0.9986"), None, "0.9986")),
        ("actual", 2.0, Quantity(None, Decimal("2"), None, "2")),
        ("name", 12.5, "12.5"),
        ("explanation", 3.0, "3"),
    ],
)
def test_a_float_is_read_from_its_shortest_repr(field, value, read):
    data = {**MINIMAL, "indicators": [{"category": "c", "name": "n", field: value}]}
    got = getattr(record_from_data(data).indicators[0], field)
    assert got == read
    if isinstance(read, Decimal):
        assert got.as_tuple() == read.as_tuple()  # the digits of the repr, not the binary expansion
    if isinstance(read, Quantity):
        assert got.text == read.text


@pytest.mark.parametrize(("year", "read"), [(2024.0, 2024), (2.024e3, 2024), (Decimal("2024.00"), 2024)])
def test_an_integral_float_or_decimal_is_a_year(year, read):
    assert record_from_data({**MINIMAL, "project": {"name": "p", "year": year}}).project.year == read


@pytest.mark.parametrize(
    ("year", "shown"),
    [(2024.5, "2024.5"), (Decimal("2024.5"), "2024.5"), ("八", "八"), ("²⁰²⁴", "²⁰²⁴"), (24, "24"), (10**250, "1" + "0" * 199 + "…")],
)
def test_a_year_that_is_not_one_is_quoted_as_written_never_as_a_repr(year, shown):
    with pytest.raises(RecordError) as caught:
        record_from_data({**MINIMAL, "project": {"name": "p", "year": year}})
    assert caught.value.problems[0].message("en") == f"expected a year such as 2024, got {shown}"


def test_json_parsed_into_floats_by_any_framework_gives_the_record_its_text_gives():
    text = (DATA / "minimal.json").read_text(encoding="utf-8").replace('"score": 10}', '"score": 10.35}')
    as_floats = json.loads(text)
    assert as_floats["indicators"][0]["score"] == 10.35
    assert record_from_data(as_floats) == parse_record(text, format="json")


def test_record_from_data_accepts_ints_decimals_and_text():
    data = {
        **MINIMAL,
        "budget": {"paid": 29, "initial": Decimal("35.7"), "balance": "0.04"},
        "indicators": ({"category": "c", "name": "n", "target": Decimal("2"), "actual": "3"},),
    }
    record = record_from_data(data)
    assert record.budget == {"paid": 29, "initial": Decimal("35.7"), "balance": Decimal("0.04")}
    assert record.indicators[0].actual == Quantity(None, Decimal(3), None, "3")


def test_records_are_frozen():
    record = record_from_data(MINIMAL)
    with pytest.raises(pydantic.ValidationError):
        record.project.name = "q"  # type: ignore[misc]


# --- nothing but RecordError escapes ----------------------------------------------------------------

_yaml_fragments = st.sampled_from(
    [
        "project:", " {name: p, year: 2024}", "\nindicators:", "\n  - ", "{category: c, name: n",
        "}", "]", "[", ", weight: ", "0.1", ".inf", "&a ", "*a", "<<: ", "!!python/none", "\t",
        "target: ", "≥90%", "'", '"', "\n", ": ", "- ", "?", "1e3", "true", "null", "2024-01-01",
        "colour: red", "{", "#", "%YAML 1.1\n---\n", "\ufeff", "\x00",
        "1.", "1_", "1.e3", "0x1F", "0o17", "1:30", "-.NaN", "+.5", "~",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_yaml_fragments, max_size=20).map("".join))
def test_any_yaml_text_gives_a_record_or_a_record_error(text):
    try:
        record = parse_record(text)
    except RecordError as error:
        assert error.problems and all(p.message("en") for p in error.problems)
    else:
        assert isinstance(record, Record)


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5)
        | st.decimals(allow_nan=True) | st.floats(),
        lambda children: st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["project", "name", "year", "indicators", "category", "weight", "x"]),
            children,
            max_size=4,
        ),
        max_leaves=12,
    )
)
def test_any_data_gives_a_record_or_a_record_error(data):
    try:
        record_from_data(data)
    except RecordError as error:
        assert error.problems
    try:
        parse_record(json.dumps(data, default=str), format="json")
    except RecordError as error:
        assert error.problems


# --- schema ---------------------------------------------------------------------------------------------


def test_json_schema_describes_the_record_format():
    schema = record_json_schema()
    assert "$id" not in json.dumps(schema)
    assert schema["title"].startswith("evalrules record")
    assert set(schema["required"]) == {"project", "indicators"}
    assert schema["additionalProperties"] is False
    indicator = schema["$defs"]["Indicator"]["properties"]
    target_types = {t.get("type") for t in indicator["target"]["anyOf"][0]["anyOf"]}
    assert target_types == {"string", "number", None}  # None: the `const: 0` of the numbers
    json.dumps(schema)  # plain JSON, nothing left that cannot be written out


def test_json_schema_lists_every_key_of_the_format():
    schema = record_json_schema()
    assert set(schema["properties"]) == {
        "project", "budget", "items", "indicators", "declared_totals", "deductions", "declared_total_score",
        "declared_max_score",
    }
    assert set(schema["$defs"]["Deduction"]["properties"]) == {"reason", "points", "indicator"}
    assert set(schema["$defs"]["Indicator"]["properties"]) == {
        "category", "group", "subcategory", "name", "target", "weight", "actual", "score", "explanation", "parts",
    }
    assert set(schema["$defs"]["Part"]["properties"]) == {"name", "target", "actual", "explanation"}
    assert set(schema["$defs"]["Deduction"]["properties"]) == {"reason", "points", "indicator"}
    assert set(schema["$defs"]["Deduction"]["required"]) == {"reason", "points"}
    assert set(schema["$defs"]["Project"]["properties"]) == {
        "name", "year", "department", "jurisdiction",
    }


# --- standard input ---------------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize("name", ["minimal.yaml", "minimal.json", "bom.yaml"])
def test_a_record_is_read_from_standard_input_as_yaml_or_json(monkeypatch, name):
    _stdin(monkeypatch, (DATA / name).read_bytes())
    assert read_record("-") == read_record(DATA / name)


def test_a_record_from_standard_input_is_named_stdin_in_messages(monkeypatch):
    _stdin(monkeypatch, b'{"project": {"name": "p", "year": 2024}, "indicators": [{"category": "c", "name": "n", "colour": 1}]}')
    with pytest.raises(RecordError) as caught:
        read_record("-")
    assert caught.value.source == STDIN == "<stdin>"
    assert caught.value.render("en") == "<stdin>: indicators[0].colour: unknown key"


def test_gbk_on_standard_input_is_refused_like_a_gbk_file(monkeypatch):
    _stdin(monkeypatch, "project: {name: 党建, year: 2024}\n".encode("gbk"))
    with pytest.raises(RecordError) as caught:
        read_record("-")
    (problem,) = caught.value.problems
    assert (problem.id, problem.line, problem.column) == ("record.not_utf8_gb18030", 1, 17)


def test_standard_input_replaced_by_a_text_stream_is_read_too(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO((DATA / "minimal.yaml").read_text(encoding="utf-8")))
    assert read_record("-") == read_record(DATA / "minimal.yaml")


def test_closed_standard_input_is_a_record_error(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(RecordError) as caught:
        read_record("-")
    assert caught.value.source == STDIN and caught.value.problems[0].id == "record.cannot_read"


def test_a_file_named_dash_is_read_by_its_path(tmp_path, monkeypatch):
    shutil.copy(DATA / "minimal.yaml", tmp_path / "-")
    monkeypatch.chdir(tmp_path)
    assert read_record("./-") == read_record(DATA / "minimal.yaml")


# --- what a record can put into a message ---------------------------------------------------------


def test_a_budget_of_null_counts_as_none():
    assert parse_record("project: {name: p, year: 2024}\nbudget:\nindicators: [{category: c, name: n}]").budget == {}


@pytest.mark.parametrize(("written", "number"), [('"−6.5"', "-6.5"), ('"－６．５"', "-6.5"), ('"1，000"', "1000"), ('"+1.5E+3"', "1.5E+3")])
def test_amount_spellings_of_typeset_and_full_width_text(written, number):
    weight = _indicator(f"{{category: c, name: n, weight: {written}}}").weight
    assert weight is not None and weight.as_tuple() == Decimal(number).as_tuple()


def test_a_directory_is_not_a_record(tmp_path):
    with pytest.raises(RecordError) as caught:
        read_record(tmp_path)
    assert caught.value.problems[0].id in ("record.is_a_directory", "record.permission_denied")


def test_no_message_of_the_reader_is_written_with_a_python_repr():
    root = Path(__file__).resolve().parent.parent / "evalrules"
    for module in ("records/record.py", "records/text.py", "records/values.py", "records/schema.py", "messages/records.py"):
        source = (root / module).read_text(encoding="utf-8")
        assert "!r}" not in source and "repr(" not in source.replace("repr(number)", ""), module


_hostile = st.text(st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ["\x1b[2J\x1b[31m", "\u202e1202", "\x00", "a\nb", "\u200b", "x" * 500, "\x9b31m", "99.86%%"]
)


def _shown(error: RecordError) -> str:
    return "\n".join(error.render(lang) for lang in ("zh", "en"))


@settings(max_examples=300, deadline=None)
@given(_hostile, _hostile)
def test_no_control_character_from_a_record_reaches_a_message(value, key):
    data = {"project": {"name": "p", "year": value}, "budget": {"paid": value}, "indicators": [{"category": "c", "name": "n", key: 1, "actual": [value]}]}
    with pytest.raises(RecordError) as caught:
        record_from_data(data)
    shown = _shown(caught.value)
    assert not any(is_hidden(c) for c in shown.replace("\n", "")), ascii(shown)
    assert all(len(p.message("en")) < 320 and len(p.path) < 250 for p in caught.value.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_no_control_character_from_a_yaml_text_reaches_a_message(text):
    try:
        parse_record(text)
    except RecordError as error:
        shown = _shown(error)
        assert not any(is_hidden(c) for c in shown.replace("\n", "")), ascii(shown)


# --- the keys of the national, Hubei and Beijing layouts --------------------------------------------


GROUPED = """
project: {name: 道路建设, year: 2024}
indicators:
  - category: 产出
    group: 目标1
    name: 新建道路
    target: ">=20公里"
    weight: 10
    actual: 22公里
    parts:
      - {name: 其中：主干道, target: ">=10公里", actual: 12公里}
      - {name: 其中：支路, target: 98%以上, actual: "99%", explanation: 按期完成}
declared_totals: {产出: 50, 目标1: "40"}
deductions:
  - {reason: 资料不全, points: 2}
  - {reason: 逾期报送, points: "0.5", indicator: 新建道路}
"""


def test_group_parts_declared_totals_and_deductions_are_read():
    record = parse_record(GROUPED)
    row = record.indicators[0]
    assert row.group == "目标1"
    main, side = row.parts
    assert (main.name, main.target, main.actual) == (
        "其中：主干道", Quantity(Comparator.GE, Decimal(10), "公里", ">=10公里"), Quantity(None, Decimal(12), "公里", "12公里"),
    )  # fmt: skip
    assert side.target == Quantity(Comparator.GE, Decimal("0.98"), "%", "98%以上")  # parsed like a row's target
    assert side.explanation == "按期完成"
    assert record.declared_totals == {"产出": Decimal(50), "目标1": Decimal(40)}
    assert [(d.reason, d.points, d.indicator) for d in record.deductions] == [
        ("资料不全", Decimal(2), None), ("逾期报送", Decimal("0.5"), "新建道路"),
    ]  # fmt: skip


def test_a_record_without_the_new_keys_has_none_of_them():
    record = record_from_data(MINIMAL)
    assert record.indicators[0].group is None and record.indicators[0].parts == ()
    assert record.declared_totals == {} and record.deductions == ()


def test_the_new_keys_survive_a_json_round_trip():
    record = parse_record(GROUPED)
    assert parse_record(record.model_dump_json(), "again.json", "json") == record
