"""`evalrules verify RULES…`: property checks of a rule file itself, over forms generated for it.

A policy author who changes a rate wants to know at once whether the change broke a promise that
no form should be able to break. Each property below is checked by Hypothesis over forms that
`evalrules.testing.record_data` draws for the rule set (aimed at its thresholds, band edges and
rounding ties), and some also on the rule set alone:

- `bounds`: every score lies within [0, weight];
- `monotone`: below the over-achievement threshold a better actual never lowers a score (a larger
  one for ≥, =, > targets, a smaller one for ≤ and <), the rest of the form held;
- `splits`: equal splits (`weights split T apportion Q`, `by subcategory`) sum exactly to their
  totals, for every number of rows;
- `grades`: the grades give every total from 0 to the maximum, and every total a form reaches,
  exactly one grade, the one their clauses say (each grade line and 0.01 either side);
- `thresholds`: at each completion where a scheme changes (100%, the above-threshold, …) and 0.01%
  either side, a row scores what its clauses say; a claim on a band's end is accepted or refused
  as the band's brackets say;
- `same`: the same form always gives the same result: scored twice, by the rule set pickled and
  loaded again, and read back from its YAML.

A violated property is said with the clause involved and the smallest form Hypothesis found, as a
record file (YAML of docs/record-format.md, which `evalrules score` reads); `--save DIR` writes it
there too. Exit status: 0 all hold, 1 a property is violated, 2 an input cannot be used.
Hypothesis and the strategies are imported only when the command runs; no `.hypothesis/` folder is
written unless `--database DIR` asks for one.
"""

from __future__ import annotations

import argparse
import decimal
import functools
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from ..decimals import CONTEXT, plain
from ..display import visible
from ..engine.findings import Clause
from ..engine.loader import CheckedPart, check_file, load
from ..engine.ruleset import RuleSet
from ..engine.weights import SplitPolicy, WrittenPolicy
from ..errors import EvalRulesError
from ..messages import text
from ..records.values import Comparator, Quantity
from .console import err, out, unusable

PROPERTIES = ("bounds", "monotone", "splits", "grades", "thresholds", "same")
DEFAULT_EXAMPLES = 100
DEFAULT_SEED = 0
RULE_SUFFIX = ".rules"
ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
BASIS_POINT = Decimal("0.0001")
CENT = Decimal("0.01")


@dataclass
class Violation:
    """What broke a property: its message id and values, the clause involved, and the form that
    shows it (None when the rule set alone shows it)."""

    key: str
    values: dict[str, Any]
    clause: Clause | None = None
    form: dict[str, Any] | None = None
    words: dict[str, str] = field(default_factory=dict)  # placeholder → a message id, said in the reader's language

    def said(self, lang: str) -> str:
        return text(self.key, lang, **self.values, **{name: text(key, lang) for name, key in self.words.items()})


@dataclass
class Outcome:
    property: str
    violation: Violation | None = None
    notes: list[str] = field(default_factory=list)


