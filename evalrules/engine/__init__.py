"""The engine: checked rules → a compiled `RuleSet` → a record scored into a `Result`.

`compiler` turns the language stage's checked nodes into an immutable `ruleset` (with its
`compiled` indicators, `schemes`, `weights` and `audit` checks); `evaluate` scores one record
(`findings` for what is inconsistent or unscorable): its `amounts` and values first, then each row,
then the `totals` a form declares and the blocks require, then the record's `deductions`, giving a
`result` whose reasons `explain` writes out. `picking` chooses the rule set of a record from
several; `loader` runs the rule-file half end to end (read → parse → check → compile). It sits
above the language and records stages and the shared base; the report and the command line sit
above it.
"""
