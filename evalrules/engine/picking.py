"""Pick: which of several rule sets applies to a record, by its project's jurisdiction and year.

`evalrules score --rules DIR` and `evalrules.pick` use it. A rule set applies to a record when
its `jurisdiction` is the record's `project.jurisdiction` (the same text, exactly) and it is in
force in the record's `project.year`: its `effective` period covers some day of that year, or,
without `effective`, its `year` is that year; a rule set that states neither is in force every
year. When no rule set of the record's jurisdiction is in force that year (or the record names
none), the national one (`jurisdiction "全国"`) in force that year applies. No rule set, or more
than one, is a `UsageError` naming the record and the candidates: a guess would score a form by
rules it was not filled under.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import UsageError
from ..messages import message
from ..records.record import Record, record_from_data
from ..records.values import excerpt
from .ruleset import RuleSet

NATIONAL = "全国"


def pick(rule_sets: Iterable[RuleSet], record: Record | Mapping[str, Any], source: str | None = None) -> RuleSet:
    """The one rule set of `rule_sets` that applies to `record` (see the module's text).

    `source` names the record in the error (its file); without it, the project's name does.
    Raises `UsageError` when none applies or several do.
    """
    if not isinstance(record, Record):
        record = record_from_data(record, source or "<record>")
    sets = list(rule_sets)
    year = record.project.year
    wanted = record.project.jurisdiction
    named = excerpt(source if source is not None else record.project.name)
    in_force = [rules for rules in sets if in_force_in(rules, year)]
    local = [rules for rules in in_force if wanted is not None and rules.jurisdiction == wanted]
    chosen = local or [rules for rules in in_force if rules.jurisdiction == NATIONAL]
    if len(chosen) == 1:
        return chosen[0]
    place = excerpt(wanted) if wanted is not None else None
    if chosen:
        key = "pick.ambiguous" if place is not None and local else "pick.ambiguous_national"
        raise UsageError(message(key, record=named, jurisdiction=place or NATIONAL, year=year, candidates=_listed(chosen)))
    key = "pick.none" if place is not None else "pick.none_without_jurisdiction"
    values = {"jurisdiction": place} if place is not None else {}
    raise UsageError(message(key, record=named, year=year, candidates=_listed(sets) or "—", **values))


def in_force_in(rules: RuleSet, year: int) -> bool:
    """Whether `rules` is in force on some day of `year`."""
    if rules.effective_from is not None and rules.effective_to is not None:
        return int(rules.effective_from[:4]) <= year <= int(rules.effective_to[:4])
    return rules.year is None or rules.year == year


def describe_candidate(rules: RuleSet) -> str:
    """`hubei-2020.rules (湖北省, 2020-01-01…2024-12-31)`: a rule set as a pick error lists it."""
    if rules.effective_from is not None and rules.effective_to is not None:
        period = f"{rules.effective_from}…{rules.effective_to}"
    else:
        period = str(rules.year) if rules.year is not None else "—"
    return f"{rules.name} ({rules.jurisdiction or '—'}, {period})"


def _listed(sets: list[RuleSet]) -> str:
    return "; ".join(describe_candidate(rules) for rules in sets)
