"""Benchmark one handout: in-process speed, whole-process time, memory, size, pages.

Not part of the test suite (no timed assertions there). Run it from anywhere:

    python tests/benchmarks/bench_build.py            # all figures
    python tests/benchmarks/bench_build.py --quick    # fewer repeats

Targets (issue 3, a 2-core machine): <= 15 ms per handout in-process after
warm-up, <= 0.45 s for the whole `handouts build` process, PDF <= 40 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INPROCESS = r"""
import json, statistics, sys, time
if {no_accel}:
    sys.modules["_rl_accel"] = None  # ReportLab falls back to pure Python
from handouts import build
from handouts.request import Overrides, Request
names = ["Ana Diaz", "Bo Lindqvist", "Chidi Okafor", "Dana Kowalska", "Eitan Shapiro"]
def one(i):
    overrides = Overrides(patient=names[i % len(names)] + f" {{i}}", date="2026-11-24")
    return build.build(Request.for_target("back-spasms", overrides))
for i in range(5):
    one(i)  # warm-up: fonts registered, content loaded, caches filled
times = []
for i in range({repeats}):
    t = time.perf_counter()
    pdf = one(i)
    times.append((time.perf_counter() - t) * 1000)
import resource
print(json.dumps({{"median_ms": statistics.median(times), "p90_ms": sorted(times)[int(len(times) * 0.9)],
                  "size": len(pdf), "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def in_process(repeats: int, no_accel: bool = False) -> dict:
    code = INPROCESS.format(repeats=repeats, no_accel=no_accel)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def whole_process(repeats: int) -> dict:
    exe = shutil.which("handouts")
    command = [exe] if exe else [sys.executable, "-m", "handouts"]
    # Let Python cache bytecode, as it does on a clinic's machine (an installed
    # package ships compiled .pyc files; an editable one writes them on first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times, peak = [], 0
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(command + ["build", "back-spasms", "-o", str(Path(folder) / "warm.pdf")],
                       check=True, capture_output=True, cwd=folder, env=env)
        for i in range(repeats):
            out = Path(folder) / f"h{i}.pdf"
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run(command + ["build", "back-spasms", "--patient", "Ana Diaz", "-o", str(out)],
                           check=True, capture_output=True, cwd=folder, env=env)
            times.append(time.perf_counter() - t)
            peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    base = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        base.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "min_s": min(times), "peak_rss_kb": peak,
            "python_startup_s": statistics.median(base)}


def page_counts() -> dict:
    import io

    from pypdf import PdfReader

    from handouts import build
    from handouts.request import Overrides, Request

    counts = {}
    for label, options in [
        ("standard letter", {}),
        ("standard a4", {"page_size": "a4"}),
        ("greyscale", {"profile": "greyscale"}),
        ("large", {"profile": "large"}),
        ("brief", {"detail": "brief"}),
        ("brief large", {"detail": "brief", "profile": "large"}),
    ]:
        pdf = build.build(Request.for_target("back-spasms", Overrides(**options)))
        counts[label] = (len(PdfReader(io.BytesIO(pdf)).pages), len(pdf))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 20 if args.quick else 100
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    fast = in_process(repeats)
    print(f"in-process, rl-accel on:  median {fast['median_ms']:.1f} ms, p90 {fast['p90_ms']:.1f} ms per handout "
          f"(target <= 15 ms); peak RSS {fast['maxrss_kb'] / 1024:.0f} MB; PDF {fast['size'] / 1024:.1f} KB "
          f"(target <= 40 KB)")
    slow = in_process(max(10, repeats // 4), no_accel=True)
    print(f"in-process, rl-accel off: median {slow['median_ms']:.1f} ms per handout")
    whole = whole_process(5 if args.quick else 11)
    print(f"whole process `handouts build`: median {whole['median_s']:.2f} s, best {whole['min_s']:.2f} s "
          f"(target <= 0.45 s); of which bare `python -c pass` {whole['python_startup_s']:.2f} s; "
          f"peak RSS {whole['peak_rss_kb'] / 1024:.0f} MB")
    for label, (pages, size) in page_counts().items():
        print(f"pages, {label}: {pages} ({size / 1024:.1f} KB)")


if __name__ == "__main__":
    main()
