"""Check: a parsed rule file → a resolved rule set, or every error in it at once.

Everything that can be known before a record is seen is checked here: unknown or duplicate names
(with a did-you-mean), references to budget fields the rule set does not declare, quantitative
schemes that leave a case unsaid, bands with gaps or overlaps, weights that cannot sum to a
declared total, unknown rounding modes. The output, `CheckedRules`, has every name resolved to its
node, so the compiler never has to look anything up or report anything.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..decimals import ONE, ROUNDING_MODES, ZERO, is_power_of_ten, plain
from ..display import is_hidden
from ..errors import Diagnostic, RuleCheckError, Span, compose
from ..messages import Message, message
from ..names import suggest
from . import paths
from . import nodes as n

# The clauses a quantitative scheme must state (after `like` is resolved), by kind.
QUANTITATIVE_KINDS: dict[type, str] = {
    n.CompletionRatio: "completion",
    n.ReverseInverse: "reverse",
    n.ReverseLinear: "reverse",
    n.CompletionRounding: "completion rounding",
    n.BelowProportional: "below",
    n.BelowSlope: "below",
    n.BelowSteps: "below",
    n.AboveNone: "above",
    n.AbovePenalty: "above",
    n.AboveWarn: "above",
    n.ScoreRounding: "score rounding",
}
REQUIRED_QUANTITATIVE = ("completion", "reverse", "below", "above")
# Finer steps than this would make quantize() exceed the working precision on large amounts.
FINEST_STEP = Decimal("1E-20")
# Expressions are compiled and explained recursively; no real budget formula comes near this.
MAX_EXPRESSION_NODES = 200
# Beyond these a parameter is legal but almost surely mistyped (a warning, see rule-language.md):
FAR_PAST_TARGET = Decimal(10)  # 1000%: `reverse linear zero at`, `above N%` thresholds
COARSEST_SCORE_STEP = ONE  # 1 point: `round score`, apportioning and rounding weights
COARSEST_COMPLETION_STEP = Decimal("0.01")  # 1%: `round completion`
YEARS = range(2000, 2100)


@dataclass(frozen=True, slots=True)
class ResolvedCategory:
    node: n.Category
    weights: n.WeightPolicy
    quantitative: n.Quantitative
    qualitative: n.Qualitative
    counted: bool

    @property
    def total(self) -> Decimal:
        """The most this category can contribute: its declared or fixed total."""
        policy = self.weights
        if isinstance(policy, n.FixedWeights):
            return policy.total.value if policy.total else sum((w.weight.value for w in policy.weights), ZERO)
        return policy.total.value


@dataclass(frozen=True, slots=True)
class ResolvedIndicator:
    node: n.Indicator
    actual: n.Value | None
    quantitative: n.Quantitative | None
    qualitative: n.Qualitative | None


@dataclass(slots=True)
class CheckedRules:
    """A rule file whose every name is resolved; what the compiler takes."""

    file: n.RuleFile
    metadata: n.Metadata
    budget: n.Budget | None
    values: dict[str, n.Value]
    qualitative: dict[str, n.Qualitative]
    quantitative: dict[str, dict[str, n.QuantitativeClause]]  # scheme name → kind → clause
    quantitative_nodes: dict[str, n.Quantitative]
    categories: dict[str, ResolvedCategory]
    indicators: dict[str, ResolvedIndicator]
    missing: n.Missing
    not_applicable: n.NotApplicable | None
    grades: n.Grades | None
    checks: dict[str, n.Check] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def maximum(self) -> Decimal:
        return sum((c.total for c in self.categories.values() if c.counted), ZERO)


class _Checker:
    def __init__(self, rule_file: n.RuleFile) -> None:
        self.file = rule_file
        self.diagnostics: list[Diagnostic] = []

    # ---- reporting: a message id of messages/language.py and its values (a value may be a phrase)
    def error(self, span: Span, key: str, hint: Message | None = None, **values: object) -> None:
        self.diagnostics.append(Diagnostic(compose(key, **values), span, "error", hint))

    def warn(self, span: Span, key: str, hint: Message | None = None, **values: object) -> None:
        self.diagnostics.append(Diagnostic(compose(key, **values), span, "warning", hint))

    def unknown(self, name: n.Name, what: str, known: Iterable[str]) -> None:
        """`what` names a `term.*` phrase: `unknown quantitative scheme '基木'`."""
        self.error(name.span, "check.unknown_name", suggest(name.text, known), what=_term(what), name=name.text)

    def declare(self, table: dict[str, object], name: n.Name, node: object, what: str) -> bool:
        if name.text in table:
            first = table[name.text].span.line  # type: ignore[attr-defined]
            self.error(name.span, "check.duplicate", what=_term(what), name=name.text, line=first)
            return False
        table[name.text] = node
        return True

    def only_one(self, nodes: Sequence[object], block: str) -> object | None:
        for extra in nodes[1:]:
            self.error(extra.span, "check.second_block", block=block)  # type: ignore[attr-defined]
        return nodes[0] if nodes else None

    # ---- shared pieces
    def rounding(self, rounding: n.Rounding | None, coarsest: Decimal | None = None, what: str = "") -> None:
        if rounding is None:
            return
        if rounding.mode.text not in ROUNDING_MODES:
            self.error(
                rounding.mode.span,
                "check.rounding_mode",
                suggest(rounding.mode.text, ROUNDING_MODES),
                mode=rounding.mode.text,
            )
        self.quantum(rounding.quantum, coarsest, what)

    def quantum(self, quantum: n.Number, coarsest: Decimal | None = None, what: str = "") -> None:
        """A rounding step: a power of ten, not too fine to compute; a warning above `coarsest`."""
        if not is_power_of_ten(quantum.value):
            self.error(quantum.span, "check.rounding_step", number=quantum.text)
        elif quantum.value < FINEST_STEP:
            self.error(quantum.span, "check.rounding_step_fine", finest=plain(FINEST_STEP), number=quantum.text)
        elif coarsest is not None and quantum.value > coarsest:
            most = f"{plain(coarsest * 100)}%" if quantum.percent else plain(coarsest)
            self.warn(quantum.span, "check.coarse_step", what=_param(what), number=quantum.text, most=most)

    def share(self, number: n.Number, what: Message | str, low: Decimal = ZERO, high: Decimal = ONE) -> None:
        if not low <= number.value <= high:
            self.error(number.span, "check.share_range", what=_param(what), low=low * 100, high=high * 100)

    def positive(self, number: n.Number, what: Message | str) -> None:
        if number.value <= 0:
            self.error(number.span, "check.positive", what=_param(what))

    def rate(self, number: n.Number, what: Message | str) -> None:
        """A share of the weight or of the target: written with %, so 5 is not read as 500%."""
        if not number.percent:
            self.error(number.span, "check.needs_percent", what=_param(what), number=number.text)

    def points(self, number: n.Number, what: Message | str) -> None:
        """Weights, totals and grade thresholds are points, never percentages."""
        if number.percent:
            self.error(number.span, "check.needs_points", what=_param(what), number=number.text)

    def far(self, number: n.Number, what: str) -> None:
        """A point past the target that no result comes near: legal, but likely a slip of a zero."""
        if number.percent and number.value > FAR_PAST_TARGET:
            far = _percent(FAR_PAST_TARGET)
            self.warn(number.span, "check.far_threshold", what=_param(what), number=number.text, far=far)

    def kinds(self, clauses: Sequence[object], kind_of: dict[type, str], owner: Message) -> dict[str, object]:
        seen: dict[str, object] = {}
        for clause in clauses:
            kind = kind_of[type(clause)]
            if kind in seen:
                first = seen[kind].span.line  # type: ignore[attr-defined]
                stated = message(f"kind.{kind.replace(' ', '_')}")  # the compiler's keys have spaces
                self.error(clause.span, "check.states_twice", owner=owner, kind=stated, line=first)  # type: ignore[attr-defined]
            else:
                seen[kind] = clause
        return seen

    # ---- the whole file
    def run(self) -> CheckedRules:
        by_type: dict[type, list[object]] = {}
        for item in self.file.items:
            by_type.setdefault(type(item), []).append(item)

        metadata = self.metadata(by_type.get(n.Metadata, []))
        budget = self.only_one(by_type.get(n.Budget, []), "budget")
        budget_names = self.budget(budget)  # type: ignore[arg-type]
        values = self.values(by_type.get(n.Value, []), budget_names)  # type: ignore[arg-type]
        qualitative = self.qualitative_schemes(by_type.get(n.Qualitative, []))  # type: ignore[arg-type]
        quantitative, quantitative_nodes = self.quantitative_schemes(by_type.get(n.Quantitative, []))  # type: ignore[arg-type]
        categories = self.categories(by_type.get(n.Category, []), qualitative, quantitative_nodes)  # type: ignore[arg-type]
        indicators = self.indicators(by_type.get(n.Indicator, []), values, qualitative, quantitative_nodes)  # type: ignore[arg-type]
        missing = self.missing(by_type.get(n.Missing, []), _largest_weight(categories.values()))
        not_applicable = self.not_applicable(by_type.get(n.NotApplicable, []))
        grades = self.only_one(by_type.get(n.Grades, []), "grades")
        checks = self.checks(by_type.get(n.Check, []), list(budget_names), list(values))  # type: ignore[arg-type]

        checked = CheckedRules(
            file=self.file,
            metadata=metadata,  # type: ignore[arg-type]
            budget=budget,  # type: ignore[arg-type]
            values=values,
            qualitative=qualitative,
            quantitative=quantitative,
            quantitative_nodes=quantitative_nodes,
            categories=categories,
            indicators=indicators,
            missing=missing,  # type: ignore[arg-type]
            not_applicable=not_applicable,
            grades=grades,  # type: ignore[arg-type]
            checks=checks,
        )
        if not by_type.get(n.Category):
            self.error(_file_start(self.file), "check.no_category")
        declared = {c.name.text for c in by_type.get(n.Category, [])}  # type: ignore[attr-defined]
        if metadata is not None and categories and len(categories) == len(declared):
            # only when every category resolved: a partial sum would report a second, false error
            self.maximum(metadata, checked.maximum)
            self.step_points(quantitative_nodes.values(), max(c.total for c in categories.values()))
            self.indicator_names(categories.values(), indicators.values(), checks.values())
        if isinstance(not_applicable, n.NotApplicable) and not_applicable.action == "rescale":
            fixed = [c for c in categories.values() if not isinstance(c.weights, n.SplitWeights)]
            if fixed and not_applicable.apportion is None:
                self.error(not_applicable.span, "check.rescale_needs_step", category=fixed[0].node.name.text)
        if grades is not None:
            self.grades(grades, checked.maximum if categories else None)  # type: ignore[arg-type]
        errors = [d for d in self.diagnostics if d.severity == "error"]
        if errors:
            raise RuleCheckError(sorted(self.diagnostics, key=_position), self.file.source)
        checked.warnings = [d for d in self.diagnostics if d.severity != "error"]
        return checked

    def metadata(self, blocks: list[object]) -> n.Metadata | None:
        if not blocks:
            self.error(_file_start(self.file), "check.no_ruleset")
            return None
        meta = self.only_one(blocks, "ruleset")
        assert isinstance(meta, n.Metadata)
        if meta.year is not None and meta.year not in YEARS:
            self.warn(meta.span, "check.year_unusual", year=meta.year)
        dates = []
        for text in (meta.effective_from, meta.effective_to):
            if text is None:
                continue
            try:
                dates.append(datetime.date.fromisoformat(text))
            except ValueError:
                self.error(meta.span, "check.not_a_date", date=text)
        if len(dates) == 2 and dates[0] > dates[1]:
            self.error(meta.span, "check.ends_before_start", start=meta.effective_from, end=meta.effective_to)
        elif len(dates) == 2 and meta.year is not None and not dates[0].year <= meta.year <= dates[1].year:
            self.warn(meta.span, "check.effective_outside_year", start=meta.effective_from, end=meta.effective_to, year=meta.year)
        return meta

    def maximum(self, meta: n.Metadata, computed: Decimal) -> None:
        if meta.maximum is not None:
            self.points(meta.maximum, "maximum")
        if meta.maximum is not None and meta.maximum.value != computed:
            self.error(meta.maximum.span, "check.maximum_mismatch", computed=computed, maximum=meta.maximum.text)

    def budget(self, budget: n.Budget | None) -> dict[str, n.BudgetField]:
        names: dict[str, n.BudgetField] = {}
        if budget is not None:
            for budget_field in budget.fields:
                self.declare(names, budget_field.name, budget_field, "budget_field")  # type: ignore[arg-type]
        return names

    def values(self, nodes: list[n.Value], budget: dict[str, n.BudgetField]) -> dict[str, n.Value]:
        values: dict[str, n.Value] = {}
        for value in nodes:
            if value.name.text in budget:
                self.error(value.name.span, "check.value_is_budget_field", name=value.name.text)
                continue
            if _size(value.expr) > MAX_EXPRESSION_NODES:
                self.error(value.span, "check.value_too_long", name=value.name.text, most=MAX_EXPRESSION_NODES)
                continue
            for call in _calls(value.expr):
                self.error(call.span, "check.call_in_value", function=call.function.text)
            # A value may use budget fields and the values declared before it: no cycles.
            for ref in _references(value.expr):
                if ref.text not in budget and ref.text not in values:
                    known = list(budget) + list(values)
                    self.error(ref.span, "check.value_unknown_reference", suggest(ref.text, known), name=ref.text)
            self.rounding(value.rounding)
            self.declare(values, value.name, value, "value")  # type: ignore[arg-type]
        return values

    # ---- qualitative schemes
    def qualitative_schemes(self, nodes: list[n.Qualitative]) -> dict[str, n.Qualitative]:
        schemes: dict[str, n.Qualitative] = {}
        kind_of = {n.Levels: "levels", n.Bands: "levels", n.Words: "words", n.ScoreRounding: "score rounding"}
        for scheme in nodes:
            owner = message("owner.qualitative_scheme", name=scheme.name.text)
            stated = self.kinds(scheme.clauses, kind_of, owner)
            if "levels" not in stated and "words" not in stated:
                self.error(scheme.span, "check.no_levels", owner=owner)
            levels = stated.get("levels")
            if isinstance(levels, n.Levels):
                self.levels(levels)
            elif isinstance(levels, n.Bands):
                for band in levels.bands:
                    for bound in (band.interval.low, band.interval.high):
                        self.rate(bound, "band_bound")
                        self.share(bound, "band_bound")
                self.intervals([(b.name, b.interval) for b in levels.bands], ZERO, ONE, levels.span, "band")
            words = stated.get("words")
            if isinstance(words, n.Words):
                self.words(words, levels)
            rounding = stated.get("score rounding")
            if isinstance(rounding, n.ScoreRounding):
                self.score_rounding(rounding.rounding)
            self.declare(schemes, scheme.name, scheme, "qualitative_scheme")  # type: ignore[arg-type]
        return schemes

    def levels(self, levels: n.Levels) -> None:
        seen: set[Decimal] = set()
        for level in levels.levels:
            if not level.percent:
                self.error(level.span, "check.level_percent", number=level.text)
            self.share(level, "level")
            if level.value in seen:
                self.error(level.span, "check.level_twice", number=level.text)
            seen.add(level.value)

    def words(self, words: n.Words, levels: object) -> None:
        seen: dict[str, n.WordLevel] = {}
        allowed = {lv.value for lv in levels.levels} if isinstance(levels, n.Levels) else None
        for word in words.levels:
            self.declare(seen, word.word, word, "word")  # type: ignore[arg-type]
            share = message("param.word_share", word=word.word.text)
            self.rate(word.level, share)
            self.share(word.level, share)
            if allowed is not None and word.level.value not in allowed:
                self.error(word.level.span, "check.word_level_unknown", number=word.level.text)

    def intervals(
        self,
        named: list[tuple[n.Name, n.Interval]],
        low: Decimal,
        high: Decimal,
        where: Span,
        what: str,
    ) -> None:
        """The intervals must cover [low, high] exactly once: no gap, no overlap."""
        term = _term(what)
        shown = _percent if what == "band" else plain  # bands are shares of the weight
        for name, interval in named:
            if interval.low.value > interval.high.value or (
                interval.low.value == interval.high.value and not (interval.low_closed and interval.high_closed)
            ):
                self.error(interval.span, "check.interval_empty", what=term, name=name.text, interval=str(interval))
        ordered = sorted(named, key=lambda p: (p[1].low.value, not p[1].low_closed))
        reach, reach_closed, previous = low, False, None
        for name, interval in ordered:
            lo, lo_closed = interval.low.value, interval.low_closed
            if previous is None:
                if lo > low or (lo == low and not lo_closed):
                    self.error(interval.span, "check.gap_from_start", what=term, low=shown(low), high=interval.low.text)
            elif lo > reach or (lo == reach and not lo_closed and not reach_closed):
                self.error(interval.span, "check.gap_between", what=term, before=previous.text, after=name.text)
            elif lo < reach or (lo == reach and lo_closed and reach_closed):
                self.error(interval.span, "check.overlap", what=term, name=name.text, other=previous.text)
            reach, reach_closed, previous = interval.high.value, interval.high_closed, name
        if previous is not None and (reach < high or (reach == high and not reach_closed)):
            self.error(where, "check.gap_from_start", what=term, low=shown(reach), high=shown(high))

    # ---- quantitative schemes
    def quantitative_schemes(
        self, nodes: list[n.Quantitative]
    ) -> tuple[dict[str, dict[str, n.QuantitativeClause]], dict[str, n.Quantitative]]:
        declared: dict[str, n.Quantitative] = {}
        for scheme in nodes:
            self.declare(declared, scheme.name, scheme, "quantitative_scheme")  # type: ignore[arg-type]
        resolved: dict[str, dict[str, n.QuantitativeClause]] = {}
        for name, scheme in declared.items():
            chain = self.like_chain(scheme, declared)
            clauses: dict[str, n.QuantitativeClause] = {}
            for link in reversed(chain):  # the scheme's own clauses override those it is `like`
                own = self.kinds(link.clauses, QUANTITATIVE_KINDS, message("owner.quantitative_scheme", name=link.name.text))
                clauses.update(own)  # type: ignore[arg-type]
            broken = chain[-1].like is not None  # an unknown or looping `like`: already reported
            for kind in REQUIRED_QUANTITATIVE:
                if kind not in clauses and not broken:
                    self.error(scheme.name.span, f"check.scheme_unsaid_{kind}", name=name)
            for clause in scheme.clauses:
                self.quantitative_clause(clause)
            resolved[name] = clauses
        return resolved, declared

    def like_chain(self, scheme: n.Quantitative, declared: dict[str, n.Quantitative]) -> list[n.Quantitative]:
        """The scheme, the scheme it is `like`, and so on; ends early at an unknown or a loop."""
        chain = [scheme]
        while chain[-1].like is not None:
            like = chain[-1].like
            parent = declared.get(like.text)
            if parent is None:
                if len(chain) == 1:  # report an unknown name once, where it is written
                    self.unknown(like, "quantitative_scheme", declared)
                break
            if parent in chain:
                loop = " → ".join([link.name.text for link in chain] + [parent.name.text])
                self.error(scheme.like.span, "check.like_loop", name=scheme.name.text, loop=loop)  # type: ignore[union-attr]
                break
            chain.append(parent)
        return chain

    def quantitative_clause(self, clause: n.QuantitativeClause) -> None:
        if isinstance(clause, n.CompletionRounding):
            self.rounding(clause.rounding, COARSEST_COMPLETION_STEP, "completion_rounding")
        elif isinstance(clause, n.ScoreRounding):
            self.score_rounding(clause.rounding)
        elif isinstance(clause, n.ReverseLinear):
            self.rate(clause.zero_at, "zero_at")
            if clause.zero_at.value <= ONE:
                self.error(clause.zero_at.span, "check.zero_at_low")
            self.far(clause.zero_at, "zero_at")
        elif isinstance(clause, (n.BelowSlope, n.AbovePenalty)):
            self.deduction_rate(clause.rate)
        elif isinstance(clause, n.BelowSteps):
            self.points(clause.points, "step_points")
            self.positive(clause.points, "step_points")
            self.rate(clause.step, "shortfall_step")
            self.positive(clause.step, "shortfall_step")
            if clause.step.percent and clause.step.value > ONE:  # a shortfall is at most 100 points: completion 0%
                self.error(clause.step.span, "check.step_never_reached", number=clause.step.text)
        if isinstance(clause, (n.AbovePenalty, n.AboveWarn)):
            self.rate(clause.threshold, "above_threshold")
            if clause.threshold.value < ONE:
                self.error(clause.threshold.span, "check.threshold_low")
            self.far(clause.threshold, "above_threshold")

    def deduction_rate(self, rate: n.Number) -> None:
        """A share of the weight per point: above 100% one point would take more than the weight."""
        self.rate(rate, "deduction_rate")
        self.positive(rate, "deduction_rate")
        if rate.percent and rate.value > ONE:  # without % it is refused above
            self.error(rate.span, "check.rate_too_high", number=rate.text)

    def score_rounding(self, rounding: n.Rounding) -> None:
        self.rounding(rounding, COARSEST_SCORE_STEP, "score_rounding")

    def step_points(self, schemes: Iterable[n.Quantitative], largest_total: Decimal) -> None:
        """Points per step of shortfall above every category's total: one step takes everything."""
        for scheme in schemes:
            for clause in scheme.clauses:
                if isinstance(clause, n.BelowSteps) and not clause.points.percent and clause.points.value > largest_total:
                    self.warn(clause.points.span, "check.step_points_above_total", number=clause.points.text, total=largest_total)

    # ---- categories and indicators
    def categories(
        self,
        nodes: list[n.Category],
        qualitative: dict[str, n.Qualitative],
        quantitative: dict[str, n.Quantitative],
    ) -> dict[str, ResolvedCategory]:
        seen: dict[str, n.Category] = {}
        resolved: dict[str, ResolvedCategory] = {}
        kind_of = {
            n.FixedWeights: "weights",
            n.WrittenWeights: "weights",
            n.SplitWeights: "weights",
            n.Excluded: "exclusion",
        }
        for category in nodes:
            if not self.declare(seen, category.name, category, "category"):  # type: ignore[arg-type]
                continue
            owner = message("owner.category", name=category.name.text)
            stated = self.kinds(
                [c for c in category.clauses if not isinstance(c, n.UseScheme)], kind_of, owner
            )
            schemes = self.uses(category.clauses, qualitative, quantitative, owner)
            weights = stated.get("weights")
            if weights is None:
                self.error(category.name.span, "check.no_weights", owner=owner)
            else:
                self.weight_policy(weights)  # type: ignore[arg-type]
            named = {c.kind for c in category.clauses if isinstance(c, n.UseScheme)}
            for kind in ("quantitative", "qualitative"):
                if kind not in named:
                    self.error(category.name.span, f"check.no_scheme_{kind}", owner=owner)
            if weights is not None and len(schemes) == 2:
                resolved[category.name.text] = ResolvedCategory(
                    node=category,
                    weights=weights,  # type: ignore[arg-type]
                    quantitative=schemes["quantitative"],  # type: ignore[arg-type]
                    qualitative=schemes["qualitative"],  # type: ignore[arg-type]
                    counted="exclusion" not in stated,
                )
        return resolved

    def uses(
        self,
        clauses: Sequence[object],
        qualitative: dict[str, n.Qualitative],
        quantitative: dict[str, n.Quantitative],
        owner: Message,
    ) -> dict[str, object]:
        found: dict[str, object] = {}
        tables: dict[str, dict[str, n.Qualitative] | dict[str, n.Quantitative]] = {
            "qualitative": qualitative,
            "quantitative": quantitative,
        }
        uses = [c for c in clauses if isinstance(c, n.UseScheme)]
        for use in uses:
            table = tables[use.kind]
            if use.kind in found:
                self.error(use.span, f"check.scheme_twice_{use.kind}", owner=owner)
            elif use.scheme.text not in table:
                self.unknown(use.scheme, f"{use.kind}_scheme", table)
            else:
                found[use.kind] = table[use.scheme.text]
        return found

    def weight_policy(self, policy: n.WeightPolicy) -> None:
        if isinstance(policy, n.FixedWeights):
            names: dict[str, n.FixedWeight] = {}
            for weight in policy.weights:
                self.declare(names, weight.indicator, weight, "indicator")  # type: ignore[arg-type]
                if weight.weight.percent:
                    self.error(weight.weight.span, "check.weight_percent")
                elif weight.weight.value == 0:
                    self.warn(weight.weight.span, "check.weight_zero", name=weight.indicator.text)
            total = sum((w.weight.value for w in policy.weights), ZERO)
            if policy.total is not None:
                self.points(policy.total, "category_total")
            if policy.total is not None and total != policy.total.value:
                self.error(policy.total.span, "check.fixed_sum", sum=total, total=policy.total.text)
            if not policy.weights:
                self.error(policy.span, "check.fixed_empty")
        elif isinstance(policy, n.WrittenWeights):
            self.points(policy.total, "category_total")
            self.positive(policy.total, "category_total")
        else:
            self.points(policy.total, "category_total")
            self.positive(policy.total, "category_total")
            if policy.apportion is not None:
                self.quantum(policy.apportion, COARSEST_SCORE_STEP, "apportion")
            self.rounding(policy.rounding, COARSEST_SCORE_STEP, "apportion")

    def indicators(
        self,
        nodes: list[n.Indicator],
        values: dict[str, n.Value],
        qualitative: dict[str, n.Qualitative],
        quantitative: dict[str, n.Quantitative],
    ) -> dict[str, ResolvedIndicator]:
        seen: dict[str, n.Indicator] = {}
        resolved: dict[str, ResolvedIndicator] = {}
        for indicator in nodes:
            if not self.declare(seen, indicator.name, indicator, "indicator_rule"):  # type: ignore[arg-type]
                continue
            owner = message("owner.indicator", name=indicator.name.text)
            actual = None
            for clause in indicator.clauses:
                if isinstance(clause, n.ActualFrom):
                    if actual is not None:
                        self.error(clause.span, "check.actual_twice", owner=owner)
                    elif clause.value.text not in values:
                        self.unknown(clause.value, "value", values)
                    else:
                        actual = values[clause.value.text]
            schemes = self.uses(indicator.clauses, qualitative, quantitative, owner)
            resolved[indicator.name.text] = ResolvedIndicator(
                indicator,
                actual,
                schemes.get("quantitative"),  # type: ignore[arg-type]
                schemes.get("qualitative"),  # type: ignore[arg-type]
            )
        return resolved

    def indicator_names(
        self,
        categories: Iterable[ResolvedCategory],
        indicators: Iterable[ResolvedIndicator],
        checks: Iterable[n.Check],
    ) -> None:
        """Warn where a name meant for a form's row can never meet one (issue 7: a typo that changes
        scores silently). An indicator rule, or a check choosing rows by name, whose name no category
        weighs, never applies. Only fixed weights name indicators; a `split` or `as_written`
        category takes a row of any name, so with one of those a name is suspect only when it is a
        near miss of a fixed-weight name (see `_near_miss`): the warning goes to the rule, not the
        fixed weight, since a misspelt fixed weight already shows on every form (its row is then an
        unknown indicator) while a misspelt rule is silently skipped.
        """
        fixed: dict[str, n.FixedWeight] = {}
        any_name = False
        for category in categories:
            if isinstance(category.weights, n.FixedWeights):
                for weight in category.weights.weights:
                    fixed.setdefault(weight.indicator.text, weight)
            else:
                any_name = True
        named: list[tuple[str, Span, str | None]] = [(i.node.name.text, i.node.name.span, None) for i in indicators]
        named += [(text.value, text.span, check.name.text) for check in checks if (text := _row_name_chosen(check))]
        for name, span, check in named:
            if name in fixed:
                continue
            near = _near_miss(name, fixed)
            where = {} if check is None else {"check": check}
            if near is not None:
                key = "check.indicator_near_fixed" if check is None else "check.where_near_fixed"
                hint = message("hint.did_you_mean", name=near)
                self.warn(span, key, hint, name=name, fixed=near, line=fixed[near].span.line, **where)
            elif not any_name:
                key = "check.indicator_unweighted" if check is None else "check.where_unweighted"
                self.warn(span, key, suggest(name, fixed), name=name, **where)

    # ---- missing values, inapplicable indicators, grades
    def missing(self, blocks: list[object], largest_weight: Decimal | None) -> n.Missing | None:
        if not blocks:
            self.error(_file_start(self.file), "check.no_missing")
            return None
        missing = self.only_one(blocks, "missing")
        assert isinstance(missing, n.Missing)
        cases: dict[str, n.MissingCase] = {}
        for case in missing.cases:
            key = "with" if case.explained else "without"
            if key in cases:
                self.error(case.span, "check.missing_case_twice", case=key)
            cases[key] = case
            score = case.score
            if score is None:
                continue
            self.points(score, "missing_score")
            if score.value < 0:  # unreachable from the grammar; kept for hand-built nodes
                self.error(score.span, "check.missing_score_negative")
            elif largest_weight is not None and score.value > largest_weight and not score.percent:
                # capped at each row's weight when scored: a missing actual would earn full marks
                self.warn(score.span, "check.missing_score_above_weights", number=score.text, largest=largest_weight)
        for key in ("without", "with"):
            if key not in cases:
                self.error(missing.span, f"check.missing_case_absent_{key}")
        return missing

    def not_applicable(self, blocks: list[object]) -> n.NotApplicable | None:
        block = self.only_one(blocks, "not_applicable")
        if isinstance(block, n.NotApplicable):
            seen: set[str] = set()
            for word in block.words:
                if not word.value.strip():
                    self.error(word.span, "check.na_word_empty")
                if word.value in seen:
                    self.error(word.span, "check.na_word_twice", word=word.value)
                seen.add(word.value)
            if block.apportion is not None:
                self.quantum(block.apportion, COARSEST_SCORE_STEP, "apportion")
        return block  # type: ignore[return-value]

    # ---- audit checks
    def checks(self, nodes: list[n.Check], budget: list[str], values: list[str]) -> dict[str, n.Check]:
        declared: dict[str, n.Check] = {}
        for check in nodes:
            if not self.declare(declared, check.name, check, "check"):  # type: ignore[arg-type]
                continue
            owner = message("owner.check", name=check.name.text)
            collection = check.collection.name.text if check.collection else None
            if check.collection is not None and collection not in paths.COLLECTIONS:
                self.unknown(check.collection.name, "collection", paths.COLLECTIONS)
                continue
            scope = paths.Scope(budget, values, check.row.text if check.row else None, collection)
            requirements = [c for c in check.clauses if isinstance(c, n.Requirement)]
            places = [c for c in check.clauses if isinstance(c, n.Reference)]
            notes: dict[str, n.Message] = {}
            for note in (c for c in check.clauses if isinstance(c, n.Message)):
                if note.language in notes:
                    self.error(note.span, "check.two_messages", owner=owner, language=note.language)
                notes[note.language] = note
                self.placeholders(note, scope)
            for key, found in (("check.one_require", requirements), ("check.one_at", places)):
                if len(found) != 1:
                    where = found[1].span if len(found) > 1 else check.name.span
                    self.error(where, key, owner=owner)
            for language in ("zh", "en"):
                if language not in notes:
                    self.error(check.name.span, "check.no_message", owner=owner, language=language)
            if check.where is not None:
                if scope.row is None:  # unreachable from the grammar; kept for hand-built nodes
                    self.error(check.where.span, "check.where_needs_row")
                self.condition(check.where, scope)
            for requirement in requirements:
                text = self.condition(requirement, scope)
                if requirement.tolerance is not None:
                    if requirement.comparator not in ("=", "!=") or text:
                        self.error(requirement.tolerance.span, "check.within_numbers")
                    self.positive(requirement.tolerance, "tolerance")
                if text:
                    for note in notes.values():
                        if "difference" in paths.placeholders(note.text.value):
                            self.error(note.text.span, "check.difference_needs_numbers")
            for place in places:
                self.place(place, scope)
        return declared

    def condition(self, condition: n.Requirement, scope: paths.Scope) -> bool:
        """Check `LEFT op RIGHT` of a `require` or `where`; whether it compares texts."""
        left, right = condition.left, condition.right
        text_field = isinstance(left, n.Reference) and scope.text(left.name.text)
        if isinstance(right, n.Text):
            if not text_field:
                fields = [f"{scope.row}.{f}" for f, number in paths.COLLECTIONS.get(scope.collection or "", {}).items() if not number]
                hint = message("check.text_fields_here", fields=", ".join(fields)) if fields else message("check.text_fields_rows")
                self.error(left.span, "check.is_needs_text", hint)
            return True
        if text_field:
            self.error(left.span, "check.text_compared", name=left.name.text)  # type: ignore[union-attr]
            return True
        self.expression(left, scope)
        self.expression(right, scope)
        return False

    def expression(self, expr: n.Expr, scope: paths.Scope) -> None:
        if _size(expr) > MAX_EXPRESSION_NODES:
            self.error(expr.span, "check.expression_too_long", most=MAX_EXPRESSION_NODES)
            return
        for call in _calls(expr):
            if call.function.text != "sum":
                self.error(call.function.span, "check.unknown_function", suggest(call.function.text, ["sum"]), name=call.function.text)
            elif not isinstance(call.argument, n.Reference) or not paths.summable(call.argument.name.text):
                fields = [f"{c}.{f}" for c, fs in paths.COLLECTIONS.items() for f, number in fs.items() if number]
                self.error(call.argument.span, "check.sum_argument", message("check.such_as", fields=", ".join(fields[:4])))
        for ref in _references(expr):
            if not scope.numeric(ref.text):
                self.unknown(ref, "number", scope.known())

    def place(self, place: n.Reference, scope: paths.Scope) -> None:
        text = place.name.text
        if text in paths.ON_FORM:
            return  # the whole list: a finding about the rows as a whole (one is missing)
        on_row = scope.row is not None and (text == scope.row or text.startswith(f"{scope.row}."))
        if on_row and scope.collection not in paths.ON_FORM:
            self.error(place.span, "check.at_rules_rows", message("check.at_point_at_list"), collection=scope.collection or "")
            return
        if scope.row is not None and text == scope.row:
            return
        field = text.partition(".")[2]
        if scope.collection == "indicators" and on_row and field in ("weight", "score", "completion"):
            self.error(place.span, "check.at_computed", field=field)
            return
        if not (scope.numeric(text) or scope.text(text)) or text in ("total", "maximum") or text in scope.values:
            self.error(place.span, "check.at_not_field", suggest(text, [*scope.known(), *paths.ON_FORM]), name=text)

    def placeholders(self, note: n.Message, scope: paths.Scope) -> None:
        span = note.text.span
        for match in paths.PLACEHOLDER.finditer(note.text.value):
            name = match.group(1).strip().removesuffix(":%").strip()
            if name in ("left", "right", "difference") or scope.numeric(name) or scope.text(name):
                continue
            start = span.column + 1 + match.start()  # + 1: the opening quote
            where = replace(span, column=start, end_line=span.line, end_column=start + len(match.group(0)))
            self.error(where, "check.unknown_placeholder", suggest(name, ["left", "right", "difference", *scope.known()]), name=name)

    def grades(self, grades: n.Grades, maximum: Decimal | None) -> None:
        names: dict[str, n.Grade] = {}
        for grade in grades.grades:
            self.declare(names, grade.name, grade, "grade")  # type: ignore[arg-type]
            for bound in (grade.at_least,) if grade.at_least else (grade.interval.low, grade.interval.high) if grade.interval else ():
                self.points(bound, "grade_threshold")
        thresholds = [g for g in grades.grades if g.at_least is not None]
        intervals = [g for g in grades.grades if g.interval is not None]
        otherwise = [g for g in grades.grades if g.at_least is None and g.interval is None]
        if thresholds and intervals:
            self.error(intervals[0].span, "check.grades_mixed")
            return
        for extra in otherwise[1:]:
            self.error(extra.span, "check.otherwise_twice")
        if otherwise and otherwise[0] is not grades.grades[-1]:
            self.error(otherwise[0].span, "check.otherwise_last")
        if thresholds:
            for before, after in zip(thresholds, thresholds[1:]):
                if after.at_least.value >= before.at_least.value:  # type: ignore[union-attr]
                    self.error(
                        after.span,
                        "check.grade_order",
                        name=after.name.text,
                        threshold=after.at_least.text,  # type: ignore[union-attr]
                        other=before.name.text,
                        other_threshold=before.at_least.text,  # type: ignore[union-attr]
                    )
            if not otherwise and thresholds[-1].at_least.value > 0:  # type: ignore[union-attr]
                self.error(thresholds[-1].span, "check.grade_gap", threshold=thresholds[-1].at_least.text)  # type: ignore[union-attr]
            if maximum is not None:
                for grade in thresholds:
                    if grade.at_least.value > maximum:  # type: ignore[union-attr]
                        self.warn(
                            grade.span,
                            "check.grade_unreachable",
                            name=grade.name.text,
                            threshold=grade.at_least.text,  # type: ignore[union-attr]
                            maximum=maximum,
                        )
        elif intervals and maximum is not None:
            self.intervals(
                [(g.name, g.interval) for g in intervals],  # type: ignore[misc]
                ZERO,
                maximum,
                grades.span,
                "grade",
            )


