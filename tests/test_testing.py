"""The public strategies (evalrules.testing): forms every shipped rule set scores, options that add
what they say, draws aimed where the rules change behaviour (a share measured over many draws),
and properties written with them that catch a deliberately broken engine at Hypothesis's default
number of examples."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seeded

import evalrules
from evalrules.engine.schemes import QualitativeScheme, QuantitativeScheme, Working
from evalrules.records.values import Quantity, Word, parse_value, read_when
from evalrules.testing import actuals, amounts, completion_edges, record_data, records, targets

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_SETS = {name: evalrules.load(name) for name in evalrules.shipped_rule_sets()}
SUZHOU, NATIONAL = SHIPPED_SETS["suzhou-2024"], SHIPPED_SETS["national-2020"]
CENT = Decimal("0.01")


def draws(strategy: Any, count: int) -> list[Any]:
    """`count` draws of a strategy, the same on every run (derandomized, no database)."""
    found: list[Any] = []

    @settings(max_examples=count, database=None, derandomize=True, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


# ---- forms each rule set scores --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_default_forms_of_every_shipped_rule_set_are_scored_without_an_error_of_the_engine(name: str) -> None:
    """The forms `records(rules)` draws by default are read, and scored without one error finding
    of the engine (the rule file's own audit checks may find the amounts inconsistent)."""
    rules = SHIPPED_SETS[name]
    audit = {check.name for check in rules.checks}

    @settings(max_examples=30, deadline=None)
    @given(records(rules))
    def check(record: evalrules.Record) -> None:
        result = rules.score(record)
        engine = [f.message("en") for f in result.findings if f.severity == "error" and f.check not in audit]
        assert engine == []
        assert all(row.status in ("scored", "claimed") for row in result.indicators)

    check()


def test_a_rule_set_may_be_named_as_evalrules_load_names_it() -> None:
    [record] = draws(records("suzhou-2024"), 1)
    assert isinstance(record, evalrules.Record)
    assert SUZHOU.score(record).maximum == 82


def _findings(rules: evalrules.RuleSet, forms: list[dict[str, Any]]) -> Counter[str]:
    return Counter(f.check for form in forms for f in rules.score(form).findings)


def test_each_option_adds_what_it_says() -> None:
    plain = draws(record_data(NATIONAL), 60)
    assert all("actual" in row for form in plain for row in form["indicators"])
    missing = draws(record_data(NATIONAL, missing=True), 60)
    assert sum(1 for form in missing for row in form["indicators"] if row.get("actual") is None) >= 10
    assert _findings(NATIONAL, missing)["left-for-review"] >= 5
    outside = _findings(NATIONAL, draws(record_data(NATIONAL, out_of_range=True), 60))
    assert outside["qualitative-level"] + outside["actual-not-number"] + outside["unit-mismatch"] >= 10
    wrong = _findings(NATIONAL, draws(record_data(NATIONAL, findings=True), 60))
    assert wrong["duplicate-indicator"] >= 5 and wrong["unknown-category"] >= 5 and wrong["weights-total"] >= 5


def test_not_applicable_actuals_use_the_rule_sets_words() -> None:
    minimal = (ROOT / "docs" / "examples" / "minimal.rules").read_text(encoding="utf-8")
    rules = evalrules.loads(minimal + '\nnot_applicable "不适用" "无此项" full\n', "na.rules")
    forms = draws(record_data(rules, not_applicable=True), 60)
    statuses = Counter(row.status for form in forms for row in rules.score(form).indicators)
    assert statuses["not_applicable"] >= 5


# ---- where the draws land ----------------------------------------------------------------------------


def _near_an_edge(scheme: QuantitativeScheme, completion: Decimal) -> bool:
    step = max(scheme.round_completion.quantum if scheme.round_completion else Decimal(0), Decimal("0.0001"))
    return any(abs(completion - edge) <= step for edge in completion_edges(scheme))


def test_most_quantitative_actuals_land_on_or_next_to_a_point_where_their_scheme_changes() -> None:
    """docs/testing.md states the mix; measured here over 150 Suzhou forms: at least 40% of the
    quantitative rows whose actual the form writes land within one rounding step (or 0.01%) of a
    completion where their scheme changes (100%, 80% where the deduction takes all, 130% or 200%,
    230% or 300%); at most a quarter lie below 50% or above 300%, where every score is alike."""
    rows = [
        row
        for form in draws(records(SUZHOU), 150)
        for row in SUZHOU.score(form).indicators
        if row.kind == "quantitative" and row.status == "scored" and row.working[2] is None and row.completion is not None
    ]
    assert len(rows) > 500
    near = sum(_near_an_edge(row.working[0], row.completion) for row in rows)
    far = sum(row.completion < Decimal("0.5") or row.completion > 3 for row in rows)
    assert near / len(rows) >= 0.40, near / len(rows)
    assert far / len(rows) <= 0.25, far / len(rows)


def test_derived_rates_land_on_100_percent_or_next_to_it_for_a_good_share_of_forms() -> None:
    """The execution rate the rules compute from the budget (paid ÷ appropriated) is 100%, or 0.01%
    from it, in about a third of the forms (at least a fifth of 200: Hypothesis's draws are not
    independent enough for a tighter bound to hold on every run)."""
    rates = []
    for form in draws(record_data(SUZHOU), 200):
        row = next(r for r in SUZHOU.score(form).indicators if r.name == "预算执行率")
        rates.append(row.actual.number if isinstance(row.actual, Quantity) and row.actual.unit == "%" else None)
    near = sum(rate is not None and abs(rate - 1) <= Decimal("0.0001") for rate in rates)
    assert near / len(rates) >= 0.20, near / len(rates)


def test_band_rows_claim_on_their_bands_ends_and_shares_sit_on_band_edges() -> None:
    """National forms: every share written as a qualitative actual is a band's end or 0.01% inside
    it; of the claims on rows placed in a band, about 45% are on one of its ends (at least a third)."""
    scheme = NATIONAL.categories["产出"].qualitative
    ends = {end for _name, interval in scheme.bands for end in (interval.low.value, interval.high.value)}
    shares, claims, on_ends = 0, 0, 0
    for form in draws(records(NATIONAL), 100):
        for row in NATIONAL.score(form).indicators:
            if row.kind != "qualitative" or row.status != "scored" or not isinstance(row.working, tuple):
                continue  # (a row a deduction lowered keeps its working one level down)
            outcome = row.working[1]
            if outcome.how == "share":
                shares += 1
                assert min(abs(outcome.level - end) for end in ends) <= Decimal("0.0001"), outcome.level
            elif outcome.decision is not None and row.weight:
                claims += 1
                on_ends += outcome.claimed in (outcome.low, outcome.high)
    assert shares > 30 and claims > 30
    assert on_ends / claims >= 0.33, on_ends / claims


def test_targets_actuals_and_amounts_draw_what_forms_write() -> None:
    for written in draws(targets(), 200):
        value = parse_value(written)
        assert isinstance(value, (Quantity, Word))
    scheme = SUZHOU.categories["产出"].quantitative
    for target in ("≥90%", "不少于20场", "≤5万元", "98%以上"):
        parsed = parse_value(target)
        for written in draws(actuals(target, scheme=scheme, weight=Decimal(30)), 40):
            actual = parse_value(written)
            assert isinstance(actual, Quantity) and actual.unit in (parsed.unit, None), written
    levels = draws(actuals("达标", scheme=SUZHOU.categories["产出"].qualitative), 30)
    assert set(levels) <= {"100%", "80%", "60%", "40%", "20%", "0%"}
    dates = [t for t in draws(targets(words=False), 300) if read_when(parse_value(t)) is not None]
    assert len(dates) > 20
    found = draws(amounts(low=0, high=1000, places=2, near=[Decimal("29.2")]), 300)
    assert all(Decimal(0) <= x <= 1000 and x == x.quantize(CENT) for x in found)
    assert {Decimal("29.2"), Decimal("29.21"), Decimal("29.19")} & set(found)


def test_import_evalrules_and_evalrules_check_import_no_hypothesis() -> None:
    program = (
        "import sys, evalrules\n"
        "from evalrules.cli import main\n"
        "assert main(['check', 'rules/suzhou-2024.rules']) == 0\n"
        "assert 'hypothesis' not in sys.modules and 'evalrules.testing' not in sys.modules, 'imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---- a broken engine is caught -----------------------------------------------------------------------
# Properties as a tester writes them with `records()` alone, run at Hypothesis's default number of
# examples (100) under three seeds: each passes on the engine as it is and fails on a broken one.

SEEDS = (1, 2, 3)
DEFAULT = settings(database=None, deadline=None, phases=[Phase.generate])  # max_examples: the default


@DEFAULT
@given(records(SUZHOU))
def short_of_the_target_each_point_costs_5_percent_of_the_weight(record: evalrules.Record) -> None:
    """Suzhou: a row short of its target loses 5% of its weight for each point of completion short
    (扣完为止), rounded half-up to the cent."""
    for row in SUZHOU.score(record).indicators:
        if row.kind == "quantitative" and row.status == "scored" and row.completion < 1:
            factor = max(Decimal(0), 1 - 5 * (1 - row.completion))
            assert row.score == (row.weight * factor).quantize(CENT, rounding=ROUND_HALF_UP), (row.name, row.completion)


@DEFAULT
@given(records(NATIONAL))
def a_claim_inside_its_band_is_accepted(record: evalrules.Record) -> None:
    """National: a self-score inside the band its row is placed in, as the rule file writes the
    band, is accepted as claimed: no claim-outside-band finding."""
    refused = [f.path for f in NATIONAL.score(record).findings if f.check == "claim-outside-band"]
    assert refused == []


def _no_deduction_below_target(self: QuantitativeScheme, weight: Decimal, target: Any, actual: Any, raw: Decimal, c: Decimal) -> Working:
    work = Working(raw, c, "below", clause=self.clauses["below"])
    work.unrounded = weight  # broken: nothing taken off below the target
    return work


def _band_edge_moved(original: Any) -> Any:
    def broken(self: QualitativeScheme, weight: Decimal, band: str, claimed: Decimal | None) -> Any:
        saved = self._band
        self._band = {
            name: dataclasses.replace(interval, low=dataclasses.replace(interval.low, value=interval.low.value + Decimal("0.0001")))
            for name, interval in saved.items()
        }  # broken: each band's lower edge moved up by 0.01%
        try:
            return original(self, weight, band, claimed)
        finally:
            self._band = saved

    return broken


@pytest.mark.parametrize("seed", SEEDS)
def test_a_below_target_property_passes_on_the_engine_and_catches_one_that_deducts_nothing(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(seed)(short_of_the_target_each_point_costs_5_percent_of_the_weight)()
    monkeypatch.setattr(QuantitativeScheme, "_below", _no_deduction_below_target)
    with pytest.raises(AssertionError):
        seeded(seed)(short_of_the_target_each_point_costs_5_percent_of_the_weight)()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_band_claim_property_passes_on_the_engine_and_catches_a_band_edge_moved_by_a_hundredth_of_a_percent(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(seed)(a_claim_inside_its_band_is_accepted)()
    monkeypatch.setattr(QualitativeScheme, "score_in_band", _band_edge_moved(QualitativeScheme.score_in_band))
    with pytest.raises(AssertionError):
        seeded(seed)(a_claim_inside_its_band_is_accepted)()
