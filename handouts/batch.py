"""Batches: a manifest or a patient list -> checked jobs -> PDFs, as one library call.

Every job is made into a request (:mod:`handouts.request`) and checked
(:func:`handouts.check.check`) before anything is built, and every problem
across all jobs is reported at once (job number, file:line). Two jobs that
would write the same file is a problem too. :func:`run` then builds the plan
on every core (:mod:`handouts.pool`) and writes the combined PDF and record.

A patient list is never held whole: its rows are read from the file as they
are checked, and read again as they are built (:class:`_Rows`), so the plan
of a 50,000-row list takes the memory of one row, not of 50,000. A long list
is checked on several forked processes, each taking every n-th row; what they
find is merged in row order, so the problems read as one process's would.
"""

from __future__ import annotations

import bisect
import csv
import functools
import hashlib
import heapq
import io
import itertools
import multiprocessing
import os
import string
import unicodedata
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .brand import language_gaps, load_brand
from .check import brand_text_problems, check
from .errors import HandoutsError, InputError, Problem, did_you_mean, one_of
from .models import JobDefaults, Manifest, Selection, with_axes
from .request import NAME_FIELDS, Layer, Overrides, Request, output_name
from .validate import validate
from .yamlload import Document, load_yaml, read_text

if TYPE_CHECKING:
    from .pool import Result, Summary

MAX_CSV_BYTES = 10 * 1024 * 1024
# The least of a patient list (about 1,000 rows) one process checks when the rows are shared out:
# with fewer, starting the processes takes longer than the check they share.
CHECK_SHARE_BYTES = 50_000
MAX_NAME = 120  # characters in an output file name, with .pdf
MAX_NAME_BYTES = 240  # and bytes, under the 255 most file systems allow
_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, invisibles, line and paragraph separators
_SEPARATORS = str.maketrans(dict.fromkeys('/\\:*?"<>|', "-"))  # path separators, and what Windows refuses
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
CSV_COLUMNS = {  # CSV header (normalised) -> Overrides field
    "name": "patient", "patient": "patient", "date": "date", "language": "language", "lang": "language",
    "notes": "notes", "note": "notes", "profile": "profile", "size": "size", "colour": "colour",
    "detail": "detail", "page_size": "page_size", "follow_up": "follow_up", "clinician": "clinician",
    "output": "output",
}
# Columns whose near misses are refused as typos. Not 'clinician': 'clinic' and 'clinic_id' are
# columns of their own in many lists (kept for output templates), not misspellings of it.
TYPO_CHECKED = [column for column in CSV_COLUMNS if column != "clinician"]
JOB_FIELDS = NAME_FIELDS


@dataclass(frozen=True)
class Job:
    """One handout to build, checked, with what a worker needs to make it again."""

    number: int  # 1-based, in manifest or CSV order
    source: str  # where it was defined: "manifest.yaml:12" or "patients.csv:5"
    selection: Selection
    brand_path: Path | None
    output: Path
    request: Request  # slim: only the line marks its printed text needs


@dataclass
class Spec:
    """A job as written, before it is made a request, checked and named."""

    number: int
    doc: Document  # where the job's own keys live (a patient list's row: its line)
    loc: tuple  # the job inside doc
    target: str | None = None  # a selection file or a topic id
    overrides: Overrides = field(default_factory=Overrides)
    output: str | None = None  # a name, or a template over fields
    fields: dict = field(default_factory=dict)  # extra template fields (CSV columns)
    line: int | None = None

    @property
    def source(self) -> str:
        line = self.line or self.doc.line_of(self.loc)
        return f"{self.doc.name}:{line}" if line else self.doc.name

    def output_problem(self, message: str) -> Problem:
        """A problem with the job's output name, at the 'output:' key that made it, else at the job."""
        loc = ("matrix", "output") if self.loc[:1] == ("matrix",) else self.loc + ("output",)
        if loc in self.doc.lines:
            return self.doc.problem(loc, message)
        return Problem(message, self.doc.name, self.line or self.doc.line_of(self.loc))


# --- manifests -----------------------------------------------------------------


