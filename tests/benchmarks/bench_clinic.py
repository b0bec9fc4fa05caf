"""Benchmark the clinic's real path: the example brand (logo + QR code), a named patient, notes.

Not part of the test suite (no timed assertions there). Every figure of issue 14's
target table, measured in one run and printed as one table, with the load:

    python tests/benchmarks/bench_clinic.py           # all rows (about 10 minutes on 2 busy cores)
    python tests/benchmarks/bench_clinic.py --quick   # fewer repeats, smaller big batches (under 5 minutes)

In-process rows run in one subprocess, interleaved round by round (branded,
unbranded, canvas floor, large print, ...), so a noisy neighbour slows all of
them alike; ratios are of medians from the same run. The batch rows call
`handouts batch` in subprocesses and read each worker's peak memory (VmHWM)
from /proc while it runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLINIC = ROOT / "content" / "examples" / "riverside"
NOTES = ("Ice 3 times a day for 2 days, then heat.", "Walk 10 minutes twice a day; stop if the pain spreads.")

# The in-process rows, one subprocess: each round builds every kind once, in turn.
INPROCESS = r"""
import io, json, statistics, sys, time
from pathlib import Path
from handouts import build
from handouts.request import Overrides, Request
from pypdf import PdfReader
clinic = Path({clinic!r})
notes = {notes!r}
names = ["Ana Diaz", "Bo Lindqvist", "Chidi Okafor", "Dana Kowalska", "Eitan Shapiro"]
def person(i):
    return dict(patient=names[i % len(names)] + f" {{i}}", date="2026-11-24", notes=notes)
def branded(i, **extra):
    return build.build(Request.for_target(str(clinic / "first-visit.yaml"), Overrides(**person(i), **extra)))
def unbranded(i, **extra):
    return build.build(Request.for_target("back-spasms", Overrides(**person(i), **extra)))
KINDS = {{
    "branded": lambda i: branded(i),
    "unbranded": lambda i: unbranded(i),
    # the same topic and choices as the unbranded handout, in the clinic's brand: what branding itself costs
    "branded_default": lambda i: unbranded(i, brand=clinic / "brand.yaml"),
    "large": lambda i: unbranded(i, profile="large"),
    "brief_large": lambda i: build.build(Request.for_target(str(clinic / "brief-large-print.yaml"),
                                                            Overrides(**person(i)))),
    "bilingual": lambda i: unbranded(i, language="en", also_in=("es",)),
}}
# The floor: the unbranded handout's text, line by line, and the clinic's logo, on a bare canvas.
from reportlab.pdfgen.canvas import Canvas
from handouts.fonts import fontset
face = fontset("atkinson-hyperlegible").regular
sample = PdfReader(io.BytesIO(unbranded(0)))
pages_text = [[l for l in p.extract_text().splitlines() if l.strip()] for p in sample.pages]
logo = str(clinic / "logo.png")
from reportlab import rl_config
def floor(i):
    rl_config.useA85 = 0  # binary streams, as handouts writes them: the floor is no slower than it must be
    out = io.BytesIO()
    c = Canvas(out, pagesize=(612, 792), invariant=1, pageCompression=1)
    for lines in pages_text:
        c.drawImage(logo, 50, 700, width=120, height=60)
        y = 680
        for line in lines:
            c.setFont(face, 11)
            c.drawString(50, y, line)
            y -= 14
        c.showPage()
    c.save()
    return out.getvalue()
KINDS["floor"] = floor
# Layout passes: how many times a document is built for one PDF.
from reportlab.platypus import BaseDocTemplate
passes = [0]
real_build = BaseDocTemplate.build
def counting(self, *a, **k):
    passes[0] += 1
    return real_build(self, *a, **k)
BaseDocTemplate.build = counting
info = {{}}
for kind, make in KINDS.items():
    for i in range(3):
        make(i)  # warm-up: fonts registered, content and brand loaded, caches filled
    passes[0] = 0
    pdf = make(99)
    info[kind] = {{"passes": passes[0], "pages": len(PdfReader(io.BytesIO(pdf)).pages), "size": len(pdf)}}
