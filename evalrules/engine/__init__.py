"""The engine: checked rules → a compiled `RuleSet` → a record scored into a `Result`.

`compiler` turns the language stage's checked nodes into an immutable `ruleset` (with its
`compiled` indicators, `schemes`, `weights` and `audit` checks); `evaluate` scores one record
(`findings` for what is inconsistent or unscorable), giving a `result` whose reasons `explain`
writes out. `loader` runs the rule-file half end to end (read → parse → check → compile). It sits
above the language and records stages and the shared base; the report and the command line sit
above it.
"""
