"""evalrules: score performance self-evaluation forms (财政支出项目绩效自评表) with rules as data.

The package is grouped by pipeline stage; each imports only the stages below it:

- `language/`: `grammar.lark` → `parser` (text → `nodes`) → `checker/` (names resolved, every
  error at once, one module per group of constructs; `paths` is what a check may name);
- `records/`: filled forms read into typed records (`record`, with `values`, `text`, `schema`);
- `engine/`: `compiler` (an immutable `RuleSet`, from `ruleset`) → `evaluate` (a record → a
  `Result`, from `result`, with `findings` and `audit` checks) → `explain`; `loader` runs the
  rule-file half;
- `report` (tables, Markdown, JSON) and `cli` (the command line) on top;
- `messages/` (the bilingual catalogue) and `decimals`, `display`, `errors`, `names`, `phrases`:
  the shared base below everything.

The names below are the public API.

    >>> import evalrules
    >>> rules = evalrules.load("suzhou-2024")
    >>> record = evalrules.read_record("examples/suzhou-2024-party-building.yaml")
    >>> result = rules.score(record)
    >>> str(result.total), result.grade
    ('81.94', '优')
"""

from .engine.loader import load, loads, shipped_rule_sets
from .engine.picking import pick
from .engine.result import Clause, Finding, IndicatorResult, Result, result_json_schema
from .engine.ruleset import RuleSet
from .errors import EvalRulesError, RecordError, RuleCheckError, RuleError, RuleSyntaxError, UsageError
from .records.record import Record, parse_record, read_record, record_from_data, record_json_schema

__all__ = [
    "Clause",
    "EvalRulesError",
    "Finding",
    "IndicatorResult",
    "Record",
    "RecordError",
    "Result",
    "RuleCheckError",
    "RuleError",
    "RuleSet",
    "RuleSyntaxError",
    "UsageError",
    "load",
    "loads",
    "parse_record",
    "pick",
    "read_record",
    "record_from_data",
    "record_json_schema",
    "result_json_schema",
    "shipped_rule_sets",
]
__version__ = "0.1.0"
