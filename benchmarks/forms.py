"""Generated Suzhou 2024 self-evaluation forms for the benchmark, the same for the same seed.

Each form follows the Suzhou template: the six 决策 and five 过程 indicators, then 1–8 产出,
1–5 效益 and 1–3 满意度 indicators drawn from realistic rows: counts (≥12次, 不少于300人), rates
(≥95%, =100%), money (≤18.5万元), durations (≤30天), zero targets (≤0次), and qualitative rows
scored by level (100%, 80%, …). Actuals fall at, below, a little above and far above target; a
few are missing, some of those with an explanation; comparators and digits come in the spellings
forms use (>=, 不低于, ≧, full-width digits). Most forms carry a budget block, from which the rule
file computes 预算执行率; the rest rely on the rate written on the form.

Forms are built with `evalrules.record_from_data`, so targets and actuals are parsed exactly as
for a real form, once, before anything is timed.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from evalrules import Record, record_from_data

CENT = Decimal("0.01")
ZERO = Decimal(0)

DECISION = [  # 决策: (indicator, target word)
    ("立项依据充分性", "充分"),
    ("立项程序规范性", "规范"),
    ("绩效指标明确性", "明确"),
    ("绩效目标合理性", "合理"),
    ("预算编制科学性", "科学"),
    ("资金分配合理性", "合理"),
]
DECISION_WEIGHTS = ["0.5", "0.5", "0.5", "0.5", "0.5", "1"]

PROCESS_WORDS = [("资金使用合规性", "合规", "2"), ("制度执行有效性", "有效", "2"), ("管理制度健全性", "健全", "1")]

# Row templates: (subcategory, name, kind, parameter)
OUTPUT_ROWS = [
    ("数量指标", "开展专题培训", "count", "次"),
    ("数量指标", "举办主题活动", "count", "场"),
    ("数量指标", "培训人数", "count", "人"),
    ("数量指标", "服务企业数量", "count", "家"),
    ("数量指标", "新建设施数量", "equal", "个"),
    ("数量指标", "发放宣传资料", "count", "份"),
    ("数量指标", "受理服务事项", "count", "件"),
    ("质量指标", "项目验收合格率", "rate", None),
    ("质量指标", "活动完成质量达标", "word", "达标"),
    ("质量指标", "设备完好率", "rate", None),
    ("质量指标", "安全事故发生次数", "zero", "次"),
    ("时效指标", "活动完成及时性", "word", "及时"),
    ("时效指标", "项目完成时限", "days", "天"),
    ("时效指标", "按时完成率", "rate", None),
    ("成本指标", "人均活动成本", "cost", "万元"),
    ("成本指标", "单场活动成本", "cost", "万元"),
    ("成本指标", "成本控制符合要求", "word", "符合"),
]
BENEFIT_ROWS = [
    ("社会效益指标", "群众知晓率", "rate", None),
    ("社会效益指标", "受益群众覆盖率", "rate", None),
    ("社会效益指标", "提升干部职工获得感", "word", "提升"),
    ("社会效益指标", "社会影响力", "word", "明显"),
    ("经济效益指标", "带动就业人数", "count", "人"),
    ("经济效益指标", "带动社会投资", "money", "万元"),
    ("可持续影响指标", "长效管理机制", "word", "长效"),
    ("生态效益指标", "垃圾分类准确率", "rate", None),
]
SATISFACTION_ROWS = [
    ("服务对象满意度指标", "参加活动人员满意度", "satisfaction", None),
    ("服务对象满意度指标", "服务对象满意度", "satisfaction", None),
    ("服务对象满意度指标", "群众满意度", "satisfaction", None),
    ("服务对象满意度指标", "企业满意度", "word", "较高"),
]

GE_SPELLINGS = ["≥", "≥", "≥", ">=", "不少于", "不低于", "≧", ""]  # "" : a bare target is ≥
LE_SPELLINGS = ["≤", "≤", "≤", "<=", "不超过", "≦"]
LEVELS = ["100%"] * 16 + ["80%"] * 3 + ["60%", "40%", "20%", "0%"]
EXPLANATIONS = ["受疫情影响活动延期，未能统计", "项目跨年度实施，年底尚未验收", "数据口径调整，待主管部门核定"]
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def generate_forms(count: int, seed: int = 2024) -> list[Record]:
    """`count` Suzhou 2024 records, the same ones for the same seed."""
    rng = random.Random(seed)
    return [record_from_data(form_data(rng, n), f"<generated {n}>") for n in range(count)]


def form_data(rng: random.Random, number: int) -> dict[str, Any]:
    """One form as the data a YAML file would hold (numbers as text, as written on the form)."""
    budget = _budget(rng) if rng.random() < 0.92 else None
    if budget is not None:
        rate = Decimal(budget["paid"]) / Decimal(budget["appropriated"])
    else:
        rate = Decimal(rng.choice(["1", "1", "0.9986", "0.95", "0.8712", "0.6"]))
    rows: list[dict[str, Any]] = []
    for (name, word), weight in zip(DECISION, DECISION_WEIGHTS):
        rows.append(_row("决策", None, name, word, weight, rng.choice(LEVELS)))
    rows.append(_row("过程", None, "资金到位率", "100%", "0.5", rng.choice(["100%"] * 6 + ["95%", "90.5%"])))
    stated_rate = _percent(rate)
    rows.append(_row("过程", None, "预算执行率", rng.choice(["=100%"] * 4 + ["100%"]), "8", stated_rate))
    for name, word, weight in PROCESS_WORDS:
        rows.append(_row("过程", None, name, word, weight, rng.choice(LEVELS)))
    for category, templates, counts, total in (
        ("产出", OUTPUT_ROWS, [1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8], Decimal(30)),
        ("效益", BENEFIT_ROWS, [1, 1, 2, 2, 2, 3, 3, 4, 5], Decimal("17.5")),
        ("满意度", SATISFACTION_ROWS, [1, 1, 1, 2, 2, 3], Decimal("17.5")),
    ):
        chosen = rng.sample(templates, rng.choice(counts))
        weight = str((total / len(chosen)).quantize(CENT, rounding=ROUND_HALF_UP))
        for subcategory, name, kind, parameter in chosen:
            target, actual = _target_and_actual(rng, kind, parameter)
            row = _row(category, subcategory, name, target, weight, actual)
            if rng.random() < 0.025:  # no actual written; sometimes the form says why
                del row["actual"]
                if rng.random() < 0.5:
                    row["explanation"] = rng.choice(EXPLANATIONS)
            rows.append(row)
    data: dict[str, Any] = {
        "project": {
            "name": f"生成项目{number:05d}",
            "year": 2024,
            "department": rng.choice(["苏州市财政局", "苏州市教育局", "苏州市民政局", "市级机关工委"]),
        },
        "indicators": rows,
    }
    if budget is not None:
        data["budget"] = budget
    return data


def _row(category: str, subcategory: str | None, name: str, target: str, weight: str, actual: str) -> dict[str, Any]:
    row = {"category": category, "name": name, "target": target, "weight": weight, "actual": actual}
    if subcategory is not None:
        row["subcategory"] = subcategory
    return row


def _budget(rng: random.Random) -> dict[str, str]:
    initial = _money(rng.uniform(5, 2000))
    adjustment = ZERO if rng.random() < 0.6 else _money(float(initial) * rng.uniform(-0.3, 0.2))
    appropriated = initial + adjustment
    roll = rng.random()
    if roll < 0.35:
        paid = appropriated
    elif roll < 0.9:
        paid = _money(float(appropriated) * rng.uniform(0.85, 1.0))
    else:
        paid = _money(float(appropriated) * rng.uniform(0.4, 0.85))
    balance = appropriated - paid
    carried = _money(float(balance) * rng.choice([0, 0, 0.5, 1]))
    return {
        "initial": str(initial),
        "adjustment": str(adjustment),
        "appropriated": str(appropriated),
        "quota_balance": "0",
        "quota_recovered": str(balance - carried),
        "paid": str(paid),
        "balance": str(balance),
        "carried_forward": str(carried),
        "recovered": str(balance - carried),
    }


def _money(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def _percent(fraction: Decimal) -> str:
    """A fraction written as a percentage with at most two decimals: 0.998630 → 99.86%."""
    return f"{(fraction * 100).quantize(CENT, rounding=ROUND_HALF_UP).normalize():f}%"


def _ratio(rng: random.Random) -> float:
    """How the actual compares with the target: mostly met, sometimes short or past it."""
    roll = rng.random()
    if roll < 0.55:
        return 1.0
    if roll < 0.72:
        return rng.uniform(0.95, 0.999)
    if roll < 0.76:
        return rng.uniform(0.3, 0.95)
    if roll < 0.92:
        return rng.uniform(1.0, 1.3)
    return rng.uniform(1.3, 3.0)


def _target_and_actual(rng: random.Random, kind: str, parameter: str | None) -> tuple[str, str]:
    ratio = _ratio(rng)
    if kind == "word":
        return parameter, rng.choice(LEVELS)  # type: ignore[return-value]
    if kind in ("count", "equal"):
        n = rng.choice([2, 4, 6, 10, 12, 20, 30, 50, 100, 300, 1000, 5000])
        comparator = "=" if kind == "equal" else rng.choice(GE_SPELLINGS)
        target, actual = f"{comparator}{n}{parameter}", f"{max(round(n * ratio), 0)}{parameter}"
    elif kind == "money":
        x = _money(rng.uniform(50, 5000))
        target, actual = f"{rng.choice(GE_SPELLINGS)}{x}{parameter}", f"{_money(float(x) * ratio)}{parameter}"
    elif kind == "cost":  # ≤: spending more than planned is what falls short
        x = _money(rng.uniform(0.5, 200))
        target, actual = f"{rng.choice(LE_SPELLINGS)}{x}{parameter}", f"{_money(float(x) * ratio)}{parameter}"
    elif kind == "days":
        d = rng.choice([7, 15, 30, 60, 90, 180])
        target, actual = f"{rng.choice(LE_SPELLINGS)}{d}{parameter}", f"{max(round(d * ratio), 1)}{parameter}"
    elif kind == "zero":
        target, actual = f"{rng.choice(LE_SPELLINGS)}0{parameter}", f"{0 if rng.random() < 0.9 else 1}{parameter}"
    elif kind == "rate":
        t = Decimal(rng.choice(["0.9", "0.95", "0.98", "1"]))
        a = min(t * Decimal(str(round(ratio, 4))), Decimal(1))  # a rate cannot pass 100%
        comparator = "=" if t == 1 and rng.random() < 0.3 else rng.choice(GE_SPELLINGS)
        target, actual = f"{comparator}{_percent(t)}", _percent(a)
    else:  # satisfaction: asked as ≥85–95%, answered 80–100%
        t = Decimal(rng.choice(["0.85", "0.9", "0.9", "0.95"]))
        a = Decimal(str(round(rng.uniform(0.8, 1.0), 4))) if rng.random() < 0.6 else t
        target, actual = f"{rng.choice(GE_SPELLINGS)}{_percent(t)}", _percent(a)
    if rng.random() < 0.05:  # typed with a Chinese input method: full-width digits and ％
        target, actual = target.translate(FULL_WIDTH), actual.translate(FULL_WIDTH)
    return target, actual
