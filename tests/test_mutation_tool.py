"""tools/mutation.py, the mutation-testing driver: its lists stay true to the code and its sample
figure carries an honest margin. (The run itself is not here: it takes hours, see docs/mutation.md.)"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("mutation_tool", ROOT / "tools" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mutation = _tool()


def test_every_left_out_test_exists() -> None:
    # A test renamed or removed would leave a deselect that no longer leaves anything out.
    for test in mutation.LEFT_OUT_TESTS:
        path, _, function = test.partition("::")
        assert (ROOT / path).is_file(), test
        if function:
            assert re.search(rf"^def {re.escape(function)}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), test


def test_every_core_pattern_names_modules_of_the_package() -> None:
    for pattern in mutation.CORE:
        assert list(ROOT.glob(pattern)), pattern


def test_every_listed_equivalent_mutant_is_of_the_core_and_says_what_it_changes_and_why() -> None:
    listed = yaml.safe_load(mutation.EQUIVALENT.read_text(encoding="utf-8"))
    core_modules = {
        ".".join(part for part in path.relative_to(ROOT).with_suffix("").parts if part != "__init__")
        for pattern in mutation.CORE
        for path in ROOT.glob(pattern)
    }
    names = [entry["mutant"] for entry in listed]
    assert len(names) == len(set(names))
    for entry in listed:
        assert set(entry) == {"mutant", "diff", "reason"}, entry
        module, _, function = entry["mutant"].partition(".x")
        assert module in core_modules, entry["mutant"]
        assert re.fullmatch(r"[_ǁA-Za-z0-9]+__mutmut_\d+", function), entry["mutant"]
        assert entry["diff"].strip() and len(entry["reason"].split()) >= 10, entry["mutant"]


@pytest.mark.parametrize(
    ("killed", "counted", "low", "high"),
    [
        pytest.param(126, 131, 91.4, 98.4, id="the first sample"),
        pytest.param(50, 50, 92.9, 100.0, id="all killed: the interval still stops short of certainty"),
        pytest.param(0, 10, 0.0, 27.8, id="none killed"),
    ],
)
def test_a_sample_figure_has_the_wilson_interval(killed: int, counted: int, low: float, high: float) -> None:
    # Reference values of the Wilson score interval at 95% (z = 1.96).
    got = mutation._wilson(killed, counted)
    assert got == pytest.approx((low, high), abs=0.05)
    assert got[0] <= 100 * killed / counted <= got[1]


def test_no_tested_mutant_leaves_the_interval_whole() -> None:
    assert mutation._wilson(0, 0) == (0.0, 100.0)


def test_each_mutant_s_test_session_starts_with_the_package_s_caches_empty(tmp_path: Path) -> None:
    # Forked from a process that ran the suite unmutated, a mutant's tests would otherwise be
    # answered from that run's caches: a spelling parsed there never reaches the mutated parser.
    from evalrules.records import values

    values.parse_value("87.5%")
    assert values._parse_text.cache_info().currsize > 0
    (tmp_path / "clean_start.py").write_text(mutation._CLEAN_START, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("clean_start", tmp_path / "clean_start.py")
    assert spec is not None and spec.loader is not None
    clean_start = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(clean_start)
    clean_start.pytest_sessionstart(None)
    assert values._parse_text.cache_info().currsize == 0
