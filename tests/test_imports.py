"""The package's imports flow one way down the pipeline: no module imports, even only for type
checking or inside a function, a module that imports it back (STYLE.md, convention 14)."""

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
            for alias in node.names:  # `from . import audit` imports the module evalrules.audit
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
    assert {"evalrules.audit", "evalrules.result", "evalrules.compiled"} <= GRAPH["evalrules.evaluate"]
    assert "evalrules.decimals" in GRAPH["evalrules.messages"]
    assert "evalrules.audit" in GRAPH["evalrules.compiled"]  # imported only under TYPE_CHECKING


def test_the_evaluator_and_the_explanations_reach_no_stage_above_them():
    assert "evalrules.checker" not in GRAPH["evalrules.evaluate"]
    assert "evalrules.ruleset" not in GRAPH["evalrules.evaluate"]
    assert "evalrules.result" not in GRAPH["evalrules.explain"]
