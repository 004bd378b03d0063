"""Reading a record's text: the rarer paths of the reader and of the schema's patterns.

The schema's patterns are built once when `evalrules.records.schema` is imported; the tests that
check how they are built build them again here, so that what they check runs inside the test.
Problems the YAML library reports in ways no text given to it today produces (a control character
the text does not hold, an error without a position, an error that is not a syntax error) are
made by replacing the library's loader: whatever it reports, a user sees a `RecordError`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from evalrules.errors import RecordError
from evalrules.records import schema as record_schema
from evalrules.records import text as record_text
from evalrules.records.record import parse_record, read_record, record_from_data
from evalrules.records.values import MINUS_SIGNS, ValueProblem, parse_value

FORM = "project: {name: p, year: 2024}\nindicators: [{category: c, name: n}]\n"
BEYOND = "1" + "0" * 25  # 1E25: beyond the size of any form


def _refused(read, *args) -> RecordError:
    with pytest.raises(RecordError) as caught:
        read(*args)
    return caught.value


def _yaml_raises(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """Make the YAML library report `error` for any text."""

    def raise_error(self):
        raise error

    monkeypatch.setattr(record_text._RecordLoader, "get_single_node", raise_error)


# --- the whole record -----------------------------------------------------------------------------


def test_a_record_that_is_neither_a_mapping_nor_a_plain_value_names_its_type():
    """Data of some other type (a set) is refused, naming that type, in both languages."""
    error = _refused(record_from_data, {"project", "indicators"})
    (problem,) = error.problems
    assert (problem.path, problem.id) == ("", "record.not_a_record.other")
    assert problem.message("en") == "a record must be a mapping with project and indicators, got set"
    assert problem.message("zh").endswith("而不是 set")


def test_a_record_built_in_python_is_named_record_in_its_errors():
    """Without a source, a record passed as data is called <record> in every message."""
    error = _refused(record_from_data, {"project": {"name": "p", "year": 2024}})
    assert error.source == "<record>"
    assert error.render("en") == "<record>: indicators: required"


# --- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["form.yaml", "form.yml", "FORM.YAML"])
def test_a_yaml_file_is_read_as_yaml_even_when_it_starts_like_json(tmp_path, name):
    """A .yaml file written as a YAML flow mapping (unquoted keys, not JSON) is read as YAML."""
    form = tmp_path / name
    form.write_text("{project: {name: p, year: 2024}, indicators: [{category: c, name: n}]}\n", encoding="utf-8")
    record = read_record(form)
    assert (record.project.name, record.project.year) == ("p", 2024)
    assert record.indicators[0].name == "n"


def test_a_json_syntax_error_the_catalogue_does_not_translate_is_shown_in_english():
    """A JSON problem without a translation (a byte-order mark left in the text) keeps its English words."""
    error = _refused(parse_record, "\ufeff" + '{"project": {}}', "form.json", "json")
    (problem,) = error.problems
    assert (problem.id, problem.line, problem.column) == ("record.json.syntax", 1, 1)
    assert problem.message("en") == "JSON syntax error: Unexpected UTF-8 BOM (decode using utf-8-sig)"
    assert error.render("en").startswith("form.json: JSON syntax error: Unexpected UTF-8 BOM")


# --- YAML problems --------------------------------------------------------------------------------


def test_a_control_character_on_a_later_line_is_placed_at_its_own_line_and_column():
    """A control character on line 3 is reported at line 3, counted from the line's start."""
    error = _refused(parse_record, FORM + "# note\x07\n", "form.yaml")
    (problem,) = error.problems
    assert (problem.id, problem.line, problem.column) == ("record.yaml.control_character", 3, 7)
    assert error.render("en").endswith("(line 3, column 7)")


