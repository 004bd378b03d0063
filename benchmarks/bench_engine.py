"""Benchmark: evalrules against a hand-written Suzhou 2024 scorer, on the same machine, in one run.

Run from the repository root:

    python benchmarks/bench_engine.py [--forms 10000] [--repeat 7] [--seed 2024] [--cold-runs 7]

It measures, and prints with the goals of docs/performance.md:

1. compiling rules/suzhou-2024.rules: cold, the first load in a fresh Python process (run as a
   subprocess, with lark's grammar cache on disk as after any earlier run, and again with no cache
   so lark builds its parser tables from the grammar), and warm, `evalrules.loads` with the
   parser already built; medians;
2. scoring the seed form (examples/suzhou-2024-party-building.yaml, already read): median µs per
   call over timeit-style runs;
3. scoring `--forms` generated records (benchmarks/forms.py) with the compiled rule set and with
   the baseline (benchmarks/baseline.py), in the same process, taking turns every 1,000 forms and
   alternating which goes first; `--repeat` passes, their best and median, and the engine ÷
   baseline ratio of each pass (the goal is judged on the median of those ratios);
4. peak memory (tracemalloc) of scoring the generated records.

Before timing anything it checks that the baseline and the engine give every generated form the
same total, the same per-indicator scores and the same provisional flag, and stops with status 1,
listing the forms, if they do not. Timing is never part of the test suite; it lives only here.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

try:
    import resource
except ImportError:  # not on Windows
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # evalrules from this checkout; benchmarks/ itself is sys.path[0]

import baseline  # noqa: E402
import evalrules  # noqa: E402
import forms  # noqa: E402
from evalrules.language.tables import grammar_parser  # noqa: E402

RULES = ROOT / "rules" / "suzhou-2024.rules"
SEED_FORM = ROOT / "examples" / "suzhou-2024-party-building.yaml"

GOAL_COMPILE_MS = 50.0
GOAL_SEED_US = 100.0
GOAL_RATIO = 2.0

# Run in a fresh interpreter: the first load of the process, parser construction included.
_COLD = """
import json, pathlib, sys, time
start = time.perf_counter_ns()
import evalrules
imported = time.perf_counter_ns()
if sys.argv[2] == "no-shipped-tables":  # as on a machine whose lark or Python version differs
    import evalrules.language.tables
    evalrules.language.tables.TABLES_PATH = pathlib.Path("/nonexistent/grammar.tables")
