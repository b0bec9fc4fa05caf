"""Benchmark what tagging (PDF/UA-1) costs: the branded handout built untagged and tagged, interleaved.

Not part of the test suite (no timed assertions there). Run it from anywhere:

    python tests/benchmarks/bench_tagging.py            # 60 rounds
    python tests/benchmarks/bench_tagging.py --rounds 20

Target (issue 15): the tagged build takes at most 1.4 times the untagged one,
on the example clinic's handout (content/examples/riverside) with a patient's
name and notes. Each round builds both, in alternating order, so that the
load of a shared machine falls on both alike; medians and the load are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

RIVERSIDE = Path(__file__).parents[2] / "content" / "examples" / "riverside" / "patient-example.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()

    from handouts import build
    from handouts.pdf import document
    from handouts.request import Overrides, Request

    overrides = Overrides(patient="Ana Diaz", notes=("Ice 3 times a day for 2 days, then heat.",))
    handouts = build.ready(Request.for_target(str(RIVERSIDE), overrides)).handouts
    for _ in range(5):  # warm-up: fonts registered, caches filled
        document.render(*handouts, tagged=False)
        document.render(*handouts, tagged=True)
    times: dict[bool, list[float]] = {False: [], True: []}
    sizes: dict[bool, int] = {}
    for index in range(args.rounds):
        for tagged in ((False, True) if index % 2 else (True, False)):
            start = time.perf_counter()
            pdf = document.render(*handouts, tagged=tagged)
            times[tagged].append((time.perf_counter() - start) * 1000)
            sizes[tagged] = len(pdf)
    untagged, tagged_ms = statistics.median(times[False]), statistics.median(times[True])
    print(json.dumps({
        "rounds": args.rounds,
        "untagged_median_ms": round(untagged, 2),
        "tagged_median_ms": round(tagged_ms, 2),
        "ratio": round(tagged_ms / untagged, 3),
        "target_ratio": 1.4,
        "untagged_bytes": sizes[False],
        "tagged_bytes": sizes[True],
        "load": os.getloadavg(),
    }, indent=1))


if __name__ == "__main__":
    main()
