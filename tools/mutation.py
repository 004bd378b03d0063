"""Mutation testing of the engine core with mutmut: how many small breaks of the code do the tests catch?

mutmut (https://mutmut.readthedocs.io) changes one thing at a time in a function (`<` to `<=`, a
number by one, `and` to `or`, a string, a dropped argument…), runs the tests that reach that
function, and counts the change as killed when a test fails. A change no test notices is a
survivor: either a behaviour nothing asserts, or an equivalent mutant, one that cannot change what
the code does (then it is listed, with the reason, in tools/mutation-equivalent.yaml).

Not part of CI: a whole run takes hours on two cores. It works in a scratch copy (`.mutation/`,
ignored by git) and is resumable: run it again and mutmut tests only what is new or changed.

    python tools/mutation.py                    # every mutant of the core modules
    python tools/mutation.py --sample 400       # a random sample (seeded), for a quick figure
    python tools/mutation.py --report           # only count what earlier runs found
    python tools/mutation.py --retest NAME…     # test survivors again once a test is added

Needs mutmut (`pip install mutmut`) beside the test extras. Exit status: 0 when at least `--goal`
percent (95) of the non-equivalent mutants tested were killed, 1 when fewer, 2 on a bad argument.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).with_name("mutation-equivalent.yaml")

# The engine core the issue names: scoring (evaluate and the modules split out of it), the scoring
# schemes, weights, exact decimals, record values, the audit checks, the compiler, the checker and
# the records.
CORE = (
    "evalrules/decimals.py",
    "evalrules/records/*.py",
    "evalrules/language/checker/*.py",
    "evalrules/engine/compiler.py",
    "evalrules/engine/evaluate.py",
    "evalrules/engine/amounts.py",
    "evalrules/engine/deductions.py",
    "evalrules/engine/totals.py",
    "evalrules/engine/schemes.py",
    "evalrules/engine/weights.py",
    "evalrules/engine/audit.py",
)

# Tests left out of the run. Those that read the package's source text (import stages, message ids
# written in the code): mutmut rewrites the mutated copy's functions, so they would fail on every
# mutant alike. And those that run evalrules in another process (the language server, the editor
# grammars): that process imports the package as installed, never the mutant, so they cannot
# kill one and only cost time.
LEFT_OUT_TESTS = (
    "tests/test_lsp.py",
    "tests/test_editor_support.py",
    "tests/test_imports.py",
    "tests/test_scoring.py::test_every_finding_code_of_the_engine_is_named_in_both_languages_and_documented",
    "tests/test_checker.py::test_no_message_of_the_rule_language_stages_is_built_in_code",
    "tests/test_records.py::test_no_message_of_the_reader_is_written_with_a_python_repr",
    "tests/test_docs.py::test_every_finding_check_is_documented",
)

KILLED = {1, 3}  # a test failed (3: pytest's internal error, which a mutant caused)
SURVIVED = {0}
TIMEOUT = {36, 24, -24, 152, 255}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=ROOT / ".mutation", help="the scratch copy (default .mutation/)")
    parser.add_argument("--sample", type=int, metavar="N", help="test N mutants drawn at random, not all")
    parser.add_argument("--seed", type=int, default=2026, help="the seed of the sample (default 2026)")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--examples", type=int, default=10, help="Hypothesis examples a property test (default 10)")
    parser.add_argument("--goal", type=float, default=95.0, help="the share of non-equivalent mutants to kill, in %%")
    parser.add_argument("--report", action="store_true", help="run nothing; count what earlier runs found")
    parser.add_argument("--retest", nargs="+", metavar="MUTANT", help="test these mutants again (after a test was added)")
    parser.add_argument("--show", action="store_true", help="print the diff of every survivor")
    args = parser.parse_args(argv)
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be at least 1")

    work: Path = args.work.resolve()
    if not args.report:
        _copy_tree(work)
        _configure(work, args.examples)
        if args.retest:
            # mutmut runs only the tests that reached a function when it last collected its
            # statistics: a test added since would never be run, so collect them afresh.
            (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
            _mutmut(work, "run", "--max-children", str(args.max_children), *args.retest)
        elif args.sample:
            _mutmut(work, "run", "--max-children", "1", "__no_such_mutant__", check=False)  # generate only
            chosen = _sample(_statuses(work), args.sample, args.seed)
            (work / "sample.json").write_text(json.dumps(chosen), encoding="utf-8")
            for start in range(0, len(chosen), 200):  # a bounded command line
                _mutmut(work, "run", "--max-children", str(args.max_children), *chosen[start : start + 200])
        else:
            (work / "sample.json").unlink(missing_ok=True)
            _mutmut(work, "run", "--max-children", str(args.max_children))
    return _report(work, args.goal, args.show)


def _copy_tree(work: Path) -> None:
    """The repository's tracked files, copied over the scratch copy (mutmut's own results kept)."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode("utf-8").split("\0")
    for name in filter(None, files):
        source, target = ROOT / name, work / name
        if source.is_file() and (not target.exists() or target.read_bytes() != source.read_bytes()):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _configure(work: Path, examples: int) -> None:
    """mutmut's settings, written into the scratch copy's pyproject.toml only, and the Hypothesis
    profile of the run into its tests/conftest.py."""
    (work / "tests" / "conftest.py").write_text(_CONFTEST.format(examples=examples), encoding="utf-8")
    pyproject = work / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deselect = ", ".join(f'"--deselect", "{test}"' for test in LEFT_OUT_TESTS)
    text += (
        "\n[tool.mutmut]\n"
        'source_paths = ["evalrules"]\n'
        f"only_mutate = [{', '.join(json.dumps(p) for p in CORE)}]\n"
        'pytest_add_cli_args_test_selection = ["tests/", "rules/"]\n'  # rules/: the rule sets' test cases
        f'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", {deselect}]\n'
        f"also_copy = [{', '.join(json.dumps(name) for name in _tracked_tops())}]\n"
    )
    pyproject.write_text(text, encoding="utf-8")