class Violated(Exception):
    """Raised inside a Hypothesis test: the property does not hold for the form drawn."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(violation.key)
        self.violation = violation


# ---- the command line ------------------------------------------------------------------------------


def add_arguments(command: argparse.ArgumentParser, said: Callable[..., str]) -> None:
    command.add_argument("rules", nargs="+", metavar="RULES", help=said("verify_rules"))
    command.add_argument("--examples", type=_positive, default=DEFAULT_EXAMPLES, metavar="N", help=said("verify_examples", default=DEFAULT_EXAMPLES))
    command.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help=said("verify_seed", default=DEFAULT_SEED))
    command.add_argument("--save", metavar="DIR", help=said("verify_save"))
    command.add_argument("--database", metavar="DIR", help=said("verify_database"))


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def run(args: argparse.Namespace, lang: str) -> int:
    import os
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    # Hypothesis keeps caches under `.hypothesis/` of the working folder: a command run in a
    # policy author's folder writes none there (the failing examples go where --database says).
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return _run(args, lang)
    with tempfile.TemporaryDirectory(prefix="evalrules-verify-") as home:
        set_hypothesis_home_dir(home)
        try:
            return _run(args, lang)
        finally:
            set_hypothesis_home_dir(None)


def _run(args: argparse.Namespace, lang: str) -> int:
    status = 0
    for path, rules in _rule_sets(args.rules, lang):
        if rules is None:
            status = 2
            continue
        outcomes = verify(rules, examples=args.examples, seed=args.seed, database=args.database)
        if not _report(path, rules, outcomes, args, lang):
            status = max(status, 1)
    return status


def _rule_sets(given: list[str], lang: str) -> Iterator[tuple[str, RuleSet | None]]:
    """Each rule set named: a file, a shipped name, or a folder (its `*.rules`, subfolders too;
    parts are checked and left out: they score no form)."""
    for name in given:
        if _is_folder(name):
            paths = sorted(str(p) for p in Path(name).rglob("*" + RULE_SUFFIX))
            if not paths:
                err(text("cli.no_rule_files", lang, folder=visible(name)))
                yield name, None
            for path in paths:
                try:
                    found = check_file(path)
                except Exception as error:
                    err(unusable(path, error, lang))
                    yield path, None
                    continue
                if isinstance(found, CheckedPart):
                    out(text("verify.part_skipped", lang, file=visible(path)))
                    continue
                yield path, found
            continue
        try:
            yield name, load(name)
        except Exception as error:
            err(unusable(name, error, lang))
            yield name, None


def _is_folder(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _report(path: str, rules: RuleSet, outcomes: list[Outcome], args: argparse.Namespace, lang: str) -> bool:
    file = visible(path)
    if args.database:
        out(text("verify.start_database", lang, file=file, count=len(outcomes), examples=args.examples, database=visible(args.database)))
    else:
        out(text("verify.start", lang, file=file, count=len(outcomes), examples=args.examples, seed=args.seed))
    violated = 0
    for outcome in outcomes:
        name = text(f"verify.property.{outcome.property}", lang)
        violation = outcome.violation
        if violation is None:
            out(text("verify.holds", lang, property=name))
            continue
        violated += 1
        out(text("verify.violated", lang, property=name))
        where = f" ({violation.clause.id})" if violation.clause is not None else ""
        out("    " + violation.said(lang) + where)
        if violation.form is not None:
            record = record_file(rules, outcome.property, violation, lang)
            out(text("verify.counterexample", lang, rules=file))
            out(record.rstrip("\n"))
            if args.save:
                saved = _save(args.save, rules, outcome.property, record)
                out(text("verify.saved", lang, path=visible(str(saved))))
    if violated:
        out(text("verify.some_violated", lang, file=file, violated=violated, count=len(outcomes)))
    else:
        out(text("verify.all_hold", lang, file=file, count=len(outcomes)))
    return violated == 0


def record_file(rules: RuleSet, prop: str, violation: Violation, lang: str) -> str:
    """The counterexample as a record file: YAML, headed by comments saying what it shows."""
    import yaml

    head = [
        f"# evalrules verify {rules.name}: {text(f'verify.property.{prop}', lang)}",
        f"# {violation.said(lang)}" + (f" ({violation.clause.id})" if violation.clause is not None else ""),
    ]
    body = yaml.safe_dump(violation.form, allow_unicode=True, sort_keys=False, width=120)
    return "\n".join(line.replace("\n", " ") for line in head) + "\n" + body


def _save(folder: str, rules: RuleSet, prop: str, record: str) -> Path:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{rules.name.removesuffix(RULE_SUFFIX)}.{prop}.yaml"
    path.write_text(record, encoding="utf-8")
    return path


# ---- running the properties ------------------------------------------------------------------------


def verify(rules: RuleSet, *, examples: int = DEFAULT_EXAMPLES, seed: int = DEFAULT_SEED, database: str | None = None, only: tuple[str, ...] = PROPERTIES) -> list[Outcome]:
    """Check each property of `only` on `rules`, `examples` forms each; the outcomes in order."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as seeded
    from hypothesis import strategies as st
    from hypothesis.database import DirectoryBasedExampleDatabase

    from ..testing import record_data

    config = settings(
        max_examples=examples,
        deadline=None,
        database=DirectoryBasedExampleDatabase(database) if database else None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
        print_blob=False,
    )
    forms = record_data(rules)
    outcomes = []
    for prop in only:
        static, on_form = _PROPERTIES[prop]
        outcome = Outcome(prop)
        outcome.violation = static(rules) if static is not None else None
        if outcome.violation is None and on_form is not None:
            check = on_form

            @config
            @given(st.data())
            def test(data: Any) -> None:
                form = data.draw(forms, label="form")
                _guarded(check, rules, form, data)

            if database is None:  # a seeded run keeps nothing: Hypothesis saves no example under @seed
                test = seeded(seed)(test)

            try:
                test()
            except Violated as violated:
                outcome.violation = violated.violation
        outcomes.append(outcome)
    return outcomes


