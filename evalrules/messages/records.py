"""Messages of reading records (filled forms): syntax, shape and values, each at its field path.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
Where a record holds the wrong kind of value, the kind it holds is part of the id
(`record.expected_number.list`), so that both languages can name it in their own words.
A value quoted from a record (`{value}`, `{char}`, `{tag}`) is shown as written, with control
characters made visible and cut at 200 characters; the line and column are added by the error,
never written into these texts.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # A problem and where the record's text has it; {message} is the problem in the same language.
    "record.at_line": ("{message}（第 {line} 行）", "{message} (line {line})"),
    "record.at_line_column": ("{message}（第 {line} 行第 {column} 列）", "{message} (line {line}, column {column})"),
    # --- the file -------------------------------------------------------------------------
    "record.no_such_file": ("文件不存在", "cannot read the file: no such file"),
    "record.is_a_directory": ("这是一个文件夹，不是文件", "cannot read the file: it is a directory"),
    "record.permission_denied": ("没有读取该文件的权限", "cannot read the file: permission denied"),
    "record.cannot_read": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "record.unknown_format": (
        "记录格式只能是“yaml”或“json”，而不是“{format}”",
        'format must be "yaml" or "json", not "{format}"',
    ),
    "record.not_utf8": (
        "文件不是 UTF-8 编码的文字（第 {byte} 个字节为 {hex}），请另存为 UTF-8",
        "not UTF-8 text (byte {byte} is {hex}); save the file as UTF-8",
    ),
    "record.not_utf8_gb18030": (
        "文件不是 UTF-8 编码的文字（第 {byte} 个字节为 {hex}）；文件似乎是 GB18030（GBK）编码，请另存为 UTF-8",
        "not UTF-8 text (byte {byte} is {hex}); the file looks like GB18030 (GBK): save it as UTF-8",
    ),
    "record.utf16": (
        "文件是 UTF-16 编码的文字，请另存为 UTF-8",
        "the file is UTF-16 text; save it as UTF-8",
    ),
    # --- the whole record ---------------------------------------------------------------
    "record.not_a_record.empty": (
        "记录为空：应为包含 project 和 indicators 的映射（键: 值）",
        "a record must be a mapping with project and indicators, got empty",
    ),
    "record.not_a_record.list": (
        "记录应为包含 project 和 indicators 的映射（键: 值），而不是列表",
        "a record must be a mapping with project and indicators, got a list",
    ),
    "record.not_a_record.number": (
        "记录应为包含 project 和 indicators 的映射（键: 值），而不是数字",
        "a record must be a mapping with project and indicators, got a number",
    ),
    "record.not_a_record.text": (
        "记录应为包含 project 和 indicators 的映射（键: 值），而不是文字",
        "a record must be a mapping with project and indicators, got text",
    ),
    "record.not_a_record.bool": (
        "记录应为包含 project 和 indicators 的映射（键: 值），而不是 true/false",
        "a record must be a mapping with project and indicators, got true/false",
    ),
    "record.not_a_record.other": (
        "记录应为包含 project 和 indicators 的映射（键: 值），而不是 {type}",
        "a record must be a mapping with project and indicators, got {type}",
    ),
    # --- shape ------------------------------------------------------------------------------
    "record.unknown_key": ("未知的键", "unknown key"),
    "record.required": ("缺少必填项", "required"),
    "record.expected_mapping": ("应为映射（键: 值）", "expected a mapping"),
    "record.expected_list": ("应为列表", "expected a list"),
    "record.expected_text": ("应为文字", "expected text"),
    "record.no_indicators": ("至少需要一个绩效指标", "at least one indicator is required"),
    "record.empty_name": ("不能为空", "must not be empty"),
    "record.duplicate_key": ("键重复出现", "duplicate key"),
    "record.invalid": ("内容不符合记录格式（英文原文）：{detail}", "not valid here: {detail}"),
    # --- numbers ------------------------------------------------------------------------------
    "record.not_a_number": ("“{value}”不是数字", "not a number: '{value}'"),
    "record.not_finite": ("不是有限的数：{value}", "not a finite number: {value}"),
    "record.out_of_range": (
        "数值超出范围：表中的数，绝对值应在 1E-30 至 1E20 之间（或为 0），而不是 {number}",
        "out of range: a number on a form lies between 1E-30 and 1E20 in size, not {number}",
    ),
    "record.negative_points": (
        "扣减分数不能为负：{value}（扣减的分数写作正数）",
        "deduction points cannot be negative: {value} (write the points taken off as a positive number)",
    ),
    "record.year": ("应为年份（如 2024），而不是 {value}", "expected a year such as 2024, got {value}"),
    "record.expected_number.bool": ("应为数字，而不是 true/false", "expected a number, got true/false"),
    "record.expected_number.list": ("应为数字，而不是列表", "expected a number, got a list"),
    "record.expected_number.mapping": ("应为数字，而不是映射（键: 值）", "expected a number, got a mapping"),
    "record.expected_number.nothing": ("应为数字，而不是空值", "expected a number, got nothing"),
    "record.expected_number.other": ("应为数字，而不是 {type}", "expected a number, got {type}"),
    "record.expected_year.bool": ("应为年份（如 2024），而不是 true/false", "expected a year such as 2024, got true/false"),
    "record.expected_year.list": ("应为年份（如 2024），而不是列表", "expected a year such as 2024, got a list"),
    "record.expected_year.mapping": ("应为年份（如 2024），而不是映射（键: 值）", "expected a year such as 2024, got a mapping"),
    "record.expected_year.nothing": ("应为年份（如 2024），而不是空值", "expected a year such as 2024, got nothing"),
    "record.expected_year.other": ("应为年份（如 2024），而不是 {type}", "expected a year such as 2024, got {type}"),
    # --- text -----------------------------------------------------------------------------------
    "record.expected_text.bool": ("应为文字，而不是 true/false", "expected text, got true/false"),
    "record.expected_text.list": ("应为文字，而不是列表", "expected text, got a list"),
    "record.expected_text.mapping": ("应为文字，而不是映射（键: 值）", "expected text, got a mapping"),
    "record.expected_text.other": ("应为文字，而不是 {type}", "expected text, got {type}"),
    # --- targets and actuals ----------------------------------------------------------------------
    "record.empty_value": ("值为空", "empty value"),
    "record.bool_value": (
        "true/false 不能作为目标值或实际值，请把值写成文字",
        "true/false is not a target or actual; write the value as text",
    ),
    "record.expected_value.list": ("应为文字或数字，而不是列表", "expected text or a number, got a list"),
    "record.expected_value.mapping": ("应为文字或数字，而不是映射（键: 值）", "expected text or a number, got a mapping"),
    "record.expected_value.nothing": ("应为文字或数字，而不是空值", "expected text or a number, got nothing"),
    "record.expected_value.other": ("应为文字或数字，而不是 {type}", "expected text or a number, got {type}"),
    # --- YAML: PyYAML's own problem texts, translated (libyaml's and the pure-Python wording) ---
    "record.yaml.cannot_start": (
        "YAML 语法错误：值不能以“{char}”开头，请给这个值加上引号",
        "YAML syntax error: found character '{char}' that cannot start any token; put the value in quotes",
    ),
    "record.yaml.tab": (
        "YAML 语法错误：不能用制表符（Tab）缩进，请改用空格",
        "YAML syntax error: a tab cannot indent YAML; indent with spaces",
    ),
    "record.yaml.block_scalar": (
        "YAML 语法错误：以“>”或“|”开头的值会被当作多行文字块，请给这个值加上引号",
        "YAML syntax error: a value that starts with '>' or '|' begins a block of text; put the value in quotes",
    ),
    "record.yaml.mapping_value": (
        "YAML 语法错误：此处不能出现“键: 值”；若文字中含有“: ”，请给它加上引号",
        "YAML syntax error: mapping values are not allowed here; put a text that holds ': ' in quotes",
    ),
    "record.yaml.expected_colon": ("YAML 语法错误：键后缺少“:”", "YAML syntax error: could not find the expected ':' after a key"),
    "record.yaml.undefined_alias": (
        "YAML 语法错误：引用（*名称）指向一个没有定义的锚点（&名称）",
        "YAML syntax error: found undefined alias (a *name with no &name before it)",
    ),
    "record.yaml.unclosed_quote": (
        "YAML 语法错误：引号没有闭合（位置为开头的引号）",
        "YAML syntax error: unclosed quote (the position is the opening quote)",
    ),
    "record.yaml.unexpected_end": ("YAML 语法错误：文件意外结束", "YAML syntax error: found unexpected end of the file"),
    # {open} and {close} are the brackets: "{" and "}", or "[" and "]" (a template cannot hold braces)
    "record.yaml.flow_collection": (
        "YAML 语法错误：此处应为“,”或“{close}”（“{open}”没有闭合，或缺少逗号）",
        "YAML syntax error: expected ',' or '{close}' (a '{open}' is not closed, or a comma is missing)",
    ),
    "record.yaml.indentation": (
        "YAML 语法错误：缩进与上文不一致",
        "YAML syntax error: the indentation does not fit the lines above",
    ),
    "record.yaml.missing_value": ("YAML 语法错误：此处缺少一个值", "YAML syntax error: a value is missing here"),
    "record.yaml.two_documents": (
        "YAML 语法错误：一个记录只能有一个 YAML 文档，此处又开始了一个",
        "YAML syntax error: a record holds one YAML document, but found another document",
    ),
    "record.yaml.bad_escape": (
        "YAML 语法错误：双引号文字中有未知的转义（“\\”后的字符）；反斜杠本身请写作 \\\\",
        "YAML syntax error: found unknown escape character in double quotes; write \\\\ for a backslash",
    ),
    "record.yaml.control_character": (
        "YAML 语法错误：文字中有控制字符 {char}，YAML 不允许",
        "YAML syntax error: the text holds the control character {char}, which YAML does not allow",
    ),
    "record.yaml.lone_surrogate": (
        "YAML 语法错误：文字中有孤立的代理码位 {char}，它不是 Unicode 字符，YAML 无法读取",
        "YAML syntax error: the text holds the lone surrogate {char}, which is not a Unicode character and YAML cannot read",
    ),
    "record.yaml.tag": ("不支持的 YAML：记录中不能使用标签 {tag}", "unsupported YAML: the tag {tag} is not allowed in a record"),
    "record.yaml.unhashable_key": (
        "不支持的 YAML：键必须是简单的文字，不能是列表或映射",
        "unsupported YAML: found unhashable key (a key must be plain text, not a list or a mapping)",
    ),
    "record.yaml.syntax": ("YAML 语法错误（英文原文）：{detail}", "YAML syntax error: {detail}"),
    "record.yaml.unsupported": ("不支持的 YAML（英文原文）：{detail}", "unsupported YAML: {detail}"),
    "record.yaml.too_deep": ("YAML 嵌套层次过深", "YAML nested too deeply"),
    # --- JSON: the json module's problem texts, translated ---------------------------------------
    "record.json.expecting_value": (
        "JSON 语法错误：此处应为一个值（数字、双引号中的文字、true、false、null、对象或数组）",
        "JSON syntax error: Expecting value (a number, text in double quotes, true, false, null, an object or an array)",
    ),
    "record.json.expecting_comma": ("JSON 语法错误：此处应为“,”", "JSON syntax error: Expecting ',' delimiter"),
    "record.json.expecting_colon": ("JSON 语法错误：此处应为“:”", "JSON syntax error: Expecting ':' delimiter"),
    "record.json.expecting_key": (
        "JSON 语法错误：此处应为双引号中的键（最后一项之后不能有逗号）",
        "JSON syntax error: Expecting property name enclosed in double quotes (no comma may follow the last item)",
    ),
    "record.json.trailing_comma": (
        "JSON 语法错误：最后一项之后不能有逗号",
        "JSON syntax error: no comma may follow the last item",
    ),
    "record.json.unclosed_string": (
        "JSON 语法错误：引号没有闭合（位置为开头的引号）",
        "JSON syntax error: Unterminated string (the position is the opening quote)",
    ),
    "record.json.control_character": (
        "JSON 语法错误：双引号中的文字含有控制字符（换行请写作 \\n）",
        "JSON syntax error: Invalid control character in a string (write a line break as \\n)",
    ),
    "record.json.bad_escape": (
        "JSON 语法错误：双引号文字中有无效的转义（“\\”后的字符）；反斜杠本身请写作 \\\\",
        "JSON syntax error: Invalid \\escape in a string; write \\\\ for a backslash",
    ),
    "record.json.extra_data": (
        "JSON 语法错误：JSON 文档结束后还有多余的内容",
        "JSON syntax error: Extra data after the end of the JSON document",
    ),
    "record.json.syntax": ("JSON 语法错误（英文原文）：{detail}", "JSON syntax error: {detail}"),
    "record.json.too_deep": ("JSON 嵌套层次过深", "JSON nested too deeply"),
}
