"""Benchmark the batch rows of issue 14: branded patient lists, streamed, on 1 and 2 workers.

Not part of the test suite. Every figure is taken on the example clinic's
brand (content/examples/riverside: logo, QR code) with a patient name per row
and notes on every third, through `handouts batch --patients` in its own
process. With ``--before DIR`` (a checkout of the code to compare, e.g.
``git archive <commit> handouts content fonts | tar -x -C DIR``) each run of
that code is interleaved with the same run of this one, so the shared
machine's load falls on both alike; medians of ``--repeats`` runs.

    python tests/benchmarks/bench_stream.py --before /tmp/before
    python tests/benchmarks/bench_stream.py --count 1000 --big 10000 --stream 50000

Rows printed: ``| measure | before | after | target | met |``, then the load.
Memory per worker is the peak resident memory (VmHWM) of each worker process,
read from /proc while it runs; with ``--sample N`` a run is stopped after N
handouts (enough to show what a worker inherits at the fork, in minutes
rather than hours on a busy machine).
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRESET = ROOT / "content" / "examples" / "riverside" / "first-visit.yaml"
FIRST = ["Ana", "Bo", "Chidi", "Dana", "Eitan", "Fatima", "Goran", "Hana", "Ivo", "June"]
LAST = ["Diaz", "Lindqvist", "Okafor", "Kowalska", "Shapiro", "Haddad", "Petrov", "Sato", "Novak", "Lee"]


def patients(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "date", "notes"])
        for i in range(count):
            name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i}"
            notes = "Ice 3 times a day for 2 days.\nWalk 10 minutes, twice a day." if i % 3 == 0 else ""
            writer.writerow([name, "2026-11-24", notes])


def _kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def run(code: Path | None, rows: Path, workers: int, stop_after: int | None = None) -> dict:
    """One `handouts batch` process: seconds to the first PDF and for all, rate, peak memory per process."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if code:
        env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        command = [sys.executable, "-m", "handouts", "batch", "--selection", str(PRESET), "--patients", str(rows),
                   "-d", str(out), "-q", "-j", str(workers)]
        start = time.perf_counter()
        # run outside any checkout: 'python -m' puts the working folder first on the path
        proc = subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        first = None
        worker_kb: dict[int, int] = {}
        parent_kb = 0
        built = 0
        while proc.poll() is None:
            parent_kb = max(parent_kb, _kb(proc.pid, "VmHWM"))
            for child in _children(proc.pid):
                worker_kb[child] = max(worker_kb.get(child, 0), _kb(child, "VmHWM"))
            if out.is_dir():
                built = sum(1 for name in os.listdir(out) if name.endswith(".pdf"))
                if built and first is None:
                    first = time.perf_counter() - start
                if stop_after and built >= stop_after:
                    proc.send_signal(signal.SIGINT)
                    break
            time.sleep(0.05)
        _, stderr = proc.communicate(timeout=600)
        wall = time.perf_counter() - start
        built = sum(1 for name in os.listdir(out) if name.endswith(".pdf")) if out.is_dir() else 0
        if proc.returncode not in (0, 130) or not built:
            raise SystemExit(stderr.decode())
        return {"first_s": first if first is not None else wall, "wall_s": wall, "built": built,
                "rate": built / (wall - (first or 0) + 1e-9) if stop_after else built / wall,
                "parent_mb": parent_kb / 1024,
                "worker_mb": max(worker_kb.values()) / 1024 if worker_kb else parent_kb / 1024}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with, run interleaved")
    parser.add_argument("--count", type=int, default=1000, help="rows of the throughput list")
    parser.add_argument("--big", type=int, default=10000, help="rows of the memory list")
    parser.add_argument("--stream", type=int, default=50000, help="rows of the streaming list")
    parser.add_argument("--sample", type=int, default=0, help="stop the memory runs after this many handouts")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    codes = {"before": args.before, "after": None} if args.before else {"after": None}
    found: dict[tuple[str, str], list[dict]] = {}
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as folder:
        lists = {}
        for count in {args.count, args.big, args.stream}:
            lists[count] = Path(folder) / f"p{count}.csv"
            patients(lists[count], count)
        for _ in range(args.repeats):
            for label, code in codes.items():  # interleaved: before, after, before, after...
                found.setdefault((label, "2"), []).append(run(code, lists[args.count], 2))
                found.setdefault((label, "1"), []).append(run(code, lists[args.count], 1))
                # stopped only short of the end: a stop sent as a batch finishes races its exit
                small = args.sample if 0 < args.sample < args.count else None
                big = args.sample if 0 < args.sample < args.big else None
                found.setdefault((label, "small"), []).append(run(code, lists[args.count], 2, small))
                found.setdefault((label, "big"), []).append(run(code, lists[args.big], 2, big))
                found.setdefault((label, "stream"), []).append(run(code, lists[args.stream], 2, 1))
                loads.append(os.getloadavg()[0])

    def figure(label: str, what: str) -> dict[str, float]:
        if (label, "2") not in found:
            return {}
        two, one = median(found[label, "2"], "rate"), median(found[label, "1"], "rate")
        small, big = median(found[label, "small"], "worker_mb"), median(found[label, "big"], "worker_mb")
        return {"rate": two, "scaling": two / one, "growth": big - small, "worker": big,
                "first": median(found[label, "stream"], "first_s"),
                "parent": median(found[label, "stream"], "parent_mb")}

    before, after = figure("before", ""), figure("after", "")
    rows = [
        ("rate", f"batch of {args.count:,} branded, 2 workers (handouts/s)", "{:.1f}", ">= 100", lambda v: v >= 100),
        ("scaling", "scaling, 2 vs 1 worker", "{:.2f}x", ">= 1.8x", lambda v: v >= 1.8),
        ("growth", f"worker memory, {args.big:,} rows minus {args.count:,} (MB)", "{:+.1f}", "<= +5",
         lambda v: v <= 5),
        ("worker", f"peak memory per worker, {args.big:,} rows (MB)", "{:.0f}", "<= 80", lambda v: v <= 80),
        ("first", f"{args.stream:,} rows: seconds to the first PDF", "{:.1f}", "<= 5", lambda v: v <= 5),
        ("parent", f"{args.stream:,} rows: parent's peak memory then (MB)", "{:.0f}", "flat", lambda v: True),
    ]
    print("| measure | before | after | target | met |")
    print("|---|---|---|---|---|")
    for key, measure, form, target, met in rows:
        b = form.format(before[key]) if key in before else "-"
        print(f"| {measure} | {b} | {form.format(after[key])} | {target} | {'yes' if met(after[key]) else 'no'} |")
    note = f", memory runs stopped after {args.sample} handouts" if args.sample else ""
    print(f"\nload average (1 min) during the runs: {', '.join(f'{x:.2f}' for x in loads)}; "
          f"{os.cpu_count()} cores; medians of {args.repeats} run(s){note}")


if __name__ == "__main__":
    main()