def plan_manifest(path: Path, outdir: Path, brand: Path | None = None) -> Plan:
    """Every job of a manifest, checked; raises with every problem across all jobs."""
    doc = load_yaml(path)
    manifest = validate(doc, Manifest)
    specs = [Spec(index + 1, doc, ("jobs", index), job.selection, _overrides(job, doc.folder), job.output)
             for index, job in enumerate(manifest.jobs)]
    if manifest.matrix:
        matrix = manifest.matrix
        _check_template(matrix.output, JOB_FIELDS, doc.problem(("matrix", "output"), ""))
        axes = [("language", matrix.languages), ("profile", matrix.profiles), ("size", matrix.sizes),
                ("colour", matrix.colours), ("detail", matrix.details)]
        for s_index, target in enumerate(matrix.selections):
            for values in itertools.product(*(choices or (None,) for _, choices in axes)):
                picked = {key: value for (key, _), value in zip(axes, values, strict=True) if value}
                specs.append(Spec(len(specs) + 1, doc, ("matrix", "selections", s_index), target,
                                  Overrides(**with_axes(picked)), matrix.output))
    defaults = Layer(_overrides(manifest.defaults, doc.folder), doc, ("defaults",))
    return Plan(specs, defaults, doc.folder, outdir, brand)


def _overrides(job: JobDefaults, folder: Path) -> Overrides:
    """A manifest's defaults or one of its jobs as a layer of choices (its brand relative to the manifest)."""
    keys = ("topic", "language", "also_in", "detail", "size", "colour", "page_size", "patient", "date",
            "sections", "follow_up", "clinician", "notes")
    values: dict[str, Any] = {key: getattr(job, key) for key in keys if getattr(job, key, None) is not None}
    return Overrides(**values, brand=folder / job.brand if job.brand else None)


