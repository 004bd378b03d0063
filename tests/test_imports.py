"""The package's imports flow one way down the pipeline: no module imports, even only for type
checking or inside a function, a module that imports it back, and no stage imports a stage above
it (STYLE.md, conventions 14 and 15)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evalrules"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every evalrules module `path` imports anywhere: at the top, under `if TYPE_CHECKING:`, in a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("evalrules")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("evalrules"):
                continue
            for alias in node.names:  # `from . import audit` imports the module evalrules.engine.audit
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found - {name}


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
GRAPH = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def cycle() -> list[str] | None:
    """One import cycle of the package, as the modules along it, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        stack.append(module)
        for imported in sorted(GRAPH.get(module, ())):
            if imported.rpartition(".")[0] == module:  # a package importing its own submodules
                continue
            if state.get(imported) == "open":
                return stack[stack.index(imported) :] + [imported]
            if imported not in state and (found := visit(imported)):
                return found
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(GRAPH):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_the_package_import_graph_has_no_cycle():
    assert cycle() is None, " → ".join(cycle() or [])


def test_the_graph_sees_every_kind_of_import():
    # a check of the check: the evaluator's imports, and a relative one from the messages package
    engine = "evalrules.engine"
    assert {f"{engine}.audit", f"{engine}.result", f"{engine}.compiled"} <= GRAPH[f"{engine}.evaluate"]
    assert "evalrules.decimals" in GRAPH["evalrules.messages"]
    assert f"{engine}.audit" in GRAPH[f"{engine}.compiled"]  # imported only under TYPE_CHECKING
    assert "evalrules.language.nodes" in GRAPH[f"{engine}.compiled"]  # `..` reaches a sibling package
    assert "evalrules.language.paths" in GRAPH["evalrules.language.checker.checks"]  # `from .. import paths`
    assert "evalrules.language.checker.base" in GRAPH["evalrules.language.checker.schemes"]  # `from .base import`


def test_the_evaluator_and_the_explanations_reach_no_stage_above_them():
    assert not {m for m in GRAPH["evalrules.engine.evaluate"] if m.startswith("evalrules.language.checker")}
    assert "evalrules.engine.ruleset" not in GRAPH["evalrules.engine.evaluate"]
    assert "evalrules.engine.result" not in GRAPH["evalrules.engine.explain"]


# The stages, lowest first. A module may import its own stage and the stages below it, never one
# above: the shared base (and the message catalogue, which reads `decimals` only) ← records ←
# the rule language ← the engine ← the report ← the tools for rule authors and testers (fmt, test,
# verify, lsp) ← the command line and the public API.
STAGES = (
    ("base", ("decimals", "display", "errors", "names", "phrases", "messages")),
    ("records", ("records",)),
    ("language", ("language",)),
    ("engine", ("engine",)),
    ("report", ("report",)),
    ("tools", ("tools", "testing")),  # testing: the public Hypothesis strategies
    ("outermost", ("cli", "__main__", "")),  # "" is evalrules/__init__.py, the public API
)


def stage(module: str) -> int:
    """The rank of the stage `module` belongs to (its first name below `evalrules`)."""
    top = module.split(".")[1] if "." in module else ""
    for rank, (_, tops) in enumerate(STAGES):
        if top in tops:
            return rank
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES in tests/test_imports.py")


def test_every_module_belongs_to_a_stage():
    for module in MODULES:
        stage(module)


def test_no_stage_imports_a_stage_above_it():
    upward = sorted(
        f"{module} → {imported}"
        for module, imports in GRAPH.items()
        for imported in imports
        if stage(imported) > stage(module)
    )
    assert upward == []


def test_the_stage_check_sees_an_upward_import():
    # a check of the check: the stages it ranks are the ones the brief names
    assert stage("evalrules.language.parser") > stage("evalrules.records.values")
    assert stage("evalrules.engine.audit") > stage("evalrules.language.paths")
    assert stage("evalrules.report") > stage("evalrules.engine.result")
    assert stage("evalrules.cli") > stage("evalrules.report")
    assert stage("evalrules.names") < stage("evalrules.records.values")


def test_the_language_reads_no_engine_and_records_read_neither():
    for module, imports in GRAPH.items():
        if module.startswith("evalrules.language"):
            assert not {i for i in imports if i.startswith("evalrules.engine")}, module
        if module.startswith("evalrules.records"):
            assert not {i for i in imports if i.startswith(("evalrules.engine", "evalrules.language"))}, module
