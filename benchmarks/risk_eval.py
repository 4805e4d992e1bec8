"""Measure the risk scorer on seeded synthetic cases (caseguard.risk.synth).

    .venv/bin/python benchmarks/risk_eval.py            # held-out seed: the figures to report
    .venv/bin/python benchmarks/risk_eval.py --tune     # tuning seed: the one to iterate on
    .venv/bin/python benchmarks/risk_eval.py --misses   # also print the cases it gets wrong

Targets: at least 95% of risky cases at review or high; at most 10% of ordinary
cases above low.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from caseguard.risk import Level, assess
from caseguard.risk.synth import HELDOUT_SEED, TUNE_SEED, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="use the tuning seed")
    parser.add_argument("-n", type=int, default=400, help="number of cases (default 400)")
    parser.add_argument("--misses", action="store_true", help="print misclassified cases")
    args = parser.parse_args()
    seed = TUNE_SEED if args.tune else HELDOUT_SEED
    cases = generate(seed, args.n)
    assess("warm-up: load the lists once")
    started = time.perf_counter()
    results = [(case, assess(case.text)) for case in cases]
    elapsed = time.perf_counter() - started

    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    levels: Counter[tuple[str, str]] = Counter()
    misses = []
    for case, result in results:
        total[case.kind] += 1
        levels[(case.kind, result.level.value)] += 1
        above_low = result.level is not Level.LOW
        flagged[case.kind] += above_low
        if above_low != case.risky:
            misses.append((case, result))

    risky = [k for k in total if k != "ordinary"]
    risky_total = sum(total[k] for k in risky)
    risky_flagged = sum(flagged[k] for k in risky)
    print(f"seed {seed} ({'tuning' if args.tune else 'held-out'}), {len(cases)} cases, "
          f"{1000 * elapsed / len(cases):.1f} ms per case")
    print(f"risky at review or high : {100 * risky_flagged / risky_total:5.1f}%  (target >= 95%)")
    print(f"ordinary above low      : {100 * flagged['ordinary'] / total['ordinary']:5.1f}%  "
          "(target <= 10%)")
    print("\nper kind                   n   low review  high  flagged")
    for kind in [*sorted(risky), "ordinary"]:
        row = [levels[(kind, level.value)] for level in Level]
        print(f"  {kind:24} {total[kind]:3} {row[0]:5} {row[1]:6} {row[2]:5}  "
              f"{100 * flagged[kind] / total[kind]:5.1f}%")
    if args.misses:
        for case, result in misses:
            print(f"\n[{case.kind} -> {result.level.value} {result.score}] {case.text}")
            for factor in result.factors:
                shown = [e.text for e in factor.evidence]
                print(f"    {factor.kind.value} {factor.weight}: {shown}")


if __name__ == "__main__":
    main()
