"""Messages of the tools for rule authors and testers: fmt, test (and its coverage), verify, lsp.

Each entry: id → (Chinese, English). Placeholders are `{name}`; both texts use the same ones.
Ids start with the command's name (`fmt.`, `test.`, `coverage.`, `verify.`, `lsp.`); the help
texts of the commands' arguments are `help.<command>_…`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- fmt
    "help.fmt": ("把规则文件排成统一的格式（注释保留，含义不变）", "lay rule files out in the one canonical format (comments kept, meaning unchanged)"),
    "help.fmt_rules": (
        "规则文件或文件夹（文件夹内及其子文件夹中的 *.rules）；- 表示从标准输入读取、结果写到标准输出",
        "rule files or folders (their *.rules, subfolders included); - reads standard input and writes the result to standard output",
    ),
    "help.fmt_check": (
        "不改动任何文件，只列出需要重排的文件；有则以状态 1 退出",
        "write nothing: list the files that would change, and exit with 1 if there are any",
    ),
    "help.fmt_diff": (
        "不改动任何文件，输出重排前后的差异（unified diff）；有差异则以状态 1 退出",
        "write nothing: print what would change as a unified diff, and exit with 1 if anything would",
    ),
    "fmt.reformatted": ("已重排：{file}", "reformatted {file}"),
    "fmt.would_reformat": ("需要重排：{file}", "would reformat {file}"),
    "fmt.summary": ("已重排 {changed} 个文件，{unchanged} 个文件原已合乎格式", "reformatted: {changed}, already formatted: {unchanged}"),
    "fmt.summary_check": (
        "需要重排 {changed} 个文件，{unchanged} 个文件已合乎格式",
        "would be reformatted: {changed}, already formatted: {unchanged}",
    ),
    "fmt.summary_failed": ("{failed} 个文件无法处理（见上）", "could not be formatted: {failed} (see above)"),
    "fmt.cannot_write": ("{file}：无法写入（{reason}），文件未改动", "{file}: cannot be written ({reason}); it was left as it was"),
    "fmt.unsafe": (
        "{file}：格式化的结果会改变规则本身（evalrules 的缺陷），文件未改动；请将此文件报告给 evalrules 的维护者",
        "{file}: formatting would change more than the layout (a bug of evalrules); the file was left as it was; please report it to the evalrules maintainers with this file",
    ),
}
