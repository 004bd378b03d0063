"""Audit `check` blocks: their rows, conditions, expressions, places (`at`) and messages."""

from __future__ import annotations

from dataclasses import replace

from ...messages import message
from ...names import suggest
from .. import nodes as n
from .. import paths
from .base import MAX_EXPRESSION_NODES, Reporter, calls, choices, references, size


def checks(report: Reporter, nodes: list[n.Check], budget: list[str], values: list[str]) -> dict[str, n.Check]:
    declared: dict[str, n.Check] = {}
    for check in nodes:
        if not report.declare(declared, check.name, check, "check"):  # type: ignore[arg-type]
            continue
        owner = message("owner.check", name=check.name.text)
        collection = check.collection.name.text if check.collection else None
        if check.collection is not None and collection not in paths.COLLECTIONS:
            report.unknown(check.collection.name, "collection", paths.COLLECTIONS)
            continue
        scope = paths.Scope(budget, values, check.row.text if check.row else None, collection)
        requirements = [c for c in check.clauses if isinstance(c, (n.Requirement, n.AllOf))]
        conditions = [c for c in check.clauses if isinstance(c, n.When)]
        places = [c for c in check.clauses if isinstance(c, n.Reference)]
        notes: dict[str, n.Message] = {}
        for note in (c for c in check.clauses if isinstance(c, n.Message)):
            if note.language in notes:
                report.error(note.span, "check.two_messages", owner=owner, language=note.language)
            notes[note.language] = note
            _placeholders(report, note, scope)
        for key, found in (("check.one_require", requirements), ("check.one_at", places)):
            if len(found) != 1:
                where = found[1].span if len(found) > 1 else check.name.span
                report.error(where, key, owner=owner)
        for extra in conditions[1:]:
            report.error(extra.span, "check.one_when", owner=owner)
        for when in conditions:
            _condition(report, when.condition, scope)
        for language in ("zh", "en"):
            if language not in notes:
                report.error(check.name.span, "check.no_message", owner=owner, language=language)
        if check.where is not None:
            if scope.row is None:  # unreachable from the grammar; kept for hand-built nodes
                report.error(check.where.span, "check.where_needs_row")
            _condition(report, check.where, scope)
        for requirement in requirements:
            text = _condition(report, requirement, scope)
            if text:
                for note in notes.values():
                    if "difference" in paths.placeholders(note.text.value):
                        report.error(note.text.span, "check.difference_needs_numbers")
        for place in places:
            _place(report, place, scope)
    return declared


def _condition(report: Reporter, condition: n.Condition, scope: paths.Scope) -> bool:
    """Check the tests of a `require`, `where` or `when`; whether none of them compares numbers
    (then `{difference}` has nothing to show)."""
    texts = [_test(report, test, scope) for test in n.tests_of(condition)]
    return all(texts)


def _test(report: Reporter, test: n.Requirement, scope: paths.Scope) -> bool:
    """Check one test, `LEFT op RIGHT`, `LEFT is "…"`, `LEFT is empty`, `provisional is true`;
    whether it compares anything but numbers."""
    left, right = test.left, test.right
    name = left.name.text if isinstance(left, n.Reference) else None
    text_field = name is not None and scope.text(name)
    if isinstance(right, n.Truth):
        if name not in paths.FLAGS:
            report.error(left.span, "check.truth_needs_flag", flags=", ".join(paths.FLAGS))
        return True
    if name in paths.FLAGS:
        report.error(left.span, "check.flag_compared", name=name)
        return True
    if isinstance(right, (n.Text, n.Empty)):
        if not text_field:
            fields = [f"{scope.row}.{f}" for f, number in paths.COLLECTIONS.get(scope.collection or "", {}).items() if not number]
            hint = message("check.text_fields_here", fields=", ".join(fields)) if fields else message("check.text_fields_rows")
            report.error(left.span, "check.empty_needs_text" if isinstance(right, n.Empty) else "check.is_needs_text", hint)
        return True
    if text_field:
        report.error(left.span, "check.text_compared", name=name)
        return True
    _expression(report, left, scope)
    _expression(report, right, scope)
    if test.tolerance is not None:
        if test.comparator not in ("=", "!="):
            report.error(test.tolerance.span, "check.within_numbers")
        report.positive(test.tolerance, "tolerance")
    if test.printed:
        _printed(report, test, scope)
    return False


def _printed(report: Reporter, test: n.Requirement, scope: paths.Scope) -> None:
    """`LEFT = RIGHT as printed`: LEFT is a number written on the form, whose decimals say how
    far RIGHT is rounded before they are compared; only = and != are such comparisons."""
    if test.comparator not in ("=", "!="):
        report.error(test.span, "check.printed_comparator")
    if test.tolerance is not None:
        report.error(test.tolerance.span, "check.printed_within")
    left = test.left
    if not (isinstance(left, n.Reference) and scope.printed(left.name.text)):
        report.error(left.span, "check.printed_needs_field")


def _expression(report: Reporter, expr: n.Expr, scope: paths.Scope) -> None:
    if size(expr) > MAX_EXPRESSION_NODES:
        report.error(expr.span, "check.expression_too_long", most=MAX_EXPRESSION_NODES)
        return
    for choice in choices(expr):
        report.error(choice.span, "check.choice_in_check", word="otherwise" if isinstance(choice, n.Otherwise) else "if")
    for call in calls(expr):
        if call.function.text != "sum":
            report.error(call.function.span, "check.unknown_function", suggest(call.function.text, ["sum"]), name=call.function.text)
        elif not isinstance(call.argument, n.Reference) or not paths.summable(call.argument.name.text):
            fields = [f"{c}.{f}" for c, fs in paths.COLLECTIONS.items() for f, number in fs.items() if number]
            report.error(call.argument.span, "check.sum_argument", message("check.such_as", fields=", ".join(fields[:4])))
    for ref in references(expr):
        if not scope.numeric(ref.text):
            report.unknown(ref, "number", scope.known())


def _place(report: Reporter, place: n.Reference, scope: paths.Scope) -> None:
    """`at PLACE`: where on the form a finding points, a field the check's scope can name."""
    text = place.name.text
    if text in paths.ON_FORM:
        return  # the whole list: a finding about the rows as a whole (one is missing)
    on_row = scope.row is not None and (text == scope.row or text.startswith(f"{scope.row}."))
    if on_row and scope.collection not in paths.ON_FORM:
        report.error(place.span, "check.at_rules_rows", message("check.at_point_at_list"), collection=scope.collection or "")
        return
    if scope.row is not None and text == scope.row:
        return
    field = text.partition(".")[2]
    if scope.collection == "indicators" and on_row and field in ("weight", "score", "completion"):
        report.error(place.span, "check.at_computed", field=field)
        return
    if not (scope.numeric(text) or scope.text(text)) or text in ("total", "maximum") or text in scope.values:
        report.error(place.span, "check.at_not_field", suggest(text, [*scope.known(), *paths.ON_FORM]), name=text)


def _placeholders(report: Reporter, note: n.Message, scope: paths.Scope) -> None:
    span = note.text.span
    for match in paths.PLACEHOLDER.finditer(note.text.value):
        name = match.group(1).strip().removesuffix(":%").strip()
        if name in ("left", "right", "difference") or scope.numeric(name) or scope.text(name):
            continue
        start = span.column + 1 + match.start()  # + 1: the opening quote
        where = replace(span, column=start, end_line=span.line, end_column=start + len(match.group(0)))
        report.error(where, "check.unknown_placeholder", suggest(name, ["left", "right", "difference", *scope.known()]), name=name)
