"""Batch building: checked jobs -> PDFs, on every core, one bad job never stopping the rest.

Fonts, content and brands are loaded in the parent before the pool forks,
so every worker starts warm and nothing is loaded per job. Each PDF is
written through :func:`handouts.output.write_atomic`: an interrupt leaves
only complete PDFs, and a clean interrupt removes the temp files too.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import json
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .batch import Job, Plan
from .errors import HandoutsError, InputError, Problem
from .output import TEMP_PREFIX, write_atomic


@dataclass(frozen=True)
class Result:
    number: int
    output: Path
    status: str  # "built", "unchanged" or "failed"
    message: str = ""


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[Result]:
        return sorted((r for r in self.results if r.status == "failed"), key=lambda r: r.number)

    def line(self) -> str:
        done = self.count("built") + self.count("unchanged")
        rate = done / self.seconds if self.seconds else 0.0
        unchanged = f" ({self.count('unchanged')} unchanged)" if self.count("unchanged") else ""
        return (f"Built {done} handout(s){unchanged}, {len(self.failed)} failed, "
                f"in {self.seconds:.1f} s: {rate:.1f} per second")


def build_one(job: Job, force: bool) -> Result:
    """Build and write one job; a user-level failure becomes a failed Result, not an exception."""
    from . import build

    try:
        handouts = build.handouts_for(build.Request(job.selection, job.doc, job.brand_path))
        written = write_atomic(job.output, build.render(*handouts), force=force, sync=False)
        return Result(job.number, job.output, "built" if written else "unchanged")
    except HandoutsError as exc:
        return Result(job.number, job.output, "failed", "; ".join(str(p) for p in exc.problems))
    except Exception as exc:  # a bug: report it for this job, keep building the others
        return Result(job.number, job.output, "failed", f"internal error ({type(exc).__name__}: {exc})")


def warm(plan: Plan) -> None:
    """Load every topic, brand and font the jobs need, and the PDF code, once."""
    from . import build, library
    from .brand import load_brand
    from .fonts import fontset

    importlib.import_module("handouts.pdf")  # ReportLab, imported before the fork
    for topic_id, language in plan.topics:
        library.load_topic(topic_id, language)
    for path in plan.brands:
        try:
            fontset(load_brand(path).font)
        except HandoutsError:
            pass  # reported by the job that uses it
    job = next(iter(plan), None)
    if job is not None:  # one real build fills the layout caches every worker starts with
        try:
            build.render(*build.handouts_for(build.Request(job.selection, job.doc, job.brand_path)))
        except HandoutsError:
            pass


def run(plan: Plan, workers: int | None = None, force: bool = False,
        progress: Callable[[Result], None] | None = None) -> Summary:
    """Build every job of ``plan``, in parallel when there are several workers.

    Jobs are made and handed to the pool a few at a time, never all at once,
    so a batch of 10,000 needs no more memory than one of 1,000.
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(plan)))
    summary = Summary()
    start = time.perf_counter()
    folders = {path.parent for path in plan.outputs}
    for folder in folders:
        sweep_temp_files(folder, older_than=3600)
    warm(plan)
    try:
        if workers == 1:
            for job in plan:
                _record(summary, build_one(job, force), progress)
        else:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                _run_pool(pool, plan, workers, force, summary, progress)
    except BaseException:
        for folder in folders:  # a clean interrupt leaves no temp files behind
            sweep_temp_files(folder)
        raise
    summary.results.sort(key=lambda r: r.number)
    summary.seconds = time.perf_counter() - start
    return summary


def _run_pool(pool, plan: Plan, workers: int, force: bool, summary: Summary, progress) -> None:
    jobs = iter(plan)
    running: set = set()
    try:
        while True:
            while len(running) < workers * 4:  # enough queued to keep every worker busy
                job = next(jobs, None)
                if job is None:
                    break
                running.add(pool.submit(build_one, job, force))
            if not running:
                return
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                _record(summary, future.result(), progress)
    except BaseException:
        for future in running:
            future.cancel()
        pool.shutdown(wait=True)  # jobs already running finish (atomically) ...
        for future in running:  # ... and are counted
            if future.done() and not future.cancelled() and future.exception() is None:
                _record(summary, future.result(), progress)
        raise


def _record(summary: Summary, result: Result, progress) -> None:
    summary.results.append(result)
    if progress:
        progress(result)


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def sweep_temp_files(folder: Path, older_than: float = 0) -> None:
    """Remove our own temp files (never anything else) from ``folder``."""
    now = time.time()
    try:
        candidates = list(folder.glob(f"{TEMP_PREFIX}*.tmp"))
    except OSError:
        return
    for path in candidates:
        try:
            if now - path.lstat().st_mtime >= older_than:
                path.unlink()
        except OSError:
            pass


# --- what a batch leaves besides the PDFs ----------------------------------------


def combine(summary: Summary, target: Path, force: bool = False) -> int:
    """One PDF holding every built handout in job order, bookmarked per handout."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    count = 0
    for result in summary.results:
        if result.status != "failed":
            writer.append(str(result.output), outline_item=result.output.stem)
            count += 1
    if not count:
        raise InputError(Problem(f"--combine {target}: no handout was built, nothing to combine"))
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomic(target, buffer.getvalue(), force=force)
    return count


RECORD_COLUMNS = ["job", "output", "status", "topic", "language", "version", "selection_digest",
                  "profile", "detail", "page_size"]


def record(jobs: Plan, summary: Summary, target: Path, with_names: bool = False, force: bool = False) -> None:
    """A CSV row per job; the patient's name only when asked for."""
    from . import library

    by_number = {r.number: r for r in summary.results}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_COLUMNS + (["patient"] if with_names else []))
    for job in jobs:
        s = job.selection
        result = by_number.get(job.number)
        topic = library.load_topic(s.topic, s.language)
        # "written" whether built now or already there: the same batch gives the same record.
        status = ("written" if result.status != "failed" else "failed") if result else "not built"
        row = [job.number, job.output.name, status, s.topic, s.language,
               topic.version, selection_digest(job), s.profile, s.detail, s.page_size or "brand"]
        writer.writerow(row + ([s.patient or ""] if with_names else []))
    write_atomic(target, out.getvalue().encode("utf-8"), force=force)


def selection_digest(job: Job) -> str:
    """What was picked, as a short hash: the same preset gives the same digest for every patient."""
    picked = job.selection.model_dump(mode="json", exclude={"patient", "date", "notes", "follow_up"})
    picked["brand"] = str(job.brand_path) if job.brand_path else None
    return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()[:12]
