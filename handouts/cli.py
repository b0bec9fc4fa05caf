"""The command line: parse options, call the library, print. Nothing else.

Every user error is a HandoutsError (a click.ClickException): one line per
problem on stderr, exit status 1, never a traceback. The exit statuses are
listed in EXIT_STATUS, shown under `handouts --help`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence

import click

from . import __version__
from .errors import HandoutsError, Problem, error_lines

if TYPE_CHECKING:
    from .batch import Options, Plan
    from .pool import Summary
    from .request import Overrides

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Scripts tell these apart; README.md ("Exit status") lists the same.
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_STATUS = f"""\b
Exit status:
  {EXIT_OK:<4} success
  {EXIT_INPUT:<4} a problem with the input or the build: a file is invalid, a job failed
  {EXIT_USAGE:<4} usage error: unknown option, bad option value, missing argument
  {EXIT_INTERNAL:<4} internal error (a bug in handouts): please report it
  {EXIT_INTERRUPTED:<4} interrupted (Ctrl-C or kill): no half-written file is left
"""


def warn(problems) -> None:
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)


# --- the library names a typed value by its field; here each field is the option that typed it ----------

OPTIONS = {"patient": "--patient", "follow_up": "--follow-up", "clinician": "--clinician", "date": "--date",
           "language": "--lang", "also_in": "--lang", "detail": "--detail", "profile": "--profile", "size": "--size",
           "colour": "--colour", "page_size": "--page-size", "brand": "--brand", "notes": "--note",
           "picks": "--pick", "drops": "--drop", "removes": "--remove-required", "outdir": "-d",
           "combine": "--combine", "record": "--record", "output_template": "--output-template"}


def in_options(problem: Problem, overrides: Overrides | None = None, notes: Sequence[tuple[str, int] | None] = (),
               values: Mapping[str, object] = {}) -> Problem:
    """A problem about a typed field, in this command line's words: 'notes.2' -> '--note 3' (or the notes
    file's line), 'picks.0' -> '--pick x=y', 'outdir' -> '-d out'. Problems placed in a file stay as they are."""
    key, _, rest = (problem.where or "").partition(".")
    if problem.file or key not in OPTIONS:
        return problem
    from .request import fill_fields

    message = fill_fields(problem.message, OPTIONS)
    index = int(rest.split(".")[0]) if rest.split(".")[0].isdigit() else None
    if key == "notes" and index is not None:
        place = notes[index] if index < len(notes) else None
        return Problem(message, *place) if place else Problem(f"--note {index + 1}: {message}")
    if key in ("picks", "drops", "removes") and index is not None and overrides is not None:
        return Problem(f"{OPTIONS[key]} {getattr(overrides, key)[index]}: {message}")
    value = values.get(key)
    return Problem(f"{OPTIONS[key]} {value}: {message}" if value is not None else f"{OPTIONS[key]}: {message}")


@contextlib.contextmanager
def options_named(overrides: Overrides | None = None, notes: Sequence[tuple[str, int] | None] = (),
                  values: Mapping[str, object] = {}) -> Iterator[None]:
    """Errors raised inside name the options that were typed (see :func:`in_options`)."""
    try:
        yield
    except HandoutsError as exc:
        raise type(exc)([in_options(p, overrides, notes, values) for p in exc.problems]) from None