# What the run writes into the scratch copy's tests/conftest.py.
#
# A Hypothesis profile: a mutant is killed by the first failing example, and a survivor runs every
# test that reaches its function, so a property test's 100 examples a mutant would make a run of
# thousands of mutants take days. Fewer examples and no deadline (a forked child on a busy machine
# is slow) keep it to hours; `--examples` sets it.
#
# And a clean start for each mutant's tests. mutmut forks each mutant's test run from the process
# that has just run the whole suite unmutated, so the caches of that process would answer for the
# mutated code: each spelling of a value is parsed once a process, each file name cited once, and a
# test helper may keep what it built. A mutant of a function behind a cache would then survive
# every test whose inputs the unmutated run had already seen. Clearing every cache of the package
# (but the grammar's parser, which holds nothing the core computes and is slow to load) and of the
# tests when a test session starts makes the tests meet the mutated code as a user's own
# run of the suite would. (A fresh process a mutant, mutmut's "forkserver", would do the same for
# what a test module builds when imported, but it collects the tests again for every mutant: about
# ten times slower here.)
_PROFILE = """
from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation", max_examples={examples}, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("mutation")
"""
_CLEAN_START = """
import sys


def pytest_sessionstart(session):
    for name, module in list(sys.modules.items()):
        if name == "evalrules.language.tables":
            continue  # the grammar's parser, loaded from its tables: nothing the core computes
        if name.split(".")[0] in ("evalrules", "tests") or name.startswith("test_"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
"""
_CONFTEST = _PROFILE + _CLEAN_START


