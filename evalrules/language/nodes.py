"""The syntax tree of a rule file: what the parser builds and the checker and compiler read.

Each class is one rule of `grammar.lark`; every node is a frozen dataclass carrying the `Span` it
came from, so that the checker can point at it and the compiler can give each clause a stable id
(`file:line`) for explanations, findings and coverage. Nothing here knows about records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..errors import Span


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written; `value` is exact, a percentage already divided by 100."""

    value: Decimal
    text: str
    percent: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Rounding:
    """`round <quantum> <mode>`: the quantum (0.01, 0.01%, 1) and the named rounding mode."""

    quantum: Number
    mode: Name
    span: Span


@dataclass(frozen=True, slots=True)
class Text:
    value: str
    span: Span


# ---- metadata -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metadata:
    title: Text
    jurisdiction: Text | None
    year: int | None
    effective_from: str | None
    effective_to: str | None
    maximum: Number | None
    span: Span


# ---- budget and derived values ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BudgetField:
    name: Name
    label: Text | None
    span: Span
    signed: bool = False  # `signed`: the amount may be negative (an adjustment); others may not


@dataclass(frozen=True, slots=True)
class Budget:
    unit: Text | None
    fields: tuple[BudgetField, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Literal:
    number: Number
    span: Span


@dataclass(frozen=True, slots=True)
class Reference:
    """A name (`paid`, `执行率`) or, in checks, a dotted path (`budget.paid`, `row.spent`)."""

    name: Name  # the whole path as written, as one name
    parts: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Binary:
    operator: str  # one of + - * /
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """`sum(items.rows.budget)`: a function of the check language applied to one argument."""

    function: Name
    argument: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Otherwise:
    """`a otherwise b`: b when a cannot be computed (an absent amount, a division by zero)."""

    primary: Expr
    fallback: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Conditional:
    """`if CONDITION then a else b`: a choice the rules make, by a comparison of amounts."""

    condition: Condition
    then: Expr
    otherwise: Expr
    span: Span


Expr = Literal | Reference | Negate | Binary | Call | Otherwise | Conditional


@dataclass(frozen=True, slots=True)
class Value:
    """`value 执行率 = paid / appropriated`: a value computed from the budget block."""

    name: Name
    expr: Expr
    rounding: Rounding | None
    span: Span


# ---- qualitative scoring ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    low: Number
    low_closed: bool
    high: Number
    high_closed: bool
    span: Span

    def contains(self, x: Decimal) -> bool:
        above = x >= self.low.value if self.low_closed else x > self.low.value
        below = x <= self.high.value if self.high_closed else x < self.high.value
        return above and below

    def __str__(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{self.low.text}, {self.high.text}{right}"


@dataclass(frozen=True, slots=True)
class Levels:
    """`levels 100% 80% …`: the actual must be one of these shares of the weight."""

    levels: tuple[Number, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Band:
    name: Name
    interval: Interval
    span: Span


@dataclass(frozen=True, slots=True)
class Bands:
    """`bands { 好 [80%, 100%] … }`: the evaluator's share must fall inside one band."""

    bands: tuple[Band, ...]
    span: Span


# Where a qualitative actual goes: a share of the weight (`80%`), or a band by its name (`好`).
Place = Number | Name


@dataclass(frozen=True, slots=True)
class WordLevel:
    word: Name
    level: Place
    span: Span


@dataclass(frozen=True, slots=True)
class Words:
    """`words { 优 100% 达成年度指标 好 … }`: an actual written as a word maps to a share or a band."""

    levels: tuple[WordLevel, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class AsTarget:
    """`as_target 好`: an actual written as the row's own target word (有效/有效) goes there."""

    place: Place
    span: Span


@dataclass(frozen=True, slots=True)
class Deadline:
    """`deadline met 好 missed 差`: a date actual against a date target, met or missed."""

    met: Place
    missed: Place
    span: Span


@dataclass(frozen=True, slots=True)
class ScoreRounding:
    rounding: Rounding
    span: Span


QualitativeClause = Levels | Bands | Words | AsTarget | Deadline | ScoreRounding


@dataclass(frozen=True, slots=True)
class Qualitative:
    name: Name
    clauses: tuple[QualitativeClause, ...]
    span: Span


# ---- quantitative scoring ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompletionRatio:
    """`completion ratio`: completion = actual ÷ target for ≥, = and > targets."""

    span: Span


@dataclass(frozen=True, slots=True)
class ReverseInverse:
    """`reverse inverse_ratio`: for ≤ and <, 100% when met, else target ÷ actual."""

    span: Span


@dataclass(frozen=True, slots=True)
class ReverseLinear:
    """`reverse linear zero at 200%`: for ≤ and <, falls linearly to 0 at that share of target."""

    zero_at: Number
    span: Span


@dataclass(frozen=True, slots=True)
class CompletionRounding:
    rounding: Rounding
    span: Span


@dataclass(frozen=True, slots=True)
class BelowProportional:
    """`below proportional`: score = weight × completion."""

    span: Span


@dataclass(frozen=True, slots=True)
class BelowSlope:
    """`below deduct 5% per point of completion|difference`: each point short costs a share."""

    rate: Number
    basis: str  # "completion" or "difference"
    span: Span


@dataclass(frozen=True, slots=True)
class BelowSteps:
    """`below deduct 1 point every 5%`: whole points off per full step of shortfall."""

    points: Number
    step: Number
    span: Span


@dataclass(frozen=True, slots=True)
class AboveNone:
    span: Span


@dataclass(frozen=True, slots=True)
class AbovePenalty:
    """`above 130% deduct 1% per point`: past the threshold each point costs a share."""

    threshold: Number
    rate: Number
    span: Span


@dataclass(frozen=True, slots=True)
class AboveWarn:
    """`above 150% warn`: past the threshold no deduction, but an explanation is required."""

    threshold: Number
    span: Span


@dataclass(frozen=True, slots=True)
class BareActual:
    """`bare actual unit from target`: an actual written without a unit is read in the target's
    unit (95 against ≥90% is 95%)."""

    span: Span


QuantitativeClause = (
    CompletionRatio
    | ReverseInverse
    | ReverseLinear
    | CompletionRounding
    | BelowProportional
    | BelowSlope
    | BelowSteps
    | AboveNone
    | AbovePenalty
    | AboveWarn
    | ScoreRounding
    | BareActual
)


@dataclass(frozen=True, slots=True)
class Quantitative:
    name: Name
    like: Name | None
    clauses: tuple[QuantitativeClause, ...]
    span: Span


# ---- categories and indicators -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixedWeight:
    indicator: Name
    weight: Number
    span: Span


@dataclass(frozen=True, slots=True)
class FixedWeights:
    """`weights fixed { 名称 权重 … }`: each standard indicator has its own weight."""

    total: Number | None
    weights: tuple[FixedWeight, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class BySubcategory:
    """`by subcategory [apportion 0.01]`: the total is shared equally among the subcategories."""

    apportion: Number | None  # the step the shares are apportioned in; 0.01 when not written
    span: Span


@dataclass(frozen=True, slots=True)
class WrittenWeights:
    """`weights as_written total 30 [by subcategory]`: weights as written on the form, summing to
    the total (per subcategory, with `by subcategory`); `weights as_written` alone, inside a
    `block`, leaves the total free: what the form declares, or the rows' sum."""

    total: Number | None
    span: Span
    by_subcategory: BySubcategory | None = None


@dataclass(frozen=True, slots=True)
class SplitWeights:
    """`weights split 30 apportion 0.01` or `… round 0.01 half_up`: the total split equally."""

    total: Number
    apportion: Number | None  # largest-remainder quantum, or None when rounded
    rounding: Rounding | None
    span: Span


WeightPolicy = FixedWeights | WrittenWeights | SplitWeights


@dataclass(frozen=True, slots=True)
class UseScheme:
    """`quantitative 名称` / `qualitative 名称` inside a category or indicator block."""

    kind: str  # "quantitative" or "qualitative"
    scheme: Name
    span: Span


@dataclass(frozen=True, slots=True)
class Excluded:
    span: Span


@dataclass(frozen=True, slots=True)
class Required:
    """`required 预算执行率 …`: rows a form must list in the category (by their rule-set names)."""

    names: tuple[Name, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class OptionalCategory:
    """`optional`: a form may leave the whole category out without a finding."""

    span: Span


@dataclass(frozen=True, slots=True)
class Aliases:
    """`aliases 产出指标 "产出 指标"`: other spellings of a category's or an indicator's name."""

    names: tuple[Name, ...]
    span: Span


CategoryClause = WeightPolicy | UseScheme | Excluded | Required | OptionalCategory | Aliases


@dataclass(frozen=True, slots=True)
class Category:
    name: Name
    clauses: tuple[CategoryClause, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class BlockCategories:
    """`categories 产出 效益 满意度`: the categories whose totals make up a block's total."""

    names: tuple[Name, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class BlockGroups:
    """`groups`: the block is printed as numbered target blocks (目标1, 目标2), named by the rows'
    `group`; the groups' totals make up the block's total."""

    span: Span


@dataclass(frozen=True, slots=True)
class Block:
    """`block 年度绩效目标 total 80 { categories … groups }`: categories sharing one total."""

    name: Name
    total: Number
    clauses: tuple[BlockCategories | BlockGroups, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ActualFrom:
    value: Name
    span: Span


@dataclass(frozen=True, slots=True)
class TargetGiven:
    """`target "100%"`: the target the rules give the row, read as a form's target is read."""

    text: Text
    span: Span


@dataclass(frozen=True, slots=True)
class Indicator:
    name: Name
    clauses: tuple[ActualFrom | UseScheme | TargetGiven | Aliases, ...]
    span: Span


# ---- missing values, inapplicable indicators, grades -------------------------------------------


@dataclass(frozen=True, slots=True)
class MissingCase:
    explained: bool
    action: str  # "score" or "review"
    score: Number | None
    span: Span


@dataclass(frozen=True, slots=True)
class Missing:
    cases: tuple[MissingCase, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class NotApplicable:
    words: tuple[Text, ...]
    action: str  # "rescale" or "full"
    apportion: Number | None  # with rescale: the quantum rescaled fixed or written weights go to
    span: Span


@dataclass(frozen=True, slots=True)
class Grade:
    name: Name
    at_least: Number | None
    interval: Interval | None
    span: Span  # both None: `otherwise`


@dataclass(frozen=True, slots=True)
class Grades:
    grades: tuple[Grade, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Deductions:
    """`deductions { floor 0 }`: a record's 扣减分数 are applied; the total never goes below the floor."""

    floor: Number
    span: Span


# ---- consistency checks ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Empty:
    """The right side of `row.explanation is empty`: no text, or only blanks."""

    span: Span


@dataclass(frozen=True, slots=True)
class Truth:
    """The right side of `provisional is true` / `is false`."""

    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Requirement:
    """One test: `LEFT <= RIGHT [within TOLERANCE] [as printed]`, `LEFT is "…"`, `LEFT is empty`,
    `provisional is true`.

    A check's `require`, its `where` and `when`, and a value's `if` are made of them. RIGHT is a
    quoted text when LEFT is a text field (`row.name is "预算执行率"`), `Empty` for `is empty`,
    `Truth` for `is true|false`; `printed`: LEFT is compared at the decimals the form prints.
    """

    left: Expr
    comparator: str  # one of = != < <= > >=
    right: Expr | Text | Empty | Truth
    tolerance: Number | None
    span: Span
    printed: bool = False


@dataclass(frozen=True, slots=True)
class AllOf:
    """Tests joined by `and`: the condition holds when every test holds."""

    tests: tuple[Requirement, ...]
    span: Span


Condition = Requirement | AllOf


def tests_of(condition: Condition) -> tuple[Requirement, ...]:
    """The tests of a condition, one or joined by `and`, in the order written."""
    return condition.tests if isinstance(condition, AllOf) else (condition,)


@dataclass(frozen=True, slots=True)
class When:
    """`when CONDITION` in a check: the check applies only to a record (or row) meeting it."""

    condition: Condition
    span: Span


@dataclass(frozen=True, slots=True)
class Message:
    language: str  # "zh" or "en"
    text: Text
    span: Span


@dataclass(frozen=True, slots=True)
class Check:
    """`check ID SEVERITY [for each ROW in COLLECTION [where …]] { require …; at PATH; zh "…"; en "…" }`."""

    name: Name
    severity: str  # "error", "warning" or "info"
    row: Name | None
    collection: Reference | None
    where: Condition | None  # which rows of the collection the check is about
    # a Requirement or AllOf clause is `require …`; a Reference clause is `at PATH`
    clauses: tuple[Condition | When | Reference | Message, ...]
    span: Span


# ---- extending another rule file ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Extends:
    """`extends "national-2020.rules"`: this file changes the rule set of another (its parent)."""

    name: Text
    span: Span


@dataclass(frozen=True, slots=True)
class Override:
    """`override category 产出 { … }`: a block changing the parent's block of the same name."""

    block: Item
    span: Span


@dataclass(frozen=True, slots=True)
class Part:
    """`part "审核规则"`: the file is a part (规则片段), blocks that rule sets take by `extends`;
    it has no `ruleset` block and cannot score a form on its own."""

    title: Text
    span: Span


Item = (
    Extends
    | Override
    | Part
    | Metadata
    | Budget
    | Value
    | Qualitative
    | Quantitative
    | Category
    | Block
    | Indicator
    | Missing
    | NotApplicable
    | Grades
    | Deductions
    | Check
)


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A whole parsed rule file, with its comments kept for the formatter.

    `parent` is the parsed file its `extends` names (itself with its own parent), set by the
    loader, which alone reads files; the parser leaves it None.
    """

    path: str
    source: str
    items: tuple[Item, ...]
    comments: tuple[Comment, ...]
    parent: RuleFile | None = None

    def chain(self) -> tuple[RuleFile, ...]:
        """This file, the file it extends, and so on up to the first, which extends none."""
        files: list[RuleFile] = [self]
        while files[-1].parent is not None:
            files.append(files[-1].parent)  # type: ignore[arg-type]
        return tuple(files)