def _size(expr: n.Expr) -> int:
    """How many nodes an expression has, counted without recursion (it may be very deep)."""
    count, stack = 0, [expr]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, n.Negate):
            stack.append(node.operand)
        elif isinstance(node, n.Binary):
            stack.extend((node.left, node.right))
        elif isinstance(node, n.Call):
            stack.append(node.argument)
    return count


def _references(expr: n.Expr) -> list[n.Name]:
    """The names an expression reads, outside function calls."""
    return [ref.name for ref in _nodes(expr, n.Reference)]  # type: ignore[attr-defined]


def _calls(expr: n.Expr) -> list[n.Call]:
    return _nodes(expr, n.Call)  # type: ignore[return-value]


def _nodes(expr: n.Expr, kind: type) -> list[object]:
    """The nodes of one kind in an expression, in reading order (a call's argument not entered)."""
    if isinstance(expr, kind):
        return [expr]
    if isinstance(expr, n.Negate):
        return _nodes(expr.operand, kind)
    if isinstance(expr, n.Binary):
        return _nodes(expr.left, kind) + _nodes(expr.right, kind)
    return []


def _term(what: str) -> Message:
    return message(f"term.{what}")


def _param(what: Message | str) -> Message:
    """A number's role (`param.*`), or a phrase already made (the share of one word)."""
    return what if isinstance(what, Message) else message(f"param.{what}")