def test_a_control_character_the_text_does_not_hold_is_named_without_a_position(monkeypatch):
    """A control character the YAML library reports but the text does not hold is named, with no line."""
    reported = yaml.reader.ReaderError("<unicode string>", 5, 0x07, "?", "control characters are not allowed")
    _yaml_raises(monkeypatch, reported)
    error = _refused(parse_record, FORM, "form.yaml")
    (problem,) = error.problems
    assert (problem.path, problem.id, problem.line, problem.column) == ("", "record.yaml.control_character", None, None)
    assert "<U+0007>" in problem.message("en")
    assert error.render("en") == f"form.yaml: {problem.message('en')}"


def test_a_yaml_syntax_error_without_a_position_still_says_what_is_wrong(monkeypatch):
    """A syntax error the YAML library reports with no line or column keeps its words, without a position."""
    _yaml_raises(monkeypatch, yaml.scanner.ScannerError(problem="found something the scanner cannot read"))
    error = _refused(parse_record, FORM, "form.yaml")
    (problem,) = error.problems
    assert (problem.path, problem.id, problem.line, problem.column) == ("", "record.yaml.syntax", None, None)
    assert problem.message("en") == "YAML syntax error: found something the scanner cannot read"
    assert error.render("en") == "form.yaml: YAML syntax error: found something the scanner cannot read"


def test_a_yaml_error_that_is_not_a_syntax_error_still_says_what_is_wrong(monkeypatch):
    """Any other YAML library error becomes a record error with the library's words."""
    _yaml_raises(monkeypatch, yaml.YAMLError("the stream broke off"))
    error = _refused(parse_record, FORM, "form.yaml")
    assert error.source == "form.yaml"
    assert [(p.path, p.id, p.line) for p in error.problems] == [("", "record.yaml.syntax", None)]
    assert error.render("en") == "form.yaml: YAML syntax error: the stream broke off"


def test_a_key_repeated_in_a_yaml_mapping_is_placed_at_the_repeated_key():
    """A key written twice in one mapping is refused at the second one: its path, its line and its
    column (here the second name:, in the middle of line 1), never at a line without a column."""
    text = "project: {name: p, name: q, year: 2024}\nindicators: [{category: c, name: n}]\n"
    refused = _refused(parse_record, text, "form.yaml")
    (problem,) = refused.problems
    assert (problem.path, problem.id, problem.line, problem.column) == ("project.name", "record.duplicate_key", 1, 20)
    assert refused.render("en") == "form.yaml: project.name: duplicate key (line 1, column 20)"


# --- the schema's patterns, built again inside the test -------------------------------------------


def test_each_spelling_the_schema_knows_for_a_character_reads_as_that_character():
    """Every full-width or small form the schema lists for an ASCII character reads as that character."""
    minus = str.maketrans(MINUS_SIGNS)
    forms = record_schema._nfkc_forms()
    assert set("0123456789.,+-<>=%") <= set(forms)
    for ascii_char, spellings in forms.items():
        assert ascii_char in spellings
        for spelling in spellings:
            assert unicodedata.normalize("NFKC", spelling).translate(minus) == ascii_char, (ascii_char, spelling)


def test_the_schema_lists_spellings_for_each_printable_ascii_character_and_no_other():
    """The table of spellings has an entry for each printable ASCII character other than the space
    (! to ~), and none for a space or a control character such as DEL."""
    forms = record_schema._nfkc_forms()
    assert sorted(forms) == [chr(code) for code in range(0x21, 0x7F)]


def test_the_schema_knows_the_full_width_spellings_of_digits_signs_and_comparators():
    """Each full-width form (U+FF01…) of a digit, sign or comparator character is among the
    spellings the schema lists for it: ０ for 0, ＋ for +, － for -, ＞ for >, ＝ for =."""
    forms = record_schema._nfkc_forms()
    for ascii_char in "0123456789+-.,<>=%":
        assert chr(ord(ascii_char) + 0xFEE0) in forms[ascii_char], ascii_char


def test_a_combining_mark_in_a_character_class_is_written_as_an_escape():
    """A combining mark (category Mn, here U+0301) in one of the schema's character classes is
    written as a \\u escape, never as the mark itself, which would combine with the character
    before it; a run of three of them is written as a range of escapes."""
    assert record_schema._class("x\u0301") == "[x\\u0301]"
    assert record_schema._class("\u0300\u0301\u0302") == "[\\u0300-\\u0302]"
    assert re.fullmatch(record_schema._class("x\u0301"), "\u0301") is not None


