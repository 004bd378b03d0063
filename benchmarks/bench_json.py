"""Benchmark: writing a result as JSON against scoring the form it comes from, in one run.

Run from the repository root:

    python benchmarks/bench_json.py [--forms 2000] [--repeat 7] [--seed 2024]

Issue 7 asks that `Result.to_json` cost no more than scoring. It measures, and prints:

1. the seed form (examples/suzhou-2024-party-building.yaml, already read): median µs of
   `rules.score(record)` (with the 18 audit checks), and of `result.to_json()`,
   `result.to_json(explain=False)` and `json.dumps(result.to_dict())` on a result scored afresh
   for every call (timeit style: loops lasting about 0.2 s, median of 15), so that nothing a
   result keeps once written is reused;
2. `--forms` generated records (benchmarks/forms.py): scored, then each fresh result written with
   `to_json()`, in `--repeat` passes; µs per form for each, and the ratio to_json ÷ score of each
   pass (the goal is judged on their median).

Before timing it checks that `to_json` writes the same text as `json.dumps(to_dict())` on every
form, in both languages, and stops with status 1 if not. Timing is never part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # evalrules from this checkout; benchmarks/ itself is sys.path[0]

import evalrules  # noqa: E402
import forms  # noqa: E402
from evalrules.engine.result import dumps  # noqa: E402

RULES = ROOT / "rules" / "suzhou-2024.rules"
SEED_FORM = ROOT / "examples" / "suzhou-2024-party-building.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", type=int, default=2_000, help="generated forms (2000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed passes over the forms (7)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the form generator (2024)")
    args = parser.parse_args(argv)

    rules = evalrules.load(RULES)
    seed = evalrules.read_record(SEED_FORM)
    records = forms.generate_forms(args.forms, args.seed)

    for record in [seed, *records]:
        result = rules.score(record)
        for lang in ("zh", "en"):
            if result.to_json(lang) != dumps(result.to_dict(lang)) or result.to_json(lang, None) != dumps(result.to_dict(lang), None):
                print(f"FAIL: to_json and json.dumps(to_dict()) differ on {record.project.name}", file=sys.stderr)
                return 1

    print(f"evalrules {evalrules.__version__}, Python {sys.version.split()[0]}")
    print("seed form, median µs per call (a fresh result for each write):")
    seed_figures = {
        "score": _per_call(lambda: rules.score(seed)),
        "score then to_json": _per_call(lambda: rules.score(seed).to_json()),
        "score then to_json(explain=False)": _per_call(lambda: rules.score(seed).to_json(explain=False)),
        "score then json.dumps(to_dict)": _per_call(lambda: dumps(rules.score(seed).to_dict())),
    }
    base = seed_figures["score"]
    for name, us in seed_figures.items():
        extra = "" if name == "score" else f"   (writing: {us - base:6.1f} µs, {(us - base) / base:.2f}× scoring)"
        print(f"  {name:36} {us:7.1f}{extra}")

    print(f"{len(records):,} generated forms, {args.repeat} passes:")
    ratios, scoring, writing = [], [], []
    for _ in range(args.repeat):
        gc.collect()
        started = time.perf_counter_ns()
        results = [rules.score(r) for r in records]
        scored = time.perf_counter_ns()
        for result in results:
            result.to_json()
        written = time.perf_counter_ns()
        scoring.append((scored - started) / len(records) / 1000)
        writing.append((written - scored) / len(records) / 1000)
        ratios.append((written - scored) / (scored - started))
    print(f"  score:   {statistics.median(scoring):6.1f} µs a form (median pass)")
    print(f"  to_json: {statistics.median(writing):6.1f} µs a form (median pass)")
    print(f"  to_json ÷ score, per pass: {' '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}")
    return 0


def _per_call(call: Callable[[], Any], runs: int = 15, run_ns: int = 200_000_000) -> float:
    loops = 1
    while _loop(call, loops) < run_ns // 10:
        loops *= 2
    loops *= 10  # a loop now lasts about run_ns
    times = [_loop(call, loops) / loops / 1000 for _ in range(runs)]
    return statistics.median(times)


def _loop(call: Callable[[], Any], loops: int) -> int:
    gc.collect()
    started = time.perf_counter_ns()
    for _ in range(loops):
        call()
    return time.perf_counter_ns() - started


if __name__ == "__main__":
    sys.exit(main())
