"""Benchmark `handouts batch`: handouts per second with 1 worker and all cores, and memory.

Not part of the test suite. Run it from anywhere:

    python tests/benchmarks/bench_batch.py            # 1,000 handouts, 1 worker and all cores
    python tests/benchmarks/bench_batch.py --big      # also 10,000, to show memory stays flat

Targets (issue 4, a 2-core machine): >= 100 handouts per second with both
cores (1,000 in 10 s or less); memory flat as the batch grows.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Ana", "Bo", "Chidi", "Dana", "Eitan", "Fatima", "Goran", "Hana", "Ivo", "June"]
LAST = ["Diaz", "Lindqvist", "Okafor", "Kowalska", "Shapiro", "Haddad", "Petrov", "Sato", "Novak", "Lee"]


def patients(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "date", "notes"])
        for i in range(count):
            name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i}"
            writer.writerow([name, "2026-11-24", "Ice 3 times a day for 2 days." if i % 3 == 0 else ""])


def run(count: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        rows = Path(folder) / "patients.csv"
        patients(rows, count)
        command = [sys.executable, "-m", "handouts", "batch", "--selection", "back-spasms", "--patients", str(rows),
                   "-d", str(Path(folder) / "out"), "-q", "-j", str(workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        built = len(list((Path(folder) / "out").glob("*.pdf")))
        inner = re.search(r"in ([\d.]+) s", done.stderr)
        return {
            "built": built,
            "wall_s": wall,
            "batch_s": float(inner.group(1)) if inner else wall,
            "peak_rss_mb": after.ru_maxrss / 1024,  # the largest single process: parent or one worker
            "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--big", action="store_true", help="also build 10,000 to compare memory")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}")
    for workers in sorted({1, cores}):
        r = run(args.count, workers)
        print(f"{r['built']} handouts, {workers} worker(s): {r['batch_s']:.1f} s building "
              f"({r['built'] / r['batch_s']:.0f}/s), {r['wall_s']:.1f} s whole command "
              f"({r['built'] / r['wall_s']:.0f}/s), peak RSS of one process {r['peak_rss_mb']:.0f} MB")
    if args.big:
        r = run(10 * args.count, cores)
        print(f"{r['built']} handouts, {cores} worker(s): {r['batch_s']:.1f} s ({r['built'] / r['batch_s']:.0f}/s), "
              f"peak RSS of one process {r['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
