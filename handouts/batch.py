"""Batch planning: a manifest or a patient list -> checked jobs, before anything is built.

Every job is resolved against its topic and brand here, and every problem
across all jobs is reported at once (job number, file:line). Two jobs that
would write the same file is a problem too. Building is in :mod:`handouts.pool`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import library
from .errors import HandoutsError, InputError, Problem, did_you_mean, one_of
from .models import Manifest, Selection, with_axes
from .validate import choice_problems, load_selection_doc, validate
from .yamlload import Document, load_yaml, read_text

MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_NAME = 120  # characters in an output file name, with .pdf
MAX_NAME_BYTES = 240  # and bytes, under the 255 most file systems allow
_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, invisibles, line and paragraph separators
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
CSV_COLUMNS = {  # CSV header (normalised) -> selection key
    "name": "patient", "patient": "patient", "date": "date", "language": "language", "lang": "language",
    "notes": "notes", "note": "notes", "profile": "profile", "detail": "detail", "page_size": "page_size",
    "follow_up": "follow_up", "output": "output",
}
JOB_FIELDS = {"n", "topic", "language", "profile", "size", "colour", "detail", "selection"}


@dataclass(frozen=True)
class Job:
    """One handout to build, fully checked."""

    number: int  # 1-based, in manifest or CSV order
    source: str  # where it was defined: "manifest.yaml:12" or "patients.csv:5"
    selection: Selection
    brand_path: Path | None
    output: Path
    doc: Document  # a small stand-in for where the job was written, to place build-time errors


@dataclass
class Spec:
    """A job as written, before it is merged, validated and named."""

    number: int
    doc: Document  # where the job's own keys live
    loc: tuple  # the job inside doc
    target: str | None = None  # a selection file or a topic id
    overrides: dict = field(default_factory=dict)
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


def plan_manifest(path: Path, outdir: Path, brand: str | None = None) -> Plan:
    """Every job of a manifest, checked; raises with every problem across all jobs."""
    doc = load_yaml(path)
    manifest = validate(doc, Manifest)
    defaults = manifest.defaults.model_dump(exclude_none=True)
    specs: list[Spec] = []
    for index, job in enumerate(manifest.jobs):
        data = job.model_dump(exclude_none=True, exclude_defaults=True)
        specs.append(Spec(len(specs) + 1, doc, ("jobs", index), data.pop("selection", None), data,
                          data.pop("output", None)))
    if manifest.matrix:
        matrix = manifest.matrix
        _check_template(matrix.output, JOB_FIELDS, doc.problem(("matrix", "output"), ""))
        axes = [("language", matrix.languages), ("profile", matrix.profiles), ("size", matrix.sizes),
                ("colour", matrix.colours), ("detail", matrix.details)]
        for s_index, target in enumerate(matrix.selections):
            for values in itertools.product(*(choices or (None,) for _, choices in axes)):
                picked = {key: value for (key, _), value in zip(axes, values, strict=True) if value}
                specs.append(Spec(len(specs) + 1, doc, ("matrix", "selections", s_index), target,
                                  with_axes(picked), matrix.output))
    return plan(specs, defaults, doc.folder, outdir, brand)


class Plan:
    """Every job of a batch, checked up front, then made again one at a time as it is built.

    Checking keeps only what later steps need (names, topics, brands), so the
    memory a batch takes stays flat however many jobs it has.
    """

    def __init__(self, specs: list[Spec], defaults: dict, folder: Path, outdir: Path, brand: str | None):
        self.specs, self.defaults, self.folder, self.outdir, self.brand = specs, defaults, folder, outdir, brand
        self.outputs: set[Path] = set()
        self.topics: set[tuple[str, str]] = set()
        self.brands: set[Path | None] = set()
        self._check()

    def __len__(self) -> int:
        return len(self.specs)

    def __iter__(self):
        for spec in self.specs:
            yield _job(spec, self.defaults, self.folder, self.outdir, self.brand)

    def _check(self) -> None:
        problems: list[Problem] = []
        first: dict[str, _Seen] = {}
        for spec in self.specs:
            try:
                job = _job(spec, self.defaults, self.folder, self.outdir, self.brand)
            except HandoutsError as exc:
                problems += [_for_job(spec, p) for p in exc.problems]
                continue
            key = job.output.name.casefold()  # clash on case-insensitive disks too
            if key in first:
                problems.append(_for_job(spec, spec.output_problem(
                    f"would write '{job.output.name}', as job {first[key].number} ({first[key].source}) does; "
                    "give one of them another output name")))
                continue
            place = spec.output_problem("")
            first[key] = _Seen(job.number, f"{place.file}:{place.line}" if place.line else str(place.file))
            self.outputs.add(job.output)
            self.topics |= {(job.selection.topic, lang) for lang in (job.selection.language, *job.selection.also_in)}
            self.brands.add(job.brand_path)
        if problems:
            raise InputError(problems)


@dataclass(frozen=True)
class _Seen:
    number: int
    source: str


def plan(specs: list[Spec], defaults: dict, folder: Path, outdir: Path, brand: str | None) -> Plan:
    """Merge, validate and name every spec; raise with all problems if any."""
    return Plan(specs, defaults, folder, outdir, brand)


def brand_warnings(plan: Plan) -> list[Problem]:
    """What the brands of a checked plan warn about (a colour printed darker), once per brand file."""
    from .brand import load_brand

    warnings: list[Problem] = []
    seen = set()
    for path in sorted(plan.brands, key=lambda p: str(p) if p else ""):
        key = path.resolve() if path else None  # 'a/../brand.yaml' and 'brand.yaml' are one brand
        if key in seen:
            continue
        seen.add(key)
        try:
            brand = load_brand(path)
        except HandoutsError:
            continue  # an error, reported by every job that uses it
        warnings += [w for w in brand.warnings if w not in warnings]
    return warnings


def _job(spec: Spec, defaults: dict, folder: Path, outdir: Path, brand: str | None) -> Job:
    merged = {k: v for k, v in defaults.items() if k != "brand"}
    brand_path = folder / defaults["brand"] if "brand" in defaults else None
    sections_at: tuple[Document, tuple] = (spec.doc, spec.loc + ("sections",))
    name = None
    if spec.target:
        path = folder / spec.target
        if spec.target.endswith((".yaml", ".yml")) or path.exists():
            selection, sdoc = load_selection_doc(path)
            merged.update(selection.model_dump(exclude_none=True, exclude_defaults=True))
            if selection.brand:
                brand_path = sdoc.folder / merged.pop("brand")
            if selection.sections is not None:
                sections_at = (sdoc, ("sections",))
        else:
            merged["topic"] = spec.target
        name = Path(spec.target).stem
    overrides = with_axes(dict(spec.overrides))  # a CSV row's profile replaces the preset's size and colour
    if "brand" in overrides:
        brand_path = folder / overrides.pop("brand")
    if brand:
        brand_path = Path(brand)
    if "sections" in overrides:
        sections_at = (spec.doc, spec.loc + ("sections",))
    merged.update(overrides)
    if "topic" not in merged:
        raise InputError(spec.doc.problem(
            spec.loc, "expected a topic: set 'topic' in defaults, the job or its selection"))
    if merged.get("patient") and "date" not in merged:
        merged["date"] = dt.date.today()  # as `handouts build --patient` does
    lines = {(): spec.line or spec.doc.line_of(spec.loc)}
    selection = validate(Document(spec.doc.name, merged, lines), Selection)
    topic = library.load_topic(selection.topic, selection.language)
    if selection.sections is not None:
        problems = choice_problems(selection.sections, topic, *sections_at)
        if problems:
            raise InputError(problems)
    if brand_path is not None and not brand_path.is_file():
        raise InputError(spec.doc.problem(spec.loc, f"no brand file '{brand_path}'"))
    if spec.output and spec.doc.source and spec.loc[:1] == ("jobs",):
        _check_template(spec.output, JOB_FIELDS, spec.doc.problem(spec.loc + ("output",), ""))
    fields = {**spec.fields, "n": spec.number, "topic": selection.topic, "language": selection.language,
              "profile": selection.profile, "size": selection.size, "colour": selection.colour,
              "detail": selection.detail, "selection": name or selection.topic}
    wanted = spec.output.format(**fields) if spec.output else _default_name(selection, spec.number, name)
    return Job(spec.number, spec.source, selection, brand_path, output_path(outdir, wanted, spec.number),
               Document(spec.doc.name, {}, lines))


def _default_name(selection: Selection, number: int, name: str | None) -> str:
    """Never the patient's name: the job number and the preset (or topic)."""
    parts = [f"{number:04d}", name or selection.topic, selection.language]
    if selection.detail != "full":
        parts.append(selection.detail)
    if selection.profile != "standard":
        parts.append(selection.profile)
    return "-".join(parts) + ".pdf"