def test_the_out_of_range_target_pattern_built_again_is_the_one_the_schema_holds():
    """Building the pattern of out-of-range targets again gives the same pattern, character for character."""
    assert record_schema._out_of_range_value() == record_schema.OUT_OF_RANGE_VALUE


@pytest.mark.parametrize("unit", ["M3", " KM2", "Ｍ3", "m3", " km2"])
def test_an_out_of_range_number_with_a_unit_squared_or_cubed_is_refused_by_pattern_and_reader(unit):
    """1E25 M3 (any case of the Latin letter before the 2 or 3) is beyond the bounds for schema and reader."""
    target = BEYOND + unit
    assert re.search(record_schema._out_of_range_value(), target) is not None
    with pytest.raises(ValueProblem) as caught:
        parse_value(target)
    assert caught.value.what.key == "record.out_of_range"


@pytest.mark.parametrize(
    "target", ["≥" + BEYOND, ">=" + BEYOND + "人", "＞＝" + BEYOND, BEYOND + "以内", "不少于" + BEYOND]
)
def test_an_out_of_range_number_after_a_comparator_or_before_a_range_word_is_refused_by_the_pattern(target):
    """The pattern built again refuses a number beyond the bounds after a comparator or before 以内."""
    assert re.search(record_schema._out_of_range_value(), target) is not None
    assert re.search(record_schema._out_of_range_value(), target.replace(BEYOND, "100")) is None


def test_a_lone_surrogate_in_yaml_text_from_python_is_refused_at_its_line_and_column():
    """A str from Python may hold a lone surrogate, which no file's bytes decode to and YAML cannot
    read: a `RecordError` at its place, never a UnicodeEncodeError."""
    refused = _refused(parse_record, "project:\n  name: ab\udc00\n")
    (problem,) = refused.problems
    assert (problem.id, problem.line, problem.column) == ("record.yaml.lone_surrogate", 2, 11)
    assert "lone surrogate <U+DC00>" in refused.render("en")


# --- files that cannot be read, and where a problem is placed -----------------------------------


@pytest.mark.parametrize(
    ("error", "reason"),
    [(OSError(), "OSError"), (OSError("the disk went away"), "the disk went away")],
    ids=["no-text", "text-only"],
)
def test_a_file_that_cannot_be_read_for_a_reason_without_a_system_message_says_what_is_known(
    tmp_path, monkeypatch, error, reason
):
    """An error reading the file that carries no system message (strerror) is named by its own
    text, or by its kind when it has no text either: never an empty reason."""

    def refuse(self):
        raise error

    monkeypatch.setattr(Path, "read_bytes", refuse)
    refused = _refused(read_record, tmp_path / "form.yaml")
    (problem,) = refused.problems
    assert (problem.path, problem.id) == ("", "record.cannot_read")
    assert problem.message("en") == f"cannot read the file: {reason}"
    assert problem.message("zh") == f"无法读取文件：{reason}"


def test_a_problem_under_a_key_written_as_a_number_is_placed_at_that_key_s_value():
    """In a mapping, a key written as a number (2024:) is still that key: a problem with its value
    is placed at the value's line and column, not at the start of the mapping."""
    text = "project: {name: p, year: 2024}\ndeclared_totals:\n  产出: 10\n  2024: abc\nindicators: [{category: c, name: n}]\n"
    refused = _refused(parse_record, text, "form.yaml")
    (problem,) = refused.problems
    assert (problem.path, problem.line, problem.column) == ("declared_totals[2024]", 4, 9)
    assert refused.render("en") == "form.yaml: declared_totals[2024]: not a number: 'abc' (line 4, column 9)"