def _guarded(check: Callable[..., None], rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    """Run a property on a form; anything but a verdict (scoring that raises) is a violation too."""
    try:
        with decimal.localcontext(CONTEXT):
            check(rules, form, data)
    except Violated:
        raise
    except Exception as error:  # scoring a valid form must not raise
        raise Violated(Violation("verify.detail.raised", {"kind": type(error).__name__}, None, form)) from error


# ---- the properties --------------------------------------------------------------------------------


def _bounds(rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    for row in rules.score(form).indicators:
        if row.score is None or row.weight is None or row.status == "claimed":
            continue
        if not ZERO <= row.score <= row.weight:
            values = {"row": row.index + 1, "name": row.name, "score": row.score, "weight": row.weight}
            raise Violated(Violation("verify.detail.score_outside", values, _culprit(row), form))


def _culprit(row: Any) -> Clause | None:
    """The clause a score out of bounds comes from: the scheme's `round score` when the score was
    within its weight before it, else the clause that decided it."""
    working = row.working
    if isinstance(working, tuple) and len(working) == 3:
        scheme, outcome = working[0], working[1]
        rounder = getattr(scheme, "round_score", None)
        if rounder is not None and ZERO <= getattr(outcome, "unrounded", -ONE) <= row.weight:
            file, _, line = rounder.clause.rpartition(":")
            return Clause(file, int(line), 1)
    return row.clause


def _scored_quantitative(result: Any) -> list[Any]:
    """Rows scored on a number the form wrote (not computed from the budget, not the rules' target)."""
    return [
        row
        for row in result.indicators
        if row.kind == "quantitative" and row.status == "scored" and isinstance(row.working, tuple) and row.working[2] is None
    ]


def _with_actual(form: dict[str, Any], index: int, actual: str) -> dict[str, Any]:
    rows = [dict(row) for row in form["indicators"]]
    rows[index]["actual"] = actual
    return {**form, "indicators": rows}


def _reverse(target: Quantity) -> bool:
    return target.comparator_or_default() in (Comparator.LE, Comparator.LT)


def _monotone(rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    from hypothesis import strategies as st

    from ..testing import actuals

    rows = _scored_quantitative(rules.score(form))
    if not rows:
        return
    row = data.draw(st.sampled_from(rows), label="row")
    scheme, target = row.working[0], row.target
    drawn = actuals(target, scheme=scheme, weight=row.weight)
    first, second = data.draw(drawn, label="actual"), data.draw(drawn, label="another actual")
    numbers = [_number(first, target), _number(second, target)]
    if None in numbers or numbers[0] == numbers[1]:
        return
    worse, better = (first, second) if (numbers[0] < numbers[1]) != _reverse(target) else (second, first)
    if not _reverse(target) and scheme.above == "penalty" and target.number > 0:
        limit = scheme.threshold * target.number
        if max(numbers) > limit:  # past the over-achievement threshold a larger actual may cost
            return
    low_form, high_form = _with_actual(form, row.index, worse), _with_actual(form, row.index, better)
    low = rules.score(low_form).indicators[row.index]
    high = rules.score(high_form).indicators[row.index]
    if low.score is not None and high.score is not None and high.score < low.score:
        values = {"row": row.index + 1, "name": row.name, "worse": worse, "low": low.score, "better": better, "high": high.score}
        raise Violated(Violation("verify.detail.better_lower", values, high.clause, high_form))


def _number(written: str, target: Quantity) -> Decimal | None:
    from ..records.values import parse_value

    value = parse_value(written)
    if not isinstance(value, Quantity) or value.comparator is not None or value.unit != target.unit:
        return None
    return value.number


def _splits_static(rules: RuleSet) -> Violation | None:
    for category in rules.categories.values():
        policy = category.weights
        if isinstance(policy, SplitPolicy) and policy.quantum is not None:
            for count in range(1, 51):
                total = sum(policy.shares(count), ZERO)
                if total != policy.total:
                    values = {"category": category.name, "count": count, "sum": total, "total": policy.total}
                    return Violation("verify.detail.split_sum", values, policy.clause)
        if isinstance(policy, WrittenPolicy) and policy.subcategory_step is not None and policy.total is not None:
            for count in range(1, 11):
                total = sum(policy.subcategory_shares([f"{i}" for i in range(count)]).values(), ZERO)
                if total != policy.total:
                    values = {"category": category.name, "count": count, "sum": total, "total": policy.total}
                    return Violation("verify.detail.subcategory_sum", values, policy.clause)
    return None


def _splits(rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    result = rules.score(form)
    for name, category in rules.categories.items():
        policy = category.weights
        if not isinstance(policy, SplitPolicy) or policy.quantum is None:
            continue
        rows = [row for row in result.indicators if row.category == name]
        if not any(row.weight_source == "split" for row in rows):
            continue
        total = sum((row.weight for row in rows if row.weight is not None), ZERO)
        if total != policy.total:
            values = {"category": name, "count": len(rows), "sum": total, "total": policy.total}
            raise Violated(Violation("verify.detail.split_sum", values, policy.clause, form))


def _grade_said(rules: RuleSet, total: Decimal) -> tuple[list[str], Clause | None]:
    """The grades whose clauses take `total`, as written: the first threshold it reaches (or
    `otherwise`), or every interval that holds it; and the clause of the first."""
    found: list[tuple[str, Clause]] = []
    for name, at_least, interval, clause in rules.grades.bands:  # type: ignore[union-attr]
        if at_least is not None:
            if total >= at_least:
                return [name], clause
        elif interval is not None:
            if interval.contains(total):
                found.append((name, clause))
        else:
            return [name], clause
    return [name for name, _ in found], (found[0][1] if found else None)


def _grade_points(rules: RuleSet) -> list[Decimal]:
    """0, the maximum, every grade line and 0.01 either side, and the middle of each gap between."""
    ends: set[Decimal] = {ZERO, rules.maximum}
    for _name, at_least, interval, _clause in rules.grades.bands:  # type: ignore[union-attr]
        if at_least is not None:
            ends.add(at_least)
        if interval is not None:
            ends |= {interval.low.value, interval.high.value}
    ends = {e for e in ends if ZERO <= e <= rules.maximum}
    ordered = sorted(ends)
    points = set(ordered) | {(a + b) / 2 for a, b in zip(ordered, ordered[1:])}
    points |= {e + d for e in ordered for d in (CENT, -CENT) if ZERO <= e + d <= rules.maximum}
    return sorted(points)


def _grades_static(rules: RuleSet) -> Violation | None:
    if rules.grades is None:
        return None
    first = rules.grades.bands[0][3]
    for total in _grade_points(rules):
        violation = _grade_violation(rules, total, first, None)
        if violation is not None:
            return violation
    return None


def _grade_violation(rules: RuleSet, total: Decimal, first: Clause, form: dict[str, Any] | None, given: str | None = "-") -> Violation | None:
    names, clause = _grade_said(rules, total)
    if not names:
        return Violation("verify.detail.no_grade", {"total": total}, first, form)
    if len(names) > 1:
        return Violation("verify.detail.grades_overlap", {"total": total, "grades": "、".join(names)}, clause, form)
    graded = rules.grades.grade(total) if given == "-" else given  # type: ignore[union-attr]
    if graded != names[0]:
        return Violation("verify.detail.wrong_grade", {"total": total, "grade": graded or "—", "expected": names[0]}, clause, form)
    return None


def _grades(rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    if rules.grades is None:
        return
    result = rules.score(form)
    violation = _grade_violation(rules, result.total, rules.grades.bands[0][3], form, result.grade)
    if violation is not None:
        raise Violated(violation)


def expected_score(scheme: Any, weight: Decimal, target: Quantity, actual: Quantity) -> Decimal:
    """What a quantitative row scores by its scheme's clauses, as rule-language.md states them
    ("A quantitative row"), written out here apart from the engine's scheme code."""
    t, a = target.number, actual.number
    comparator = target.comparator_or_default()
    if comparator in (Comparator.LE, Comparator.LT):
        if a <= t:
            c = ONE
        elif scheme.reverse == "inverse_ratio":
            c = t / a if a > 0 else ZERO
        elif t <= 0:
            c = ZERO
        else:
            z = scheme.zero_at or ONE
            c = max((z * t - a) / ((z - ONE) * t), ZERO)
    elif t == 0:
        c = (ONE if a == 0 else ZERO) if comparator is Comparator.EQ else (ONE if a >= 0 else ZERO)
    else:
        c = a / t
    if scheme.round_completion is not None:
        c = scheme.round_completion(c)
    if c < ONE:
        if scheme.below == "proportional":
            score = weight * c
        else:
            points = (ONE - c) * HUNDRED
            if scheme.below == "slope" and scheme.below_basis == "difference" and target.unit == "%" and actual.unit == "%":
                points = ((a - t) if comparator in (Comparator.LE, Comparator.LT) else (t - a)) * HUNDRED
            if scheme.below == "slope":
                score = weight * (ONE - points * scheme.below_rate)
            else:
                steps = (points / (scheme.step * HUNDRED)).to_integral_value(rounding=ROUND_FLOOR)
                score = weight - steps * scheme.step_points
    elif scheme.above == "penalty" and c > scheme.threshold:
        score = weight * (ONE - (c - scheme.threshold) * HUNDRED * scheme.above_rate)
    else:
        score = weight
    score = min(max(score, ZERO), weight)
    return scheme.round_score(score) if scheme.round_score is not None else score


def _thresholds(rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    from hypothesis import strategies as st

    from ..testing import completion_edges
    from ..testing import _actual_number, _number_text  # the same arithmetic that aims the forms

    result = rules.score(form)
    rows = _scored_quantitative(result)
    if rows:
        row = data.draw(st.sampled_from(rows), label="row")
        scheme, target = row.working[0], row.target
        for edge in completion_edges(scheme):
            for offset in (ZERO, BASIS_POINT, -BASIS_POINT):
                number = _actual_number(target, scheme, edge + offset)
                if number is None:
                    continue
                written = _number_text(number, target.unit)
                moved = _with_actual(form, row.index, written)
                got = rules.score(moved).indicators[row.index]
                expected = expected_score(scheme, row.weight, target, Quantity(None, number, target.unit, written))
                if got.score != expected:
                    values = {"row": row.index + 1, "name": row.name, "target": target.text, "actual": written, "score": _shown(got.score), "expected": expected}
                    raise Violated(Violation("verify.detail.threshold", values, got.clause, moved))
    _band_claims(rules, form, result, data)


def _band_claims(rules: RuleSet, form: dict[str, Any], result: Any, data: Any) -> None:
    """A claim on a band's end, or one step outside it, is accepted or refused as its brackets say."""
    from hypothesis import strategies as st

    rows = [
        row
        for row in result.indicators
        if row.kind == "qualitative" and row.status == "scored" and isinstance(row.working, tuple) and getattr(row.working[1], "decision", None) is not None
    ]
    if not rows:
        return
    row = data.draw(st.sampled_from(rows), label="band row")
    scheme, outcome = row.working[0], row.working[1]
    interval = dict(scheme.bands)[outcome.band]
    step = scheme.round_score.quantum
    low, high = row.weight * interval.low.value, row.weight * interval.high.value
    for claim in (low, high, low - step, high + step, low + step, high - step):
        if claim < 0 or row.weight == 0:
            continue
        inside = (claim >= low if interval.low_closed else claim > low) and (claim <= high if interval.high_closed else claim < high)
        rows_moved = [dict(r) for r in form["indicators"]]
        rows_moved[row.index]["score"] = plain(claim)
        moved = {**form, "indicators": rows_moved}
        refused = any(f.check == "claim-outside-band" and f.path == f"indicators[{row.index}].score" for f in rules.score(moved).findings)
        if refused == inside:
            values = {"row": row.index + 1, "name": row.name, "claim": claim, "band": f"{outcome.band} {interval}"}
            verdict = {"verdict": "verify.word.refused" if refused else "verify.word.accepted"}
            raise Violated(Violation("verify.detail.band_claim", values, row.clause, moved, verdict))


def _shown(score: Decimal | None) -> str:
    return "—" if score is None else plain(score)


@functools.lru_cache(maxsize=8)
def _reloaded(rules: RuleSet) -> RuleSet:
    """The rule set pickled and loaded again (compiled anew from its texts), once a run."""
    return pickle.loads(pickle.dumps(rules))


def _same(rules: RuleSet, form: dict[str, Any], data: Any) -> None:
    import yaml

    from ..records.record import parse_record

    expected = rules.score(form).to_json("en")
    again = rules.score(form).to_json("en")
    reloaded = _reloaded(rules).score(form).to_json("en")
    reread = rules.score(parse_record(yaml.safe_dump(form, allow_unicode=True), "form.yaml", "yaml")).to_json("en")
    for how, got in (("again", again), ("pickled", reloaded), ("yaml", reread)):
        if got != expected:
            raise Violated(Violation("verify.detail.not_same", {}, None, form, {"how": f"verify.word.{how}"}))


# property → (what the rule set alone shows, what each form shows)
_PROPERTIES: dict[str, tuple[Callable[[RuleSet], Violation | None] | None, Callable[..., None] | None]] = {
    "bounds": (None, _bounds),
    "monotone": (None, _monotone),
    "splits": (_splits_static, _splits),
    "grades": (_grades_static, _grades),
    "thresholds": (None, _thresholds),
    "same": (None, _same),
}
