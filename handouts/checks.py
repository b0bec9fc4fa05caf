"""`handouts check`: validate any mix of topic, brand, selection and catalogue files.

Every file is checked to the end and every problem collected, so one run
shows a content author or clinic admin everything there is to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import library
from .errors import HandoutsError, Problem, reading
from .fonts import glyph_problems
from .models import LAYOUT_KEYS, Brand, Detail, ExerciseItem, Selection, Step, Topic, WarningItem, in_language
from .yamlload import Document, load_yaml

if TYPE_CHECKING:
    from .resolve import Handout


@dataclass
class Report:
    files: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    out: list[tuple[bool, str]] = field(default_factory=list)  # (verbose only?, line)

    def say(self, line: str, verbose: bool = False) -> None:
        self.out.append((verbose, line))

    def warn(self, problems) -> None:
        """Add warnings, each once: a brand checked as a file and through a manifest warns once."""
        self.warnings += [p for p in problems if p not in self.warnings]

    def fail(self, problems) -> None:
        """Add errors, each once: a brand checked as a file and through a selection that uses it fails once."""
        self.errors += [p for p in problems if p not in self.errors]

    def lines(self, verbose: bool = True) -> list[str]:
        return [line for only_verbose, line in self.out if verbose or not only_verbose]

    def summary(self) -> str:
        status = "ok" if not self.errors else "FAILED"
        return (f"Checked {self.files} file(s): {len(self.errors)} error(s), "
                f"{len(self.warnings)} warning(s): {status}")


def default_paths() -> list[tuple[Path, str]]:
    """What `check` with no paths covers: the whole installed library."""
    from .brand import DEFAULT_BRAND
    from .strings import LOCALES

    paths = [(f.path, f.display) for f in library.topic_files()]
    shared = library.content_dir() / "_shared"
    paths += [(p, f"content/_shared/{p.name}") for p in sorted(shared.glob("*.yaml"))]
    paths += [(p, f"handouts/locales/{p.name}") for p in sorted(LOCALES.glob("*.yaml"))]
    paths.append((DEFAULT_BRAND, "handouts/default-brand.yaml"))
    examples = library.content_dir() / "examples"
    paths += [(p, f"content/examples/{p.relative_to(examples)}") for p in sorted(examples.rglob("*.yaml"))]
    return paths


def expand(paths: list[Path]) -> list[tuple[Path | None, str]]:
    """Files as given, the YAML files inside folders, and a library topic's files for its id; an empty folder
    is a problem, not a stop."""
    out: list[tuple[Path | None, str]] = []
    problems = []
    for path in paths:
        with reading(str(path)):
            is_dir, there = path.is_dir(), path.exists()
        if not there and str(path) in library.topic_ids():  # a topic id, as `build TOPIC` takes one
            out += [(f.path, f.display) for f in library.topic_files() if f.topic_id == str(path)]
        elif is_dir:
            found = sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
            if not found:
                problems.append(Problem("expected YAML files in this folder, found none", file=str(path)))
            out += [(p, str(p)) for p in found]
        else:
            out.append((path, str(path)))
    if problems and not out:
        raise HandoutsError(problems)
    return out + [(None, str(p.file)) for p in problems]


def check_paths(paths: list[Path]) -> Report:
    report = Report()
    try:
        files = expand(paths) if paths else default_paths()
    except HandoutsError as exc:
        report.errors += exc.problems
        files = []
    for path, name in files:
        report.files += 1
        try:
            check_file(path, name, report)
        except HandoutsError as exc:
            report.fail(exc.problems)
    return report


def check_file(path: Path | None, name: str, report: Report) -> None:
    from .validate import detect_kind

    if path is None:  # an empty folder, reported as a problem of its own
        raise HandoutsError(Problem("expected YAML files in this folder, found none", file=name))
    doc = load_yaml(path, name)
    if isinstance(doc.data, dict) and "date_format" in doc.data:
        kind = "catalogue"
    elif isinstance(doc.data, dict) and "passages" in doc.data:
        kind = "shared"
    else:
        kind = detect_kind(doc)
    CHECKS[kind](doc, report)


def check_topic(doc: Document, report: Report) -> None:
    from .printed import topic_texts
    from .shared import resolve_refs, written_out
    from .strings import strings_for
    from .validate import library_problems, topic_problems, validate

    report.warn(written_out(doc))
    doc = resolve_refs(doc)
    try:
        topic = validate(doc, Topic)
    except HandoutsError as exc:
        # A translation whose section changed kind fails the schema first (a list's items have no
        # tier); name the kind change too, as it is the one thing to undo.
        exc.problems[:0] = raw_kind_changes(doc)
        raise
    structure = topic_problems(topic, doc)
    if library.is_library_file(doc.source):
        structure += library_problems(topic, doc)
    problems = structure + glyph_problems(doc, topic_texts(topic))  # every text: some handout prints each
    translation = translation_problems(topic, doc)
    problems += translation
    try:
        strings_for(topic.language)
    except HandoutsError as exc:
        problems += [doc.problem(("language",), str(p)) for p in exc.problems]
    report.fail(problems)
    status = "ok" if not problems else "errors"
    report.say(f"{doc.name}: topic '{topic.id}' ({topic.language}) version {topic.version}, "
               f"review {topic.review.status}: {status}")
    if any((p.where or "").endswith(".kind") for p in translation):  # what a wrong kind prints is moot
        report.say("  reading level: measured once every section has its source's kind", verbose=True)
        return
    _reading_levels(topic, doc, report, resolvable=not structure)


def _reading_levels(topic: Topic, doc: Document, report: Report, resolvable: bool) -> None:
    """Score what each detail level prints: every item and section, and the topic's preset handout as printed."""
    from .readability import level_report

    handouts = {detail: preset_handout(topic, detail) if resolvable else None for detail in DETAILS}
    full, brief = (level_report(topic, detail, handouts[detail]) for detail in DETAILS)
    if full is None or brief is None:
        report.warnings.append(doc.problem(("language",), f"no readability formulas for '{topic.language}'"))
        return
    levels = (full, brief)
    main = full.rules.main
    report.say(f"  reading level: {main.name} of what each detail level prints (limit {main.limit:g} per item, "
               f"{full.rules.topic_limit:g} for a whole handout); also {full.rules.other.name}", verbose=True)
    for level in levels:
        report.say(_level_line(level), verbose=True)
        if level.handout is not None and not level.handout.ok:
            report.fail([doc.problem((level.handout.label,), (
                f"the {level.detail} handout as printed reads at {main.name} {level.handout.main:g}, expected "
                f"{_within(main)} {full.rules.topic_limit:g}; shorten sentences or use shorter words"))])
    report.say(f"  {'full':>6} {'brief':>6} {'words':>6}", verbose=True)
    items = {(s, i): (score, other) for (s, i, score), (_, _, other) in zip(full.items, brief.items, strict=True)}
    for s_index, section in enumerate(topic.sections):
        report.say(_score_line(full.sections[s_index], brief.sections[s_index], f"section {section.id}"),
                   verbose=True)
        for i_index in range(len(section.items)):
            in_full, in_brief = items[s_index, i_index]
            report.say(_score_line(in_full, in_brief, f"  {in_full.label}"), verbose=True)
            if not (in_full.ok and in_brief.ok):
                report.fail([doc.problem(("sections", s_index, "items", i_index), _item_message(in_full, in_brief,
                                                                                                 main))])
    report.say(_score_line(full.topic, brief.topic, f"topic {topic.id}"), verbose=True)
    if not (full.topic.ok and brief.topic.ok):
        worst = full.topic if not full.topic.ok else brief.topic
        report.fail([doc.problem((), f"reading level of the whole topic {worst.main:g}, expected within "
                                     f"{full.rules.topic_limit:g}; shorten sentences or use shorter words")])