def _tracked_tops() -> list[str]:
    """The repository's top-level files and folders but the package and the tests (which mutmut
    copies itself): the docs, rule files, examples and editor files the tests read."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    return sorted({name.split("/", 1)[0] for name in files} - {"evalrules", "tests", "pyproject.toml"})


def _mutmut_command() -> str:
    """mutmut beside this Python (a virtual environment not activated), else on the PATH."""
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        sys.exit("mutmut is not installed: pip install mutmut")
    return mutmut


def _mutmut(work: Path, *args: str, check: bool = True) -> None:
    done = subprocess.run([_mutmut_command(), *args], cwd=work)
    if check and done.returncode != 0:
        sys.exit(f"mutmut {args[0]} ended with status {done.returncode}")


def _statuses(work: Path) -> dict[str, int | None]:
    """Every mutant of the core modules → the exit status of its test run (None: not tested)."""
    found: dict[str, int | None] = {}
    for meta in sorted((work / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        found.update(data.get("exit_code_by_key", {}))
    return found


def _sample(statuses: dict[str, int | None], size: int, seed: int) -> list[str]:
    names = sorted(statuses)
    return sorted(random.Random(seed).sample(names, min(size, len(names))))


def _equivalents() -> dict[str, str]:
    listed = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8")) or []
    return {entry["mutant"]: entry["reason"] for entry in listed}


def _report(work: Path, goal: float, show: bool) -> int:
    statuses = _statuses(work)
    sample_file = work / "sample.json"
    if sample_file.exists():
        statuses = {name: statuses.get(name) for name in json.loads(sample_file.read_text(encoding="utf-8"))}
    tested = {name: code for name, code in statuses.items() if code is not None}
    equivalent = _equivalents()
    counts = Counter(_kind(code) for code in tested.values())
    survivors = sorted(name for name, code in tested.items() if code in SURVIVED and name not in equivalent)
    listed_but_killed = sorted(name for name in equivalent if name in tested and tested[name] not in SURVIVED)
    equivalent_survivors = sum(1 for name, code in tested.items() if code in SURVIVED and name in equivalent)
    counted = len(tested) - equivalent_survivors
    killed = counts["killed"] + counts["timeout"]
    rate = 100.0 * killed / counted if counted else 0.0
    scope = f"a sample of {len(statuses)}" if sample_file.exists() else "all"
    print(f"mutants: {scope} of the core's {len(_statuses(work))}; tested {len(tested)}")
    for kind in ("killed", "timeout", "survived", "no tests", "other"):
        print(f"  {kind:9} {counts[kind]}")
    print(f"  equivalent (listed with a reason in {EQUIVALENT.name}): {equivalent_survivors}")
    print(f"killed {killed} of {counted} non-equivalent mutants: {rate:.1f}% (goal {goal:g}%)")
    low, high = _wilson(killed, counted)
    if sample_file.exists() and counted:
        print(f"  95% confidence interval for the whole core, from this sample: {low:.1f}% to {high:.1f}%")
    for name in survivors:
        print(f"survived: {name}")
        if show:
            subprocess.run([_mutmut_command(), "show", name], cwd=work, check=False)
    for name in listed_but_killed:
        print(f"listed as equivalent but killed (remove it from {EQUIVALENT.name}): {name}")
    summary = {"scope": scope, "tested": len(tested), "counts": dict(counts), "equivalent": equivalent_survivors,
               "rate": round(rate, 1), "interval": [round(low, 1), round(high, 1)], "survivors": survivors}  # fmt: skip
    (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if rate >= goal and not listed_but_killed else 1


def _wilson(killed: int, counted: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% for z = 1.96), in %, of the share killed over the whole core
    when `killed` of `counted` mutants drawn at random were: a sample's figure with its margin."""
    if counted == 0:
        return 0.0, 100.0
    share = killed / counted
    centre = share + z * z / (2 * counted)
    margin = z * math.sqrt(share * (1 - share) / counted + z * z / (4 * counted * counted))
    scale = 1 + z * z / counted
    return 100.0 * (centre - margin) / scale, 100.0 * (centre + margin) / scale


def _kind(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in (5, 33):
        return "no tests"
    return "other"


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `--report | head` ends quietly, as a Unix tool does
    sys.exit(main())
