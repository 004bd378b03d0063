"""Small pieces the strategies share: how forms write comparators, units and numbers, and
the draws of a number, a choice or a chance from Hypothesis' data."""

from __future__ import annotations

import decimal
import functools
from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import strategies as st

from ..decimals import CONTEXT, plain


ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
BASIS_POINT = Decimal("0.0001")  # 0.01%
CENT = Decimal("0.01")
_PLACES = Decimal("1E-8")  # an aimed number is kept to 8 decimals: what a form can write

# How forms write comparators (a bare number is read as ≥), full-width forms included; and the
# range words after a number and unit (98%以上 is ≥98%, 30万元以内 is ≤30万元).
GE_SPELLINGS = ("≥", "", ">=", "≧", "不低于", "不少于", "＞＝")
LE_SPELLINGS = ("≤", "<=", "不超过", "≦")
EQ_SPELLINGS = ("=", "＝")
GT_SPELLINGS = (">", "＞")
LT_SPELLINGS = ("<", "＜")
_SUFFIX = {"≥": ("以上",), "≤": ("以内", "以下")}
UNITS = ("%", "人", "次", "万元", "场", "个", "公里", "台", "")
_MONEY = ("万元",)
QUALITATIVE_TARGETS = (
    "有效", "充分", "规范", "明确", "合理", "科学", "健全", "达标", "合格", "及时", "明显改善", "逐步提高", "较高",
    "符合要求",
)  # fmt: skip
ROW_NAMES = (
    "培训人数", "活动场次", "覆盖率", "合格率", "完成及时性", "群众知晓率", "社会效益", "可持续影响",
    "服务对象满意度", "设备采购数量", "工程验收合格率", "投诉次数", "单位成本", "受益人口",
)  # fmt: skip
SUBCATEGORIES = ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "可持续影响指标")
EXPLANATIONS = ("因疫情影响暂无数据", "项目尚在实施中，数据待年底统计", "说明：统计口径调整")
PROJECTS = ("党建系列活动", "市民健身工程", "老旧小区改造", "乡村道路改造", "重点流域水环境综合治理")
_NOT_A_WORD = ("一般", "良好", "待定", "较差", "基本完成")  # words no shipped scheme lists


def _exact(fn: Any) -> Any:
    """Run `fn` in evalrules' decimal context (80 digits), whatever the caller's."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with decimal.localcontext(CONTEXT):
            return fn(*args, **kwargs)

    return wrapper


@functools.lru_cache(maxsize=None)
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    """One strategy object per range, validated once: drawing from strategies built anew for
    every draw costs Hypothesis more than the whole form."""
    return st.integers(low, high)


def _int(draw: st.DrawFn, low: int, high: int) -> int:
    return draw(_ints(low, high))


def _choice(draw: st.DrawFn, options: Sequence[Any]) -> Any:
    """One of `options`; shrinks towards the first (no draw when there is one)."""
    return options[draw(_ints(0, len(options) - 1))] if len(options) > 1 else options[0]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True once in `one_in` draws; shrinks towards False."""
    return draw(_ints(0, one_in - 1)) == one_in - 1


def _short(x: Decimal) -> bool:
    """Whether `x` has at most 8 decimals and fits a form (below 10^15): aimed numbers must."""
    return x.is_finite() and abs(x) < Decimal("1E15") and x == x.quantize(_PLACES, context=CONTEXT)


def _percent_text(share: Decimal, full_width: bool = False) -> str:
    return plain(share * HUNDRED) + ("％" if full_width else "%")


def _number_text(number: Decimal, unit: str | None) -> str:
    if unit == "%":
        return _percent_text(number)
    return plain(number) + (unit or "")



def _decimal(draw: st.DrawFn, low: Decimal, high: Decimal, places: int) -> Decimal:
    """An exact decimal from low to high in steps of 10^-places, built from an integer."""
    scale = Decimal(1).scaleb(-places)
    lo = int((low / scale).to_integral_value(ROUND_FLOOR))
    hi = int((high / scale).to_integral_value(ROUND_FLOOR))
    return Decimal(_int(draw, lo, hi)).scaleb(-places)
