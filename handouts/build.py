"""The pipeline for one handout: request (load, validate) -> handouts (resolve) -> render -> write.

The CLI and the batch builder call these functions; they hold no click code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import library
from .brand import load_brand
from .errors import ContentError, HandoutsError, InputError, LayoutError, Problem, did_you_mean, one_of, reading
from .fonts import glyph_problems
from .models import Detail, SectionChoice, Selection, Topic, WarningItem, with_axes
from .output import write_atomic
from .resolve import Handout, choices, resolve
from .strings import strings_for
from .validate import choice_problems, load_selection_doc, validate
from .yamlload import Document, load_yaml, read_text

MAX_NOTE = 2000  # characters, as models.Text allows


@dataclass(frozen=True)
class Request:
    """A selection and where it came from: a file, a topic id, or both plus options."""

    selection: Selection
    doc: Document
    brand_path: Path | None


def request_for(target: str, brand: str | Path | None = None) -> Request:
    """Turn ``handouts build TARGET`` (a topic id or a selection file) into a Request."""
    path = Path(target)
    with reading(target):  # a file in a folder the user may not enter
        is_dir, is_file = path.is_dir(), path.is_file()
    if is_dir:
        inside = sorted(p.name for p in path.glob("*.y*ml") if "selection" in p.name)
        hint = f"; did you mean '{path / inside[0]}'?" if inside else ""
        raise InputError(Problem(f"'{target}' is a folder; expected a topic id or a selection file{hint}"))
    if path.suffix in (".yaml", ".yml") or is_file or "/" in target:
        selection, doc = load_selection_doc(path)
        brand_path = Path(brand) if brand else (doc.folder / selection.brand if selection.brand else None)
    else:
        doc = Document("command line", {"topic": target})
        selection = validate(doc, Selection)
        brand_path = Path(brand) if brand else None
    return Request(selection, doc, brand_path)


def with_options(
    request: Request,
    options: dict,
    date: str | None = None,
    picks: tuple = (),
    drops: tuple = (),
    removes: tuple = (),
) -> Request:
    """Apply command-line options over a request's selection, validating the result."""
    selection = request.selection
    changes = with_axes({k: v for k, v in options.items() if v not in (None, (), [])})
    patient = changes.get("patient", selection.patient)
    if date is not None or (patient and not selection.date):
        changes["date"] = parse_date(date, patient)
    problems = _option_glyphs(changes)
    if problems:
        raise LayoutError(problems)
    doc = request.doc
    if picks or drops or removes:
        topic = _load_topic(selection.topic, changes.get("language", selection.language), request.doc)
        if selection.sections is not None:  # report the file's own mistakes at its own lines first
            problems = choice_problems(selection.sections, topic, request.doc, ("sections",))
            if problems:
                raise InputError(problems)
        detail = changes.get("detail", selection.detail)
        changes["sections"] = adjust_sections(topic, selection.sections, detail, picks, drops, removes)
        doc = Document("command line", {})  # the sections are the options' now
    if not changes:
        return request
    data = {**selection.model_dump(exclude_none=True, exclude_defaults=True), **changes}
    data["topic"] = selection.topic
    try:
        merged = validate(Document("command line", data), Selection)
    except HandoutsError as exc:
        raise InputError([_as_option(p) for p in exc.problems]) from None
    return Request(merged, doc, request.brand_path)


OPTIONS = {"patient": "--patient", "follow_up": "--follow-up", "date": "--date", "language": "--lang",
           "also_in": "--lang", "detail": "--detail", "profile": "--profile", "size": "--size", "colour": "--colour",
           "page_size": "--page-size"}


def _as_option(problem: Problem) -> Problem:
    """'command line: notes.0: ...' -> '--note 1: ...': name what the user typed."""
    key, _, rest = (problem.where or "").partition(".")
    if key == "notes" and rest.isdigit():
        return Problem(f"--note {int(rest) + 1}: {problem.message}")
    if key in OPTIONS:
        return Problem(f"{OPTIONS[key]}: {problem.message}")
    return problem


def handouts_for(request: Request) -> list[Handout]:
    """One handout per language the request asks for: its language, then each of also_in."""
    selection = request.selection
    languages = list(dict.fromkeys((selection.language, *selection.also_in)))
    return [handout_for(Request(selection.model_copy(update={"language": lang, "also_in": ()}),
                                request.doc, request.brand_path)) for lang in languages]


