"""Messages of the rule-language stages: reading, parsing and checking rule files, and loading them.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
Ids by stage: `syntax.*` (parser), `check.*` (checker), `load.*` (loader). The `term.*`, `owner.*`,
`kind.*` and `param.*` entries are phrases put into other messages (`{what}`, `{owner}`), so a
sentence is never assembled from English words: `category '产出'` is 类别“产出” in Chinese.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "hint.did_you_mean": ("是否应为“{name}”？", "did you mean '{name}'?"),
    "hint.known": ("已有：{names}", "known: {names}"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    # ---- syntax: what the parser expected (the terminals of grammar.lark)
    "syntax.unexpected_token": ("此处不应出现“{found}”，应为{expected}", "unexpected '{found}'; expected {expected}"),
    "syntax.ends_early": ("文件在此处提前结束，应为{expected}", "the file ends too early; expected {expected}"),
    "syntax.unexpected_character": ("此处不应出现字符“{char}”", "unexpected character '{char}'"),
    "syntax.unexpected_character_expected": (
        "此处不应出现字符“{char}”，应为{expected}",
        "unexpected character '{char}'; expected {expected}",
    ),
    "syntax.unclosed_quote": (
        "未闭合的引号：引号中的文字须在同一行内以半角引号 \" 结束",
        'unclosed quote: a quoted text ends with " on the same line',
    ),
    "syntax.full_width": (
        "全角字符“{char}”（{code}），应为半角“{ascii}”",
        "full-width character '{char}' ({code}); write the ASCII '{ascii}'",
    ),
    "syntax.number_range": (
        "{number} 超出范围：规则文件中的数须在 1E-30 与 1E20 之间",
        "{number} is out of range: numbers in a rule file lie between 1E-30 and 1E20",
    ),
    "syntax.one_of": ("以下之一：{items}", "one of {items}"),
    "syntax.term.name": ("名称", "a name"),
    "syntax.term.string": ('带引号的文字（"…"）', 'a quoted text ("…")'),
    "syntax.term.number": ("数值", "a number"),
    "syntax.term.year": ("年份（四位数字）", "a year (four digits)"),
    "syntax.term.date": ("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
    "syntax.term.end": ("文件结尾", "the end of the file"),
    # ---- loading a rule file
    "load.no_such_file": ("找不到规则文件（随附的规则集：{names}）", "no such rule file (shipped rule sets: {names})"),
    "load.no_such_file_alone": ("找不到规则文件", "no such rule file"),
    "load.looks_like_text": (
        "这像是规则文件的内容而不是文件名：规则文本请用 evalrules.loads(text) 读取",
        "this looks like rule-file text, not a file name: load text with evalrules.loads(text)",
    ),
    "load.is_directory": ("这是文件夹，不是规则文件", "a directory, not a rule file"),
    "load.no_permission": ("没有读取该文件的权限", "permission denied: the file cannot be read"),
    "load.unreadable": ("无法读取该文件（{reason}）", "the file cannot be read ({reason})"),
    "load.not_utf8": (
        "文件不是 UTF-8 编码：此处的字节 {byte} 不是有效的 UTF-8",
        "not UTF-8 text: the byte {byte} here is not valid UTF-8",
    ),
    "load.looks_gb18030": ("该文件似乎是 GB18030（GBK）编码，请另存为 UTF-8", "the file looks like GB18030 (GBK) text: save it as UTF-8"),
    "load.looks_utf16": ("该文件似乎是 UTF-16 编码，请另存为 UTF-8", "the file looks like UTF-16 text: save it as UTF-8"),
    "load.not_a_path": (
        "load() 需要规则文件的路径或随附规则集的名称，而不是 {kind}",
        "load() takes a rule file's path or a shipped rule set's name, not {kind}",
    ),
    "load.not_text": ("loads() 需要规则文件的文本（str），而不是 {kind}", "loads() takes rule-file text (a str), not {kind}"),
    "load.extends_missing": (
        "找不到要扩展的规则文件“{name}”：{folder} 中没有该文件，也不是随附的规则集（{names}）",
        "the file to extend, '{name}', is neither in {folder} nor a shipped rule set ({names})",
    ),
    "load.extends_no_folder": (
        "“{name}”不是随附的规则集（{names}）；由文本读取的规则要扩展其他文件，请用 loads(text, name, base=所在文件夹)",
        "'{name}' is not a shipped rule set ({names}); rule text extends a file of a folder only with loads(text, name, base=FOLDER)",
    ),
    "load.extends_cycle": ("规则文件循环扩展：{loop}", "rule files extend each other in a cycle: {loop}"),
    "load.part_cannot_score": (
        "“{title}”是规则片段（part），不能单独用于评分：规则集以 extends 引用它的各块",
        "'{title}' is a part (规则片段): it cannot score a form on its own; a rule set takes its blocks with `extends`",
    ),
    # ---- phrases put into checker messages: kinds of names
    "term.budget_field": ("预算字段", "budget field"),
    "term.value": ("计算值", "value"),
    "term.qualitative_scheme": ("定性指标算法", "qualitative scheme"),
    "term.quantitative_scheme": ("定量指标算法", "quantitative scheme"),
    "term.category": ("指标类别", "category"),
    "term.indicator": ("指标", "indicator"),
    "term.indicator_rule": ("指标规则", "indicator rule"),
    "term.word": ("等级词", "word"),
    "term.grade": ("评价等级", "grade"),
    "term.band": ("档", "band"),
    "term.check": ("复核检查", "check"),
    "term.block": ("指标块", "block"),
    "term.collection": ("数据集合", "collection"),
    "term.number": ("数值", "number"),
    "term.required_indicator": ("必备指标", "required indicator"),
    # the owner of a clause
    "owner.qualitative_scheme": ("定性指标算法“{name}”", "qualitative scheme '{name}'"),
    "owner.quantitative_scheme": ("定量指标算法“{name}”", "quantitative scheme '{name}'"),
    "owner.category": ("指标类别“{name}”", "category '{name}'"),
    "owner.indicator": ("指标规则“{name}”", "indicator '{name}'"),
    "owner.check": ("复核检查“{name}”", "check '{name}'"),
    "owner.block": ("指标块“{name}”", "block '{name}'"),
    "owner.value": ("计算值“{name}”", "value '{name}'"),
    "owner.named_block": ("{keyword} 块“{name}”", "{keyword} '{name}'"),
    "owner.singleton": ("{keyword} 块", "the {keyword} block"),
    # what a clause states
    "kind.completion": ("完成率算法（completion）", "completion"),
    "kind.reverse": ("反向指标算法（reverse）", "reverse"),
    "kind.completion_rounding": ("完成率舍入（round completion）", "completion rounding"),
    "kind.below": ("未达目标的扣分（below）", "below"),
    "kind.above": ("超过目标的处理（above）", "above"),
    "kind.score_rounding": ("得分舍入（round score）", "score rounding"),
    "kind.bare_actual": ("无单位实际值的读法（bare actual unit from target）", "bare actual"),
    "kind.levels": ("等级（levels 或 bands）", "levels"),
    "kind.words": ("等级词（words）", "words"),
    "kind.as_target": ("与目标值相同的实际值（as_target）", "as_target"),
    "kind.deadline": ("完成时限（deadline）", "deadline"),
    "kind.weights": ("权重（weights）", "weights"),
    "kind.exclusion": ("不计入总分（excluded from total）", "exclusion"),
    "kind.categories": ("所含类别（categories）", "categories"),
    "kind.groups": ("分组（groups）", "groups"),
    "kind.actual": ("实际完成值的来源（actual）", "actual"),
    "term.percentage": ("百分数", "a percentage"),
    "term.plain_number": ("不带 % 的数", "a plain number"),
    "kind.required": ("必备指标（required）", "required rows"),
    "kind.optional": ("可缺类别（optional）", "optional clause"),
    "kind.aliases": ("别名（aliases）", "aliases"),
    "kind.target": ("目标值（target）", "target"),
    # what a number is
    "param.level": ("等级", "a level"),
    "param.band_bound": ("档的边界", "a band's bound"),
    "param.word_share": ("等级词“{word}”的比例", "the share of '{word}'"),
    "param.as_target_share": ("`as_target` 的比例", "the share of `as_target`"),
    "param.deadline_share": ("`deadline` 的比例", "a share of `deadline`"),
    "param.zero_at": ("反向指标得零分的点", "the point where a reverse indicator reaches 0"),
    "param.deduction_rate": ("扣分比例", "a deduction rate"),
    "param.step_points": ("每档扣减的分数", "the points deducted per step"),
    "param.shortfall_step": ("每档差距", "a step of shortfall"),
    "param.above_threshold": ("超过目标的界限", "a threshold above target"),
    "param.maximum": ("满分", "the maximum"),
    "param.category_total": ("类别总分", "a category total"),
    "param.block_total": ("指标块总分", "a block total"),
    "param.grade_threshold": ("等级分数线", "a grade threshold"),
    "param.tolerance": ("容差", "a tolerance"),
    "param.missing_score": ("缺失值的得分", "the score of a missing actual"),
    "param.score_rounding": ("得分舍入", "rounding a score"),
    "param.completion_rounding": ("完成率舍入", "rounding completion"),
    "param.apportion": ("分摊权重", "apportioning weights"),
    "param.deduction_floor": ("扣减后总分的下限（floor）", "the floor of the total after deductions"),
    # ---- checker: names
    "check.unknown_name": ("未定义的{what}“{name}”", "unknown {what} '{name}'"),
    "check.duplicate": ("{what}“{name}”重复定义（首次定义在第 {line} 行）", "duplicate {what} '{name}' (first declared at line {line})"),
    "check.second_block": ("一个规则集只能有一个 {block} 块，这是第二个", "a rule set has one {block} block; this is a second one"),
    "check.states_twice": ("{owner}的{kind}写了两次（另见第 {line} 行）", "{owner} states its {kind} twice (also at line {line})"),
    # numbers
    "check.share_range": ("{what}须在 {low}% 到 {high}% 之间", "{what} must lie between {low}% and {high}%"),
    "check.positive": ("{what}必须大于 0", "{what} must be greater than 0"),
    "check.needs_percent": ("{what}是百分数：应写作 {number}%（或所指的比例）", "{what} is a percentage: write {number}% (or the share you mean)"),
    "check.needs_points": ("{what}以分为单位，不能写成百分数：{number}", "{what} is in points, not a percentage: {number}"),
    "check.rounding_mode": ("未知的舍入方式“{mode}”", "unknown rounding mode '{mode}'"),
    "check.rounding_step": (
        "舍入单位须是 10 的整数次幂，如 1、0.1、0.01 或 0.01%，不能是 {number}",
        "a rounding step must be a power of ten such as 1, 0.1, 0.01 or 0.01%, not {number}",
    ),
    "check.rounding_step_fine": ("不支持比 {finest} 更细的舍入单位：{number}", "a rounding step finer than {finest} is not supported: {number}"),
    "check.coarse_step": (
        "{what}以 {number} 为单位，比自评表实际所用的都粗（至多 {most}），请确认是否有误",
        "{what} in steps of {number} is coarser than any form uses (at most {most}): check that it is meant",
    ),
    "check.rate_too_high": (
        "每个百分点扣 {number}，超过了全部权重：扣分比例须在 0% 到 100% 之间",
        "a deduction of {number} per point is more than the whole weight: a rate lies between 0% and 100%",
    ),
    "check.far_threshold": (
        "{what}为 {number}，远超任何实际完成情况（超过 {far}），请确认是否有误",
        "{number} as {what} is far beyond any real result (above {far}): check that it is meant",
    ),
    "check.step_never_reached": (
        "每档差距 {number} 超过 100%，完成率的差距不会达到，永远不会扣分",
        "a step of shortfall of {number} is above 100%: no shortfall reaches it, so nothing is ever deducted",
    ),
    "check.step_points_above_total": (
        "每档扣 {number} 分，超过最大的类别总分 {total}：差一档就扣完全部权重",
        "{number} points a step is more than the largest category total {total}: one step takes the whole weight",
    ),
    "check.missing_score_above_weights": (
        "缺失值得 {number} 分，超过任何指标可能的权重（最大 {largest}）：得分以权重为上限，缺失值反而得满分",
        "a missing actual scores {number}, more than any indicator's weight can be (at most {largest}): "
        "the score is capped at the weight, so a missing actual scores full marks",
    ),
    "check.missing_score_negative": ("缺失值的得分不能为负数", "a score for a missing value cannot be negative"),
    "check.weight_percent": ("权重以分为单位，不能写成百分数", "a weight is in points, not a percentage"),
    "check.weight_zero": ("指标“{name}”的权重为 0：它永远不计入总分", "a weight of 0: '{name}' never counts toward the total"),
    # the whole file and its metadata
    "check.no_category": ("规则集没有定义任何指标类别", "the rule set declares no category"),
    "check.extends_first": (
        "extends 须写在规则文件的最前面（只有注释可以在它之前），且只能写一次",
        "extends comes first in a rule file (only comments before it), and once",
    ),
    "check.extends_unresolved": (
        "未读取要扩展的规则文件“{name}”：请用 evalrules.load 或 evalrules.loads 读取本文件",
        "the file to extend, '{name}', was not read: load this file with evalrules.load or evalrules.loads",
    ),
    "check.needs_override": (
        "{owner}已在 {where} 定义；如要修改，请写作 override {keyword} …",
        "{owner} is already defined at {where}; write `override {keyword} …` to change it",
    ),
    "check.override_nothing": (
        "override {owner}：所扩展的规则文件中没有可覆盖的同名块",
        "override of {owner}: the file extended has no such block to override",
    ),
    "check.override_without_extends": (
        "override {owner}：本文件没有扩展其他规则文件（extends），没有可覆盖的块",
        "override of {owner}: this file extends no other (`extends`), so there is nothing to override",
    ),
    "check.override_kind": (
        "override {owner}不能改变{kind}的种类：{where} 写的是 {old}，这里写的是 {new}",
        "override of {owner} cannot change the kind of its {kind}: {old} at {where}, {new} here",
    ),
    "check.override_percent": (
        "override {owner}不能把{kind}由{old_form}（{old}，见 {where}）改为{new_form}（{new}）",
        "override of {owner} cannot change its {kind} from {old_form} ({old}, at {where}) to {new_form} ({new})",
    ),
    "check.second_part": (
        "一个文件只能有一行 part，这是第二行（第一行在第 {line} 行）",
        "a file has one `part` line; this is a second one (the first is at line {line})",
    ),
    "check.part_and_ruleset": (
        "本文件在第 {line} 行声明为规则片段（part），不能再有 ruleset 块：一个文件要么是规则集，要么是规则片段",
        "this file is a part (`part` at line {line}), so it has no ruleset block: a file is a rule set or a part, not both",
    ),
    "check.part_extends_ruleset": (
        "规则片段只能扩展另一个规则片段，而“{name}”是规则集",
        "a part extends only another part; '{name}' is a rule set",
    ),
    "check.no_ruleset_extends_part": (
        '所扩展的是规则片段：规则集须写自己的 ruleset 块；如本文件也是规则片段，请写 part "标题"',
        'the file extended is a part: a rule set writes its own ruleset block; if this file is a part too, write part "title"',
    ),
    "check.no_ruleset": ('规则集缺少 `ruleset "标题" {{ … }}` 块', 'the rule set has no `ruleset "title" {{ … }}` block'),
    "check.no_missing": (
        "规则集没有说明缺失的实际完成值如何评分（`missing {{ … }}`）",
        "the rule set does not say how a missing actual is scored (`missing {{ … }}`)",
    ),
    "check.not_a_date": ("“{date}”不是有效的日期", "'{date}' is not a calendar date"),
    "check.ends_before_start": ("规则集的结束日期（{end}）早于开始日期（{start}）", "the rule set ends ({end}) before it starts ({start})"),
    "check.year_unusual": ("年度 {year} 似乎有误：规则集的年度应在 2000 到 2099 之间", "year {year} looks mistyped: a rule set's year lies between 2000 and 2099"),
    "check.effective_outside_year": (
        "有效期 {start} 至 {end} 不包含规则集的年度 {year}",
        "the effective period {start} to {end} does not include the rule set's year {year}",
    ),
    "check.maximum_mismatch": ("各类别总分之和为 {computed}，与声明的满分 {maximum} 不符", "the category totals sum to {computed}, not the declared maximum {maximum}"),
    "check.rescale_needs_step": (
        "按比例重新分配指标类别“{category}”的权重需要写明分摊单位：`rescale apportion 0.01`",
        "rescaling the weights of category '{category}' needs a step: `rescale apportion 0.01`",
    ),
    # budget and values
    "check.value_is_budget_field": ("“{name}”已经是预算字段", "'{name}' is already a budget field"),
    "check.value_too_long": ("计算值“{name}”的表达式太长（超过 {most} 项）", "the expression of '{name}' is too long (over {most} terms)"),
    "check.call_in_value": ("“{function}(…)”只能用于复核检查；计算值只能对金额做四则运算", "'{function}(…)' belongs to checks; a value is arithmetic on amounts"),
    "check.value_unknown_reference": (
        "“{name}”既不是已声明的预算字段，也不是在此之前定义的计算值",
        "'{name}' is neither a declared budget field nor a value declared above",
    ),
    # qualitative schemes
    "check.no_levels": ("{owner}没有写 `levels`、`bands` 或 `words`", "{owner} states neither `levels`, `bands` nor `words`"),
    "check.level_percent": (
        "等级是权重的比例，须带 % 写（如 50%），不能写 {number}",
        "a level is a share of the weight, written with % (such as 50%), not {number}",
    ),
    "check.level_twice": ("等级 {number} 重复列出", "level {number} is listed twice"),
    "check.word_level_unknown": ("{number} 不是本算法的等级之一", "{number} is not one of the levels of this scheme"),
    "check.place_needs_bands": (
        "{owner}没有写 `bands`：“{name}”不能作为档的名称（或写成比例，如 80%）",
        "{owner} states no `bands`: '{name}' cannot name a band (or write a share, such as 80%)",
    ),
    "check.band_needs_rounding": (
        "{owner}把实际值归入档“{name}”，档内得分取自评分并按 `round score` 舍入：须写明 `round score`",
        "{owner} places actuals in band '{name}', where the score is the claimed one rounded by `round score`: state `round score`",
    ),
    "check.deadline_same": (
        "`deadline` 的达到与未达到都归入 {place}：按时与否得分相同",
        "`deadline` places met and missed both in {place}: meeting the deadline would change nothing",
    ),
    "check.interval_empty": ("{what}“{name}”是空区间：{interval}", "{what} '{name}' is empty: {interval}"),
    "check.gap_from_start": ("{what}之间有空缺：{low} 到 {high} 之间没有覆盖", "{what}s leave a gap: nothing covers {low} up to {high}"),
    "check.gap_between": ("{what}之间有空缺：“{before}”与“{after}”之间没有覆盖", "{what}s leave a gap between '{before}' and '{after}'"),
    "check.overlap": ("{what}“{name}”与“{other}”重叠", "{what} '{name}' overlaps '{other}'"),
    # quantitative schemes
    "check.scheme_unsaid_completion": (
        "定量指标算法“{name}”没有说明正向指标（≥ 目标）如何计算完成率（`completion ratio`）",
        "quantitative scheme '{name}' does not say how to score completion for ≥ targets (`completion ratio`)",
    ),
    "check.scheme_unsaid_reverse": (
        "定量指标算法“{name}”没有说明反向指标（≤ 目标）如何评分（`reverse inverse_ratio` 或 `reverse linear zero at …`）",
        "quantitative scheme '{name}' does not say how to score ≤ targets (`reverse inverse_ratio` or `reverse linear zero at …`)",
    ),
    "check.scheme_unsaid_below": (
        "定量指标算法“{name}”没有说明未达目标时如何评分（`below …`）",
        "quantitative scheme '{name}' does not say how to score results below target (`below …`)",
    ),
    "check.scheme_unsaid_above": (
        "定量指标算法“{name}”没有说明超过目标时如何评分（`above …`）",
        "quantitative scheme '{name}' does not say how to score results above target (`above …`)",
    ),
    "check.like_loop": ("“{name}”的 `like` 引用形成了循环：{loop}", "the `like` chain of '{name}' loops: {loop}"),
    "check.zero_at_low": ("反向指标得零分的点须高于 100%", "the point where a reverse indicator reaches 0 must be above 100%"),
    "check.threshold_low": ("超过目标的界限须不低于 100%", "a threshold above target must be at least 100%"),
    # categories and indicators
    "check.no_weights": ("{owner}没有说明权重如何确定（`weights …`）", "{owner} does not say how its weights are set (`weights …`)"),
    "check.no_scheme_quantitative": ("{owner}没有指定定量指标算法（`quantitative 名称`）", "{owner} names no quantitative scheme (`quantitative 名称`)"),
    "check.no_scheme_qualitative": ("{owner}没有指定定性指标算法（`qualitative 名称`）", "{owner} names no qualitative scheme (`qualitative 名称`)"),
    "check.scheme_twice_quantitative": ("{owner}指定了两次定量指标算法", "{owner} names a quantitative scheme twice"),
    "check.scheme_twice_qualitative": ("{owner}指定了两次定性指标算法", "{owner} names a qualitative scheme twice"),
    "check.fixed_sum": ("固定权重之和为 {sum}，与声明的总分 {total} 不符", "the fixed weights sum to {sum}, not the declared total {total}"),
    "check.fixed_empty": ("固定权重没有列出任何指标", "fixed weights name no indicator"),
    "check.apportion_multiple": (
        "总分 {total} 不是分摊步长 {step} 的整数倍：按 {step} 分摊的各项之和不可能恰为 {total}",
        "the total {total} is not a multiple of the step {step}: shares in steps of {step} cannot sum to it",
    ),
    # blocks
    "check.block_is_category": (
        "指标块“{name}”与第 {line} 行的指标类别同名：表上声明的总分将无法区分",
        "block '{name}' has the name of the category at line {line}: a total the form declares could not be told apart",
    ),
    "check.block_no_categories": ("{owner}没有列出所含类别（`categories 产出 效益 …`）", "{owner} lists no categories (`categories 产出 效益 …`)"),
    "check.groups_twice": (
        "只能有一个指标块写 `groups`（另见第 {line} 行）：表上的分组名称须能确定属于哪个块",
        "only one block may state `groups` (also at line {line}): a form's group names must belong to one block",
    ),
    "check.category_in_two_blocks": (
        "指标类别“{name}”已列入第 {line} 行的指标块：一个类别只能属于一个块",
        "category '{name}' is already listed at line {line}: a category belongs to one block",
    ),
    "check.block_excluded": (
        "指标类别“{name}”不计入总分（excluded from total），不能列入指标块“{block}”",
        "category '{name}' is excluded from the total and cannot be part of block '{block}'",
    ),
    "check.free_total_outside_block": (
        "指标类别“{name}”的总分未定（`weights as_written` 未写 total），只能用在指标块中，由块的总分约束",
        "category '{name}' has a free total (`weights as_written` without `total`), which only a block can bound",
    ),
    "check.block_sum": (
        "指标块“{name}”各类别总分之和为 {sum}，与块的总分 {total} 不符",
        "the categories of block '{name}' sum to {sum}, not the block's total {total}",
    ),
    "check.block_sum_free": (
        "指标块“{name}”中固定的类别总分之和已达 {sum}（块的总分 {total}），未给总分未定的类别留下分数",
        "the fixed category totals of block '{name}' already reach {sum} of its {total}, leaving nothing for its free categories",
    ),
    "check.target_unreadable": ("目标值“{target}”无法读取：{problem}", "the target \"{target}\" cannot be read: {problem}"),
    "check.alias_is_name": ("别名“{alias}”就是名称本身", "the alias '{alias}' is the name itself"),
    "check.alias_clash": (
        "别名“{alias}”与第 {line} 行的{what}同名：表上写“{alias}”的行将无法区分",
        "the alias '{alias}' is the name of the {what} at line {line}: a row written '{alias}' could be either",
    ),
    "check.alias_twice": (
        "别名“{alias}”已是“{name}”（第 {line} 行）的别名",
        "the alias '{alias}' already stands for '{name}' (line {line})",
    ),
    "check.required_is_alias": (
        "“{name}”是指标“{canonical}”的别名：必备指标请写规则中的名称“{canonical}”",
        "'{name}' is an alias of the indicator '{canonical}': name a required row by the rules' name '{canonical}'",
    ),
    "check.required_not_fixed": (
        "“{category}”类的指标权重固定，其中没有指标“{name}”：表上不会有这样的行",
        "category '{category}' has fixed weights and no indicator '{name}': no row of a form can meet this requirement",
    ),
    "check.actual_twice": ("{owner}的实际完成值（actual）写了两次", "{owner} states its actual twice"),
    "check.indicator_unweighted": (
        "没有任何类别为名为“{name}”的指标设定权重：各类别都是固定权重且都不含此名称，这条规则永远不会生效",
        "no category weighs an indicator named '{name}': every category has fixed weights and none names it, "
        "so this rule never applies",
    ),
    "check.indicator_near_fixed": (
        "指标规则“{name}”与固定权重指标“{fixed}”（第 {line} 行）只差一点，疑为笔误：表上的指标只能对上其中一种写法，这条规则可能永远不会生效",
        "indicator rule '{name}' differs slightly from the fixed-weight indicator '{fixed}' (line {line}), "
        "likely a typo: a form row matches only one spelling, so this rule may never apply",
    ),
    "check.where_unweighted": (
        "复核检查“{check}”只检查名为“{name}”的指标，但没有任何类别为此名称设定权重：这项检查永远不会生效",
        "check '{check}' chooses rows named '{name}', but no category weighs an indicator of that name: "
        "the check never applies",
    ),
    "check.where_near_fixed": (
        "复核检查“{check}”只检查名为“{name}”的指标，与固定权重指标“{fixed}”（第 {line} 行）只差一点，疑为笔误：这项检查可能永远不会生效",
        "check '{check}' chooses rows named '{name}', which differs slightly from the fixed-weight indicator "
        "'{fixed}' (line {line}), likely a typo: the check may never apply",
    ),
    # missing values and not_applicable
    "check.missing_case_twice": ("`{case} explanation` 写了两次", "`{case} explanation` is stated twice"),
    "check.missing_case_absent_without": ("`missing` 没有说明无说明时如何处理（`without explanation …`）", "`missing` does not say what happens without an explanation"),
    "check.missing_case_absent_with": ("`missing` 没有说明有说明时如何处理（`with explanation …`）", "`missing` does not say what happens with an explanation"),
    "check.na_word_empty": ("空字符串不能用来标记指标不适用", "an empty word cannot mark an indicator as not applicable"),
    "check.na_word_twice": ("“{word}”重复列出", "'{word}' is listed twice"),
    # audit checks
    "check.two_messages": ("{owner}有两条 `{language}` 说明", "{owner} has two `{language}` messages"),
    "check.one_require": ("{owner}须有且仅有一条 `require …`", "{owner} needs exactly one `require …`"),
    "check.one_at": ("{owner}须有且仅有一条 `at …`", "{owner} needs exactly one `at …`"),
    "check.no_message": ('{owner}缺少 `{language} "…"` 说明', '{owner} has no `{language} "…"` message'),
    "check.where_needs_row": ("`where` 用于筛选行，需要 `for each 行 in …`", "`where` chooses rows: it needs `for each ROW in …`"),
    "check.within_numbers": ("`within` 只能用于两个数之间的 = 或 !=", "`within` goes with = or != between numbers only"),
    "check.difference_needs_numbers": ("{{difference}} 需要数值，而这项检查比较的是文字", "{{difference}} needs numbers; this check compares texts"),
    "check.is_needs_text": ('`is "…"` 用于比较行中的文字字段与一段文字', '`is "…"` compares a text field of a row with a text'),
    "check.text_fields_here": ("此处的文字字段：{fields}", "text fields here: {fields}"),
    "check.text_fields_rows": ("只有行（`for each …`）有文字字段", "only rows (`for each …`) have text fields"),
    "check.text_compared": (
        '“{name}”是文字：请用 `is "…"` 或 `is not "…"` 比较',
        "'{name}' is a text: compare it with `is \"…\"` or `is not \"…\"`",
    ),
    "check.expression_too_long": ("表达式太长（超过 {most} 项）", "an expression is too long (over {most} terms)"),
    "check.unknown_function": ("未知的函数“{name}”", "unknown function '{name}'"),
    "check.sum_argument": ("sum(…) 对一个集合中的某个数值字段求和", "sum(…) adds one numeric field over a collection"),
    "check.such_as": ("例如 {fields}", "such as {fields}"),
    "check.at_rules_rows": (
        "`at` 指向的是自评表上的位置；{collection} 的行来自规则本身，不在表上",
        "`at` points into the form; the rows of {collection} are the rules' own, not the form's",
    ),
    "check.at_point_at_list": ("请改为指向整个列表，如 `at indicators`", "point at the list instead, such as `at indicators`"),
    "check.at_computed": (
        "`at` 指向的是自评表上的位置；“{field}”由规则计算，表上并没有填写",
        "`at` points into the form; '{field}' is computed by the rules, not written on it",
    ),
    "check.at_not_field": ("`at` 应指向记录中的字段，而不是“{name}”", "`at` names a field of the record, not '{name}'"),
    "check.unknown_placeholder": ("未知的占位符 {{{name}}}", "unknown placeholder {{{name}}}"),
    "check.one_when": ("{owner}只能有一条 `when …`；多个条件请用 `and` 连接", "{owner} has more than one `when …`; join conditions with `and`"),
    "check.empty_needs_text": (
        "`is empty` 用于判断行中的文字字段是否为空",
        "`is empty` tests whether a text field of a row is empty",
    ),
    "check.truth_needs_flag": (
        "`is true` / `is false` 只能用于 {flags}",
        "`is true` / `is false` go with {flags} only",
    ),
    "check.flag_compared": (
        "“{name}”只有是与否：请用 `is true` 或 `is false` 判断",
        "'{name}' is true or false: test it with `is true` or `is false`",
    ),
    "check.printed_comparator": (
        "`as printed` 只能用于 = 或 !=",
        "`as printed` goes with = or != only",
    ),
    "check.printed_within": (
        "`as printed` 已按表上的小数位比较，不能再加 `within`",
        "`as printed` already compares at the printed decimals: it takes no `within`",
    ),
    "check.printed_needs_field": (
        "`as printed` 按表上填写的小数位比较：左边须是表上填写的数字字段",
        "`as printed` compares at the decimals the form prints: its left side must be a number written on the form",
    ),
    "check.choice_in_check": (
        "`{word}` 只能用于计算值：请先定义一个 `value`，再在检查中使用它的名称",
        "`{word}` belongs to values: declare a `value` and use its name in the check",
    ),
    "check.choice_kinds": (
        "`{word}` 的两种算法计量的不是同一种量：一种是{first}，另一种是{second}",
        "the two ways of `{word}` measure different things: {first} and {second}",
    ),
    "check.value_condition_numbers": (
        "计算值的 `if` 条件只能比较数（金额、计算值、数字）",
        "the condition of a value's `if` compares numbers (amounts, values, numbers) only",
    ),
    "check.printed_in_value": (
        "计算值的 `if` 条件没有表上填写的数可按小数位比较，不能用 `as printed`",
        "a value's `if` has no printed number to compare at its decimals: `as printed` is for checks",
    ),
    "measure.amount": ("金额", "an amount"),
    "measure.rate": ("比率", "a rate"),
    "measure.number": ("不带单位的数", "a plain number"),
    # grades
    "check.grades_mixed": ("等级要么都用 `>=` 分数线，要么都用区间，不能混用", "grades use either `>=` thresholds or intervals, not both"),
    "check.otherwise_twice": ("只能有一个等级写 `otherwise`", "only one grade can be `otherwise`"),
    "check.otherwise_last": ("`otherwise` 等级须放在最后", "the `otherwise` grade comes last"),
    "check.grade_order": (
        "等级“{name}”（≥ {threshold}）与“{other}”（≥ {other_threshold}）重叠：分数线须从高到低排列",
        "grade '{name}' (≥ {threshold}) overlaps '{other}' (≥ {other_threshold}): list thresholds from high to low",
    ),
    "check.grade_gap": (
        "等级有空缺：总分低于 {threshold} 时没有对应等级（请加上 `… otherwise` 或 `… >= 0`）",
        "grades leave a gap: a total below {threshold} has no grade (add `… otherwise` or `… >= 0`)",
    ),
    "check.grade_interval_mixed": (
        "等级区间 {interval} 一端是满分的比例、一端是分数：两端须同用 % 或同用分数",
        "grade interval {interval} has a share of the maximum at one end and points at the other: write both ends with % or both in points",
    ),
    "check.grade_unreachable": (
        "等级“{name}”需要至少 {threshold} 分，高于规则集的满分 {maximum}：任何自评表都达不到",
        "grade '{name}' needs at least {threshold}, more than the rule set's maximum {maximum}: no form can reach it",
    ),
}
