"""Batch building: checked jobs -> PDFs, on every core, one bad job never stopping the rest.

Fonts, content and brands are loaded in the parent before the pool forks,
so every worker starts warm and nothing is loaded per job. Jobs are made
from the plan a few at a time (``workers * 4`` in flight) and sent to a
worker as one small message each; the plan itself holds no rows. Each PDF is
written through :func:`handouts.output.write_atomic`: an interrupt leaves
only complete PDFs, and a clean interrupt removes the temp files too.

Ctrl-C or a kill stops the batch with an exact count: every PDF renamed
into place by this run is counted, and no other (see :class:`_Stop`).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import importlib
import io
import itertools
import json
import multiprocessing
import os
import secrets
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .batch import Job, Plan
from .errors import HandoutsError, InputError, Problem, joined
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
    problems: list[Problem] = field(default_factory=list)  # writing the combined PDF or the record

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def written(self) -> int:
        """Handouts on disk as this run asked: built now, or already there with the same bytes."""
        return self.count("built") + self.count("unchanged")

    @property
    def failed(self) -> list[Result]:
        return sorted((r for r in self.results if r.status == "failed"), key=lambda r: r.number)

    def line(self) -> str:
        done = self.written
        rate = done / self.seconds if self.seconds else 0.0
        unchanged = f" ({self.count('unchanged')} unchanged)" if self.count("unchanged") else ""
        return (f"Built {done} handout(s){unchanged}, {len(self.failed)} failed, "
                f"in {self.seconds:.1f} s: {rate:.1f} per second")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or a kill stopped the batch; ``summary`` holds every job that finished, each written whole."""

    def __init__(self, summary: Summary):
        super().__init__()
        self.summary = summary


# A handout's layout leaves reference cycles (document, canvas, flowables) that outlive the
# young generations while it is drawn, and the rare full collections a command's thresholds allow
# (see cli.main) let them pile up: a worker would grow with its jobs up to some 10 MB more. A full
# collection this often keeps it flat; it looks only at what the worker made since the fork (the
# rest is frozen, see warm) and costs well under a millisecond a job.
COLLECT_EVERY = 50
_jobs_built = itertools.count(1)


def build_one(job: Job, force: bool, tag: str = "") -> Result:
    """Build and write one job; a user-level failure becomes a failed Result, not an exception."""
    from .build import build

    if next(_jobs_built) % COLLECT_EVERY == 0:
        gc.collect()
    try:
        written = write_atomic(job.output, build(job.request), force=force, sync=False, tag=tag)
        return Result(job.number, job.output, "built" if written else "unchanged")
    except HandoutsError as exc:  # one line, however many problems: the first 20, then a count
        return Result(job.number, job.output, "failed", joined(exc.problems))
    except Exception as exc:  # a bug: report it for this job, keep building the others
        return Result(job.number, job.output, "failed", f"internal error ({type(exc).__name__}: {exc})")


def warm(plan: Plan) -> None:
    """Load every topic, brand and font the jobs need, and the PDF code, once."""
    from . import library
    from .brand import load_brand
    from .build import build
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
            build(job.request)
        except HandoutsError:
            pass
    # What is loaded now lives as long as the batch: the collector need not look at it again, and a
    # forked worker, whose collections would otherwise write to every page of it, keeps sharing it.
    gc.freeze()


def run(plan: Plan, workers: int | None = None, force: bool = False,
        progress: Callable[[Result], None] | None = None) -> Summary:
    """Build every job of ``plan``, in parallel when there are several workers.

    Jobs are made and handed to the pool a few at a time, never all at once,
    so a batch of 10,000 needs no more memory than one of 1,000. Ctrl-C or a
    kill raises :class:`Interrupted` with what was written so far.
    """
    workers = max(1, min(workers or os.cpu_count() or 1, len(plan)))
    summary = Summary()
    start = time.perf_counter()
    tag = secrets.token_hex(4) + "-"  # this run's temp files; random, so it says nothing about a patient
    with _Stop(at_once=workers == 1) as stop:
        try:
            sweep_temp_files(plan.outdir, older_than=3600)  # left by a run that was killed outright
            warm(plan)
            if workers == 1:
                _run_here(plan, force, summary, progress, tag)
            else:
                with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                         initializer=_worker_signals) as pool:
                    _run_pool(pool, plan, workers, force, summary, progress, stop, tag)
        except BaseException as exc:
            sweep_temp_files(plan.outdir, tag=tag)  # a clean interrupt leaves none of its own temp files
            if isinstance(exc, KeyboardInterrupt):
                summary.results.sort(key=lambda r: r.number)
                raise Interrupted(summary) from None
            raise
    summary.results.sort(key=lambda r: r.number)
    summary.seconds = time.perf_counter() - start
    return summary