DETAILS: tuple[Detail, ...] = ("full", "brief")


def preset_handout(topic: Topic, detail: Detail) -> Handout | None:
    """The handout a topic's preset for ``detail`` prints with the built-in brand: what `build TOPIC` resolves."""
    from .brand import load_brand
    from .resolve import resolve
    from .strings import strings_for

    try:
        strings = strings_for(topic.language)
    except HandoutsError:  # reported by check_topic already
        return None
    selection = Selection.model_validate({"topic": topic.id, "language": topic.language, "detail": detail})
    return resolve(selection, topic, load_brand(None), strings)


def _within(formula) -> str:
    return "at least" if formula.higher_is_easier else "at most"


def _level_line(level) -> str:
    """One line per detail level: its preset handout as printed, and its hardest item."""
    short, handout, hardest = level.rules.main.short, level.handout, level.hardest
    shown = (f"the {level.detail} handout ({handout.label}) as printed: {short} {handout.main:.1f} "
             f"({level.rules.other.short} {handout.other:.1f}, {handout.words} words){_flag(handout)}; "
             if handout is not None else "")
    return (f"  {level.detail + ':':<6} {shown}hardest item {short} {hardest.main:.1f} ({hardest.label})"
            f"{_flag(hardest)}")


def _item_message(in_full, in_brief, formula) -> str:
    worst, other = (in_full, in_brief) if not in_full.ok else (in_brief, in_full)
    level = "full" if worst is in_full else "brief"
    also = f"; in {'brief' if level == 'full' else 'full'} {other.main:g}" if not other.ok else ""
    return (f"reading level {formula.name} {worst.main:g}, expected {_within(formula)} {formula.limit:g} "
            f"(as printed in {level}{also}); shorten sentences or use shorter words")