def _for_job(spec: Spec, problem: Problem) -> Problem:
    """'job N: file:line: ...', placed at the job itself when the problem has no place of its own."""
    if problem.file is None:
        problem = Problem(problem.message, spec.doc.name, spec.line or spec.doc.line_of(spec.loc), problem.where)
    return Problem(f"job {spec.number}: {problem}")


# --- patient lists -------------------------------------------------------------


def plan_patients(csv_path: Path, preset: str, outdir: Path, template: str | None = None,
                  brand: str | None = None) -> Plan:
    """One job per CSV row: the preset (a selection file or topic id) plus the row's columns."""
    name = str(csv_path)
    text = read_text(Path(csv_path), name, limit=MAX_CSV_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Problem("file is empty; expected a header row such as: name,date,notes", file=name)) from None
    columns = [_column(h) for h in header]
    known = [c for c in columns if c in CSV_COLUMNS]
    if not known and "output" not in columns:
        raise InputError(Problem(
            f"header row has none of the columns {one_of(CSV_COLUMNS)}; got {', '.join(header) or 'nothing'}",
            file=name, line=1))
    for column in columns:
        if column and column not in CSV_COLUMNS and did_you_mean(column, CSV_COLUMNS):
            raise InputError(Problem(
                f"unknown column '{column}'{did_you_mean(column, CSV_COLUMNS)}", file=name, line=1))
    if template:
        _check_template(template, JOB_FIELDS | set(columns), Problem("", file="--output-template"))
    doc = Document(name, {})
    specs: list[Spec] = []
    for row in reader:
        row_number = reader.line_num  # the row's last line, true even with multi-line cells
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets leave blank lines at the end
        # a short row just lacks its last columns; cells past the header are dropped
        values = dict(zip(columns, (cell.strip() for cell in row), strict=False))
        overrides: dict[str, str | list[str]] = {}
        output = template
        for column, value in values.items():
            key = CSV_COLUMNS.get(column)
            if not value or key is None:
                continue
            if key == "notes":
                overrides["notes"] = [n.strip() for n in value.split("\n") if n.strip()]
            elif key == "output":
                output = value.replace("{", "{{").replace("}", "}}")  # a name, not a template
            else:
                overrides[key] = value
        specs.append(Spec(len(specs) + 1, doc, (), preset, overrides, output, fields=values, line=row_number))
    if not specs:
        raise InputError(Problem("no rows after the header; expected one row per patient", file=name))
    return plan(specs, {}, Path.cwd(), outdir, brand)


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
    name = unicodedata.normalize("NFC", wanted)
    name = "".join("-" if ch in '/\\:*?"<>|' or unicodedata.category(ch) in _UNSAFE else ch for ch in name)
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


def output_path(outdir: Path, wanted: str, number: int) -> Path:
    """``outdir / safe_name(wanted)``, verified to be directly inside ``outdir``."""
    path = outdir / safe_name(wanted, number)
    if path.parent.resolve() != outdir.resolve():  # belt and braces: safe_name has no separators
        raise InputError(Problem(f"job {number}: output '{wanted}' would leave the output folder"))
    return path