def handout_for(request: Request) -> Handout:
    """Resolve a request (in its one language) against the built-in library and its brand."""
    selection = request.selection
    topic = _load_topic(selection.topic, selection.language, request.doc)
    brand = load_brand(request.brand_path)
    picked, key = choices(selection, topic)
    problems = choice_problems(picked, topic, request.doc, (key,))
    if problems:
        raise ContentError(problems)
    handout = resolve(selection, topic, brand, strings_for(topic.language))
    # The clinician's own text, checked where it was written, before any layout.
    problems = glyph_problems(request.doc or Document("command line", {}), selection.texts(), brand.font)
    if problems:
        raise LayoutError(problems)
    return handout


def _load_topic(topic_id: str, language: str, doc: Document | None) -> Topic:
    """A built-in topic; one that does not exist is blamed on the selection file's own key, as check does."""
    try:
        return library.load_topic(topic_id, language)
    except InputError as exc:
        data = doc.data if doc is not None and doc.source is not None and isinstance(doc.data, dict) else {}
        loc: tuple[str | int, ...] | None
        if topic_id not in library.topic_ids():
            loc = ("topic",) if data.get("topic") == topic_id else None
        elif data.get("language") == language:
            loc = ("language",)
        else:  # the language came from --lang, or from the list of also_in
            also_in = data.get("also_in")
            loc = ("also_in", also_in.index(language)) if isinstance(also_in, list) and language in also_in else None
        # a problem inside the topic file is placed there (a loc implies a selection file's doc)
        if loc is None or doc is None or any(p.file for p in exc.problems):
            raise
        raise InputError([doc.problem(loc, p.message) for p in exc.problems]) from None


def render(*handouts: Handout) -> bytes:
    """One PDF: the handout, or one part per language in turn."""
    from .pdf import render as render_pdf  # ReportLab is imported only when a PDF is made

    try:
        return render_pdf(*handouts)
    except LayoutError:
        # Layout names topic text by section and item id; the author needs the file, line and key.
        located = [problem for handout in handouts for problem in topic_glyph_problems(handout)]
        if located:
            raise LayoutError(located) from None
        raise


def topic_glyph_problems(handout: Handout) -> list[Problem]:
    """Characters no font can draw in the topic text a handout holds, at the topic file's own lines."""
    topic = handout.topic
    try:
        found = library.find_topic_file(topic.id, topic.language)
        doc = load_yaml(found.path, found.display)
    except HandoutsError:
        return []
    return glyph_problems(doc, _topic_texts(handout), handout.brand.font)


def _topic_texts(handout: Handout):
    """(loc in the topic file, text) of the title and of every section and item the handout holds."""
    topic = handout.topic
    yield ("title",), topic.title
    if topic.subtitle:
        yield ("subtitle",), topic.subtitle
    for part in handout.sections:
        section = part.section
        base = ("sections", topic.section_ids().index(section.id))
        yield base + ("heading",), section.heading
        for c_index, column in enumerate(getattr(section, "columns", ())):
            yield base + ("columns", c_index), column
        for item in (*part.items, *part.removed_required):
            loc = base + ("items", section.item_ids().index(item.id))
            for key in ("title", "summary", "body"):
                if hasattr(item, key):
                    yield loc + (key,), getattr(item, key)
            for c_index, cell in enumerate(getattr(item, "cells", ())):
                yield loc + ("cells", c_index), cell


def write(handouts: list[Handout], output: Path, force: bool = False) -> bool:
    """Render and write one PDF atomically; False if the same bytes were already there."""
    return write_atomic(output, render(*handouts), force=force)


def default_output(selection: Selection) -> Path:
    """A sensible file name in the current folder; never the patient's name."""
    parts = [selection.topic]
    if selection.language != "en" or selection.also_in:
        parts += [selection.language, *selection.also_in]
    if selection.detail != "full":
        parts.append(selection.detail)
    if selection.profile != "standard":
        parts.append(selection.profile)
    return Path("-".join(parts) + ".pdf")


def read_notes(path: Path) -> list[str]:
    """Notes from a text file, one per block of lines between blank lines, checked where they stand."""
    text = read_text(path)
    notes, problems, start = [], [], 1
    block: list[str] = []
    for number, line in enumerate(text.splitlines() + [""], 1):
        if line.strip():
            start = number if not block else start
            block.append(line)
            continue
        if block:
            note = "\n".join(block).strip()
            where = Document(str(path), {}, {(): start})
            problems += [Problem(p.message, p.file, p.line) for p in glyph_problems(where, [((), note)])]
            if len(note) > MAX_NOTE:
                problems.append(Problem(f"a note of {len(note):,} characters; expected at most {MAX_NOTE:,}: "
                                        "split it with a blank line", str(path), start))
            notes.append(note)
            block = []
    if problems:
        raise InputError(problems)
    return notes


