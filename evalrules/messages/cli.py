"""Messages of the command line and of the reports it prints: arguments, files, exit reasons,
table headers, status words and summary lines.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
A report's layout (the gaps between columns, the `: ` after a field path) is not a message and
stays in report.py; every word a reader reads is here.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Arguments of the public API and of the command line.
    "usage.language": ("不支持的语言“{lang}”，可选：{known}", "unknown language '{lang}'; use one of {known}"),
    "usage.language_variable": (
        "环境变量 {variable} 的值“{lang}”不是支持的语言，可选：{known}",
        "the environment variable {variable} is '{lang}', not a language evalrules speaks; use one of {known}",
    ),
    "usage.format": ("不支持的输出格式“{fmt}”，可选：{known}", "unknown output format '{fmt}'; use one of {known}"),
    "usage.width": ("--width 须为 0 或正整数（0 表示不限宽度），而不是“{width}”", "--width must be 0 or a positive whole number (0: no limit), not '{width}'"),
    "usage.unknown_arguments": ("无法识别的参数：{arguments}", "unrecognized arguments: {arguments}"),
    "usage.missing_arguments": ("缺少参数：{arguments}", "the following arguments are required: {arguments}"),
    "usage.invalid_choice": ("参数 {option} 的值“{value}”无效，可选：{choices}", "argument {option}: invalid choice '{value}' (choose from {choices})"),
    "usage.expected_value": ("参数 {option} 后面需要一个值", "argument {option}: expected a value"),
    "usage.invalid_value": ("参数 {option} 的值“{value}”无效", "argument {option}: invalid value '{value}'"),
    "usage.other": ("参数有误：{detail}", "{detail}"),
    "usage.error": ("{prog}：错误：{message}", "{prog}: error: {message}"),
    # What the command line says about a file or a record it could not use.
    "cli.internal_error": (
        "{file}：内部错误（{kind}），请将此文件连同本信息一并报告给 evalrules 的维护者",
        "{file}: internal error ({kind}); please report it to the evalrules maintainers with this file",
    ),
    "cli.no_rule_files": ("{folder}：文件夹中没有规则文件（*.rules）", "{folder}: the folder holds no rule files (*.rules)"),
    "cli.only_parts": (
        "{folder}：文件夹中只有规则片段（part），没有可用于评分的规则集",
        "{folder}: the folder holds only parts (规则片段), no rule set to score with",
    ),
    "cli.picked": ("{record}：采用规则集 {file}（{title}）", "{record}: scored by {file} ({title})"),
    "cli.picked_national": (
        "{record}：没有在 {year} 年适用于“{jurisdiction}”的规则集，改用全国规则集 {file}（{title}）",
        "{record}: no rule set for '{jurisdiction}' in {year}; scored by the national rule set {file} ({title})",
    ),
    "cli.picked_no_jurisdiction": (
        "{record}：记录未写 project.jurisdiction，采用全国规则集 {file}（{title}）",
        "{record}: the record names no project.jurisdiction; scored by the national rule set {file} ({title})",
    ),
    "cli.check_ok": (
        "{file}: ok — {title}；类别：{categories}；满分 {maximum}",
        "{file}: ok — {title}; categories {categories}; maximum {maximum}",
    ),
    "cli.check_part_ok": (
        "{file}: ok — {title}：规则片段（part）；检查 {count} 项：{checks}；未发现问题",
        "{file}: ok — {title}: a part (规则片段); checks ({count}): {checks}; no problem found",
    ),
    # The score table and the audit list.
    "report.column.index": ("序号", "#"),
    "report.column.category": ("类别", "category"),
    "report.column.group": ("目标", "group"),
    "report.column.indicator": ("指标名称", "indicator"),
    "report.column.target": ("目标值", "target"),
    "report.column.weight": ("权重", "weight"),
    "report.column.actual": ("实际完成值", "actual"),
    "report.column.completion": ("完成率", "completion"),
    "report.column.score": ("得分", "score"),
    "report.column.claimed": ("自评分", "claimed"),
    "report.column.status": ("状态", "status"),
    "report.status.scored": ("已评分", "scored"),
    "report.status.missing": ("缺失", "missing"),
    "report.status.review": ("待复核", "review"),
    "report.status.not_applicable": ("不适用", "n/a"),
    "report.status.part": ("其中，不计分", "part, not scored"),
    "report.status.claimed": ("按自评", "as claimed"),
    "report.heading": ("{project}（{year}）— {source} — 规则：{title}", "{project} ({year}) — {source} — rules: {title}"),
    "report.total": ("合计 {total}（满分 {maximum}），等级 {grade}", "total {total} of {maximum}, grade {grade}"),
    # A total is provisional for more than one reason (rows left for review, a row listed twice):
    # the summary claims none of them and points at what the reader can see, the rows and findings.
    "report.total_provisional": (
        "合计 {total}（满分 {maximum}），等级 {grade}，暂定（见下列问题）",
        "total {total} of {maximum}, grade {grade}, provisional (see the findings below)",
    ),
    "report.total_provisional_review": (
        "合计 {total}（满分 {maximum}），等级 {grade}，暂定（见待复核的指标）",
        "total {total} of {maximum}, grade {grade}, provisional (see the rows for review)",
    ),
    "report.total_provisional_review_findings": (
        "合计 {total}（满分 {maximum}），等级 {grade}，暂定（见待复核的指标和下列问题）",
        "total {total} of {maximum}, grade {grade}, provisional (see the rows for review and the findings below)",
    ),
    "report.total_provisional_alone": (
        "合计 {total}（满分 {maximum}），等级 {grade}，暂定",
        "total {total} of {maximum}, grade {grade}, provisional",
    ),
    "report.no_findings": ("没有发现问题", "no findings"),
    # ---- help (`evalrules --help`, `evalrules score --help` …)
    "help.usage": ("用法：", "usage: "),
    "help.positionals": ("位置参数", "positional arguments"),
    "help.options": ("选项", "options"),
    "help.help": ("显示本帮助并退出", "show this help message and exit"),
    "help.version": ("显示版本号并退出", "show the version and exit"),
    "help.description": (
        "用规则文件给绩效自评表（财政支出项目绩效自评表）评分、复核。",
        "Score performance self-evaluation forms (财政支出项目绩效自评表) with rule files.",
    ),
    "help.commands": ("命令", "commands"),
    "help.score": ("按规则给自评表评分", "score records (filled forms) with a rule set"),
    "help.audit": ("复核自评表：只列出发现的问题", "recheck filled forms (复核): print only the findings"),
    "help.check": ("检查规则文件，不评分", "check rule files without scoring anything"),
    "help.schema": ("输出自评表记录的 JSON Schema（加 --result 则为评分结果的）", "print the JSON Schema of a record (or, with --result, of a result)"),
    "help.lang": ("所有提示的语言（默认：环境变量 {variable}，否则 zh）", "language of every message (default: ${variable}, else zh)"),
    "help.rules": (
        "规则文件、随附规则集的名称（如 suzhou-2024），或规则文件所在的文件夹（按每份自评表的地区和年份选用其中的规则集）",
        "a rule file, the name of a shipped rule set (e.g. suzhou-2024), or a folder of rule files (each record gets the one for its jurisdiction and year)",
    ),
    "help.rules_option": ("同 RULES，写在自评表之前：--rules 文件夹 自评表…", "RULES written as an option, before the records: --rules DIR RECORD…"),
    "help.records": ("自评表文件（.yaml、.yml 或 .json）；- 表示从标准输入读取", "record files (.yaml, .yml or .json); - reads standard input"),
    "help.format": ("输出格式（默认：{default}）", "output format (default: {default})"),
    "help.width": (
        "表格折行宽度 N 列（默认：终端宽度；输出到管道或文件时不折行；0：从不折行）",
        "wrap the table to N columns (default: the terminal's width; no wrapping into a pipe or file; 0: never)",
    ),
    "help.fail_on": ("有该级别或更严重的问题时以状态 1 退出", "exit with 1 when a finding this grave or graver is present"),
    "help.fail_on_default": ("有该级别或更严重的问题时以状态 1 退出（默认：{default}）", "exit with 1 when a finding this grave or graver is present (default: {default})"),
    "help.explain": ("列出每项得分的计算过程（表格、Markdown）", "show the arithmetic of every score (table, markdown)"),
    "help.check_rules": (
        "规则文件、随附规则集的名称，或文件夹（检查其中及子文件夹中的全部规则文件）",
        "rule files, shipped rule-set names, or folders (every rule file in them and their subfolders)",
    ),
    "help.schema_result": ("改为输出评分结果（score --format json）的 JSON Schema", "the JSON Schema of a result (score --format json) instead"),
}