class Handouts(click.Group):
    """The command group, with one rule for every error: one line on stderr, an exit status per kind.

    Click's own usage errors (a bad choice, a missing argument) normally print
    a usage block; here they are one line like every other error, and keep
    click's exit status 2. Unexpected exceptions are bugs: one line, exit 3,
    and a traceback only with HANDOUTS_DEBUG=1.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        # A kill (SIGTERM) stops as cleanly as Ctrl-C: no temp file is left behind.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            click.echo(f"Error: {exc.format_message()}{where}", err=True)
            sys.exit(EXIT_USAGE)
        except HandoutsError as exc:
            exc.show()
            sys.exit(EXIT_INPUT)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, click.Abort):
            click.echo("Interrupted; no half-written file was left behind.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # a bug, not a user error
            if os.environ.get("HANDOUTS_DEBUG"):
                raise
            click.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it "
                       "(set HANDOUTS_DEBUG=1 for details)", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


@click.group("handouts", cls=Handouts, context_settings=CONTEXT, epilog=EXIT_STATUS)  # named as installed
@click.version_option(__version__, prog_name="handouts")
def cli():
    """Build printable, branded PDF patient handouts.

    \b
    Start here:
      handouts list                      topics you can print
      handouts show back-spasms          sections and item ids to pick from
      handouts build back-spasms         the default handout, as back-spasms.pdf
      handouts init my-clinic            a starter brand and selection to edit
      handouts check                     validate content, brands and selections
    """


@cli.command("list")
@click.option("--search", "query", metavar="WORDS", help="Only topics matching WORDS: title, subtitle, region or code.")
@click.option("--lang", "language", default="en", show_default=True, help="Language of the titles shown.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
def list_topics(query, language, as_json):
    """List the topics in the built-in library by body region, with languages, versions and review status.

    --search finds topics by words of their title or subtitle, their
    region, or an ICD-10-CM code or its start (M17 finds every M17 code),
    in any case and with or without accents. The best matches come first.

    \b
    Examples:
      handouts list
      handouts list --search knee
      handouts list --search m54.5 --json
      handouts list --lang es --search rodilla
    """
    from . import library
    from .coding import REGIONS
    from .views import list_json, list_text

    if not library.topic_files():
        raise HandoutsError("the library has no topics; reinstall handouts")
    found = library.search(query, language) if query is not None else library.summaries(language)
    if as_json:
        click.echo(list_json(found))
    elif found:
        click.echo(list_text(found, grouped=query is None))
    if query is not None and not found:
        click.echo(f"No topic matches '{query}'; try a word of a title, a region ({', '.join(REGIONS)}) "
                   "or a code such as M54.5", err=True)
        sys.exit(EXIT_INPUT)


@cli.command()
@click.argument("topic")
@click.option("--lang", "language", default="en", show_default=True, help="Language of the topic.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON, for scripts.")
def show(topic, language, as_json):
    """Show a topic's sections and item ids, to write a selection from.

    Sections are listed in order with their kind and heading; under each,
    the id and title of every item. Items in the topic's default handout are
    marked with '*'; required warning signs with '!'.

    \b
    Example:
      handouts show back-spasms
      handouts show back-spasms --json > back-spasms.json
    """
    from . import library
    from .views import show_json, show_text

    loaded = library.load_topic(topic, language)
    click.echo(show_json(loaded) if as_json else show_text(loaded))


@cli.command()
@click.argument("target")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PDF to write. Default: a name from the topic, in the current folder.")
@click.option("--brand", type=click.Path(path_type=Path), help="Brand file (YAML). Default: the built-in brand.")
@click.option("--patient", help="Patient's name, printed on the handout only (never in file metadata).")
@click.option("--date", "date", help="Date to print: YYYY-MM-DD or 'today'. Default: today if --patient is given.")
@click.option("--note", "notes", multiple=True, help="A note from the clinician (repeat for more).")
@click.option("--notes-file", type=click.Path(path_type=Path),
              help="Notes from a UTF-8 text file; blank lines separate notes.")
@click.option("--follow-up", help="Follow-up line, e.g. 'Come back in 2 weeks'.")
@click.option("--clinician", help="Your name, printed above the signature line. Default: a line to write it on.")
@click.option("--pick", "picks", multiple=True, metavar="SECTION[=ITEM,...]",
              help="Add a section, or set the items picked from it.")
@click.option("--drop", "drops", multiple=True, metavar="SECTION[=ITEM,...]",
              help="Leave out a section, or some of its items.")
@click.option("--remove-required", "removes", multiple=True, metavar="SECTION=ITEM",
              help="Leave out a required emergency sign on purpose (the handout says so).")
@click.option("--detail", type=click.Choice(["full", "brief"]), help="Full text, or a one-page brief.")
@click.option("--size", type=click.Choice(["standard", "large"]), help="Type size: standard, or large print (18 pt).")
@click.option("--colour", "--color", "colour", type=click.Choice(["colour", "greyscale"]),
              help="The clinic's colours, or greys for a black-and-white printer.")
@click.option("--profile", type=click.Choice(["standard", "large", "greyscale"]),
              help="Shorthand: large is --size large, greyscale is --colour greyscale.")
@click.option("--page-size", type=click.Choice(["letter", "a4"]), help="Paper size. Default: the brand's.")
@click.option("--lang", "language", metavar="LANG[,LANG...]",
              help="Language of the handout, e.g. es; several (en,es) print each in turn. Default: en.")
@click.option("--force", is_flag=True, help="Replace an existing, different output file.")
def build(target, output, brand, patient, date, notes, notes_file, follow_up, clinician, picks, drops, removes,
          detail, size, colour, profile, page_size, language, force):
    """Build one handout PDF from a topic id or a selection file.

    TARGET is a topic id (the topic's default handout) or a selection YAML
    file. Options change the selection for this one handout.

    \b
    Examples:
      handouts build back-spasms
      handouts build back-spasms --patient "Ana Diaz" --note "Ice 3 times a day" -o ana.pdf
      handouts build back-spasms --detail brief --size large
      handouts build back-spasms --size large --colour greyscale
      handouts build back-spasms --pick prevention --drop home-care=massage
      handouts build my-clinic/selection.yaml --brand my-clinic/brand.yaml
    """
    from . import build as pipeline
    from .request import Overrides, Request, output_name

    from_file = pipeline.read_notes(notes_file) if notes_file else []
    codes = [code.strip() for code in language.split(",") if code.strip()] if language else []
    overrides = Overrides(
        language=codes[0] if codes else None, also_in=tuple(codes[1:]) or None, detail=detail, size=size,
        colour=colour, profile=profile, page_size=page_size, patient=patient, date=date, follow_up=follow_up,
        clinician=clinician, notes=notes + tuple(note for note, _ in from_file), picks=picks, drops=drops,
        removes=removes, brand=brand)
    places = [None] * len(notes) + [(str(notes_file), line) for _, line in from_file]
    with options_named(overrides, places):
        checked = pipeline.ready(Request.for_target(target, overrides), hints=True)
        warn([in_options(p, overrides, places) for p in checked.warnings])  # a note's hint names its --note
        output = _pdf_name(output or Path(output_name(checked.selection)))
        changed = pipeline.write(checked.handouts, output, force=force)
    click.echo(f"Wrote {output}{'' if changed else ' (unchanged)'}", err=True)


def _pdf_name(output: Path) -> Path:
    if output.is_dir():
        raise HandoutsError(f"-o {output}: is a folder; expected a PDF file name such as {output / 'handout.pdf'}")
    if output.suffix.lower() != ".pdf":
        raise HandoutsError(f"-o {output}: expected a file name ending in .pdf")
    return output


@cli.command()
@click.argument("manifest", required=False, type=click.Path(path_type=Path))
@click.option("-d", "--outdir", required=True, type=click.Path(path_type=Path),
              help="Folder to write the PDFs in (created if missing).")
@click.option("--selection", "preset", metavar="PRESET",
              help="With --patients: a selection file or topic id every row starts from.")
@click.option("--patients", type=click.Path(path_type=Path), help="CSV with a header row; one handout per row.")
@click.option("--output-template", metavar="TEMPLATE",
              help="Names for --patients rows, e.g. '{n}-{date}.pdf' (any column, or n, topic, language, profile).")
@click.option("--brand", type=click.Path(path_type=Path), help="Brand file for every job (overrides the manifest's).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(1, 256), help="Worker processes. Default: all cores.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--force", is_flag=True, help="Replace existing, different PDFs.")
@click.option("--combine", type=click.Path(path_type=Path),
              help="Also write one PDF holding the whole set, in order.")
@click.option("--record", type=click.Path(path_type=Path),
              help="Write a CSV row per handout: file, topic, language, version, selection digest, profile.")
@click.option("--record-names", is_flag=True, help="Include patient names in the --record file.")
def batch(manifest, outdir, preset, patients, output_template, brand, workers, quiet, force, combine, record,
          record_names):
    """Build a set of handouts from a manifest or a patient list.

    Every job is checked before anything is built; then all cores build
    the set. A job that fails is reported by number and the others are
    still written; the exit status is 1 if any failed. Ctrl-C or a kill
    stops it leaving only complete PDFs, says how many were written, and
    exits with status 130.

    \b
    Examples:
      handouts batch waiting-room.yaml -d out/
      handouts batch --selection first-visit.yaml --patients tomorrow.csv -d out/ --combine out/all.pdf
    """
    from . import batch as planner

    if bool(manifest) == bool(patients):
        raise HandoutsError("expected a MANIFEST, or --patients CSV with --selection PRESET (one of the two)")
    if patients and not preset:
        raise HandoutsError("--patients needs --selection PRESET (a selection file or a topic id)")
    typed = {"outdir": outdir, "combine": combine, "record": record}
    with options_named(values=typed):
        plan = planner.plan_manifest(manifest, outdir, brand) if manifest else \
            planner.plan_patients(patients, preset, outdir, output_template, brand, workers)
        warn(plan.warnings())  # once per brand, however many jobs use it
        summary = _run(plan, planner.Options(outdir, workers, force, combine, record, record_names), quiet)
    failed = [f"Error: job {result.number} ({result.output.name}): {result.message}" for result in summary.failed]
    for line in failed + error_lines([in_options(p, values=typed) for p in summary.problems]):
        click.echo(line, err=True)
    click.echo(summary.line(), err=True)
    if summary.failed or summary.problems:
        sys.exit(EXIT_INPUT)


def _run(plan: Plan, options: Options, quiet: bool) -> Summary:
    """Run a plan, with a progress bar on a terminal; an interrupt says how many PDFs were written, and exits."""
    from .batch import run
    from .pool import Interrupted

    show = not quiet and sys.stderr.isatty()
    try:
        with click.progressbar(length=len(plan), label="Building", file=sys.stderr) if show else _Silent() as bar:
            return run(plan, options, progress=lambda result: bar.update(1))
    except Interrupted as stopped:  # counted by the pool, so it is what is on disk
        click.echo(f"\nInterrupted: {stopped.summary.written} of {len(plan)} handout(s) were written, each "
                   "complete; no partial or temporary file was left.", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class _Silent:
    """A progress bar that shows nothing (not a terminal, or --quiet)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, steps: int) -> None:
        pass


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, not reading levels.")
def check(paths, quiet):
    """Validate content, brand and selection files; report reading levels.

    Each file's kind is detected from its keys. With no PATHS, checks the
    installed library (topics, handout words, built-in brand, examples).
    Folders are searched for *.yaml files; a topic id checks that topic's
    files in the library. A topic's reading level is measured on what each
    detail level prints: each item, and the whole handout as printed. Exit status 1 on any error;
    warnings (a brand colour printed darker for contrast) do not fail it.

    \b
    Examples:
      handouts check
      handouts check my-clinic/brand.yaml my-clinic/selection.yaml
      handouts check content/back-spasms/en.yaml
      handouts check back-spasms
    """
    from .checks import check_paths

    report = check_paths(list(paths))
    for line in report.lines(verbose=not quiet):
        click.echo(line)
    for problem in report.warnings:
        click.echo(f"Warning: {problem}", err=True)
    for line in error_lines(report.errors):
        click.echo(line, err=True)
    click.echo(report.summary(), err=True)
    if report.errors:
        sys.exit(EXIT_INPUT)


