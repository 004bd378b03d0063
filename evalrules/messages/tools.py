"""Messages of the tools for rule authors and testers: fmt, test (and its coverage), verify, lsp.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
Ids start with the command's name (`fmt.`, `test.`, `coverage.`, `verify.`, `lsp.`); the help
texts of the commands' arguments are `help.<command>_…`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- verify ----------------------------------------------------------------------------------
    "help.verify": (
        "检查规则文件本身的性质：对为它生成的表单验证得分不超过权重、完成得越好得分不会越低等承诺",
        "check properties of a rule file itself on forms generated for it: no score above its weight, a better result never scores lower, …",
    ),
    "help.verify_rules": ("规则文件、内置规则集名称或文件夹（其中所有 .rules 文件）", "rule files, shipped rule set names, or folders (every .rules file in them)"),
    "help.verify_examples": ("每条性质检查的表单数（默认 {default}）", "forms to check each property on (default {default})"),
    "help.verify_seed": ("生成表单的随机种子（默认 {default}：同样的命令得出同样的结果）", "the seed forms are drawn with (default {default}: the same command gives the same result)"),
    "help.verify_save": ("把反例作为记录文件写入此文件夹", "write each counterexample as a record file into this folder"),
    "help.verify_database": (
        "把 Hypothesis 找到的反例保存在此文件夹，下次先重试；此时不用种子（默认不保存，不写 .hypothesis/）",
        "keep the failing examples Hypothesis finds in this folder and try them first next time, unseeded (default: none kept, no .hypothesis/ written)",
    ),
    "verify.start": ("{file}：{count} 条性质，每条检查 {examples} 份表单（种子 {seed}）", "{file}: {count} properties, {examples} forms each (seed {seed})"),
    "verify.start_database": (
        "{file}：{count} 条性质，每条检查 {examples} 份表单（先重试 {database} 中保存的反例，不用种子）",
        "{file}: {count} properties, {examples} forms each (the examples kept in {database} first, no seed)",
    ),
    "verify.holds": ("  成立    {property}", "  holds     {property}"),
    "verify.violated": ("  不成立  {property}", "  violated  {property}"),
    "verify.all_hold": ("{file}：{count} 条性质全部成立", "{file}: all {count} properties hold"),
    "verify.some_violated": ("{file}：{count} 条性质中有 {violated} 条不成立", "{file}: {violated} of {count} properties violated"),
    "verify.part_skipped": ("{file}：规则片段，不单独评分，不检查", "{file}: a part, which scores no form alone: not verified"),
    "verify.counterexample": (
        "    最小反例（记录文件，用 evalrules score {rules} 文件 可复现）：",
        "    smallest counterexample (a record file: evalrules score {rules} FILE shows it):",
    ),
    "verify.saved": ("    反例已写入 {path}", "    counterexample written to {path}"),
    "verify.property.bounds": ("每项得分在 0 与权重之间", "every score lies within [0, weight]"),
    "verify.property.monotone": (
        "未超过超额完成的阈值时，实际完成值更好，得分不会更低（≤ 指标反之）",
        "below the over-achievement threshold a better actual never lowers a score (mirrored for ≤ targets)",
    ),
    "verify.property.splits": ("平均分摊的权重之和恰等于总分值", "equal splits sum exactly to their totals"),
    "verify.property.grades": (
        "评价等级覆盖 0 至满分的每个总分，不留空缺、不重叠",
        "the grades cover every total from 0 to the maximum, without gap or overlap",
    ),
    "verify.property.thresholds": (
        "完成率在各阈值及其 ±0.01% 处，得分与规则条款所写一致",
        "at each threshold and 0.01% either side, scores are what the clauses say",
    ),
    "verify.property.same": ("同一份表单总是得出同样的结果", "the same form always gives the same result"),
    "verify.detail.score_outside": (
        "第 {row} 行“{name}”得分 {score}，不在 0 与权重 {weight} 之间",
        "row {row} “{name}” scores {score}, outside [0, {weight}]",
    ),
    "verify.detail.better_lower": (
        "第 {row} 行“{name}”：实际完成值 {worse} 得 {low} 分，更好的 {better} 却只得 {high} 分",
        "row {row} “{name}”: actual {worse} scores {low}, the better {better} only {high}",
    ),
    "verify.detail.split_sum": (
        "类别“{category}”{count} 行的权重之和为 {sum}，不等于总分值 {total}",
        "category “{category}” with {count} rows: the weights sum to {sum}, not its total {total}",
    ),
    "verify.detail.subcategory_sum": (
        "类别“{category}”由 {count} 个二级指标分摊，份额之和为 {sum}，不等于总分值 {total}",
        "category “{category}” shared by {count} subcategories: the shares sum to {sum}, not its total {total}",
    ),
    "verify.detail.no_grade": ("总分 {total} 没有对应的评价等级", "a total of {total} gets no grade"),
    "verify.detail.grades_overlap": ("总分 {total} 同时落在等级 {grades} 中", "a total of {total} falls in the grades {grades} at once"),
    "verify.detail.wrong_grade": ("总分 {total} 评为“{grade}”，按等级条款应为“{expected}”", "a total of {total} is graded “{grade}”; the grade clauses give “{expected}”"),
    "verify.detail.threshold": (
        "第 {row} 行“{name}”：目标 {target}、实际 {actual} 得 {score} 分，按条款应为 {expected} 分",
        "row {row} “{name}”: target {target}, actual {actual} scores {score}; the clauses give {expected}",
    ),
    "verify.detail.band_claim": (
        "第 {row} 行“{name}”：自评分 {claim} 在档次 {band} 的分值端点上，却被{verdict}",
        "row {row} “{name}”: the claim {claim} at an end of band {band} was {verdict}",
    ),
    "verify.detail.not_same": ("同一份表单{how}得出不同的结果", "the same form gives another result {how}"),
    "verify.detail.raised": ("为这份表单评分时出错（{kind}）", "scoring this form raised an error ({kind})"),
    "verify.word.accepted": ("接受", "accepted"),
    "verify.word.refused": ("拒绝", "refused"),
    "verify.word.again": ("再评一次", "when scored again"),
    "verify.word.pickled": ("用序列化后重新载入的规则集评分", "by the rule set pickled and loaded again"),
    "verify.word.yaml": ("从 YAML 重新读入后", "read back from its YAML"),
}