class Plan:
    """Every job of a batch, checked up front, then made again one at a time as it is built.

    ``specs`` is walked twice, to check and to build, and may read its jobs
    afresh each time (a patient list does). Checking keeps only what later
    steps need (a count, topics, brands, a hash of each output name), so the
    memory a batch takes stays flat however many jobs it has.
    """

    def __init__(self, specs: Iterable[Spec], defaults: Layer | None, folder: Path, outdir: Path,
                 brand: Path | None = None, check_workers: int = 1):
        self.specs, self.defaults, self.folder, self.outdir, self.brand = specs, defaults, folder, outdir, brand
        self.check_workers = check_workers  # processes that check a long patient list, each a share of its rows
        given = defaults.overrides if defaults and defaults.overrides else Overrides()
        # The defaults' topic is where a job that names none starts, below its selection; the rest is above it.
        self._start = replace(defaults, overrides=Overrides(topic=given.topic)) if defaults and given.topic else None
        self._above = replace(defaults, overrides=replace(given, topic=None)) if defaults else None
        self.count = 0  # jobs checked
        self._names = array("Q")  # each output name's short hash, sorted: what --combine must not be (8 bytes a job)
        self.topics: set[tuple[str, str]] = set()
        self.brands: set[Path | None] = set()
        self.languages: dict[Path | None, list[str]] = {}  # the languages each brand (resolved) is built in
        self._saved: dict[str, Document | None] = {}  # each job target's selection file, read once
        self._check()

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Job]:
        for spec in self.specs:
            request = self.request(spec)
            checked = check(request, printing=False)
            if checked.problems or checked.selection is None:  # a file changed since the plan was checked
                raise checked.error()
            output = self.outdir / self._output(spec, checked.selection)
            yield Job(spec.number, spec.source, checked.selection, checked.brand_path, output, request.slim())

    def writes(self, path: Path) -> bool:
        """Whether a job of the plan writes ``path``."""
        if Path(path).parent.resolve() != self.outdir.resolve():
            return False
        key = _name_key(Path(path).name)
        at = bisect.bisect_left(self._names, key)
        return at < len(self._names) and self._names[at] == key

    def request(self, spec: Spec) -> Request:
        """A job's layers: the defaults' topic, its selection (a file or a topic id), the defaults, the job, --brand."""
        layers = [self._start] if self._start else []
        saved = None
        if spec.target:
            saved = self._selection_file(spec.target)
            if saved is not None:
                layers.append(Layer.saved(saved))
            else:
                layers.append(Layer(Overrides(topic=spec.target), spec.doc, spec.loc))
        named = self._start or spec.overrides.topic or (spec.target and saved is None) or (
            saved is not None and (not isinstance(saved.data, dict) or "topic" in saved.data))
        if not named:
            raise InputError(spec.doc.problem(spec.loc, "expected a topic: set 'topic' in defaults, the job or "
                                                        "its selection"))
        if self._above:
            layers.append(self._above)
        layers.append(Layer(spec.overrides, spec.doc, spec.loc))
        if self.brand:
            layers.append(Layer(Overrides(brand=self.brand)))  # typed: --brand
        return Request(tuple(layers))

    def _selection_file(self, target: str) -> Document | None:
        """The selection file a job's target names, read once; None when the target is a topic id."""
        if target not in self._saved:
            path = self.folder / target
            self._saved[target] = load_yaml(path) if target.endswith((".yaml", ".yml")) or path.exists() else None
        return self._saved[target]

    def _check(self) -> None:
        problems: list[tuple[int, list[Problem]]] = []  # (job number, its problems), in job order once sorted
        # Every output name while checking, to find two jobs writing one file; let go once checked.
        first: dict[str, int] = {}  # output name, casefolded (clash on case-insensitive disks too) -> job
        clashes: dict[int, tuple[str, int]] = {}  # job -> (the name it would write, the earlier job writing it)
        found = _Found()
        for number, output in self._checked(found):
            if isinstance(output, list):
                problems.append((number, output))
                continue
            key = output.casefold()
            if key in first:
                clashes[number] = (output, first[key])
                continue
            first[key] = number
            self.count += 1
            self._names.append(_name_key(output))
        del first
        problems += self._clash_problems(clashes)
        if problems:
            problems.sort(key=lambda pair: pair[0])
            raise InputError([problem for _, listed in problems for problem in listed])
        self._names = array("Q", sorted(self._names))
        self.topics, self.brands, self.languages = found.topics, found.brands, found.ordered_languages()

    def _checked(self, found: _Found) -> Iterator[tuple[int, str | list[Problem]]]:
        """Each job's output name, or its problems, in job order; a long patient list checked on every core."""
        size = self.specs.size if isinstance(self.specs, _Rows) else 0
        of = min(self.check_workers, size // CHECK_SHARE_BYTES)
        if of < 2 or "fork" not in multiprocessing.get_all_start_methods():
            yield from self._share(0, 1, found)
            return
        from .pool import _worker_signals

        for spec in itertools.islice(self.specs, 1):  # the topics, schemas and brand path loaded once, before the fork
            check(self.request(spec), printing=False)
        # Forked, with what the parent loaded: each process checks every of-th row of its copy of the plan.
        with multiprocessing.get_context("fork").Pool(of, initializer=_worker_signals) as pool:
            results = pool.starmap(_check_share, [(self, share, of) for share in range(of)])
        shares: list[tuple[list, _Found]] = []
        for result in results:
            if isinstance(result, HandoutsError):
                raise result
            shares.append(result)
        for _, part in shares:
            found.add(part)
        yield from heapq.merge(*(rows for rows, _ in shares), key=lambda row: row[0])

    def _share(self, share: int, of: int, found: _Found) -> Iterator[tuple[int, str | list[Problem]]]:
        """Check every ``of``-th job from the ``share``-th: its output name, or its problems."""
        specs = self.specs.share(share, of) if isinstance(self.specs, _Rows) else (
            spec for spec in self.specs if spec.number % of == share)
        for spec in specs:
            try:
                checked = check(self.request(spec), printing=False)
                if checked.problems or checked.selection is None:
                    raise checked.error()
                output = self._output(spec, checked.selection)  # a name: no path is made for each row
            except HandoutsError as exc:
                yield spec.number, [_for_job(spec, p) for p in exc.problems]
                continue
            found.job(spec.number, checked.selection, checked.brand_path)
            yield spec.number, output

    def _clash_problems(self, clashes: dict[int, tuple[str, int]]) -> list[tuple[int, list[Problem]]]:
        """'would write X, as job N does', for each job whose name an earlier one takes: the jobs read again."""
        if not clashes:
            return []
        involved = set(clashes) | {earlier for _, earlier in clashes.values()}
        specs = {spec.number: spec for spec in self.specs if spec.number in involved}
        problems = []
        for number, (output, earlier) in clashes.items():
            spec, place = specs[number], specs[earlier].output_problem("")
            where = f"{place.file}:{place.line}" if place.line else str(place.file)
            problems.append((number, [_for_job(spec, spec.output_problem(
                f"would write '{output}', as job {earlier} ({where}) does; give one of them another output name"))]))
        return problems

    def _output(self, spec: Spec, selection: Selection) -> str:
        """The file name a job writes, in the output folder."""
        if spec.output and spec.doc.source and spec.loc[:1] == ("jobs",):
            _check_template(spec.output, JOB_FIELDS, spec.doc.problem(spec.loc + ("output",), ""))
        preset = _stem(spec.target) if spec.target else None
        wanted = output_name(selection, number=spec.number, preset=preset, template=spec.output, fields=spec.fields)
        return output_name_in(wanted, spec.number)

    def brand_report(self) -> tuple[list[Problem], list[Problem]]:
        """What each brand of the plan says when loaded, once per brand file: its problems, and its warnings."""
        problems: list[Problem] = []
        warnings: list[Problem] = []
        seen = set()
        for path in sorted(self.brands, key=lambda p: str(p) if p else ""):
            key = path.resolve() if path else None  # 'a/../brand.yaml' and 'brand.yaml' are one brand
            if key in seen:
                continue
            seen.add(key)
            try:
                brand = load_brand(path)
            except HandoutsError as exc:
                problems += [p for p in exc.problems if p not in problems]
                continue
            problems += [p for p in brand_text_problems(brand) if p not in problems]
            found = list(brand.warnings) + language_gaps(brand, self.languages.get(key))
            warnings += [w for w in found if w not in warnings]
        return problems, warnings

    def warnings(self) -> list[Problem]:
        """What the brands warn about (a colour printed darker), once per brand file; their errors fail each job."""
        return self.brand_report()[1]


@functools.lru_cache(maxsize=64)
def _stem(target: str) -> str:
    return Path(target).stem


def _name_key(name: str) -> int:
    """An output name as a short hash: clashes on case-insensitive disks too."""
    return int.from_bytes(hashlib.blake2b(name.casefold().encode("utf-8"), digest_size=8).digest(), "big")


class _Found:
    """What checking found that building needs: the topics, brands and languages of the jobs that passed."""

    def __init__(self) -> None:
        self.topics: set[tuple[str, str]] = set()
        self.brands: set[Path | None] = set()
        self.resolved: dict[Path | None, Path | None] = {}  # each brand file, resolved once
        self.languages: dict[Path | None, dict[str, tuple[int, int]]] = {}  # brand -> language -> where first

    def job(self, number: int, selection: Selection, brand_path: Path | None) -> None:
        languages = (selection.language, *selection.also_in)
        self.topics |= {(selection.topic, lang) for lang in languages}
        self.brands.add(brand_path)
        if brand_path not in self.resolved:
            self.resolved[brand_path] = brand_path.resolve() if brand_path else None
        first = self.languages.setdefault(self.resolved[brand_path], {})
        for index, lang in enumerate(languages):
            first.setdefault(lang, (number, index))

    def add(self, other: _Found) -> None:
        """Another share's findings, as if its jobs had been checked here in their order."""
        self.topics |= other.topics
        self.brands |= other.brands
        for brand, languages in other.languages.items():
            mine = self.languages.setdefault(brand, {})
            for lang, where in languages.items():
                mine[lang] = min(mine.get(lang, where), where)

    def ordered_languages(self) -> dict[Path | None, list[str]]:
        """The languages each brand (resolved) is built in, in the order the jobs first ask for them."""
        return {brand: sorted(languages, key=languages.__getitem__) for brand, languages in self.languages.items()}


def _check_share(plan: Plan, share: int, of: int) -> tuple[list, _Found] | HandoutsError:
    """In a forked process: one share of a plan's jobs checked (an error is sent back whole, problems and all)."""
    found = _Found()
    try:
        return list(plan._share(share, of, found)), found
    except HandoutsError as exc:
        return type(exc)(exc.problems)


def _for_job(spec: Spec, problem: Problem) -> Problem:
    """'job N: file:line: ...', placed at the job itself when the problem has no place of its own."""
    if problem.file is None:
        problem = Problem(problem.message, spec.doc.name, spec.line or spec.doc.line_of(spec.loc), problem.where)
    return Problem(f"job {spec.number}: {problem}")


# --- patient lists -------------------------------------------------------------


def plan_patients(csv_path: Path, preset: str, outdir: Path, template: str | None = None,
                  brand: Path | None = None, workers: int | None = None) -> Plan:
    """One job per CSV row: the preset (a selection file or topic id) plus the row's columns.

    A long list is checked on ``workers`` processes (default: every core), each taking a share of the rows.
    """
    name = str(csv_path)
    text = read_text(Path(csv_path), name, limit=MAX_CSV_BYTES)  # size and UTF-8 checked once, whole
    try:
        header = next(csv.reader(io.StringIO(text, newline="")))
    except StopIteration:
        raise InputError(Problem("file is empty; expected a header row such as: name,date,notes", file=name)) from None
    del text  # the rows are read from the file as they are needed
    columns = [_column(h) for h in header]
    known = [c for c in columns if c in CSV_COLUMNS]
    if not known and "output" not in columns:
        raise InputError(Problem(
            f"header row has none of the columns {one_of(CSV_COLUMNS)}; got {', '.join(header) or 'nothing'}",
            file=name, line=1))
    for column in columns:
        if column and column not in CSV_COLUMNS and did_you_mean(column, TYPO_CHECKED):
            raise InputError(Problem(
                f"unknown column '{column}'{did_you_mean(column, TYPO_CHECKED)}", file=name, line=1))
    if template:
        _check_template(template, JOB_FIELDS | set(columns), Problem("", where="output_template"))
    plan = Plan(_Rows(Path(csv_path), name, columns, preset, template), None, Path.cwd(), outdir, brand,
                check_workers=workers or os.cpu_count() or 1)
    if not len(plan):
        raise InputError(Problem("no rows after the header; expected one row per patient", file=name))
    return plan


class _Rows:
    """A patient list's rows as jobs, read from the file each time they are walked, one row at a time.

    The file was read whole once to check its size and encoding; if it changes
    between checking and building, building stops rather than build rows that
    were never checked.
    """

    def __init__(self, path: Path, name: str, columns: list[str], preset: str, template: str | None):
        self.path, self.name, self.columns, self.preset, self.template = path, name, columns, preset, template
        self.state = _file_state(path)

    @property
    def size(self) -> int:
        """The file's size in bytes, when it was checked."""
        return self.state[1]

    def __iter__(self) -> Iterator[Spec]:
        return self.share(0, 1)

    def share(self, share: int, of: int) -> Iterator[Spec]:
        """The rows numbered ``share`` modulo ``of``: one process's part of a list checked on several."""
        changed = InputError(Problem("changed since the batch was checked; run it again", file=self.name))
        try:
            handle = self.path.open(encoding="utf-8-sig", newline="")
            state = _file_state(self.path)
        except OSError:
            raise changed from None  # moved or removed
        with handle:
            if state != self.state:
                raise changed
            reader = csv.reader(handle)
            next(reader, None)  # the header
            number = 0
            for row in reader:
                row_number = reader.line_num  # the row's last line, true even with multi-line cells
                if not any(cell.strip() for cell in row):
                    continue  # spreadsheets leave blank lines at the end
                number += 1
                if number % of != share:
                    continue
                # a short row just lacks its last columns; cells past the header are dropped
                values = dict(zip(self.columns, (cell.strip() for cell in row), strict=False))
                overrides, output = _row(values, self.template)
                yield Spec(number, Document(self.name, {}, {(): row_number}), (), self.preset, overrides, output,
                           fields=values, line=row_number)


def _file_state(path: Path) -> tuple[int, int, int]:
    found = os.stat(path)
    return found.st_ino, found.st_size, found.st_mtime_ns


def _row(values: dict[str, str], template: str | None) -> tuple[Overrides, str | None]:
    """A patient list's row as a layer of choices, and its output name (or the template)."""
    chosen: dict = {}
    output = template
    for column, value in values.items():
        key = CSV_COLUMNS.get(column)
        if not value or key is None:
            continue
        if key == "notes":  # each line of the cell is a note of its own
            chosen["notes"] = tuple(n.strip() for n in value.split("\n") if n.strip())
        elif key == "output":
            output = value.replace("{", "{{").replace("}", "}}")  # a name, not a template
        else:
            chosen[key] = value
    return Overrides(**chosen), output


def _column(header: str) -> str:
    return header.strip().lower().replace(" ", "_").replace("-", "_")


def _check_template(template: str, allowed: set, where: Problem) -> None:
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise InputError(Problem(f"output template '{template}': {exc}", where.file, where.line, where.where)) from None
    for name in names:
        base = name.split(".")[0].split("[")[0]
        if base not in allowed or base != name:
            raise InputError(Problem(
                f"output template '{template}': unknown field '{{{name}}}'{did_you_mean(base, allowed)} "
                f"(fields: {one_of(allowed)})", where.file, where.line, where.where))


# --- output names ----------------------------------------------------------------


def safe_name(wanted: str, number: int) -> str:
    """A file name that cannot leave the output folder or trip an operating system."""
    name = unicodedata.normalize("NFC", wanted).translate(_SEPARATORS)
    if not (name.isascii() and name.isprintable()):  # printable ASCII has no character of _UNSAFE's
        name = "".join("-" if unicodedata.category(ch) in _UNSAFE else ch for ch in name)
    name = name.replace("..", "-").strip().strip(". ")
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = stem[: MAX_NAME - 4]
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES - 4:  # file systems count bytes, not characters
        stem = stem[:-1]
    stem = stem.strip().strip(". ")
    if not stem:
        stem = f"handout-{number:04d}"
    if stem.split(".")[0].strip().lower() in _RESERVED:  # CON, "con .x": devices on Windows
        stem = "_" + stem
    return stem + ".pdf"


def output_name_in(wanted: str, number: int) -> str:
    """``safe_name(wanted)``, verified to name a file directly inside the output folder."""
    name = safe_name(wanted, number)
    if name in ("", ".", "..") or os.sep in name or (os.altsep and os.altsep in name):  # belt and braces:
        raise InputError(Problem(f"job {number}: output '{wanted}' would leave the output folder"))  # none has
    return name


# --- running a plan ----------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """How to run a plan. Problems about these name the field ('outdir', 'combine', 'record')."""

    outdir: Path
    workers: int | None = None  # None: every core
    force: bool = False  # replace existing, different PDFs
    combine: Path | None = None  # also one PDF of the whole set, in order
    record: Path | None = None  # a CSV row per handout
    record_names: bool = False  # the patient's name in the record too


def run(plan: Plan, options: Options, progress: Callable[[Result], None] | None = None) -> Summary:
    """Build a checked plan: its folder, every job on every core, then the combined PDF and the record.

    Ctrl-C or a kill raises :class:`handouts.pool.Interrupted`, holding what
    was written. A problem writing the combined PDF or the record is kept in
    the summary, beside the jobs that failed.
    """
    from . import pool

    _claim(plan, options)
    summary = pool.run(plan, options.workers, force=options.force, progress=progress)
    if options.combine and summary.count("failed") < len(plan):
        summary.problems += _attempt(pool.combine, summary, options.combine, force=options.force)
    if options.record:
        summary.problems += _attempt(pool.record, plan, summary, options.record, with_names=options.record_names,
                                     force=options.force)
    return summary


def _claim(plan: Plan, options: Options) -> None:
    """The output folder, made if missing; --combine and --record apart from every job's output."""
    outdir = options.outdir
    if outdir.exists() and not outdir.is_dir():
        raise InputError(Problem("is a file; expected a folder", where="outdir"))
    for key, path in (("combine", options.combine), ("record", options.record)):
        if path and plan.writes(path):
            raise InputError(Problem("a job writes that file too; pick another name", where=key))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"cannot create the folder ({exc.strerror or exc})", where="outdir")) from None


def _attempt(write: Callable, *args, **options) -> list[Problem]:
    try:
        write(*args, **options)
    except HandoutsError as exc:
        return list(exc.problems)
    return []

