"""Check: a parsed rule file → a resolved rule set, or every error in it at once.

Everything that can be known before a record is seen is checked here: unknown or duplicate names
(with a did-you-mean), references to budget fields the rule set does not declare, quantitative
schemes that leave a case unsaid, bands with gaps or overlaps, weights that cannot sum to a
declared total, unknown rounding modes. The output, `CheckedRules`, has every name resolved to its
node, so the compiler never has to look anything up or report anything.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import audit
from . import nodes as n
from .decimals import ONE, ROUNDING_MODES, ZERO, is_power_of_ten, plain
from .errors import Diagnostic, RuleCheckError, Span

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


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """A did-you-mean hint for a name that is not known, or None when nothing is close."""
    pool = list(candidates)
    # Chinese names are short and each character carries meaning: one character in two or
    # three is already a fair guess. Latin names need more in common.
    cutoff = 0.5 if not name.isascii() else 0.6
    close = difflib.get_close_matches(name, pool, n=1, cutoff=cutoff)
    if close:
        return f"did you mean '{close[0]}'?"
    if pool:
        shown = ", ".join(f"'{c}'" for c in pool[:8])
        return f"known: {shown}" + (", …" if len(pool) > 8 else "")
    return None


class _Checker:
    def __init__(self, rule_file: n.RuleFile) -> None:
        self.file = rule_file
        self.diagnostics: list[Diagnostic] = []

    # ---- reporting
    def error(self, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(message, span, "error", hint))

    def warn(self, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(message, span, "warning", hint))

    def unknown(self, name: n.Name, what: str, known: Iterable[str]) -> None:
        self.error(name.span, f"unknown {what} '{name.text}'", suggest(name.text, known))

    def declare(self, table: dict[str, object], name: n.Name, node: object, what: str) -> bool:
        if name.text in table:
            first = getattr(table[name.text], "span", None)
            where = f" (first declared at line {first.line})" if isinstance(first, Span) else ""
            self.error(name.span, f"duplicate {what} '{name.text}'{where}")
            return False
        table[name.text] = node
        return True

    def only_one(self, nodes: Sequence[object], what: str) -> object | None:
        for extra in nodes[1:]:
            self.error(extra.span, f"a rule set has one {what} block; this is a second one")  # type: ignore[attr-defined]
        return nodes[0] if nodes else None

    # ---- shared pieces
    def rounding(self, rounding: n.Rounding | None) -> None:
        if rounding is None:
            return
        if rounding.mode.text not in ROUNDING_MODES:
            self.error(
                rounding.mode.span,
                f"unknown rounding mode '{rounding.mode.text}'",
                suggest(rounding.mode.text, ROUNDING_MODES),
            )
        self.quantum(rounding.quantum)

    def quantum(self, quantum: n.Number) -> None:
        if not is_power_of_ten(quantum.value):
            self.error(
                quantum.span,
                f"a rounding step must be a power of ten such as 1, 0.1, 0.01 or 0.01%, not {quantum.text}",
            )
        elif quantum.value < FINEST_STEP:
            self.error(quantum.span, f"a rounding step finer than {plain(FINEST_STEP)} is not supported: {quantum.text}")

    def share(self, number: n.Number, what: str, low: Decimal = ZERO, high: Decimal = ONE) -> None:
        if not low <= number.value <= high:
            self.error(number.span, f"{what} must lie between {plain(low * 100)}% and {plain(high * 100)}%")

    def positive(self, number: n.Number, what: str) -> None:
        if number.value <= 0:
            self.error(number.span, f"{what} must be greater than 0")

    def rate(self, number: n.Number, what: str) -> None:
        """A share of the weight or of the target: written with %, so 5 is not read as 500%."""
        if not number.percent:
            self.error(number.span, f"{what} is a percentage: write {number.text}% (or the share you mean)")

    def points(self, number: n.Number, what: str) -> None:
        """Weights, totals and grade thresholds are points, never percentages."""
        if number.percent:
            self.error(number.span, f"{what} is in points, not a percentage: {number.text}")

    def kinds(self, clauses: Sequence[object], kind_of: dict[type, str], owner: str) -> dict[str, object]:
        seen: dict[str, object] = {}
        for clause in clauses:
            kind = kind_of[type(clause)]
            if kind in seen:
                first = seen[kind].span.line  # type: ignore[attr-defined]
                self.error(clause.span, f"{owner} states its {kind} twice (also at line {first})")  # type: ignore[attr-defined]
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
        missing = self.missing(by_type.get(n.Missing, []))
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
            self.error(_file_start(self.file), "the rule set declares no category")
        declared = {c.name.text for c in by_type.get(n.Category, [])}  # type: ignore[attr-defined]
        if metadata is not None and categories and len(categories) == len(declared):
            # only when every category resolved: a partial sum would report a second, false error
            self.maximum(metadata, checked.maximum)
        if isinstance(not_applicable, n.NotApplicable) and not_applicable.action == "rescale":
            fixed = [c for c in categories.values() if not isinstance(c.weights, n.SplitWeights)]
            if fixed and not_applicable.apportion is None:
                self.error(
                    not_applicable.span,
                    f"rescaling the weights of category '{fixed[0].node.name.text}' needs a step: "
                    "`rescale apportion 0.01`",
                )
        if grades is not None:
            self.grades(grades, checked.maximum if categories else None)  # type: ignore[arg-type]
        errors = [d for d in self.diagnostics if d.severity == "error"]
        if errors:
            raise RuleCheckError(sorted(self.diagnostics, key=_position), self.file.source)
        checked.warnings = [d for d in self.diagnostics if d.severity != "error"]
        return checked

    def metadata(self, blocks: list[object]) -> n.Metadata | None:
        if not blocks:
            self.error(_file_start(self.file), 'the rule set has no `ruleset "title" { … }` block')
            return None
        meta = self.only_one(blocks, "ruleset")
        assert isinstance(meta, n.Metadata)
        dates = []
        for text in (meta.effective_from, meta.effective_to):
            if text is None:
                continue
            try:
                dates.append(datetime.date.fromisoformat(text))
            except ValueError:
                self.error(meta.span, f"'{text}' is not a calendar date")
        if len(dates) == 2 and dates[0] > dates[1]:
            self.error(meta.span, f"the rule set ends ({dates[1]}) before it starts ({dates[0]})")
        return meta

    def maximum(self, meta: n.Metadata, computed: Decimal) -> None:
        if meta.maximum is not None:
            self.points(meta.maximum, "the maximum")
        if meta.maximum is not None and meta.maximum.value != computed:
            self.error(
                meta.maximum.span,
                f"the category totals sum to {plain(computed)}, not the declared maximum {meta.maximum.text}",
            )

    def budget(self, budget: n.Budget | None) -> dict[str, n.BudgetField]:
        names: dict[str, n.BudgetField] = {}
        if budget is not None:
            for budget_field in budget.fields:
                self.declare(names, budget_field.name, budget_field, "budget field")  # type: ignore[arg-type]
        return names

    def values(self, nodes: list[n.Value], budget: dict[str, n.BudgetField]) -> dict[str, n.Value]:
        values: dict[str, n.Value] = {}
        for value in nodes:
            if value.name.text in budget:
                self.error(value.name.span, f"'{value.name.text}' is already a budget field")
                continue
            if _size(value.expr) > MAX_EXPRESSION_NODES:
                self.error(value.span, f"the expression of '{value.name.text}' is too long (over {MAX_EXPRESSION_NODES} terms)")
                continue
            for call in _calls(value.expr):
                self.error(call.span, f"'{call.function.text}(…)' belongs to checks; a value is arithmetic on amounts")
            # A value may use budget fields and the values declared before it: no cycles.
            for ref in _references(value.expr):
                if ref.text not in budget and ref.text not in values:
                    known = list(budget) + list(values)
                    self.error(
                        ref.span,
                        f"'{ref.text}' is neither a declared budget field nor a value declared above",
                        suggest(ref.text, known),
                    )
            self.rounding(value.rounding)
            self.declare(values, value.name, value, "value")  # type: ignore[arg-type]
        return values

    # ---- qualitative schemes
    def qualitative_schemes(self, nodes: list[n.Qualitative]) -> dict[str, n.Qualitative]:
        schemes: dict[str, n.Qualitative] = {}
        kind_of = {n.Levels: "levels", n.Bands: "levels", n.Words: "words", n.ScoreRounding: "score rounding"}
        for scheme in nodes:
            owner = f"qualitative scheme '{scheme.name.text}'"
            stated = self.kinds(scheme.clauses, kind_of, owner)
            if "levels" not in stated and "words" not in stated:
                self.error(scheme.span, f"{owner} states neither `levels`, `bands` nor `words`")
            levels = stated.get("levels")
            if isinstance(levels, n.Levels):
                self.levels(levels)
            elif isinstance(levels, n.Bands):
                for band in levels.bands:
                    self.rate(band.interval.low, "a band's bound")
                    self.rate(band.interval.high, "a band's bound")
                self.intervals([(b.name, b.interval) for b in levels.bands], ZERO, ONE, levels.span, "band")
            words = stated.get("words")
            if isinstance(words, n.Words):
                self.words(words, levels)
            rounding = stated.get("score rounding")
            if isinstance(rounding, n.ScoreRounding):
                self.rounding(rounding.rounding)
            self.declare(schemes, scheme.name, scheme, "qualitative scheme")  # type: ignore[arg-type]
        return schemes

    def levels(self, levels: n.Levels) -> None:
        seen: set[Decimal] = set()
        for level in levels.levels:
            if not level.percent:
                self.error(level.span, f"a level is a share of the weight, written with % (such as 50%), not {level.text}")
            self.share(level, "a level")
            if level.value in seen:
                self.error(level.span, f"level {level.text} is listed twice")
            seen.add(level.value)

    def words(self, words: n.Words, levels: object) -> None:
        seen: dict[str, n.WordLevel] = {}
        allowed = {lv.value for lv in levels.levels} if isinstance(levels, n.Levels) else None
        for word in words.levels:
            self.declare(seen, word.word, word, "word")  # type: ignore[arg-type]
            self.rate(word.level, f"the share of '{word.word.text}'")
            self.share(word.level, f"the share of '{word.word.text}'")
            if allowed is not None and word.level.value not in allowed:
                self.error(word.level.span, f"{word.level.text} is not one of the levels of this scheme")

    def intervals(
        self,
        named: list[tuple[n.Name, n.Interval]],
        low: Decimal,
        high: Decimal,
        where: Span,
        what: str,
    ) -> None:
        """The intervals must cover [low, high] exactly once: no gap, no overlap."""
        for name, interval in named:
            if interval.low.value > interval.high.value or (
                interval.low.value == interval.high.value and not (interval.low_closed and interval.high_closed)
            ):
                self.error(interval.span, f"{what} '{name.text}' is empty: {interval}")
        ordered = sorted(named, key=lambda p: (p[1].low.value, not p[1].low_closed))
        reach, reach_closed, previous = low, False, None
        for name, interval in ordered:
            lo, lo_closed = interval.low.value, interval.low_closed
            if previous is None:
                if lo > low or (lo == low and not lo_closed):
                    self.error(interval.span, f"{what}s leave a gap: nothing covers {plain(low)} up to {interval.low.text}")
            elif lo > reach or (lo == reach and not lo_closed and not reach_closed):
                self.error(interval.span, f"{what}s leave a gap between '{previous.text}' and '{name.text}'")
            elif lo < reach or (lo == reach and lo_closed and reach_closed):
                self.error(interval.span, f"{what} '{name.text}' overlaps '{previous.text}'")
            reach, reach_closed, previous = interval.high.value, interval.high_closed, name
        if previous is not None and (reach < high or (reach == high and not reach_closed)):
            self.error(where, f"{what}s leave a gap: nothing covers {plain(reach)} up to {plain(high)}")

    # ---- quantitative schemes
    def quantitative_schemes(
        self, nodes: list[n.Quantitative]
    ) -> tuple[dict[str, dict[str, n.QuantitativeClause]], dict[str, n.Quantitative]]:
        declared: dict[str, n.Quantitative] = {}
        for scheme in nodes:
            self.declare(declared, scheme.name, scheme, "quantitative scheme")  # type: ignore[arg-type]
        resolved: dict[str, dict[str, n.QuantitativeClause]] = {}
        for name, scheme in declared.items():
            chain = self.like_chain(scheme, declared)
            clauses: dict[str, n.QuantitativeClause] = {}
            for link in reversed(chain):  # the scheme's own clauses override those it is `like`
                own = self.kinds(link.clauses, QUANTITATIVE_KINDS, f"quantitative scheme '{link.name.text}'")
                clauses.update(own)  # type: ignore[arg-type]
            broken = chain[-1].like is not None  # an unknown or looping `like`: already reported
            for kind in REQUIRED_QUANTITATIVE:
                if kind not in clauses and not broken:
                    self.error(scheme.name.span, f"quantitative scheme '{name}' does not say how to score {_SAYS[kind]}")
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
                    self.unknown(like, "quantitative scheme", declared)
                break
            if parent in chain:
                loop = " → ".join([link.name.text for link in chain] + [parent.name.text])
                self.error(scheme.like.span, f"the `like` chain of '{scheme.name.text}' loops: {loop}")  # type: ignore[union-attr]
                break
            chain.append(parent)
        return chain

    def quantitative_clause(self, clause: n.QuantitativeClause) -> None:
        if isinstance(clause, (n.CompletionRounding, n.ScoreRounding)):
            self.rounding(clause.rounding)
        elif isinstance(clause, n.ReverseLinear):
            self.rate(clause.zero_at, "the point where a reverse indicator reaches 0")
            if clause.zero_at.value <= ONE:
                self.error(clause.zero_at.span, "the point where a reverse indicator reaches 0 must be above 100%")
        elif isinstance(clause, n.BelowSlope):
            self.rate(clause.rate, "a deduction rate")
            self.positive(clause.rate, "a deduction rate")
        elif isinstance(clause, n.BelowSteps):
            self.points(clause.points, "the deduction per step")
            self.positive(clause.points, "the points deducted per step")
            self.rate(clause.step, "a step of shortfall")
            self.positive(clause.step, "a step")
        elif isinstance(clause, n.AbovePenalty):
            self.rate(clause.rate, "a deduction rate")
            self.positive(clause.rate, "a deduction rate")
            self.rate(clause.threshold, "a threshold above target")
            if clause.threshold.value < ONE:
                self.error(clause.threshold.span, "a threshold above target must be at least 100%")
        elif isinstance(clause, n.AboveWarn):
            self.rate(clause.threshold, "a threshold above target")
            if clause.threshold.value < ONE:
                self.error(clause.threshold.span, "a threshold above target must be at least 100%")

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
            owner = f"category '{category.name.text}'"
            stated = self.kinds(
                [c for c in category.clauses if not isinstance(c, n.UseScheme)], kind_of, owner
            )
            schemes = self.uses(category.clauses, qualitative, quantitative, owner)
            weights = stated.get("weights")
            if weights is None:
                self.error(category.name.span, f"{owner} does not say how its weights are set (`weights …`)")
            else:
                self.weight_policy(weights)  # type: ignore[arg-type]
            named = {c.kind for c in category.clauses if isinstance(c, n.UseScheme)}
            for kind in ("quantitative", "qualitative"):
                if kind not in named:
                    self.error(category.name.span, f"{owner} names no {kind} scheme (`{kind} 名称`)")
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
        owner: str,
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
                self.error(use.span, f"{owner} names a {use.kind} scheme twice")
            elif use.scheme.text not in table:
                self.unknown(use.scheme, f"{use.kind} scheme", table)
            else:
                found[use.kind] = table[use.scheme.text]
        return found

    def weight_policy(self, policy: n.WeightPolicy) -> None:
        if isinstance(policy, n.FixedWeights):
            names: dict[str, n.FixedWeight] = {}
            for weight in policy.weights:
                self.declare(names, weight.indicator, weight, "indicator")  # type: ignore[arg-type]
                if weight.weight.percent:
                    self.error(weight.weight.span, "a weight is in points, not a percentage")
            total = sum((w.weight.value for w in policy.weights), ZERO)
            if policy.total is not None:
                self.points(policy.total, "a category total")
            if policy.total is not None and total != policy.total.value:
                self.error(
                    policy.total.span,
                    f"the fixed weights sum to {plain(total)}, not the declared total {policy.total.text}",
                )
            if not policy.weights:
                self.error(policy.span, "fixed weights name no indicator")
        elif isinstance(policy, n.WrittenWeights):
            self.points(policy.total, "a category total")
            self.positive(policy.total, "a category total")
        else:
            self.points(policy.total, "a category total")
            self.positive(policy.total, "a category total")
            if policy.apportion is not None:
                self.quantum(policy.apportion)
            self.rounding(policy.rounding)

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
            if not self.declare(seen, indicator.name, indicator, "indicator rule"):  # type: ignore[arg-type]
                continue
            owner = f"indicator '{indicator.name.text}'"
            actual = None
            for clause in indicator.clauses:
                if isinstance(clause, n.ActualFrom):
                    if actual is not None:
                        self.error(clause.span, f"{owner} states its actual twice")
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

    # ---- missing values, inapplicable indicators, grades
    def missing(self, blocks: list[object]) -> n.Missing | None:
        if not blocks:
            self.error(_file_start(self.file), "the rule set does not say how a missing actual is scored (`missing { … }`)")
            return None
        missing = self.only_one(blocks, "missing")
        assert isinstance(missing, n.Missing)
        cases: dict[str, n.MissingCase] = {}
        for case in missing.cases:
            key = "with" if case.explained else "without"
            if key in cases:
                self.error(case.span, f"`{key} explanation` is stated twice")
            cases[key] = case
            if case.score is not None and case.score.value < 0:
                self.error(case.score.span, "a score for a missing value cannot be negative")
        for key in ("without", "with"):
            if key not in cases:
                self.error(missing.span, f"`missing` does not say what happens {key} an explanation")
        return missing

    def not_applicable(self, blocks: list[object]) -> n.NotApplicable | None:
        block = self.only_one(blocks, "not_applicable")
        if isinstance(block, n.NotApplicable):
            seen: set[str] = set()
            for word in block.words:
                if not word.value.strip():
                    self.error(word.span, "an empty word cannot mark an indicator as not applicable")
                if word.value in seen:
                    self.error(word.span, f"'{word.value}' is listed twice")
                seen.add(word.value)
            if block.apportion is not None:
                self.quantum(block.apportion)
        return block  # type: ignore[return-value]

    # ---- audit checks
    def checks(self, nodes: list[n.Check], budget: list[str], values: list[str]) -> dict[str, n.Check]:
        declared: dict[str, n.Check] = {}
        for check in nodes:
            if not self.declare(declared, check.name, check, "check"):  # type: ignore[arg-type]
                continue
            owner = f"check '{check.name.text}'"
            collection = check.collection.name.text if check.collection else None
            if check.collection is not None and collection not in audit.COLLECTIONS:
                self.unknown(check.collection.name, "collection", audit.COLLECTIONS)
                continue
            scope = audit.Scope(budget, values, check.row.text if check.row else None, collection)
            requirements = [c for c in check.clauses if isinstance(c, n.Requirement)]
            places = [c for c in check.clauses if isinstance(c, n.Reference)]
            messages: dict[str, n.Message] = {}
            for message in (c for c in check.clauses if isinstance(c, n.Message)):
                if message.language in messages:
                    self.error(message.span, f"{owner} has two `{message.language}` messages")
                messages[message.language] = message
                self.message(message, scope)
            for what, found in (("`require …`", requirements), ("`at …`", places)):
                if len(found) != 1:
                    where = found[1].span if len(found) > 1 else check.name.span
                    self.error(where, f"{owner} needs exactly one {what}")
            for language in ("zh", "en"):
                if language not in messages:
                    self.error(check.name.span, f'{owner} has no `{language} "…"` message')
            if check.where is not None:
                if scope.row is None:  # unreachable from the grammar; kept for hand-built nodes
                    self.error(check.where.span, "`where` chooses rows: it needs `for each ROW in …`")
                self.condition(check.where, scope)
            for requirement in requirements:
                text = self.condition(requirement, scope)
                if requirement.tolerance is not None:
                    if requirement.comparator not in ("=", "!=") or text:
                        self.error(requirement.tolerance.span, "`within` goes with = or != between numbers only")
                    self.positive(requirement.tolerance, "a tolerance")
                if text:
                    for message in messages.values():
                        if "difference" in audit.placeholders(message.text.value):
                            self.error(message.text.span, "{difference} needs numbers; this check compares texts")
            for place in places:
                self.place(place, scope)
        return declared

    def condition(self, condition: n.Requirement, scope: audit.Scope) -> bool:
        """Check `LEFT op RIGHT` of a `require` or `where`; whether it compares texts."""
        left, right = condition.left, condition.right
        text_field = isinstance(left, n.Reference) and scope.text(left.name.text)
        if isinstance(right, n.Text):
            if not text_field:
                fields = [f"{scope.row}.{f}" for f, number in audit.COLLECTIONS.get(scope.collection or "", {}).items() if not number]
                hint = f"text fields here: {', '.join(fields)}" if fields else "only rows (`for each …`) have text fields"
                self.error(left.span, '`is "…"` compares a text field of a row with a text', hint)
            return True
        if text_field:
            self.error(left.span, f"'{left.name.text}' is a text: compare it with `is \"…\"` or `is not \"…\"`")  # type: ignore[union-attr]
            return True
        self.expression(left, scope)
        self.expression(right, scope)
        return False

    def expression(self, expr: n.Expr, scope: audit.Scope) -> None:
        if _size(expr) > MAX_EXPRESSION_NODES:
            self.error(expr.span, f"an expression is too long (over {MAX_EXPRESSION_NODES} terms)")
            return
        for call in _calls(expr):
            if call.function.text != "sum":
                self.error(call.function.span, f"unknown function '{call.function.text}'", suggest(call.function.text, ["sum"]))
            elif not isinstance(call.argument, n.Reference) or not audit.summable(call.argument.name.text):
                fields = [f"{c}.{f}" for c, fs in audit.COLLECTIONS.items() for f, number in fs.items() if number]
                self.error(call.argument.span, "sum(…) adds one numeric field over a collection", f"such as {', '.join(fields[:4])}")
        for ref in _references(expr):
            if not scope.numeric(ref.text):
                self.unknown(ref, "number", scope.known())

    def place(self, place: n.Reference, scope: audit.Scope) -> None:
        text = place.name.text
        if text in audit.ON_FORM:
            return  # the whole list: a finding about the rows as a whole (one is missing)
        on_row = scope.row is not None and (text == scope.row or text.startswith(f"{scope.row}."))
        if on_row and scope.collection not in audit.ON_FORM:
            self.error(place.span, f"`at` points into the form; the rows of {scope.collection} are the rules' own, not the form's", "point at the list instead, such as `at indicators`")
            return
        if scope.row is not None and text == scope.row:
            return
        field = text.partition(".")[2]
        if scope.collection == "indicators" and on_row and field in ("weight", "score", "completion"):
            self.error(place.span, f"`at` points into the form; '{field}' is computed by the rules, not written on it")
            return
        if not (scope.numeric(text) or scope.text(text)) or text in ("total", "maximum") or text in scope.values:
            self.error(place.span, f"`at` names a field of the record, not '{text}'", suggest(text, [*scope.known(), *audit.ON_FORM]))

    def message(self, message: n.Message, scope: audit.Scope) -> None:
        span = message.text.span
        for match in audit.PLACEHOLDER.finditer(message.text.value):
            name = match.group(1).strip().removesuffix(":%").strip()
            if name in ("left", "right", "difference") or scope.numeric(name) or scope.text(name):
                continue
            start = span.column + 1 + match.start()  # + 1: the opening quote
            where = replace(span, column=start, end_line=span.line, end_column=start + len(match.group(0)))
            self.error(where, f"unknown placeholder {{{name}}}", suggest(name, ["left", "right", "difference", *scope.known()]))

    def grades(self, grades: n.Grades, maximum: Decimal | None) -> None:
        names: dict[str, n.Grade] = {}
        for grade in grades.grades:
            self.declare(names, grade.name, grade, "grade")  # type: ignore[arg-type]
            for bound in (grade.at_least,) if grade.at_least else (grade.interval.low, grade.interval.high) if grade.interval else ():
                self.points(bound, "a grade threshold")
        thresholds = [g for g in grades.grades if g.at_least is not None]
        intervals = [g for g in grades.grades if g.interval is not None]
        otherwise = [g for g in grades.grades if g.at_least is None and g.interval is None]
        if thresholds and intervals:
            self.error(intervals[0].span, "grades use either `>=` thresholds or intervals, not both")
            return
        for extra in otherwise[1:]:
            self.error(extra.span, "only one grade can be `otherwise`")
        if otherwise and otherwise[0] is not grades.grades[-1]:
            self.error(otherwise[0].span, "the `otherwise` grade comes last")
        if thresholds:
            for before, after in zip(thresholds, thresholds[1:]):
                if after.at_least.value >= before.at_least.value:  # type: ignore[union-attr]
                    self.error(
                        after.span,
                        f"grade '{after.name.text}' (≥ {after.at_least.text}) overlaps '{before.name.text}' "  # type: ignore[union-attr]
                        f"(≥ {before.at_least.text}): list thresholds from high to low",  # type: ignore[union-attr]
                    )
            if not otherwise and thresholds[-1].at_least.value > 0:  # type: ignore[union-attr]
                self.error(
                    thresholds[-1].span,
                    f"grades leave a gap: a total below {thresholds[-1].at_least.text} has no grade "  # type: ignore[union-attr]
                    "(add `… otherwise` or `… >= 0`)",
                )
            if maximum is not None:
                for grade in thresholds:
                    if grade.at_least.value > maximum:  # type: ignore[union-attr]
                        self.warn(
                            grade.span,
                            f"grade '{grade.name.text}' needs at least {grade.at_least.text}, "  # type: ignore[union-attr]
                            f"more than the rule set's maximum {plain(maximum)}: no form can reach it",
                        )
        elif intervals and maximum is not None:
            self.intervals(
                [(g.name, g.interval) for g in intervals],  # type: ignore[misc]
                ZERO,
                maximum,
                grades.span,
                "grade",
            )


_SAYS = {
    "completion": "completion for ≥ targets (`completion ratio`)",
    "reverse": "≤ targets (`reverse inverse_ratio` or `reverse linear zero at …`)",
    "below": "results below target (`below …`)",
    "above": "results above target (`above …`)",
}


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


def _file_start(rule_file: n.RuleFile) -> Span:
    return Span(rule_file.path, 1, 1, 1, 2)


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.span.line, diagnostic.span.column)


def check(rule_file: n.RuleFile) -> CheckedRules:
    """Check a parsed rule file; raise `RuleCheckError` with every error found."""
    return _Checker(rule_file).run()
