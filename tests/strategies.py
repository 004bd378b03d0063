"""Hypothesis strategies for Suzhou-2024-shaped records (filled 绩效自评表 forms).

A record is drawn as plain data, the way a YAML or JSON file would hold it, with every number
written as text, and is turned into an `evalrules.Record` by `evalrules.record_from_data`. Numbers
are exact decimals built from integers (`Decimal(i).scaleb(-places)`), never binary floats.

The form holds the standard 决策 and 过程 rows (names from the rule file, whose weights are fixed),
then 1–6 rows in each of 产出, 效益 and 满意度. A row is quantitative (a comparator, a number and a
unit: %, counts, 人, 次, 天, 万元; the actual below, at or above the target), qualitative (a word
as target, one of the six levels as actual), or has no actual, with or without an explanation.
The budget block may give 实际支付数 and 财政拨款数, so that 预算执行率 is derived from them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import strategies as st

import evalrules
from reference import FIXED_WEIGHTS

DECISION = tuple(FIXED_WEIGHTS["决策"])
PROCESS = tuple(FIXED_WEIGHTS["过程"])
SPLIT_CATEGORIES = ("产出", "效益", "满意度")
BUDGET_FIELDS = (
    "initial",
    "adjustment",
    "appropriated",
    "quota_balance",
    "quota_recovered",
    "paid",
    "balance",
    "carried_forward",
    "recovered",
)

# How forms write comparators (a bare number is read as ≥); full-width forms included.
GE_SPELLINGS = ("", "≥", ">=", "≧", "不低于", "不少于", "＞＝")
EQ_SPELLINGS = ("=", "＝")
GT_SPELLINGS = (">", "＞")
LE_SPELLINGS = ("≤", "<=", "不超过", "≦")
LT_SPELLINGS = ("<", "＜")
COMPARATORS = GE_SPELLINGS + EQ_SPELLINGS + GT_SPELLINGS + LE_SPELLINGS + LT_SPELLINGS
REVERSE = LE_SPELLINGS + LT_SPELLINGS

COUNT_UNITS = ("", "人", "次", "个", "场", "天")
QUALITATIVE_TARGETS = ("充分", "规范", "明确", "合理", "科学", "有效", "健全", "达标", "及时", "较高", "提升", "符合", "逐步提高")
LEVELS = ("100%", "80%", "60%", "40%", "20%", "0%")
LEVEL_SPELLINGS = LEVELS + ("100％", "80％", "60.0%", "0.00%")
# Most forms report most rows at the full level; the others still come up often enough.
LIKELY_LEVELS = ("100%",) * 6 + LEVEL_SPELLINGS
ROW_NAMES = {
    "产出": ("培训人数", "活动场次", "覆盖率", "合格率", "完成及时性", "人均成本", "设备采购数量", "工程验收合格率"),
    "效益": ("群众知晓率", "社会效益", "可持续影响", "经济效益（万元）", "投诉次数"),
    "满意度": ("参加人员满意度", "服务对象满意度", "群众满意度"),
}
EXPLANATIONS = ("因疫情影响暂无数据", "项目尚在实施中，数据待年底统计", "说明：统计口径调整")


def exact(low: int, high: int, places: int) -> st.SearchStrategy[Decimal]:
    """Exact decimals from low to high in steps of 10^-places, built from integers."""
    scale = 10**places
    return st.integers(low * scale, high * scale).map(lambda i: Decimal(i).scaleb(-places))


def text_of(number: Decimal) -> str:
    return format(number, "f")


# ---- quantitative rows ------------------------------------------------------------------------


@st.composite
def quantitative_pair(
    draw: st.DrawFn, unit: str | None = None, comparator: str | None = None, good: bool = False
) -> tuple[str, str]:
    """(target, actual) as written: the actual below, at or above the target (`good`: near it)."""
    unit = draw(st.sampled_from(("%", "万元") + COUNT_UNITS)) if unit is None else unit
    comparator = draw(st.sampled_from(COMPARATORS)) if comparator is None else comparator
    reverse = comparator in REVERSE
    if unit == "%":  # written in percentage points: 95.5% is 0.955
        target = draw(exact(0 if reverse else 1, 100, 0) | exact(0 if reverse else 1, 100, 2))
        places = 2
    elif unit == "万元":
        target = draw(exact(0 if reverse else 1, 5000, 2))
        places = 2
    else:
        target = draw(st.integers(0 if reverse else 1, 5000).map(Decimal))
        places = 0
    sides = ("at", "near", "near", "short") if good else ("short", "below", "at", "at", "above", "near", "near", "anywhere")
    side = draw(st.sampled_from(sides))
    if side == "at":
        actual = target
    elif side == "anywhere" or target == 0:
        actual = draw(exact(0, 300, places))
    else:
        # actual = target × m / 10000: m < 10000 below (short: less than 20% short, where the
        # 5%-a-point deduction has not yet taken the whole weight), > 10000 above, near: ±1%
        m = draw(
            {
                "short": st.integers(8_000, 9_999),
                "below": st.integers(0, 9_999),
                "above": st.integers(10_001, 15_000) | st.integers(15_001, 30_000),
                "near": st.integers(9_900, 10_100),
            }[side]
        )
        actual = (target * m / 10_000).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    suffix = unit or ""
    return f"{comparator}{text_of(target)}{suffix}", f"{text_of(actual)}{suffix}"


# ---- rows -------------------------------------------------------------------------------------


@st.composite
def indicator_row(draw: st.DrawFn, category: str, name: str, good: bool = False) -> dict[str, Any]:
    """One indicator row of `category`: quantitative, qualitative, or without an actual.

    `good` draws the row of a well-run project: at or near its target, at the full level, rarely
    without an actual. Such forms reach the upper grades, which random rows almost never do.
    """
    kinds = ("quantitative",) * 4 + ("qualitative",) * 3 + ("missing",) * (0 if good else 1)
    kind = draw(st.sampled_from(kinds))
    row: dict[str, Any] = {"category": category, "name": name}
    if name == "预算执行率":
        target, actual = draw(quantitative_pair(unit="%", comparator=draw(st.sampled_from(("=", "", "≥"))), good=good))
    elif kind == "qualitative" or (kind == "missing" and draw(st.booleans())):
        levels = ("100%", "100％", "80%") if good else LIKELY_LEVELS
        target, actual = draw(st.sampled_from(QUALITATIVE_TARGETS)), draw(st.sampled_from(levels))
    else:
        target, actual = draw(quantitative_pair(good=good))
    row["target"] = target
    if kind != "missing":
        row["actual"] = actual
    elif draw(st.booleans()):
        row["actual"] = None  # written as null rather than left out
    if draw(st.integers(0, 3)) == 0 or (kind == "missing" and draw(st.booleans())):
        row["explanation"] = draw(st.sampled_from(EXPLANATIONS))
    if draw(st.booleans()):  # the weight printed on the form: the rules ignore it
        row["weight"] = text_of(draw(exact(0, 30, 1)))
    if draw(st.booleans()):  # the self-score claimed on the form: also ignored for scoring
        row["score"] = text_of(draw(exact(0, 30, 2)))
    return row


@st.composite
def fixed_rows(draw: st.DrawFn, category: str, good: bool = False) -> list[dict[str, Any]]:
    """The standard rows of a fixed-weight category: usually all, sometimes a few left out."""
    names = DECISION if category == "决策" else PROCESS
    if draw(st.integers(0, 3)) == 0:
        kept = draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
        names = tuple(name for name, keep in zip(names, kept) if keep)
    return [draw(indicator_row(category, name, good)) for name in names]


@st.composite
def split_rows(
    draw: st.DrawFn, category: str, min_size: int = 1, max_size: int = 6, good: bool = False
) -> list[dict[str, Any]]:
    count = draw(st.integers(min_size, max_size))
    pool = ROW_NAMES[category]
    return [draw(indicator_row(category, f"{draw(st.sampled_from(pool))}{i + 1}", good)) for i in range(count)]


@st.composite
def budget(draw: st.DrawFn) -> dict[str, str]:
    """A budget block (万元); usually with 实际支付数 and 财政拨款数, so the execution rate follows."""
    block: dict[str, str] = {}
    others = draw(st.lists(st.sampled_from(BUDGET_FIELDS), unique=True, max_size=4))
    for field in others:
        low = -100 if field == "adjustment" else 0
        block[field] = text_of(draw(exact(low, 1000, 2)))
    pair = draw(st.sampled_from(("both", "both", "both", "paid only", "appropriated only", "neither")))
    appropriated = draw(exact(1, 1000, 2))
    if pair in ("both", "appropriated only"):
        block["appropriated"] = text_of(appropriated)
    else:
        block.pop("appropriated", None)
    if pair in ("both", "paid only"):
        share = draw(st.integers(0, 12_000))  # spent 0% … 120% of the appropriation
        block["paid"] = text_of((appropriated * share / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    else:
        block.pop("paid", None)
    return block


@st.composite
def record_data(draw: st.DrawFn, max_rows: int = 6, shuffle: bool = True) -> dict[str, Any]:
    """A whole form as plain data (what a YAML or JSON file holds), every number as text."""
    good = draw(st.booleans())
    rows = draw(fixed_rows("决策", good)) + draw(fixed_rows("过程", good))
    for category in SPLIT_CATEGORIES:
        rows += draw(split_rows(category, 1, max_rows, good))
    if shuffle and draw(st.integers(0, 4)) == 0:  # forms are in category order; a few are not
        rows = draw(st.permutations(rows))
    data: dict[str, Any] = {
        "project": {"name": draw(st.sampled_from(("党建系列活动", "市民健身工程", "老旧小区改造"))), "year": "2024"},
        "indicators": rows,
    }
    if draw(st.integers(0, 4)) != 0:
        data["budget"] = draw(budget())
    return data


def records(max_rows: int = 6) -> st.SearchStrategy[evalrules.Record]:
    """Typed records, read from `record_data` by the library's own record reader."""
    return record_data(max_rows).map(evalrules.record_from_data)