times = {{kind: [] for kind in KINDS}}
for i in range({repeats}):
    for kind, make in KINDS.items():
        t = time.perf_counter()
        make(i)
        times[kind].append((time.perf_counter() - t) * 1000)
for kind in KINDS:
    info[kind]["median_ms"] = statistics.median(times[kind])
print(json.dumps(info))
"""

# A bare ReportLab script building a comparable two-page document in its own process.
BARE = r"""
import sys
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer
pdfmetrics.registerFont(TTFont("body", {font!r}))
style = getSampleStyleSheet()["BodyText"]
style.fontName = "body"
story = [Image({logo!r}, width=120, height=60)]
for page in range(2):
    story += [Paragraph("Back spasms: what to do at home and when to get help " * 3, style), Spacer(1, 6)] * 18
    story.append(PageBreak())
SimpleDocTemplate(sys.argv[1], invariant=1).build(story[:-1])
"""


def in_process(repeats: int) -> dict:
    code = INPROCESS.format(clinic=str(CLINIC), notes=NOTES, repeats=repeats)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout)


def handouts_command() -> list[str]:
    exe = Path(sys.executable).with_name("handouts")
    return [str(exe)] if exe.exists() else [shutil.which("handouts") or "handouts"]


def whole_process(repeats: int) -> dict:
    """`handouts build` branded, beside a bare ReportLab script, interleaved."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # .pyc cached, as installed
    fonts = ROOT / "fonts"
    script = BARE.format(font=str(fonts / "AtkinsonHyperlegible-Regular.ttf"), logo=str(CLINIC / "logo.png"))
    build = handouts_command() + ["build", str(CLINIC / "first-visit.yaml"), "--patient", "Ana Diaz",
                                  "--note", NOTES[0], "--force", "-o"]
    times: dict[str, list[float]] = {"handouts": [], "bare": [], "version": []}
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "h.pdf")
        for i in range(repeats + 1):
            for kind, command in (("handouts", build + [out]),
                                  ("bare", [sys.executable, "-c", script, str(Path(folder) / "b.pdf")]),
                                  ("version", handouts_command() + ["--version"])):
                t = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, cwd=folder, env=env)
                if i:  # the first round writes the bytecode caches
                    times[kind].append(time.perf_counter() - t)
    return {kind: statistics.median(values) for kind, values in times.items()}


def patients(path: Path, count: int) -> None:
    first = ["Ana", "Bo", "Chidi", "Dana", "Eitan", "Fatima", "Goran", "Hana", "Ivo", "June"]
    last = ["Diaz", "Lindqvist", "Okafor", "Kowalska", "Shapiro", "Haddad", "Petrov", "Sato", "Novak", "Lee"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "date", "notes"])
        for i in range(count):
            writer.writerow([f"{first[i % 10]} {last[(i // 10) % 10]} {i}", "2026-11-24", NOTES[i % 2]])


def descendants(pid: int) -> list[int]:
    out = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for child in map(int, children):
        out += [child] + descendants(child)
    return out


def peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def batch(count: int, workers: int, stop_after: int | None = None) -> dict:
    """`handouts batch` of ``count`` branded patients: wall time, time to the first PDF, each worker's peak memory.

    With ``stop_after``, the batch is stopped once that many PDFs are written (the 50,000-row start).
    """
    with tempfile.TemporaryDirectory() as folder:
        rows, outdir = Path(folder) / "patients.csv", Path(folder) / "out"
        patients(rows, count)
        command = handouts_command() + ["batch", "--selection", str(CLINIC / "first-visit.yaml"), "--patients",
                                        str(rows), "-d", str(outdir), "-q", "-j", str(workers)]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        workers_peak: dict[int, int] = {}
        first = None
        while process.poll() is None:
            for pid in descendants(process.pid):
                workers_peak[pid] = max(workers_peak.get(pid, 0), peak_kb(pid))
            if first is None and outdir.is_dir() and any(outdir.glob("*.pdf")):
                first = time.perf_counter() - start
            if stop_after and outdir.is_dir() and sum(1 for _ in outdir.glob("*.pdf")) >= stop_after:
                process.terminate()
                process.wait()
                break
            time.sleep(0.05)
        wall = time.perf_counter() - start
        stderr = process.stderr.read() if process.stderr else ""
        if process.returncode not in (0, -15) and not stop_after:
            raise SystemExit(stderr)
        built = sum(1 for _ in outdir.glob("*.pdf")) if outdir.is_dir() else 0
        peaks = [kb / 1024 for kb in workers_peak.values() if kb]
        return {"built": built, "wall_s": wall, "first_s": first, "worker_mb": max(peaks, default=0.0),
                "workers": len(peaks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats; the 10,000 batch stops at 3,000 PDFs")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch rows")
    args = parser.parse_args()
    repeats = 15 if args.quick else 60
    rows: list[tuple[str, str, str]] = []

    def row(measure: str, value: str, target: str) -> None:
        rows.append((measure, value, target))

    load_before = os.getloadavg()
    r = in_process(repeats)
    br, ub, fl = r["branded"]["median_ms"], r["unbranded"]["median_ms"], r["floor"]["median_ms"]
    bp = (br / r["branded"]["pages"]) / (ub / r["unbranded"]["pages"])
    row("branded first-visit preset, in-process, warm",
        f"{br:.1f} ms = {br / ub:.2f}x unbranded {ub:.1f} ms; per page {bp:.2f}x "
        f"({r['branded']['pages']} p vs {r['unbranded']['pages']} p, {r['branded']['passes']} pass)",
        "<= 1.2x")
    bd = r["branded_default"]
    row("branded, the unbranded handout's choices",
        f"{bd['median_ms']:.1f} ms = {bd['median_ms'] / ub:.2f}x unbranded "
        f"({bd['pages']} p vs {r['unbranded']['pages']} p)",
        "<= 1.2x")
    row("unbranded default handout, in-process", f"{ub:.1f} ms = {ub / fl:.2f}x canvas floor {fl:.1f} ms", "<= 1.5x")
    per_page = ub / r["unbranded"]["pages"]
    for kind, label in (("large", "large print"), ("brief_large", "brief + large (clinic)"),
                        ("bilingual", "bilingual en+es")):
        k = r[kind]
        row(f"{label}: passes, time per page",
            f"{k['passes']} pass, {k['median_ms']:.1f} ms / {k['pages']} p = "
            f"{k['median_ms'] / k['pages'] / per_page:.2f}x default's per page", "1 pass, <= 1.3x")
    w = whole_process(5 if args.quick else 11)
    row("`handouts build` whole process, branded",
        f"{w['handouts']:.2f} s = {w['handouts'] / w['bare']:.2f}x bare ReportLab {w['bare']:.2f} s", "<= 1.5x")
    row("`handouts --version` whole process", f"{w['version']:.2f} s", "no ReportLab import")
    if not args.no_batch:
        one, two = batch(1000, 1), batch(1000, 2)
        rate1, rate2 = one["built"] / one["wall_s"], two["built"] / two["wall_s"]
        row("batch 1,000 branded, 2 workers", f"{rate2:.0f}/s ({two['wall_s']:.1f} s); 1 worker {rate1:.0f}/s",
            ">= 100/s")
        row("batch scaling 2 vs 1 worker", f"{rate2 / rate1:.2f}x", ">= 1.8x")
        big = batch(10_000, 2, stop_after=3000 if args.quick else None)
        note = f" (stopped at {big['built']} PDFs)" if args.quick else ""
        row("batch memory per worker, 1,000 -> 10,000",
            f"{two['worker_mb']:.0f} MB -> {big['worker_mb']:.0f} MB{note}", "+ <= 5 MB, <= 80 MB")
        huge = batch(50_000, 2, stop_after=1)
        first = f"{huge['first_s']:.1f} s" if huge["first_s"] is not None else "none written"
        row("50,000-row list: first PDF written", first, "<= 5 s")
    load_after = os.getloadavg()
    width = max(len(m) for m, _, _ in rows)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; brand: {CLINIC.name} (logo + QR), "
          f"patient name and {len(NOTES)} notes; {repeats} interleaved rounds")
    print(f"{'measure':<{width}}  {'measured':<72}  target")
    for measure, value, target in rows:
        print(f"{measure:<{width}}  {value:<72}  {target}")
    print("load average before: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}".format(*load_before, *load_after))


if __name__ == "__main__":
    main()
