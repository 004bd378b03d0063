"""Messages of scoring and auditing: findings, their names, explanations and results.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
`finding.<check>` is the name a report gives the engine's own finding codes. Ids by prefix:
`score.` findings of scoring, `value.` why a value could not be computed, `names.` how two names
differ, `char.` names of invisible characters, `explain.` the arithmetic of a score, `round.`
rounding steps, `weight.` where a weight came from, `result.` using a result.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- picking the rule set of a record (evalrules.pick, --rules DIR) ---------------------
    "pick.none": (
        "{record}：没有在 {year} 年适用于“{jurisdiction}”的规则集，也没有该年的全国规则集（可选的规则集：{candidates}）",
        "{record}: no rule set applies to '{jurisdiction}' in {year}, and no national (全国) one does (rule sets: {candidates})",
    ),
    "pick.none_without_jurisdiction": (
        "{record}：记录未写 project.jurisdiction，且没有在 {year} 年适用的全国规则集（可选的规则集：{candidates}）",
        "{record}: the record names no project.jurisdiction, and no national (全国) rule set applies in {year} (rule sets: {candidates})",
    ),
    "pick.ambiguous": (
        "{record}：有多个规则集在 {year} 年适用于“{jurisdiction}”，无法确定用哪一个：{candidates}",
        "{record}: several rule sets apply to '{jurisdiction}' in {year}, so none is picked: {candidates}",
    ),
    "pick.ambiguous_national": (
        "{record}：有多个全国规则集在 {year} 年适用，无法确定用哪一个：{candidates}",
        "{record}: several national (全国) rule sets apply in {year}, so none is picked: {candidates}",
    ),
    # ---- names of the engine's finding codes ------------------------------------------------
    "finding.unknown-indicator": ("未知指标", "unknown indicator"),
    "finding.unknown-category": ("未知类别", "unknown category"),
    "finding.weight-missing": ("缺少权重", "weight missing"),
    "finding.weights-total": ("权重合计不符", "weights total"),
    "finding.qualitative-level": ("定性等级不符", "qualitative level"),
    "finding.actual-not-number": ("实际值非数值", "actual not a number"),
    "finding.unit-mismatch": ("单位不一致", "unit mismatch"),
    "finding.target-negative": ("目标值为负", "negative target"),
    "finding.above-threshold": ("超过目标上限", "above threshold"),
    "finding.actual-not-computed": ("实际值无法计算", "actual not computed"),
    "finding.unit-assumed": ("单位按另一方", "unit assumed"),
    "finding.left-for-review": ("待人工复核", "left for review"),
    "finding.negative-amount": ("金额为负", "negative amount"),
    "finding.negative-score": ("自评分为负", "negative score"),
    "finding.negative-weight": ("权重为负", "negative weight"),
    "finding.duplicate-indicator": ("指标重复", "duplicate indicator"),
    "finding.indicator-name-lookalike": ("指标名称易混", "look-alike indicator name"),
    "finding.total-above-maximum": ("合计超过满分", "total above maximum"),
    "finding.category-not-applicable": ("整类不适用", "category not applicable"),
    "finding.claim-outside-band": ("自评分不在档内", "claim outside band"),
    "finding.band-unclaimed": ("档内未填自评分", "band unclaimed"),
    "finding.deadline-not-scored": ("完成时限未评分", "deadline not scored"),
    "finding.deadline-mismatch": ("日期无法比较", "deadline mismatch"),
    "finding.value-fallback": ("改用后备算法", "value fallback"),
    "finding.no-weight-column": ("表上无权重列", "no weight column"),
    "finding.claim-missing": ("无权重且无自评分", "no weight and no claim"),
    "finding.claimed-above-total": ("自评分超过总分", "claims above total"),
    "finding.block-total": ("指标块总分不符", "block total"),
    "finding.declared-total-unknown": ("声明总分名称未知", "unknown declared total"),
    "finding.declared-total-rules": ("声明总分与规则不符", "declared total differs from the rules"),
    "finding.declared-total-rows": ("声明总分与权重之和不符", "declared total differs from the rows"),
    "finding.group-not-used": ("分组未被使用", "group not used"),
    "finding.group-missing": ("缺少分组", "group missing"),
    "finding.category-without-rows": ("缺少整类指标", "category without rows"),
    "finding.required-indicator-missing": ("缺少必备指标", "required indicator missing"),
    "finding.target-differs": ("目标值与规则不符", "target differs"),
    "finding.deductions-not-allowed": ("规则不允许扣减", "deductions not allowed"),
    "finding.deduction-row-unknown": ("扣减的指标不存在", "deduction row unknown"),
    "finding.deduction-row-unscored": ("扣减的指标未计分", "deduction row unscored"),
    "finding.deduction-floored": ("扣减受下限限制", "deduction floored"),
    # ---- findings of scoring ----------------------------------------------------------------
    "score.category_without_rows": (
        "表上没有“{category}”类的任何指标，而规则给该类 {points} 分",
        "the form lists no row of category '{category}', which the rules give {points} points",
    ),
    "score.required_indicator_missing": (
        "“{category}”类缺少必备指标“{name}”",
        "category '{category}' lacks its required indicator '{name}'",
    ),
    "score.target_differs": (
        "指标“{name}”表上目标值 {stated} 与规则的目标值 {target} 不符，按规则的 {target} 计分",
        "indicator '{name}' states the target {stated}, not the rules' {target}; scored against {target}",
    ),
    "score.deductions_not_allowed": (
        "规则集“{rules}”不允许扣减分数（没有 deductions 块），表上的 {count} 项扣减（共 {points} 分）未扣",
        "the rule set '{rules}' allows no deductions (it has no deductions block): the form's {count} deduction(s), {points} points in all, were not applied",
    ),
    "score.deduction_row_unknown": (
        "扣减 {points} 分所指的指标“{name}”不在表上，未扣",
        "the deduction of {points} points names the indicator '{name}', which the form does not list; not applied",
    ),
    "score.deduction_row_unscored": (
        "扣减 {points} 分所指的指标“{name}”没有得分，未扣",
        "the deduction of {points} points names the indicator '{name}', which has no score; not applied",
    ),
    "score.deduction_floored": (
        "扣减“{reason}”{points} 分，受下限限制只扣 {applied} 分",
        "the deduction '{reason}' of {points} points took off only {applied}: no score goes below its floor",
    ),
    "score.name_lookalike_rule": (
        "指标“{name}”与规则中的指标“{known}”只差看不出的字符，该规则未用于此行",
        "indicator '{name}' differs from the rules' indicator '{known}' only in characters a reader cannot tell apart; that rule was not applied to this row",
    ),
    "score.name_lookalike_row": (
        "指标“{name}”与第 {row} 行的“{known}”只差看不出的字符，两行按不同指标计分",
        "indicator '{name}' differs from '{known}' of row {row} only in characters a reader cannot tell apart; the two are scored as different indicators",
    ),
    "score.name_hidden": ("指标名称“{name}”含看不见的字符", "indicator name '{name}' holds characters a reader cannot see"),
    "score.unknown_indicator": (
        "“{category}”类的指标权重固定，规则中没有指标“{name}”",
        "category '{category}' has fixed weights and no indicator '{name}'",
    ),
    "score.unknown_category": ("规则中没有指标类别“{category}”", "the rule set has no category '{category}'"),
    "score.unknown_budget_amount": (
        "规则集“{rules}”没有声明预算金额“{name}”",
        "the rule set '{rules}' declares no budget amount '{name}'",
    ),
    "score.weight_missing": (
        "指标“{name}”未填写权重，而“{category}”类按表上权重评分",
        "indicator '{name}' has no weight, and category '{category}' uses the weights as written",
    ),
    "score.weights_total": (
        "“{category}”类指标权重合计 {written}，应为 {total}",
        "the weights of category '{category}' sum to {written}, not {total}",
    ),
    "score.qualitative_level": (
        "定性指标“{name}”的实际完成值“{actual}”不是规定的等级之一（{allowed}）",
        "qualitative indicator '{name}': actual '{actual}' is not one of the allowed levels ({allowed})",
    ),
    "score.claim_outside_band": (
        "指标“{name}”自评分 {claimed} 不在档“{band}”的 {range} 分之内：按档内最接近的 {score} 分计",
        "indicator '{name}' claims {claimed}, outside band '{band}' of {range} points: scored {score}, the nearest score inside it",
    ),
    "score.band_unclaimed": (
        "指标“{name}”归入档“{band}”（{range} 分），但没有填写自评分：按该档最低分 {score} 计",
        "indicator '{name}' is in band '{band}' ({range} points) but claims no score: scored the band's lowest, {score}",
    ),
    "score.deadline_not_scored": (
        "指标“{name}”的目标值“{target}”与实际完成值“{actual}”都是日期，但定性指标算法“{scheme}”没有 `deadline` 条款：不予评分，留待人工复核，总分为暂定",
        "indicator '{name}': target '{target}' and actual '{actual}' are dates, and qualitative scheme '{scheme}' has no `deadline` clause: left for review, not scored; the total is provisional",
    ),
    "score.deadline_mismatch": (
        "指标“{name}”的目标值“{target}”与实际完成值“{actual}”只有一个是日期，无法比较",
        "indicator '{name}': only one of target '{target}' and actual '{actual}' is a date, so they cannot be compared",
    ),
    "score.actual_not_number": (
        "定量指标“{name}”的实际完成值“{actual}”不是数值，无法与目标值“{target}”比较",
        "quantitative indicator '{name}': actual '{actual}' is not a number to compare with target '{target}'",
    ),
    "score.unit_mismatch": (
        "指标“{name}”的实际完成值“{actual}”与目标值“{target}”单位不一致，不予评分",
        "indicator '{name}': the unit of actual '{actual}' does not match target '{target}'; not scored",
    ),
    "score.target_negative": (
        "指标“{name}”的目标值“{target}”为负数，无法计算完成率",
        "indicator '{name}': target '{target}' is negative; completion cannot be computed",
    ),
    "score.above_threshold": (
        "指标“{name}”完成率 {completion} 超过 {threshold}，须说明原因",
        "indicator '{name}' completion {completion} exceeds {threshold}: an explanation is required",
    ),
    "score.actual_not_computed": (
        "指标“{name}”的实际完成值无法按 {formula} 计算",
        "indicator '{name}': the actual cannot be computed as {formula}",
    ),
    "score.form_actual_used": ("改用表上填报的 {stated}", "the form's {stated} is used instead"),
    "score.value_fallback": (
        "计算值“{value}”无法按 {formula} 计算（{reason}），改按 otherwise 之后的 {fallback} 计算，得 {result}",
        "value '{value}' cannot be computed as {formula} ({reason}); {fallback}, after `otherwise`, is used instead: {result}",
    ),
    "score.no_actual_missing": (
        "表上也未填写实际完成值，按缺失值处理，得 {score} 分",
        "the form gives no actual either: scored {score} as missing",
    ),
    "score.no_actual_review": (
        "表上也未填写实际完成值，交人工复核，暂不计分，合计为暂定",
        "the form gives no actual either: left for review, not scored; the total is provisional",
    ),
    "score.unit_assumed": (
        "指标“{name}”的目标值“{target}”与实际完成值“{actual}”只有一方写了单位，按同一单位“{unit}”比较",
        "indicator '{name}': only one of target '{target}' and actual '{actual}' states a unit; both are taken to be in {unit}",
    ),
    "score.left_for_review": (
        "指标“{name}”未填写实际完成值，但有说明：交人工复核，暂不计分，合计为暂定",
        "indicator '{name}' has no actual, but an explanation: left for review, not scored; the total is provisional",
    ),
    "score.left_for_review_unexplained": (
        "指标“{name}”未填写实际完成值：按规则交人工复核，暂不计分，合计为暂定",
        "indicator '{name}' has no actual: left for review as the rules say, not scored; the total is provisional",
    ),
    "score.negative_budget": (
        "预算金额“{label}”为负数 {amount}，规则未声明此项可为负（signed）",
        "the budget amount '{label}' is negative ({amount}); the rules do not declare it signed",
    ),
    "score.negative_item_budget": (
        "子项“{name}”的调整预算数为负数 {amount}",
        "sub-item '{name}' has a negative budget ({amount})",
    ),
    "score.negative_item_spent": (
        "子项“{name}”的实际支出数为负数 {amount}",
        "sub-item '{name}' has negative spending ({amount})",
    ),
    "score.negative_total_budget": (
        "子项调整预算数合计为负数 {amount}",
        "the sub-items' declared budget total is negative ({amount})",
    ),
    "score.negative_total_spent": (
        "子项实际支出数合计为负数 {amount}",
        "the sub-items' declared spending total is negative ({amount})",
    ),
    "score.negative_score": (
        "指标“{name}”的自评分为负数 {score}",
        "indicator '{name}' claims a negative score ({score})",
    ),
    "score.negative_weight": (
        "指标“{name}”表上权重为负数 {weight}",
        "indicator '{name}' shows a negative weight ({weight})",
    ),
    "score.negative_weight_not_scored": (
        "指标“{name}”表上权重为负数 {weight}，而“{category}”类按表上权重评分：不予评分",
        "indicator '{name}' shows a negative weight ({weight}), and category '{category}' uses the weights as written: not scored",
    ),
    "score.duplicate_indicator": (
        "指标“{category}·{name}”在表上重复列出（第 {first} 行已列），两行都计入合计，合计为暂定",
        "the indicator “{category} · {name}” is listed again (first as row {first}); both rows count in the total, which is provisional",
    ),
    "score.duplicate_indicator_not_counted": (
        "指标“{category}·{name}”在表上重复列出（第 {first} 行已列）；该类不计入合计",
        "the indicator “{category} · {name}” is listed again (first as row {first}); its category does not count in the total",
    ),
    "score.total_above_maximum": (
        "合计 {total} 超过满分 {maximum}，合计为暂定",
        "the total {total} exceeds the maximum {maximum}; the total is provisional",
    ),
    "score.category_not_applicable": (
        "“{category}”类的指标都不适用：其 {points} 分无法分摊给其他指标，不计入合计",
        "every indicator of category '{category}' is not applicable: its {points} points cannot be shared and do not count in the total",
    ),
    "score.weights_total_subcategory": (
        "“{category}”类二级指标“{subcategory}”的权重合计 {written}，应为 {share}（{total} 分由 {count} 个二级指标平分）",
        "the weights of subcategory '{subcategory}' of category '{category}' sum to {written}, not {share} ({total} points shared by {count} subcategories)",
    ),
    "score.no_weight_column": (
        "表上没有权重列：按表上权重计分的 {count} 行按自评分计入，未按规则重新计算，只核对其合计",
        "the form has no weight column: the {count} rows weighted as written count as claimed, not recomputed by the rules; only their sums are checked",
    ),
    "score.claim_missing": (
        "指标“{name}”既无权重也无自评分，无法计分，待人工复核",
        "indicator '{name}' has neither a weight nor a claimed score: it cannot be scored and is left for review",
    ),
    "score.claimed_above_total": (
        "“{name}”各指标得分之和 {sum} 超过其总分 {total}",
        "the scores of '{name}' sum to {sum}, more than its total {total}",
    ),
    "score.block_total_categories": (
        "指标块“{block}”各类别总分 {shares} = {sum}，应为 {total}",
        "the categories of block '{block}' total {shares} = {sum}, not {total}",
    ),
    "score.block_total_groups": (
        "指标块“{block}”各分组总分 {shares} = {sum}，应为 {total}",
        "the groups of block '{block}' total {shares} = {sum}, not {total}",
    ),
    "score.declared_total_unknown": (
        "表上声明总分的“{name}”不是规则集中的类别、指标块或表上的分组",
        "the declared total '{name}' names no category or block of the rule set and no group of the form",
    ),
    "score.declared_total_rules": (
        "表上“{name}”的总分为 {declared}，规则规定为 {total}",
        "the form declares {declared} for '{name}'; the rules give {total}",
    ),
    "score.declared_total_rows": (
        "表上“{name}”的总分为 {declared}，其指标权重之和为 {sum}",
        "the form declares {declared} for '{name}'; its rows' weights sum to {sum}",
    ),
    "score.group_not_used": (
        "指标“{name}”填写了分组“{group}”，但规则集没有按分组（groups）计分的指标块，分组未被使用",
        "indicator '{name}' gives the group '{group}', but the rule set has no block with groups: the group is not used",
    ),
    "score.group_outside_block": (
        "指标“{name}”填写了分组“{group}”，但“{category}”类不属于按分组计分的指标块“{block}”，分组未被使用",
        "indicator '{name}' gives the group '{group}', but category '{category}' is not part of block '{block}', which has the groups: the group is not used",
    ),
    "score.group_missing": (
        "指标“{name}”没有填写分组，而指标块“{block}”的其他指标分属各组",
        "indicator '{name}' gives no group, while the other rows of block '{block}' belong to groups",
    ),
    # ---- why a value could not be computed ---------------------------------------------------
    "value.division_by_zero": ("{divisor}为 0，不能作除数", "division by zero: {divisor} is 0"),
    "value.amount_absent": ("表上未填写{amount}", "{amount} not given"),
    # ---- how a name differs from a known one (names.explain_difference) ---------------------
    "names.hidden_inside": (
        "“{known}”第 {after} 个字符后多了不可见字符 {code}（{char}）",
        "'{known}' has an invisible character {code} ({char}) after its character {after}",
    ),
    "names.hidden_before": (
        "“{known}”前面多了不可见字符 {code}（{char}）",
        "'{known}' is preceded by an invisible character {code} ({char})",
    ),
    "names.full_width": (
        "第 {position} 个字符“{written}”（{code}）是全角，规则中为“{known}”",
        "character {position} '{written}' ({code}) is full-width; the rules have '{known}'",
    ),
    "names.half_width": (
        "第 {position} 个字符“{written}”（{code}）是半角，规则中为“{known}”",
        "character {position} '{written}' ({code}) is half-width; the rules have '{known}'",
    ),
    "names.compatibility": (
        "第 {position} 个字符“{written}”（{code}）是“{known}”的兼容写法",
        "character {position} '{written}' ({code}) is a compatibility form of '{known}'",
    ),
    "char.zero_width_space": ("零宽空格", "zero width space"),
    "char.zero_width_non_joiner": ("零宽不连字", "zero width non-joiner"),
    "char.zero_width_joiner": ("零宽连字", "zero width joiner"),
    "char.word_joiner": ("词连接符", "word joiner"),
    "char.byte_order_mark": ("字节顺序标记（零宽不换行空格）", "byte order mark (zero width no-break space)"),
    "char.soft_hyphen": ("软连字符", "soft hyphen"),
    "char.direction_mark": ("文字方向标记", "text direction mark"),
    "char.direction_control": ("文字方向控制符", "text direction control"),
    "char.control": ("控制字符", "control character"),
    "char.invisible": ("不可见字符", "invisible character"),
    # ---- explanations -----------------------------------------------------------------------
    "explain.not_scored": ("不予评分：{reason}", "not scored: {reason}"),
    "explain.rule_target": ("目标值 {target} 取自规则", "target {target} from the rules"),
    "explain.rule_target_stated": ("，表上为 {stated}", " (the form states {stated})"),
    "explain.deducted": (
        "扣减 {applied} 分（{reason}）：{before} − {applied} = {after}",
        "deducted {applied} ({reason}): {before} − {applied} = {after}",
    ),
    "explain.deduction_total": (
        "扣减（{reason}）：总分 {before} − {applied} = {after}",
        "deduction ({reason}): total {before} − {applied} = {after}",
    ),
    "explain.deduction_row": (
        "扣减（{reason}）：第 {row} 行指标得分 {before} − {applied} = {after}",
        "deduction ({reason}) from the score of row {row}: {before} − {applied} = {after}",
    ),
    "explain.deduction_floored": ("（申请扣减 {points} 分，受下限限制）", " (of {points} asked: no score goes below its floor)"),
    "explain.deduction_not_applied": ("扣减（{reason}）{points} 分：未扣，原因见发现", "deduction ({reason}) of {points}: not applied, see the findings"),
    "explain.missing": ("未填写实际完成值且无说明，得 {score} 分", "no actual and no explanation: scores {score}"),
    "explain.claimed": ("表上无权重列，按自评分 {score} 计入", "no weight column on the form: the claimed score {score} counts as it stands"),
    "explain.review": (
        "未填写实际完成值，但有说明：交人工复核，暂不计分，总分为暂定",
        "no actual, but an explanation: left for review, not scored, the total is provisional",
    ),
    "explain.dropped": ("不适用：不计分，权重由同类其他指标分摊", "not applicable: dropped, its weight shared by the rest"),
    "explain.full": ("不适用：按规则得满分 {score}", "not applicable: scores full {score}"),
    "explain.unscored": ("未评分", "not scored"),
    "explain.derived": ("实际完成值 {formula} = {numbers} = {value}", "actual {formula} = {numbers} = {value}"),
    "explain.stated": ("（表上填报 {stated}）", " (the form states {stated})"),
    "explain.fallback": (
        "（{formula} 无法计算：{reason}；按 otherwise 之后的算法计算）",
        " ({formula} cannot be computed: {reason}; the way after `otherwise` is used)",
    ),
    "explain.condition_held": ("（因 {condition}，按 then 之后的算法计算）", " (since {condition}: the way after `then`)"),
    "explain.condition_failed": (
        "（因 {condition} 不成立，按 else 之后的算法计算）",
        " ({condition} does not hold: the way after `else`)",
    ),
    "explain.within_target": ("实际 {actual} 未超过目标 {target}", "actual {actual} within target {target}"),
    "explain.linear_reverse": (
        "超过目标后线性递减，至目标的 {zero_at} 为 0",
        "falls linearly past target to 0 at {zero_at} of it",
    ),
    "explain.zero_target": ("目标为 {target}，实际 {actual}", "target {target}, actual {actual}"),
    "explain.completion": ("完成率 {completion}（{how}）", "completion {completion} ({how})"),
    "explain.met": ("达到目标，得满分（{weight}）", "target met: full {weight}"),
    "explain.above_no_deduction": ("超过目标不扣分，得满分 {weight}", "above target, no deduction: full {weight}"),
    "explain.within_threshold": ("未超过 {limit}，得满分 {weight}", "not past {limit}: full {weight}"),
    "explain.above_warn": (
        "超过 {limit}，不扣分但须说明原因，得满分 {weight}",
        "past {limit}: no deduction, but an explanation is required; full {weight}",
    ),
    "explain.above_penalty": (
        "超过 {limit} {points} 个百分点，扣减 {points} × {rate} = {deduction}",
        "{points} points past {limit}, deduction {points} × {rate} = {deduction}",
    ),
    "explain.below_slope": (
        "低于目标 {points} 个百分点，扣减 {points} × {rate} = {deduction}",
        "{points} points below target, deduction {points} × {rate} = {deduction}",
    ),
    "explain.below_slope_difference": (
        "低于目标 {points} 个百分点（按目标值与实际值之差），扣减 {points} × {rate} = {deduction}",
        "{points} points below target (difference of target and actual), deduction {points} × {rate} = {deduction}",
    ),
    "explain.below_steps": (
        "低于目标 {points} 个百分点，每满 {step} 扣 {each} 分，扣 {deducted} 分；{arithmetic}",
        "{points} points below target, {each} points off per full {step}: {deducted} off; {arithmetic}",
    ),
    "explain.below_steps_one": (
        "低于目标 {points} 个百分点，每满 {step} 扣 {each} 分，扣 {deducted} 分；{arithmetic}",
        "{points} points below target, {each} point off per full {step}: {deducted} off; {arithmetic}",
    ),
    "explain.floored": ("（扣完为止）", " (floored at 0)"),
    "explain.qualitative": ("定性指标，实际完成等级 {level}，得分 {arithmetic}", "qualitative, level {level}: {arithmetic}"),
    "explain.placed_word": ("实际完成值“{actual}”归入{place}", "actual '{actual}' is in {place}"),
    "explain.placed_target": ("实际完成值“{actual}”与目标值相同，归入{place}", "actual '{actual}' equals the target: {place}"),
    "explain.placed_met": ("完成于 {actual}，未晚于时限 {target}，归入{place}", "done {actual}, by the deadline {target}: {place}"),
    "explain.placed_missed": ("完成于 {actual}，晚于时限 {target}，归入{place}", "done {actual}, after the deadline {target}: {place}"),
    "explain.place_band": ("档“{band}”{interval}", "band {band} {interval}"),
    "explain.place_level": ("等级 {level}", "level {level}"),
    "explain.band_points": ("该档为 {weight} × {interval} = {range} 分", "the band is {weight} × {interval} = {range} points"),
    "explain.band_accepted": ("自评分 {claimed} 在档内，予以采纳", "claimed {claimed} is inside it: accepted"),
    "explain.band_accepted_rounded": (
        "自评分 {claimed} 在档内，予以采纳，{rounding}后为 {score}",
        "claimed {claimed} is inside it: accepted, {rounding}: {score}",
    ),
    "explain.band_adjusted": ("自评分 {claimed} 不在档内，按档内最接近的 {score} 分计", "claimed {claimed} is outside it: {score}, the nearest score inside"),
    "explain.band_unclaimed": ("未填自评分，按该档最低分 {score} 计", "no claimed score: the band's lowest, {score}"),
    "explain.qualitative_band": (
        "定性指标，实际完成等级 {level}（{band}），得分 {arithmetic}",
        "qualitative, level {level} ({band}): {arithmetic}",
    ),
    "explain.total": ("合计 {total}（满分 {maximum}），等级 {grade}", "total {total} of {maximum}, grade {grade}"),
    "explain.total_provisional": (
        "合计 {total}（满分 {maximum}），等级 {grade}，暂定（原因见下列问题）",
        "total {total} of {maximum}, grade {grade}, provisional (see the findings)",
    ),
    "weight.fixed": ("固定权重 {weight}", "fixed weight {weight}"),
    "weight.split": ("均分权重 {weight}", "split weight {weight}"),
    "weight.form": ("表上权重 {weight}", "weight as written {weight}"),
    "weight.rescaled": ("重新分摊的权重 {weight}", "rescaled weight {weight}"),
    "weight.other": ("权重 {weight}", "weight {weight}"),
    "round.half_up": ("四舍五入至 {quantum}", "rounded half-up to {quantum}"),
    "round.half_even": ("银行家舍入至 {quantum}", "rounded half-even to {quantum}"),
    "round.half_down": ("五舍六入至 {quantum}", "rounded half-down to {quantum}"),
    "round.down": ("截尾至 {quantum}", "truncated to {quantum}"),
    "round.up": ("进一至 {quantum}", "rounded up to {quantum}"),
    "round.floor": ("向下取整至 {quantum}", "rounded toward −∞ to {quantum}"),
    "round.ceiling": ("向上取整至 {quantum}", "rounded toward +∞ to {quantum}"),
    # ---- using a result ---------------------------------------------------------------------
    "result.language_not_kept": (
        "此结果只保留了以下语言的文字：{kept}；无法给出“{lang}”",
        "this result keeps its texts only in {kept}; it cannot give them in '{lang}'",
    ),
    "result.no_explanation": (
        "此结果读入时不含说明（explain=False），无法给出说明",
        "this result was read without explanations (explain=False); there is none to give",
    ),
    "result.not_json": ("不是 JSON 文本（第 {line} 行第 {column} 列）", "not JSON text (line {line}, column {column})"),
    "result.missing_key": ("不是评分结果的 JSON：{place} 缺少“{key}”", "not the JSON of a result: {place} has no '{key}'"),
    "result.bad_value": (
        "不是评分结果的 JSON：{place} 中有值的类型或写法不对（见 result_json_schema()）",
        "not the JSON of a result: a value in {place} is of the wrong type or form (see result_json_schema())",
    ),
    "result.not_picklable": (
        "此规则集不是由规则文件编译而来，无法序列化",
        "this rule set was not compiled from a rule file, so it cannot be pickled",
    ),
}
