"""evalrules: score performance self-evaluation forms (财政支出项目绩效自评表) with rules as data.

The pipeline, one module a step: `grammar.lark` → `parser` (text → `nodes`) → `checker` (names
resolved, every error at once) → `compiler` (an immutable `RuleSet`) → `evaluate` (a record → a
`Result`) → `explain` / `report` (text, tables, JSON). `records` reads filled forms.

    >>> import evalrules
    >>> rules = evalrules.load("suzhou-2024")
    >>> record = evalrules.read_record("examples/suzhou-2024-party-building.yaml")
    >>> result = rules.score(record)
    >>> str(result.total), result.grade
    ('81.94', '优')
"""

from .errors import EvalRulesError, RecordError, RuleCheckError, RuleError, RuleSyntaxError, UsageError
from .loader import load, loads, shipped_rule_sets
from .records import Record, parse_record, read_record, record_from_data, record_json_schema
from .result import Clause, Finding, IndicatorResult, Result, result_json_schema
from .ruleset import RuleSet

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
    "read_record",
    "record_from_data",
    "record_json_schema",
    "result_json_schema",
    "shipped_rule_sets",
]
__version__ = "0.1.0"
