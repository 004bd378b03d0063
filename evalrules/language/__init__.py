"""The rule language: rule-file text → checked rule nodes, the first half of the pipeline.

`grammar.lark` (with its parse tables shipped beside it in `grammar.tables`, loaded by `tables`)
→ `parser` (text → the `nodes` of a rule file, syntax errors with positions) → `checker/` (names
resolved against what the language knows, `paths` for the audit checks, every error at once; one
module per group of constructs).
It reads the shared base below it and the number range of `records.values`, and nothing of the
engine: the engine compiles what this stage has checked.
"""