def _option_glyphs(changes: dict) -> list[Problem]:
    """Characters no font can draw in text typed as options, named by option."""
    texts = [("--patient", changes.get("patient")), ("--follow-up", changes.get("follow_up"))]
    texts += [(f"--note {i}", note) for i, note in enumerate(changes.get("notes") or (), 1)]
    doc = Document("", {})
    return [Problem(str(p)) for p in glyph_problems(doc, [((name,), text) for name, text in texts if text])]


def parse_date(value: str | None, patient: str | None) -> dt.date | None:
    """--date: YYYY-MM-DD or 'today'; with a patient and no date, today."""
    if value is None:
        return dt.date.today() if patient else None
    if value.strip().lower() == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(Problem(f"--date: expected a date like 2026-11-24 or 'today', got '{value}'")) from None


def adjust_sections(
    topic: Topic,
    sections: tuple | None,
    detail: Detail = "full",
    picks: tuple = (),
    drops: tuple = (),
    removes: tuple = (),
) -> list[dict]:
    """Apply --pick / --drop / --remove-required to a selection's (or the topic's) sections."""
    base = sections if sections is not None else topic.preset(detail)[0]
    chosen = {c.section: _choice_dict(topic, c) for c in base}
    for option, values in (("--pick", picks), ("--drop", drops), ("--remove-required", removes)):
        for value in values:
            section_id, items = _split_option(topic, option, value)
            section = topic.section(section_id)
            assert section is not None, "_split_option checked the section id"
            if option == "--pick":  # add the section, or set the items picked from it
                entry = chosen.setdefault(section_id, {"section": section_id, "items": []})
                entry["items"] = list(dict.fromkeys(items or section.item_ids()))
                continue
            if option == "--drop" and not items:
                chosen.pop(section_id, None)
                continue
            entry = chosen.get(section_id) or {"section": section_id, "items": []}
            for item_id in items or []:
                item = section.item(item_id)
                required = isinstance(item, WarningItem) and item.required
                if option == "--drop" and required:
                    raise InputError(Problem(
                        f"--drop {value}: '{item_id}' is a required emergency sign; to leave it out on "
                        f"purpose use --remove-required {section_id}={item_id}"
                    ))
                if option == "--remove-required":
                    if not required:
                        raise InputError(Problem(
                            f"--remove-required {value}: '{item_id}' is not a required sign; use --drop"))
                    entry["remove_required"] = entry.get("remove_required", []) + [item_id]
                    chosen.setdefault(section_id, entry)
                entry["items"] = [i for i in entry["items"] if i != item_id]
    return list(chosen.values())


def _choice_dict(topic: Topic, choice: SectionChoice) -> dict:
    section = topic.section(choice.section)
    assert section is not None, "the choices were checked against the topic before"
    items = list(choice.items) if choice.items is not None else section.item_ids()
    out = {"section": choice.section, "items": items}
    if choice.remove_required:
        out["remove_required"] = list(choice.remove_required)
    return out


def _split_option(topic: Topic, option: str, value: str) -> tuple[str, list[str] | None]:
    """'section=a,b' -> ('section', ['a', 'b']), checking every id against the topic."""
    section_id, _, rest = value.partition("=")
    section_id = section_id.strip()
    section = topic.section(section_id)
    if section is None:
        raise InputError(Problem(
            f"{option} {value}: unknown section '{section_id}'{did_you_mean(section_id, topic.section_ids())} "
            f"(sections: {one_of(topic.section_ids())})"
        ))
    items = [i.strip() for i in rest.split(",") if i.strip()] if rest else None
    for item_id in items or []:
        if section.item(item_id) is None:
            raise InputError(Problem(
                f"{option} {value}: unknown item '{item_id}' in section '{section_id}'"
                f"{did_you_mean(item_id, section.item_ids())} (see 'handouts show {topic.id}')"
            ))
    if option == "--remove-required" and not items:
        raise InputError(Problem(f"{option} {value}: expected SECTION=item, got no item"))
    return section_id, items