def _percent(value: Decimal) -> str:
    return f"{plain(value * 100)}%"


def _largest_weight(categories: Iterable[ResolvedCategory]) -> Decimal | None:
    """The most one row can weigh: the largest fixed weight, or a whole split/as_written total."""
    weights = [
        max((w.weight.value for w in c.weights.weights), default=ZERO) if isinstance(c.weights, n.FixedWeights) else c.total
        for c in categories
    ]
    return max(weights, default=None)


def _row_name_chosen(check: n.Check) -> n.Text | None:
    """The text of `for each row in indicators where row.name is "…"`: a check about one row."""
    where = check.where
    if check.row is None or check.collection is None or check.collection.name.text != "indicators" or where is None:
        return None
    chooses = isinstance(where.left, n.Reference) and where.left.name.text == f"{check.row.text}.name"
    return where.right if chooses and where.comparator == "=" and isinstance(where.right, n.Text) else None


def _folded(name: str) -> str:
    """A name as a reader sees it: full-width forms folded (NFKC), invisible characters dropped."""
    return "".join(c for c in unicodedata.normalize("NFKC", name) if not is_hidden(c) and not c.isspace()).casefold()


def _near_miss(name: str, known: Iterable[str]) -> str | None:
    """A known name that `name` likely mistypes: the same once folded, or one edit away (one
    character changed, added, dropped, or two neighbours swapped) in names of three or more."""
    key = _folded(name)
    close = None
    for candidate in known:
        other = _folded(candidate)
        if other == key:
            return candidate
        if close is None and min(len(key), len(other)) >= 3 and _one_edit(key, other):
            close = candidate
    return close


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    rest = a[start + 1 :] == b[start + 1 :]
    swapped = a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]
    return rest or swapped


def _file_start(rule_file: n.RuleFile) -> Span:
    return Span(rule_file.path, 1, 1, 1, 2)


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.span.line, diagnostic.span.column)


def check(rule_file: n.RuleFile) -> CheckedRules:
    """Check a parsed rule file; raise `RuleCheckError` with every error found."""
    return _Checker(rule_file).run()