def translation_problems(topic: Topic, doc: Document) -> list[Problem]:
    """A translation must have exactly its source's sections and items, and follow its current version."""
    if topic.translation_of is None:
        return []
    source_lang = topic.translation_of.language
    try:
        source = source_topic(doc, topic.id, source_lang)
    except HandoutsError as exc:
        return [doc.problem(("translation_of",), f"cannot read its source: {p}") for p in exc.problems]
    problems = []
    if _version(source.version) > _version(topic.translation_of.version):
        problems.append(doc.problem(("translation_of", "version"), (
            f"translation is out of date: it follows {source_lang} version {topic.translation_of.version}, "
            f"but {source_lang} is now version {source.version}; update the text, then translation_of.version")))
    for key in ("region", "codes"):  # what it covers is the same in every language
        want, got = getattr(source, key), getattr(topic, key)
        if want != got:
            shown = (lambda v: ", ".join(v) or "none") if key == "codes" else (lambda v: v or "none")
            problems.append(doc.problem((key,) if key in (doc.data or {}) else ("subtitle",), (
                f"expected {key} {shown(want)} as in {source_lang}, got {shown(got)}; a translation covers "
                f"what its source covers")))
    ours = {section.id: (index, section) for index, section in enumerate(topic.sections)}
    for section in source.sections:
        if section.id not in ours:
            problems.append(doc.problem(("sections",), f"section '{section.id}' of {source_lang} is missing"))
            continue
        index, mine = ours[section.id]
        loc = ("sections", index)
        if mine.kind != section.kind:
            problems.append(doc.problem(loc + ("kind",), (
                f"section '{section.id}': the kind changed ('{section.kind}' in {source_lang}, '{mine.kind}' in "
                f"{topic.language}); a translation keeps its source's kinds: set kind: {section.kind}")))
        problems += _layout_problems(section, mine, loc, source_lang, doc)
        for item in section.items:
            theirs = mine.item(item.id)
            if theirs is None:
                problems.append(doc.problem(
                    loc + ("items",), f"item '{item.id}' of {source_lang} is missing from section '{section.id}'"))
            elif (isinstance(item, WarningItem) and isinstance(theirs, WarningItem)  # both sections are warnings
                  and (theirs.tier, theirs.required) != (item.tier, item.required)):
                i_index = mine.item_ids().index(item.id)
                problems.append(doc.problem(loc + ("items", i_index), (
                    f"item '{item.id}': expected tier {item.tier} and required {str(item.required).lower()} "
                    f"as in {source_lang}")))
            elif isinstance(item, ExerciseItem) and isinstance(theirs, ExerciseItem):
                at = loc + ("items", mine.item_ids().index(item.id))
                problems += exercise_problems(item, theirs, source_lang, doc, at)
            elif isinstance(item, Step) and isinstance(theirs, Step) and theirs.figure != item.figure:
                where = loc + ("items", mine.item_ids().index(item.id), "figure")
                want, got = (f"figure '{f}'" if f else "no figure" for f in (item.figure, theirs.figure))
                problems.append(doc.problem(where, f"item '{item.id}': expected {want} as in {source_lang}, got {got}"))
        for i_index, item_id in enumerate(mine.item_ids()):
            if section.item(item_id) is None:
                problems.append(doc.problem(
                    loc + ("items", i_index), f"item '{item_id}' is not in {source_lang}; remove it or add it there"))
    source_ids = set(source.section_ids())
    for index, section in enumerate(topic.sections):
        if section.id not in source_ids:
            problems.append(doc.problem(
                ("sections", index), f"section '{section.id}' is not in {source_lang}; remove it or add it there"))
    return problems


def _layout_problems(source: Any, mine: Any, loc: tuple, source_lang: str, doc: Document) -> list[Problem]:
    """A tracker's days and a questions section's lines, as its source has them: the same page in each language."""
    return [doc.problem(loc + (key,), f"section '{mine.id}': expected {key}: {getattr(source, key)} as in "
                                      f"{source_lang}, got {getattr(mine, key)}")
            for key in LAYOUT_KEYS
            if mine.kind == source.kind and hasattr(source, key) and getattr(mine, key) != getattr(source, key)]


