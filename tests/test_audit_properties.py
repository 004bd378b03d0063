"""Audit checks (复核) as properties: on generated forms, the Suzhou checks find exactly what is wrong.

The generator below builds whole forms that are consistent by construction: every amount
satisfies the identities the rule file's `check` blocks state, the stated 预算执行率 is paid ÷
appropriated at 0.01%, and the form's weights, claimed scores and total are those of the
independent reference evaluator (tests/reference.py), never the engine's, so that no test here
is circular. From such a form the tests move one thing by a cent and predict, from a table of
which identity each amount takes part in and from exact arithmetic, every finding that must
follow and no other; the last test asks that findings come out the same on every run and in the
order of the record.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import evalrules
import reference
from evalrules.records.values import Quantity, parse_value
from evalrules.testing import amounts as decimals, record_data

ROOT = Path(__file__).resolve().parent.parent
RULES = evalrules.load(ROOT / "rules" / "suzhou-2024.rules")
CENT = Decimal("0.01")
BUDGET_RATE = reference.BUDGET_RATE_INDICATOR  # 预算执行率
MAXIMUM = "82"  # 决策 3.5 + 过程 13.5 + 产出 30 + 效益 17.5 + 满意度 17.5

Form = dict[str, Any]  # a form as plain data, every number written as text
CheckAt = tuple[str, str]  # a finding as predicted: (check id, path in the record)


def text_of(number: Decimal) -> str:
    return format(number, "f")


def money(cents: int) -> str:
    """An amount in 万元, written as text from a whole number of cents."""
    return text_of(Decimal(cents).scaleb(-2))


def stated_rate(paid: Decimal, appropriated: Decimal) -> Fraction:
    """paid ÷ appropriated, 四舍五入 to 0.01%, as the form must state it."""
    return reference.round_half_up(Fraction(paid) / Fraction(appropriated), reference.BASIS_POINT)


def percent_text(rate: Fraction) -> str:
    """0.9986 → "99.86%"."""
    return text_of(reference.to_decimal(rate * 100)) + "%"


def rate_of_text(text: str) -> Fraction:
    """The rate a text like "99.86%" states: 0.9986."""
    return Fraction(Decimal(text.removesuffix("%"))) / 100


# ---- forms consistent by construction -----------------------------------------------------------


@st.composite
def sub_item_cents(draw: st.DrawFn) -> list[tuple[int, int]]:
    """1–5 sub-items (子项) as (budget, spent) in cents, none spending more than its budget.

    Small amounts come up often: a cent then moves the execution rate across a 0.01% step.
    """
    rows = []
    for i in range(draw(st.integers(1, 5))):
        # the first budget is at least a cent: some money was budgeted, so a cent can be appropriated
        budget = draw(st.integers(1 if i == 0 else 0, 3_000) | st.integers(1 if i == 0 else 0, 500_000))
        spent = draw(st.just(budget) | st.integers(0, budget))  # often spent in full
        rows.append((budget, spent))
    return rows


@st.composite
def budget_block(draw: st.DrawFn, budget_total: int, spent_total: int) -> dict[str, str]:
    """预算执行情况 agreeing with the sub-items: initial + adjustment = Σ budgets, paid = Σ spent."""
    adjustment = draw(st.integers(-50_000, budget_total))  # negative: the budget was cut
    initial = budget_total - adjustment
    paid = spent_total
    slack = draw(st.just(0) | st.integers(1, 3) | st.integers(0, 50_000))  # often paid in full: 100%
    # ≥ paid, so the rate is at most 100%; never 0; and no more than the budget, so that no amount
    # but the adjustment (the one the rules declare signed) is below zero
    appropriated = max(min(paid + slack, budget_total), 1)
    balance = appropriated - paid
    recovered = draw(st.integers(0, balance))
    return {
        "initial": money(initial),
        "adjustment": money(adjustment),
        "appropriated": money(appropriated),
        "quota_balance": money(initial + adjustment - appropriated),
        "quota_recovered": money(draw(st.integers(0, 100_000))),  # in no identity
        "paid": money(paid),
        "balance": money(balance),
        "carried_forward": money(balance - recovered),
        "recovered": money(recovered),
    }


def scoreable_row(row: dict[str, Any], rate_text: str, blank: bool) -> dict[str, Any]:
    """A row of a form the public strategies draw (evalrules.testing), made one the reference
    scores with no finding: the form's weight and claimed score are left to be filled in from the
    reference; 预算执行率 states the rate the budget gives; a unit printed on the target only is
    written on the actual too (else an info finding says it was assumed); `blank`: left without
    an actual or explanation (scored 0). A row left blank with an explanation goes to review and
    would leave the total provisional; none is drawn."""
    row = {key: value for key, value in row.items() if key not in ("weight", "score")}
    if row["name"] == BUDGET_RATE:
        row["actual"] = rate_text
    elif blank:
        row.pop("actual", None)
        row.pop("explanation", None)
    else:
        target, actual = parse_value(row["target"]), parse_value(row["actual"])
        if isinstance(target, Quantity) and isinstance(actual, Quantity) and actual.unit is None and target.unit:
            row["actual"] += target.unit
    return row


@st.composite
def indicator_rows(draw: st.DrawFn, rate_text: str) -> list[dict[str, Any]]:
    """Every fixed indicator of 决策 and 过程 once, then 1–6 rows in each of 产出, 效益, 满意度:
    the rows of a form drawn for the Suzhou rules."""
    rows = draw(record_data(RULES))["indicators"]
    blanks = draw(st.lists(st.integers(0, 9).map(lambda d: d == 0), min_size=len(rows), max_size=len(rows)))
    return [scoreable_row(row, rate_text, blank) for row, blank in zip(rows, blanks)]


@st.composite
def consistent_forms(draw: st.DrawFn) -> Form:
    """A whole form that satisfies every audit check by construction (see the module docstring)."""
    items = draw(sub_item_cents())
    budget = draw(budget_block(sum(b for b, _ in items), sum(s for _, s in items)))
    rate = stated_rate(Decimal(budget["paid"]), Decimal(budget["appropriated"]))
    form: Form = {
        "project": {"name": "一致的表", "year": "2024"},
        "budget": budget,
        "items": {
            "declared_total": {"budget": money(sum(b for b, _ in items)), "spent": money(sum(s for _, s in items))},
            "rows": [{"name": f"子项{i + 1}", "budget": money(b), "spent": money(s)} for i, (b, s) in enumerate(items)],
        },
        "indicators": draw(indicator_rows(percent_text(rate))),
        "declared_max_score": MAXIMUM,
    }
    scored = reference.evaluate(evalrules.record_from_data(form))
    for row, expected in zip(form["indicators"], scored.rows, strict=True):
        assert expected.score is not None, "no row of a consistent form goes to review"
        row["weight"] = text_of(expected.weight)
        row["score"] = text_of(expected.score)
    form["declared_total_score"] = text_of(scored.total)
    return form


def findings_of(form: Form) -> list[CheckAt]:
    return [(f.check, f.path) for f in RULES.score(form).findings]


# ---- reading and moving one field of a form ------------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _keys(path: str) -> list[str | int]:
    """`items.rows[2].spent` → ["items", "rows", 2, "spent"]."""
    return [int(index) if index else name for name, index in _STEP.findall(path)]


def field_at(form: Form, path: str) -> Any:
    node: Any = form
    for key in _keys(path):
        node = node[key]
    return node


def with_field(form: Form, path: str, value: Any) -> Form:
    """A copy of the form with the field at `path` set to `value`."""
    moved = copy.deepcopy(form)
    *parents, last = _keys(path)
    node: Any = moved
    for key in parents:
        node = node[key]
    node[last] = value
    return moved


def amounts(form: Form) -> list[str]:
    """The path of every amount of the form: the budget block, the sub-items and their totals."""
    return (
        [f"budget.{name}" for name in form["budget"]]
        + ["items.declared_total.budget", "items.declared_total.spent"]
        + [f"items.rows[{i}].{field}" for i in range(len(form["items"]["rows"])) for field in ("budget", "spent")]
    )


def budget_rate_row(form: Form) -> int:
    return next(i for i, row in enumerate(form["indicators"]) if row["name"] == BUDGET_RATE)


# ---- 1. consistency --------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(consistent_forms())
def test_a_form_consistent_by_construction_yields_no_findings(form: Form) -> None:
    """A form whose amounts satisfy every identity, whose stated execution rate is paid ÷
    appropriated at 0.01%, and whose weights, claimed scores and total are the reference's,
    yields no finding at all."""
    assert findings_of(form) == []


# ---- 2. one amount moved by a cent -----------------------------------------------------------------

# Which identities (checks) each amount takes part in, and where each reports (its `at` line),
# read from the check blocks of rules/suzhou-2024.rules. `items.rows[i]` stands for any sub-item.
QUOTA_BALANCE = ("指标结余数", "budget.quota_balance")  # quota_balance = initial + adjustment − appropriated
BALANCE = ("资金结余", "budget.balance")  # balance = appropriated − paid
BALANCE_USE = ("结余去向", "budget.balance")  # balance = carried_forward + recovered
ITEMS_BUDGET = ("子项预算合计", "items.declared_total.budget")  # Σ row budgets = declared total
ITEMS_SPENT = ("子项支出合计", "items.declared_total.spent")  # Σ row spending = declared total
SPENT_IS_PAID = ("支出合计与实际支付", "items.declared_total.spent")  # declared spending total = paid
ADJUSTED_BUDGET = ("调整预算合计", "items.declared_total.budget")  # declared budget total = initial + adjustment

IDENTITIES: dict[str, tuple[CheckAt, ...]] = {
    "budget.initial": (QUOTA_BALANCE, ADJUSTED_BUDGET),
    "budget.adjustment": (QUOTA_BALANCE, ADJUSTED_BUDGET),
    "budget.appropriated": (QUOTA_BALANCE, BALANCE),
    "budget.quota_balance": (QUOTA_BALANCE,),
    "budget.quota_recovered": (),
    "budget.paid": (BALANCE, SPENT_IS_PAID),
    "budget.balance": (BALANCE, BALANCE_USE),
    "budget.carried_forward": (BALANCE_USE,),
    "budget.recovered": (BALANCE_USE,),
    "items.declared_total.budget": (ITEMS_BUDGET, ADJUSTED_BUDGET),
    "items.declared_total.spent": (ITEMS_SPENT, SPENT_IS_PAID),
    "items.rows[i].budget": (ITEMS_BUDGET,),
    "items.rows[i].spent": (ITEMS_SPENT,),
}


def identities_of(path: str) -> list[CheckAt]:
    return list(IDENTITIES[re.sub(r"\[\d+\]", "[i]", path)])


def knock_on_findings(moved: Form) -> list[CheckAt]:
    """What a moved amount brings beyond its identities, predicted from the moved form alone.

    A sub-item spending more than its budget is flagged (子项超支). Paid and appropriated also
    give the execution rate: above 100% it is flagged (执行率超过100); when its value at 0.01% is
    no longer the stated one, the stated actual is wrong (预算执行率填报); and when the reference
    now scores 预算执行率 otherwise, its claim is wrong (自评分) and so is the declared total
    against the rules' total (合计与总分).

    An amount moved below zero is flagged by the engine (negative-amount), except the adjustment,
    which the rules declare signed.
    """
    expected: list[CheckAt] = []
    for name, amount in moved["budget"].items():
        if Decimal(amount) < 0 and name != "adjustment":
            expected.append(("negative-amount", f"budget.{name}"))
    for field in ("budget", "spent"):
        if Decimal(moved["items"]["declared_total"][field]) < 0:
            expected.append(("negative-amount", f"items.declared_total.{field}"))
    for i, row in enumerate(moved["items"]["rows"]):
        for field in ("budget", "spent"):
            if Decimal(row[field]) < 0:
                expected.append(("negative-amount", f"items.rows[{i}].{field}"))
        if Decimal(row["spent"]) > Decimal(row["budget"]):
            expected.append(("子项超支", f"items.rows[{i}].spent"))

    paid, appropriated = Decimal(moved["budget"]["paid"]), Decimal(moved["budget"]["appropriated"])
    if Fraction(paid) > Fraction(appropriated):
        expected.append(("执行率超过100", "budget.paid"))
    k = budget_rate_row(moved)
    if stated_rate(paid, appropriated) != rate_of_text(moved["indicators"][k]["actual"]):
        expected.append(("预算执行率填报", f"indicators[{k}].actual"))

    scored = reference.evaluate(evalrules.record_from_data(moved))
    for i, (row, expected_row) in enumerate(zip(moved["indicators"], scored.rows, strict=True)):
        if expected_row.score != Decimal(row["score"]):
            expected.append(("自评分", f"indicators[{i}].score"))
    if scored.total != Decimal(moved["declared_total_score"]):
        expected.append(("合计与总分", "declared_total_score"))
    return expected


def moved_by_a_cent(form: Form, amount: str, data: st.DataObject) -> tuple[str, Form]:
    """The path of an amount of kind `amount` (a sub-item drawn for `[i]`), and the form with that
    amount moved up or down by 0.01."""
    if "[i]" in amount:
        row = data.draw(st.integers(0, len(form["items"]["rows"]) - 1), label="sub-item")
        amount = amount.replace("[i]", f"[{row}]")
    step = data.draw(st.sampled_from((CENT, -CENT)), label="step")
    if amount == "budget.appropriated" and Decimal(form["budget"]["appropriated"]) + step <= 0:
        step = CENT  # a rate over an appropriation of 0 is undefined
    return amount, with_field(form, amount, text_of(Decimal(field_at(form, amount)) + step))


# Every kind of amount is tried alike (Hypothesis alone would pick some far more than others).
@pytest.mark.parametrize("amount", tuple(IDENTITIES))
@settings(max_examples=20, deadline=None)
@given(form=consistent_forms(), data=st.data())
def test_moving_one_amount_by_a_cent_yields_the_finding_of_each_identity_it_takes_part_in_and_no_other(
    amount: str, form: Form, data: st.DataObject
) -> None:
    """Moving one amount of a consistent form by 0.01 yields, at the place each check reports, the
    finding of every identity that amount takes part in (the table IDENTITIES), plus the knock-on
    findings that exact arithmetic and the reference predict (knock_on_findings), and no other."""
    path, moved = moved_by_a_cent(form, amount, data)
    expected = identities_of(path) + knock_on_findings(moved)
    for check, _ in expected:
        event(check)
    assert sorted(findings_of(moved)) == sorted(expected)


# ---- 3. one claimed score moved by a cent ------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(consistent_forms(), st.data())
def test_a_claimed_score_changed_by_a_cent_yields_one_score_finding_at_its_row_and_one_total_finding(
    form: Form, data: st.DataObject
) -> None:
    """A claimed score (自评分) moved by 0.01, staying within [0, weight], yields exactly one score
    finding, located at that row (自评分 at indicators[i].score). The form's declared total,
    left as it was, then no longer equals the sum of the claims, so there is exactly one more
    finding, a total finding, not a score finding: 合计与自评分 at declared_total_score. Nothing
    else: the rules' total is unchanged and still equals the declared total."""
    i = data.draw(st.integers(0, len(form["indicators"]) - 1), label="row")
    row = form["indicators"][i]
    claimed, weight = Decimal(row["score"]), Decimal(row["weight"])
    new_claim = claimed + CENT if claimed + CENT <= weight else claimed - CENT
    moved = with_field(form, f"indicators[{i}].score", text_of(new_claim))
    assert findings_of(moved) == [("自评分", f"indicators[{i}].score"), ("合计与自评分", "declared_total_score")]