@cli.command()
@click.argument("folder", default=".", type=click.Path(path_type=Path))
def init(folder):
    """Write a commented starter brand.yaml and selection.yaml to edit.

    Never overwrites: if either file exists, nothing is written.

    \b
    Example:
      handouts init my-clinic
      handouts build my-clinic/selection.yaml
    """
    from .starter import write_starter

    for path in write_starter(folder):
        click.echo(f"Wrote {path}", err=True)


@cli.command()
@click.option("--brand", type=click.Path(path_type=Path), help="Brand file (YAML). Default: the built-in brand.")
@click.option("--presets", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of saved presets. Default: the brand's folder, or ./presets with the built-in brand.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port; 0 picks a free one.")
@click.option("--ipv6", is_flag=True, help="Listen on [::1] instead of 127.0.0.1.")
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
def serve(brand, presets, port, ipv6, no_browser):
    """Open a local web form to build a handout: search, tick, preview, print.

    Listens on this computer only (127.0.0.1). Patient details stay in
    memory and on the printed page; nothing is logged or saved. Needs the
    web extra: pip install 'handouts[serve]'.

    \b
    Example:
      handouts serve
      handouts serve --brand my-clinic/brand.yaml
    """
    try:
        from .serve.server import serve as run
    except ImportError:
        raise HandoutsError("handouts serve needs the web extra; install it with: "
                            "pip install 'handouts[serve]'") from None
    if brand is not None and not brand.is_file():
        raise HandoutsError(f"--brand {brand}: no such file; expected a brand YAML file")
    folder = presets or (brand.parent if brand is not None else Path("presets"))
    run(brand, folder, port, ipv6, not no_browser)


def main():
    """Console entry point."""
    # A command makes most of its objects once, at the start, and keeps them (schemas, topics, fonts,
    # brand assets): collecting garbage less often while they are made saves about 30 ms of a one-off
    # `handouts build` (a tenth), and a little of each batch job.
    gc.set_threshold(10_000, 20, 20)
    cli(prog_name="handouts")