def exercise_problems(item: ExerciseItem, theirs: ExerciseItem, source_lang: str, doc: Document,
                      loc: tuple) -> list[Problem]:
    """A translated exercise shows the same picture, in as many steps, with the same amounts given."""
    problems = []
    if theirs.figure != item.figure:
        problems.append(doc.problem(loc + ("figure",), (
            f"item '{item.id}': expected figure '{item.figure}' as in {source_lang}, got '{theirs.figure}'")))
    if len(theirs.steps) != len(item.steps):
        problems.append(doc.problem(loc + ("steps",), (
            f"item '{item.id}': expected {len(item.steps)} steps as in {source_lang}, got {len(theirs.steps)}")))
    for key in ("hold", "repeat"):
        if (getattr(item, key) is None) != (getattr(theirs, key) is None):
            want = "a" if getattr(item, key) else "no"
            problems.append(doc.problem(loc, f"item '{item.id}': expected {want} '{key}' as in {source_lang}"))
    return problems


def source_topic(doc: Document, topic_id: str, language: str) -> Topic:
    """The topic a translation follows: the file beside it, else the library's."""
    from .validate import load_topic

    sibling = doc.folder / f"{language}.yaml"
    if doc.source and sibling.is_file():
        return load_topic(sibling, str(sibling))
    return library.load_topic(topic_id, language)


def raw_kind_changes(doc: Document) -> list[Problem]:
    """Sections of a translation that does not validate whose ``kind`` differs from its source's."""
    data = doc.data if isinstance(doc.data, dict) else {}
    source_of = data.get("translation_of")
    sections = data.get("sections")
    if not isinstance(source_of, dict) or not isinstance(sections, list) or not isinstance(data.get("id"), str):
        return []
    try:
        source = source_topic(doc, data["id"], str(source_of.get("language")))
    except HandoutsError:
        return []
    problems = []
    for index, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        theirs = source.section(str(section.get("id")))
        if theirs is not None and section.get("kind") != theirs.kind:
            problems.append(doc.problem(("sections", index, "kind"), (
                f"section '{theirs.id}': the kind changed ('{theirs.kind}' in {source.language}, "
                f"'{section.get('kind')}' in {data.get('language')}); a translation keeps its source's kinds: "
                f"set kind: {theirs.kind}")))
    return problems


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _score_line(in_full, in_brief, label: str) -> str:
    flag = "" if in_full.ok and in_brief.ok else "   <-- over the limit"
    return f"  {in_full.main:6.1f} {in_brief.main:6.1f} {in_full.words:6d}  {label}{flag}"


def _flag(score) -> str:
    return "" if score.ok else " <-- over the limit"


def check_brand(doc: Document, report: Report) -> None:
    from .brand import language_gaps, resolve_brand
    from .check import brand_text_problems
    from .validate import validate

    brand = validate(doc, Brand)
    resolved = resolve_brand(brand, doc)  # checks its colours, logo and font
    problems = brand_text_problems(resolved)  # and every character it prints
    if problems:
        raise HandoutsError(problems)
    report.warn(resolved.warnings + tuple(language_gaps(resolved)))
    report.say(f"{doc.name}: brand '{in_language(brand.clinic)}': ok")


def check_selection(doc: Document, report: Report) -> None:
    """A selection file as `build` reads it: every rule of :func:`handouts.check.check`."""
    from .check import check
    from .request import Layer, Request

    checked = check(Request((Layer.saved(doc),)))
    report.fail(checked.problems)
    report.warn(checked.warnings)
    if checked.selection is not None and checked.stage != "topic":
        selection = checked.selection
        report.say(f"{doc.name}: selection for '{selection.topic}' ({selection.language}): "
                   f"{'ok' if not checked.problems else 'errors'}")


def check_catalogue(doc: Document, report: Report) -> None:
    from .strings import Strings
    from .validate import validate

    validate(doc, Strings)
    report.say(f"{doc.name}: handout words: ok")


def check_manifest(doc: Document, report: Report) -> None:
    from .batch import plan_manifest

    assert doc.source is not None, "check_file reads every document from a file"
    plan = plan_manifest(doc.source, Path("(output folder)"))
    problems, warnings = plan.brand_report()  # each brand's logo and font, as the build will need them
    report.fail(problems)
    report.warn(warnings)  # what `batch` will warn about, so check shows it first
    report.say(f"{doc.name}: batch manifest with {len(plan)} job(s): ok")


def check_shared_file(doc: Document, report: Report) -> None:
    from .shared import check_shared

    problems = check_shared(doc)
    report.fail(problems)
    count = len(doc.data["passages"]) if not problems else 0
    report.say(f"{doc.name}: {count} shared passage(s): {'ok' if not problems else 'errors'}")


CHECKS = {
    "topic": check_topic,
    "shared": check_shared_file,
    "brand": check_brand,
    "selection": check_selection,
    "catalogue": check_catalogue,
    "manifest": check_manifest,
}