# ---- 4. determinism and order --------------------------------------------------------------------


EDITS = ("amount", "claim", "weight", "actual", "comparator", "total", "maximum", "drop", "repeat")


@st.composite
def inconsistent_forms(draw: st.DrawFn) -> Form:
    """A consistent form with 1–6 things made wrong, in every part of the record."""
    form = draw(consistent_forms())
    for _ in range(draw(st.integers(1, 6))):
        rows = form["indicators"]
        i = draw(st.integers(0, len(rows) - 1))
        edit = draw(st.sampled_from(EDITS))
        if edit == "amount":
            path = draw(st.sampled_from(amounts(form)))
            if path == "budget.appropriated":
                continue  # keep the execution rate defined
            shift = Decimal(draw(st.integers(-10_000, 10_000))).scaleb(-2)
            form = with_field(form, path, text_of(Decimal(field_at(form, path)) + shift))
        elif edit == "claim":
            form = with_field(form, f"indicators[{i}].score", text_of(draw(decimals(low=0, high=20, places=2))))
        elif edit == "weight":
            form = with_field(form, f"indicators[{i}].weight", text_of(draw(decimals(low=0, high=20, places=1))))
        elif edit == "actual" and rows[i]["name"] == BUDGET_RATE:
            stated = text_of(draw(decimals(low=0, high=120, places=2))) + "%"
            form = with_field(form, f"indicators[{i}].actual", stated)
        elif edit == "comparator" and rows[i].get("actual"):
            form = with_field(form, f"indicators[{i}].actual", "≥" + rows[i]["actual"])
        elif edit == "total":
            form = with_field(form, "declared_total_score", text_of(draw(decimals(low=0, high=100, places=2))))
        elif edit == "maximum":
            form = with_field(form, "declared_max_score", draw(st.sampled_from(("80", "100"))))
        elif edit == "drop" and rows[i]["category"] in reference.FIXED_WEIGHTS:
            form = with_field(form, "indicators", rows[:i] + rows[i + 1 :])
        elif edit == "repeat":
            form = with_field(form, "indicators", rows + [copy.deepcopy(rows[i])])
    return form