def test_a_json_integer_written_minus_zero_reads_as_zero_as_in_yaml():
    """A JSON integer is read as an integer, as YAML reads it: -0 is the number 0, and the form's
    actual and target show as 0, never -0."""
    row = '{"category": "c", "name": "n", "target": -0, "actual": -0}'
    read = parse_record('{"project": {"name": "p", "year": 2024}, "indicators": [%s]}' % row, "form.json", "json")
    in_yaml = parse_record("project: {name: p, year: 2024}\nindicators: [{category: c, name: n, target: -0, actual: -0}]\n")
    (indicator,) = read.indicators
    assert (indicator.target.text, indicator.actual.text) == ("0", "0")
    assert read.indicators == in_yaml.indicators


def test_an_empty_key_is_named_by_its_quotes_in_the_field_path():
    """A total declared under an empty name is refused at `declared_totals.""`, the key as YAML
    writes it (never with pydantic's own `[key]` mark, nor as a path ending in a bare dot), and
    placed at the key, not at its value."""
    text = 'project: {name: p, year: 2024}\nindicators: [{category: c, name: n}]\ndeclared_totals: {"": 5}\n'
    refused = _refused(parse_record, text, "form.yaml")
    assert [(p.path, p.id, p.line, p.column) for p in refused.problems] == [('declared_totals.""', "record.empty_name", 3, 19)]


def test_a_record_whose_aliases_loop_is_still_placed_and_the_search_ends():
    """An anchor that holds an alias of itself makes the YAML graph cyclic: the search for where a
    problem is must still end, placing a repeated key written before the loop."""
    import threading

    text = "project: {name: p, name: q, year: 2024}\nindicators: [{category: c, name: n}]\nloop: &a [*a]\n"
    done: list[RecordError] = []
    searching = threading.Thread(target=lambda: done.append(_refused(parse_record, text, "form.yaml")), daemon=True)
    searching.start()
    searching.join(timeout=10)
    assert done, "the search for the repeated key's place did not end"
    assert [(p.path, p.id, p.line) for p in done[0].problems][:1] == [("project.name", "record.duplicate_key", 1)]


def test_true_or_false_where_text_belongs_is_refused_by_its_kind():
    """A name written as `true` is no text: refused as true/false at its field, not read as "True"."""
    refused = _refused(record_from_data, {"project": {"name": True, "year": 2024}, "indicators": [{"category": "c", "name": "n"}]})
    assert [(p.path, p.id) for p in refused.problems] == [("project.name", "record.expected_text.bool")]
    assert refused.render("en") == "<record>: project.name: expected text, got true/false"


def test_a_year_of_thousands_of_digits_is_refused_and_quoted_cut():
    """A year given as an integer of 5001 digits (past the digits Python's str(int) writes) is
    refused as no year, and the message quotes its first digits, cut."""
    refused = _refused(record_from_data, {"project": {"name": "p", "year": 10**5000}, "indicators": [{"category": "c", "name": "n"}]})
    (problem,) = refused.problems
    assert (problem.path, problem.id) == ("project.year", "record.year")
    assert problem.message("en").startswith("expected a year such as 2024, got 10000") and problem.message("en").endswith("…")


def test_json_nested_past_what_python_can_read_is_refused_with_its_own_message():
    """A JSON text of 100,000 nested lists is refused as nested too deeply, never a RecursionError."""
    refused = _refused(parse_record, "[" * 100_000 + "]" * 100_000, "form.json", "json")
    assert [(p.path, p.id) for p in refused.problems] == [("", "record.json.too_deep")]
    assert refused.render("en") == "form.json: JSON nested too deeply"


def test_an_error_no_validator_of_ours_raised_still_names_its_field():
    """Should a validator fail with an error of its own (a bug), the record's problem still names
    the field and quotes the error, rather than losing either."""
    from evalrules.records.record import _problem

    error = {"loc": ("project", "name"), "type": "value_error", "ctx": {"error": ValueError("boom")}, "msg": "Value error, boom"}
    problem = _problem(error, None)
    assert (problem.path, problem.id, problem.message("en")) == ("project.name", "record.invalid", "not valid here: boom")
