"""Blocks, groups and forms without a weight column: invariants over generated forms.

The cases with exact scores and findings are in tests/data/scoring_cases.yaml; these properties
say what must hold for every form of a layout, whatever its number of rows.
"""

from __future__ import annotations

import pickle
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import evalrules

HUBEI = """
ruleset "湖北式" { maximum 100 }
qualitative 三档 { bands { 好 [80%, 100%] 中 [50%, 80%) 差 [0%, 50%) } }
quantitative 比例 { completion ratio reverse inverse_ratio below proportional above none round score 0.01 half_up }
category 预算执行 { weights fixed { 预算执行率 20 } quantitative 比例 qualitative 三档 }
category 产出 { weights as_written quantitative 比例 qualitative 三档 }
category 效益 { weights as_written quantitative 比例 qualitative 三档 }
block 年度绩效目标 total 80 { categories 产出 效益 groups }
missing { without explanation score 0 with explanation review }
"""
RULES = evalrules.loads(HUBEI, "hubei.rules")

_claims = st.decimals(min_value=0, max_value=20, places=2)
_rows = st.lists(
    st.tuples(st.sampled_from(["产出", "效益"]), st.sampled_from(["目标1", "目标2", "目标3"]), st.one_of(st.none(), _claims)),
    min_size=1,
    max_size=12,
)


def _form(rows: list[tuple[str, str, Decimal | None]]) -> dict:
    indicators = [{"category": "预算执行", "name": "预算执行率", "target": "=100%", "actual": "95%"}]
    for i, (category, group, claim) in enumerate(rows):
        row = {"category": category, "group": group, "name": f"指标{i}", "target": "≥10个", "actual": "10个"}
        if claim is not None:
            row["score"] = str(claim)
        indicators.append(row)
    return {"project": {"name": "测试", "year": 2023}, "indicators": indicators}


@settings(max_examples=60, deadline=None)
@given(_rows)
def test_a_form_without_a_weight_column_gets_one_finding_for_the_form_never_one_a_row(rows) -> None:
    result = RULES.score(_form(rows))
    assert [f.path for f in result.findings if f.check == "no-weight-column"] == ["indicators"]
    assert not any(f.check in ("weight-missing", "weights-total") for f in result.findings)
    # the execution row keeps its weight from the rules and is scored as usual
    assert (result.indicators[0].weight, result.indicators[0].status) == (Decimal(20), "scored")


@settings(max_examples=60, deadline=None)
@given(_rows)
def test_without_a_weight_column_the_total_is_the_scored_rows_plus_the_claims_as_they_stand(rows) -> None:
    result = RULES.score(_form(rows))
    claimed = [r for r in result.indicators[1:] if r.status == "claimed"]
    assert all(r.score == r.claimed and r.weight is None for r in claimed)
    assert result.total == result.indicators[0].score + sum((r.score for r in claimed), Decimal(0))
    unclaimed = sum(1 for _, _, claim in rows if claim is None)
    assert sum(1 for f in result.findings if f.check == "claim-missing") == unclaimed
    assert result.provisional is (unclaimed > 0 or result.total > result.maximum)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["目标1", "目标2"]), st.integers(1, 40)), min_size=1, max_size=8))
def test_groups_whose_weights_make_up_the_block_give_no_total_finding_and_others_exactly_one(rows) -> None:
    form = _form([("产出", group, None) for group, _ in rows])
    for row, (_, weight) in zip(form["indicators"][1:], rows):
        row["weight"] = weight
    result = RULES.score(form)
    block_findings = [f for f in result.findings if f.check == "block-total"]
    assert len(block_findings) == (0 if sum(w for _, w in rows) == 80 else 1)


def test_the_maximum_counts_a_block_once_by_its_total() -> None:
    assert RULES.maximum == Decimal(100)
    assert list(RULES.blocks) == ["年度绩效目标"]
    assert RULES.blocks["年度绩效目标"].categories == ("产出", "效益")


def test_a_rule_set_with_blocks_pickles_with_them() -> None:
    again = pickle.loads(pickle.dumps(RULES))
    assert again == RULES and again.blocks["年度绩效目标"].groups is True


def test_a_claimed_row_reads_back_from_json_as_claimed() -> None:
    result = RULES.score(_form([("产出", "目标1", Decimal("12.5"))]))
    again = evalrules.Result.from_json(result.to_json("en"))
    assert again.indicators[1].status == "claimed" and again.indicators[1].score == Decimal("12.5")
    assert again.to_json("en") == result.to_json("en")
