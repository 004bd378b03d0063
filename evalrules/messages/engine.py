"""Messages of scoring and auditing: findings, their names, and explanations.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
`finding.<check>` is the name a report gives the engine's own finding codes.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "finding.unknown-indicator": ("未知指标", "unknown indicator"),
    "finding.unknown-category": ("未知类别", "unknown category"),
    "finding.weight-missing": ("缺少权重", "weight missing"),
    "finding.weights-total": ("权重合计不符", "weights total"),
    "finding.qualitative-level": ("定性等级不符", "qualitative level"),
    "finding.actual-not-number": ("实际值非数值", "actual not a number"),
    "finding.unit-mismatch": ("单位不一致", "unit mismatch"),
    "finding.target-negative": ("目标值为负", "negative target"),
    "finding.above-threshold": ("超过目标上限", "above threshold"),
}