def _run_here(plan: Plan, force: bool, summary: Summary, progress, tag: str) -> None:
    """One worker: build in this process; an interrupt stops the job at once."""
    for job in plan:
        before = _state(job.output)
        try:
            _record(summary, build_one(job, force, tag), progress)
        except KeyboardInterrupt:
            if not summary.results or summary.results[-1].number != job.number:
                _record_if_written(summary, job.number, job.output, before)
            raise


def _run_pool(pool, plan: Plan, workers: int, force: bool, summary: Summary, progress, stop: "_Stop",
              tag: str) -> None:
    jobs = iter(plan)
    running: dict = {}  # future -> (job number, output, the output's state before the job)
    try:
        while not stop.requested:
            while len(running) < workers * 4 and not stop.requested:  # enough queued to keep every worker busy
                job = next(jobs, None)
                if job is None:
                    break
                before = _state(job.output)  # before the worker can write it
                running[pool.submit(build_one, job, force, tag)] = (job.number, job.output, before)
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                if stop.requested:
                    break
                _record(summary, future.result(), progress)
                del running[future]  # only once counted
    except BrokenProcessPool:
        if not stop.requested:
            raise  # a worker died on its own: not an interrupt
        # a kill sent to the whole process group stopped the workers too
    # Stopped: jobs not yet started are dropped; those a worker holds finish (or
    # were killed) and are counted by their result, or failing that by the disk.
    pool.shutdown(wait=True, cancel_futures=True)
    for future, (number, output, before) in running.items():
        if future.cancelled():
            continue
        if future.exception() is None:
            _record(summary, future.result(), progress)
        else:
            _record_if_written(summary, number, output, before)
    raise KeyboardInterrupt


def _record(summary: Summary, result: Result, progress) -> None:
    summary.results.append(result)
    if progress:
        progress(result)


def _state(path: Path) -> tuple | None:
    """What is at ``path`` now (a rename into place makes a new inode), or None."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def _record_if_written(summary: Summary, number: int, output: Path, before: tuple | None) -> None:
    """A job stopped before its result came back: count its PDF if it was renamed into place."""
    if _state(output) not in (before, None):  # write_atomic renames only complete files
        summary.results.append(Result(number, output, "built"))


class _Stop:
    """SIGINT and SIGTERM while a batch builds, so the count of PDFs written is exact.

    With a pool the parent only notes the signal and stops between results:
    every result a worker sends is received. Workers ignore Ctrl-C (a terminal
    sends it to the whole process group) and finish the job they hold; a kill
    of the whole group stops them at once, and their PDFs are counted from the
    disk. With one worker (``at_once``) the first signal interrupts the job in
    this process, which then either finished its rename or left nothing.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, at_once: bool):
        self.at_once = at_once
        self.requested = False
        self.saved: dict = {}

    def __enter__(self) -> "_Stop":
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                if signal.getsignal(signum) != signal.SIG_IGN:  # started with it ignored (nohup, '&'): keep so
                    self.saved[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self.saved.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)  # None: not set from Python

    def _handle(self, signum, frame) -> None:
        first = not self.requested
        self.requested = True  # a second signal while stopping is not a reason to lose the count
        if first and self.at_once:
            raise KeyboardInterrupt


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the parent's to act on; SIGTERM (the pool's own terminate) stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _context():
    """Fork where there is fork (Linux, macOS): each worker starts with the fonts, content, brands and
    layout caches :func:`warm` loaded once in the parent, and takes nothing per row from it, as the plan
    holds no rows; jobs reach it one by one as small pickled messages. Where there is none (Windows:
    spawn) each worker imports and loads what its first job needs, once."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def sweep_temp_files(folder: Path, older_than: float = 0, tag: str = "") -> None:
    """Remove handouts' temp files (never anything else) from ``folder``: those of one run, with its ``tag``.

    Every run's temp files are tagged with a random token of its own, so an
    interrupted run removes only its own; untagged sweeps take only those an
    hour old, left by a run killed outright."""
    now = time.time()
    try:
        candidates = list(folder.glob(f"{TEMP_PREFIX}{tag}*.tmp"))
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
        raise InputError(Problem("no handout was built, nothing to combine", where="combine"))
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
    personal = {"patient", "date", "notes", "follow_up", "clinician"}  # printed text, not what was picked
    picked = job.selection.model_dump(mode="json", exclude=personal)
    picked["brand"] = str(job.brand_path) if job.brand_path else None
    return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()[:12]