evalrules.load(sys.argv[1])
loaded = time.perf_counter_ns()
print(json.dumps({"import_ns": imported - start, "load_ns": loaded - imported}))
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", type=int, default=10_000, help="generated forms to score (10000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed passes over the forms per scorer (7)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the form generator (2024)")
    parser.add_argument("--cold-runs", type=int, default=7, help="fresh processes per cold compile figure (7)")
    parser.add_argument("--json", metavar="PATH", help="also write every figure to PATH as JSON")
    args = parser.parse_args(argv)

    figures: dict[str, Any] = {"machine": machine(), "options": vars(args)}
    print_machine(figures["machine"])

    print("\ncompiling the rule file …", flush=True)
    figures["compile"] = measure_compile(args.cold_runs)

    rules = evalrules.load(RULES)
    seed = evalrules.read_record(SEED_FORM)
    print("scoring the seed form …", flush=True)
    figures["seed"] = measure_seed(rules, seed)

    print(f"generating {args.forms:,} forms (seed {args.seed}) …", flush=True)
    started = time.perf_counter()
    records = forms.generate_forms(args.forms, args.seed)
    rows = sum(len(r.indicators) for r in records)
    print(f"  {rows:,} indicator rows, {rows / len(records):.1f} a form, built in {time.perf_counter() - started:.1f} s")

    print("checking that the baseline and the engine agree …", flush=True)
    figures["agreement"] = agreement = check_agreement(rules, records)
    print(
        f"  forms compared: {agreement['forms']:,}; disagreements: total {agreement['total']}, "
        f"indicator scores {agreement['rows']}, provisional flag {agreement['provisional']}"
    )
    if agreement["forms_disagreeing"]:
        for example in agreement["examples"]:
            print("  " + example, file=sys.stderr)
        print(
            f"FAIL: the baseline and the engine disagree on {agreement['forms_disagreeing']} of "
            f"{agreement['forms']} forms; timings would compare different work, so none are taken",
            file=sys.stderr,
        )
        return 1

    print(f"timing {args.repeat} passes of both scorers, taking turns every {CHUNK:,} forms …", flush=True)
    figures["bulk"] = measure_bulk(rules, records, args.repeat)
    print("measuring peak memory …", flush=True)
    figures["memory"] = measure_memory(rules, records)

    if resource is not None:  # the whole run's high-water mark: records, results, interpreter
        figures["memory"]["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(figures, len(records))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# The machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpu": cpu,
        "nproc": affinity,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "lark": version("lark"),
        "pydantic": version("pydantic"),
        "evalrules": _checkout(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def _checkout() -> str:
    """The commit measured, marked when evalrules/ has changes not yet committed."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "evalrules", "rules"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return evalrules.__version__
    return f"{evalrules.__version__} at {commit}" + (" + uncommitted changes in evalrules/ or rules/" if dirty else "")


def print_machine(m: dict[str, Any]) -> None:
    print(f"machine: {m['cpu']}, nproc {m['nproc']}, {m['platform']}")
    print(f"python {m['python']} ({m['implementation']}), lark {m['lark']}, pydantic {m['pydantic']}")
    print(f"evalrules {m['evalrules']}")
    if m["load_average"] is not None:
        print("load average at start (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in m["load_average"]))


# ---------------------------------------------------------------------------------------------
# 1. Compiling the rule file


def measure_compile(cold_runs: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    # The shipped parse tables (evalrules/language/grammar.tables), as after any install of this version;
    # lark keeps its own cache in tempfile.gettempdir(), so an empty TMPDIR means none of that.
    shipped = _fresh_tmp(lambda tmp: _cold_once(dict(env, TMPDIR=tmp), "shipped-tables"), cold_runs)
    # Without the shipped tables (another lark or Python version): the first process builds the
    # tables from the grammar, later ones read lark's cache.
    uncached = _fresh_tmp(lambda tmp: _cold_once(dict(env, TMPDIR=tmp), "no-shipped-tables"), cold_runs)
    _cold_once(env, "no-shipped-tables")  # lark's cache is now on disk for the current grammar
    cached = [_cold_once(env, "no-shipped-tables") for _ in range(cold_runs)]

    text = RULES.read_text(encoding="utf-8")
    path = str(RULES.relative_to(ROOT))
    grammar_parser()  # built once per process; warm compiles do not pay for it
    evalrules.loads(text, path)
    warm = []
    for _ in range(30):
        start = time.perf_counter_ns()
        evalrules.loads(text, path)
        warm.append(time.perf_counter_ns() - start)
    return {
        "cold_shipped_ms": _ms(statistics.median(r["load_ns"] for r in shipped)),
        "cold_cached_ms": _ms(statistics.median(r["load_ns"] for r in cached)),
        "cold_uncached_ms": _ms(statistics.median(r["load_ns"] for r in uncached)),
        "import_ms": _ms(statistics.median(r["import_ns"] for r in cached)),
        "warm_ms": _ms(statistics.median(warm)),
        "warm_best_ms": _ms(min(warm)),
        "cold_runs": cold_runs,
        "warm_runs": len(warm),
    }


def _fresh_tmp(run: Callable[[str], dict[str, int]], times: int) -> list[dict[str, int]]:
    """`run` `times` times, each with a new empty temporary folder."""
    out = []
    for _ in range(times):
        empty = tempfile.mkdtemp(prefix="evalrules-bench-")
        try:
            out.append(run(empty))
        finally:
            shutil.rmtree(empty, ignore_errors=True)
    return out


def _cold_once(env: dict[str, str], tables: str) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _COLD, str(RULES), tables], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"the cold-compile subprocess failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _ms(ns: float) -> float:
    return ns / 1e6


# ---------------------------------------------------------------------------------------------
# 2. The seed form


def measure_seed(rules: evalrules.RuleSet, seed: evalrules.Record) -> dict[str, Any]:
    # The baseline scores and checks nothing: the goal compares like with like (scores only);
    # the figure with the rule set's audit checks (复核) is reported beside it.
    engine = _per_call(lambda: rules.score(seed, audit=False))
    audited = _per_call(lambda: rules.score(seed))
    hand = _per_call(lambda: baseline.score_form(seed))
    return {
        "audited_median_us": audited["median"],
        "audit_checks": len(rules.checks),
        "audit_findings": len(rules.score(seed).findings),
        "engine_median_us": engine["median"],
        "engine_best_us": engine["best"],
        "baseline_median_us": hand["median"],
        "baseline_best_us": hand["best"],
        "loops": engine["loops"],
        "runs": engine["runs"],
    }


def _scores_only(rules: evalrules.RuleSet) -> Callable[[evalrules.Record], object]:
    return lambda record: rules.score(record, audit=False)


def _per_call(call: Callable[[], object], runs: int = 15, run_ns: int = 200_000_000) -> dict[str, Any]:
    """µs per call, timeit style: enough calls in a loop that one run lasts about `run_ns`."""
    loops = 1
    while True:
        elapsed = _loop(call, loops)
        if elapsed >= run_ns:
            break
        loops *= 2 if elapsed * 2 >= run_ns else 10
    per_call = sorted(_loop(call, loops) / loops / 1000 for _ in range(runs))
    return {"median": statistics.median(per_call), "best": per_call[0], "loops": loops, "runs": runs}


def _loop(call: Callable[[], object], loops: int) -> int:
    gc.collect()
    start = time.perf_counter_ns()
    for _ in range(loops):
        call()
    return time.perf_counter_ns() - start


# ---------------------------------------------------------------------------------------------
# 3. Agreement and many forms


def check_agreement(rules: evalrules.RuleSet, records: list[evalrules.Record]) -> dict[str, Any]:
    """Compare the engine and the baseline on every form; the baseline must not be a straw man."""
    counts = {"forms": len(records), "total": 0, "rows": 0, "provisional": 0, "forms_disagreeing": 0}
    examples: list[str] = []
    for number, record in enumerate(records):
        engine = rules.score(record)
        try:
            hand = baseline.score_form(record)
        except ValueError as error:
            counts["forms_disagreeing"] += 1
            examples.append(f"form {number}: the baseline cannot score it: {error}")
            continue
        rows = [
            (i, e.name, e.score, h.score)
            for i, (e, h) in enumerate(zip(engine.indicators, hand.indicators))
            if e.score != h.score
        ]
        differs = engine.total != hand.total, bool(rows), engine.provisional != hand.provisional
        counts["total"] += differs[0]
        counts["rows"] += len(rows)
        counts["provisional"] += differs[2]
        if any(differs):
            counts["forms_disagreeing"] += 1
            if len(examples) < 10:
                where = "; ".join(f"row {i} {name}: engine {e} baseline {h}" for i, name, e, h in rows[:3])
                examples.append(
                    f"form {number} ({record.project.name}): total engine {engine.total} baseline "
                    f"{hand.total}, provisional {engine.provisional}/{hand.provisional}; {where}"
                )
    return {**counts, "examples": examples}


CHUNK = 1000  # forms scored by one scorer before the other takes its turn on the same forms


def measure_bulk(rules: evalrules.RuleSet, records: list[evalrules.Record], repeat: int) -> dict[str, Any]:
    """Both scorers over all records, `repeat` passes, interleaved in chunks of the same forms.

    A shared machine's noise comes and goes within seconds; taking turns every `CHUNK` forms
    (who goes first alternating) lets both scorers meet the same conditions, so the ratio of a
    pass compares like with like. gc stays on: collecting what a scorer allocates is its cost.
    """
    chunks = [records[i : i + CHUNK] for i in range(0, len(records), CHUNK)]
    engine: list[int] = []
    hand: list[int] = []
    for n in range(repeat):
        gc.collect()
        spent = {"engine": 0, "baseline": 0}
        for k, chunk in enumerate(chunks):
            turns = (("engine", _scores_only(rules)), ("baseline", baseline.score_form))
            for name, score in turns if (n + k) % 2 == 0 else reversed(turns):
                spent[name] += _pass(score, chunk)
        engine.append(spent["engine"])
        hand.append(spent["baseline"])
    ratios = [e / h for e, h in zip(engine, hand)]
    return {
        "forms": len(records),
        "repeat": repeat,
        "chunk": CHUNK,
        "engine_s": [t / 1e9 for t in engine],
        "baseline_s": [t / 1e9 for t in hand],
        "ratios": ratios,
        "engine_best_s": min(engine) / 1e9,
        "engine_median_s": statistics.median(engine) / 1e9,
        "baseline_best_s": min(hand) / 1e9,
        "baseline_median_s": statistics.median(hand) / 1e9,
        "ratio_best": min(engine) / min(hand),
        "ratio_median": statistics.median(ratios),
    }


def _pass(score: Callable[[evalrules.Record], object], records: list[evalrules.Record]) -> int:
    start = time.perf_counter_ns()
    for record in records:
        score(record)
    return time.perf_counter_ns() - start


# ---------------------------------------------------------------------------------------------
# 4. Memory


def measure_memory(rules: evalrules.RuleSet, records: list[evalrules.Record]) -> dict[str, Any]:
    """Peak bytes allocated while scoring every record (the records themselves exist already).

    `streaming`: each result is dropped once made, as a command scoring files one by one does;
    `kept`: all results are kept in a list, as a caller collecting a batch does.
    """

    def streaming(score: Callable[[evalrules.Record], object]) -> None:
        for record in records:
            score(record)

    def kept(score: Callable[[evalrules.Record], object]) -> None:
        results = [score(record) for record in records]
        del results

    figures = {}
    for label, how in (("streaming", streaming), ("kept", kept)):
        for name, score in (("engine", rules.score), ("baseline", baseline.score_form)):
            figures[f"{name}_{label}_mib"] = _peak(lambda: how(score)) / 2**20
    return figures


def _peak(run: Callable[[], None]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


# ---------------------------------------------------------------------------------------------
# The table


def print_table(f: dict[str, Any], forms_count: int) -> None:
    c, s, b, m = f["compile"], f["seed"], f["bulk"], f["memory"]
    n = f"{forms_count:,}"
    rows = [
        ("compile suzhou-2024.rules, cold, shipped parse tables", f"< {GOAL_COMPILE_MS:g} ms",
         f"{c['cold_shipped_ms']:.1f} ms", c["cold_shipped_ms"] < GOAL_COMPILE_MS),
        ("compile, cold, other lark/Python: lark cache on disk", f"< {GOAL_COMPILE_MS:g} ms",
         f"{c['cold_cached_ms']:.1f} ms", c["cold_cached_ms"] < GOAL_COMPILE_MS),
        ("compile, cold, other lark/Python: first run, no cache", f"< {GOAL_COMPILE_MS:g} ms",
         f"{c['cold_uncached_ms']:.1f} ms", c["cold_uncached_ms"] < GOAL_COMPILE_MS),
        ("compile suzhou-2024.rules, warm (loads)", f"< {GOAL_COMPILE_MS:g} ms",
         f"{c['warm_ms']:.1f} ms", c["warm_ms"] < GOAL_COMPILE_MS),
        (f"score the seed form and run its {s['audit_checks']} audit checks, median", f"< {GOAL_SEED_US:g} µs",
         f"{s['audited_median_us']:.1f} µs", s["audited_median_us"] < GOAL_SEED_US),
        ("score the seed form, median per call", f"< {GOAL_SEED_US:g} µs",
         f"{s['engine_median_us']:.1f} µs", s["engine_median_us"] < GOAL_SEED_US),
        (f"score {n} forms: engine ÷ baseline, median pass", f"≤ {GOAL_RATIO:g}×",
         f"{b['ratio_median']:.2f}×", b["ratio_median"] <= GOAL_RATIO),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'goal':>9}  {'measured':>10}  pass")
    for label, goal, measured, ok in rows:
        print(f"{label:<{width}}  {goal:>9}  {measured:>10}  {'yes' if ok else 'NO'}")

    per_form = 1e6 / forms_count
    print(f"\nimport evalrules in a fresh process (not part of the compile figures): {c['import_ms']:.0f} ms")
    print(f"compile, warm: best {c['warm_best_ms']:.1f} ms of {c['warm_runs']}; cold figures: median of {c['cold_runs']} processes")
    print(f"seed form: engine best {s['engine_best_us']:.1f} µs; baseline median {s['baseline_median_us']:.1f} µs, "
          f"best {s['baseline_best_us']:.1f} µs ({s['runs']} runs of {s['loops']:,} calls)")
    print(f"{n} forms, {b['repeat']} passes each: engine median {b['engine_median_s']:.3f} s "
          f"({b['engine_median_s'] * per_form:.0f} µs a form), best {b['engine_best_s']:.3f} s; "
          f"baseline median {b['baseline_median_s']:.3f} s ({b['baseline_median_s'] * per_form:.0f} µs a form), "
          f"best {b['baseline_best_s']:.3f} s; ratio of bests {b['ratio_best']:.2f}×")
    print(f"  passes (s): engine {_spread(b['engine_s'])}; baseline {_spread(b['baseline_s'])}")
    print(f"  ratio of each pass: {_spread(b['ratios'], 2)}")
    print(f"peak memory scoring {n} forms (tracemalloc): engine {m['engine_streaming_mib']:.2f} MiB streaming, "
          f"{m['engine_kept_mib']:.1f} MiB keeping every result; baseline {m['baseline_streaming_mib']:.2f} MiB "
          f"streaming, {m['baseline_kept_mib']:.1f} MiB keeping every result")
    if "max_rss_mib" in m:
        print(f"maximum resident set size of this whole run: {m['max_rss_mib']:.0f} MiB")


def _spread(numbers: list[float], places: int = 3) -> str:
    return " ".join(f"{x:.{places}f}" for x in numbers)


if __name__ == "__main__":
    sys.exit(main())