# The record's sections in the order a form prints them; a finding at `indicators` (the list as a
# whole) comes before those at its rows.
SECTIONS = (
    "budget.",
    "items.declared_total.",
    "items.rows[",
    "indicators",
    "total",  # the total the rules give (total-above-maximum)
    "declared_total_score",
    "declared_max_score",
)


def place_in_record(path: str) -> tuple[int, tuple[int, ...]]:
    section = next(i for i, prefix in enumerate(SECTIONS) if path.startswith(prefix))
    return section, tuple(int(index) for index in re.findall(r"\[(\d+)\]", path))


def everything_said(finding: evalrules.Finding) -> tuple[Any, ...]:
    """All a finding tells its reader, spelled out (so a failure shows what differs)."""
    clause = finding.clause.id if finding.clause is not None else None
    messages = (finding.message("zh"), finding.message("en"))
    return (finding.check, finding.severity, finding.path, *messages, clause, finding.values)


@settings(max_examples=80, deadline=None)
@given(inconsistent_forms())
def test_findings_are_deterministic_and_ordered_by_their_place_in_the_record(form: Form) -> None:
    """Scoring the same inconsistent form twice gives the same findings, saying the same things,
    in the order of the record: budget, items.declared_total, items.rows[i], indicators,
    indicators[i] by index, total, declared_total_score, declared_max_score."""
    first, second = RULES.score(form).findings, RULES.score(copy.deepcopy(form)).findings
    assert [everything_said(f) for f in first] == [everything_said(f) for f in second]
    assert first == second  # findings that say the same are equal, though their messages are written on demand
    places = [place_in_record(f.path) for f in first]
    event(f"{min(len(places), 8)}{'+' if len(places) >= 8 else ''} findings")
    assert places == sorted(places), [f.path for f in first]
