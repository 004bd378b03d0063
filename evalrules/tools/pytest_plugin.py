"""A pytest plugin: every `*.tests.yaml` pytest finds is collected, one test item per case.

Registered through the entry point `[project.entry-points.pytest11]` (`evalrules`), so that a plain
`pytest` in a project with evalrules installed runs its rule files' test files: add their folder
to `testpaths` (this repository lists `rules`). A failed case is shown as `evalrules test` shows it,
expected against got with the clause involved; a test file that cannot be used is a collection
error with its short message (file:line:column), not a traceback. Messages are in the language
EVALRULES_LANG names (zh unless it names en).

pytest imports this module at start-up in every project where evalrules is installed: it imports
nothing of evalrules until it meets a test file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TEST_SUFFIX = ".tests.yaml"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(TEST_SUFFIX):
        return RuleTestFile.from_parent(parent, path=file_path)
    return None


class CaseFailed(Exception):
    """A case whose result differs from what it expects; its text says how."""


def _lang() -> str:
    from ..messages import default_language

    return default_language()


class RuleTestFile(pytest.File):
    """A test file of rule cases."""

    def collect(self) -> Any:
        from .cases import Runner, read_test_file

        suite = read_test_file(self.path)
        runner = _runner(self.config, Runner)
        for case in suite.cases:
            yield RuleCase.from_parent(self, name=case.name, case=case, runner=runner)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:  # type: ignore[override]
        from ..errors import EvalRulesError
        from .console import unusable

        if isinstance(excinfo.value, EvalRulesError):
            return unusable(str(self.path), excinfo.value, _lang())
        return super().repr_failure(excinfo)


def _runner(config: pytest.Config, make: Any) -> Any:
    """One runner for the session, so that each rule file and record file is read once."""
    runner = getattr(config, "_evalrules_runner", None)
    if runner is None:
        runner = make()
        config._evalrules_runner = runner  # type: ignore[attr-defined]
    return runner


class RuleCase(pytest.Item):
    """One case of a test file."""

    def __init__(self, *, case: Any, runner: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.runner = runner

    def runtest(self) -> None:
        from .cases import failure_text

        outcome = self.runner.run(self.case)
        if not outcome.passed:
            raise CaseFailed(failure_text(outcome, _lang()))

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:  # type: ignore[override]
        from ..errors import EvalRulesError
        from .console import unusable

        if isinstance(excinfo.value, CaseFailed):
            return str(excinfo.value)
        if isinstance(excinfo.value, EvalRulesError):
            return unusable(str(self.path), excinfo.value, _lang())
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, self.case.name
