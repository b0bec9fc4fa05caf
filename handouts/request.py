"""A request for a handout: layers of choices, stacked one way for every front end.

A request is a stack of layers, lowest first. A layer is a saved selection
file as written, or one :class:`Overrides` value, which the command line, the
batch planner (manifest defaults, jobs, patient-list rows) and a web form all
produce alike. Precedence, lowest to highest:

    built-in defaults < brand (page_size) < saved selection < manifest defaults < job < command line

Built-in defaults are the Selection model's; the brand's page size is used
when no layer names one (in :mod:`handouts.resolve`). A one-word profile is
spelled out as size and colour within its own layer, so a higher layer's
profile replaces a lower layer's axes. One exception: a manifest default's
topic is only where a job that names none starts, below its saved selection
(a selection's section ids belong to its own topic).

Nothing here validates. :func:`merge` stacks the layers and remembers which
layer set each key; :func:`handouts.check.check` validates the result once
and places each problem in the layer that holds it: at a file's line, or
named by its Overrides field ("patient", "notes.2", "picks.0"), which each
front end puts in its own words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError, Problem, did_you_mean, one_of, reading
from .models import SectionChoice, Selection, Topic, with_axes
from .validate import not_a_mapping
from .yamlload import Document, load_yaml

# The Selection keys an Overrides value may set; picks, drops, removes and brand are applied apart.
SELECTION_KEYS = ("topic", "language", "also_in", "detail", "size", "colour", "profile", "page_size",
                  "patient", "date", "sections", "notes", "follow_up", "clinician")
# Fields an output-name template may use (besides a patient list's own columns).
NAME_FIELDS = {"n", "topic", "language", "profile", "size", "colour", "detail", "selection"}


@dataclass(frozen=True)
class Overrides:
    """One layer of choices: every field None (or empty) means "not given"."""

    topic: str | None = None
    language: str | None = None
    also_in: tuple[str, ...] | None = None  # () says: no other language
    detail: str | None = None
    size: str | None = None
    colour: str | None = None
    profile: str | None = None  # shorthand for size and colour
    page_size: str | None = None
    patient: str | None = None
    date: dt.date | str | None = None  # a date, or typed text: YYYY-MM-DD or 'today'
    notes: tuple[str, ...] = ()  # replace the notes below when given
    follow_up: str | None = None
    clinician: str | None = None  # the clinician's name, printed in the closing block
    sections: tuple[Any, ...] | None = None  # the whole choice of sections (a manifest job's 'sections:')
    picks: tuple[str, ...] = ()  # 'section' or 'section=item,item': add it, or set its items
    drops: tuple[str, ...] = ()  # leave out a section, or some of its items
    removes: tuple[str, ...] = ()  # 'section=item': leave out a required warning sign on purpose
    brand: Path | None = None  # a brand file, as the front end resolved its path

    def data(self) -> dict[str, Any]:
        """The Selection keys this layer sets, a profile spelled out as its axes."""
        out: dict[str, Any] = {}
        for key in SELECTION_KEYS:
            value = getattr(self, key)
            if value is None or (key == "notes" and not value):
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return with_axes(out)

    @property
    def adjusts(self) -> bool:
        return bool(self.picks or self.drops or self.removes)


@dataclass(frozen=True)
class Layer:
    """One layer of a request, and where it was written, so that a problem in it is placed there.

    ``overrides`` is None for a saved selection file: its keys are the file's
    own. ``doc`` is None for what was typed: problems then name the field.
    """

    overrides: Overrides | None = None
    doc: Document | None = None
    base: tuple = ()  # where in doc the layer is (a manifest job: ("jobs", 3))

    @classmethod
    def saved(cls, doc: Document) -> Layer:
        """A saved selection file, as written."""
        return cls(None, doc)

    def data(self) -> dict[str, Any] | None:
        """The keys this layer sets; None when a file holds no mapping."""
        if self.overrides is not None:
            return self.overrides.data()
        data = self.doc.data if self.doc is not None else None
        return with_axes(data) if isinstance(data, dict) else None

    def problem(self, loc: tuple, message: str) -> Problem:
        """A problem at ``loc``: at its line in the file the layer came from, or named by its field."""
        if self.doc is None:
            return Problem(message, where=".".join(map(str, loc)) or None)
        return self.doc.problem(self.base + tuple(loc), message)

    def mention(self, loc: tuple, message: str) -> Problem:
        """A well-formed value that names nothing (an unknown topic): at its key in a saved selection,
        at its line in a manifest or patient list, and as it is when typed."""
        if self.doc is None:
            return Problem(message)
        if self.overrides is None:
            return self.doc.problem(loc, message)
        return Problem(message, self.doc.name, self.doc.line_of(self.base + tuple(loc)))

    def slim(self) -> Layer:
        """This layer with only the line marks its printed text needs: what a batch sends to a worker."""
        if self.overrides is None or self.doc is None:
            return self
        locs: list[tuple] = [(), ("patient",), ("follow_up",), ("clinician",), ("notes",)]
        locs += [("notes", index) for index in range(len(self.overrides.notes))]
        lines = {self.base + loc: self.doc.lines[self.base + loc] for loc in locs if self.base + loc in self.doc.lines}
        return Layer(self.overrides, Document(self.doc.name, {}, lines), self.base)


@dataclass(frozen=True)
class Request:
    """What to print: layers of choices, lowest first (see the module's precedence)."""

    layers: tuple[Layer, ...]

    @classmethod
    def for_target(cls, target: str, overrides: Overrides | None = None) -> Request:
        """``build TARGET``: a selection file or a topic id, with what was typed above it."""
        path = Path(target)
        with reading(target):  # a file in a folder the user may not enter
            is_dir, is_file = path.is_dir(), path.is_file()
        if is_dir:
            inside = sorted(p.name for p in path.glob("*.y*ml") if "selection" in p.name)
            hint = f"; did you mean '{path / inside[0]}'?" if inside else ""
            raise InputError(Problem(f"'{target}' is a folder; expected a topic id or a selection file{hint}"))
        if path.suffix in (".yaml", ".yml") or is_file or "/" in target:
            base = Layer.saved(load_yaml(path))
        else:
            base = Layer(Overrides(topic=target))  # the topic id, as typed
        return cls((base,) if overrides is None else (base, Layer(overrides)))

    def slim(self) -> Request:
        return Request(tuple(layer.slim() for layer in self.layers))


# --- merging the layers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """A request's layers stacked: each key as the highest layer that set it sets it."""

    layers: tuple[Layer, ...]
    data: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, int] = field(default_factory=dict)  # key -> index of the layer that set it
    problems: tuple[Problem, ...] = ()  # a typed date that is none, a file that holds no mapping
    broken: bool = False  # a file holds no mapping: there is nothing to validate

    def layer(self, key: str) -> Layer:
        return self.layers[self.owners.get(key, 0)]

    def problem(self, loc: tuple, message: str) -> Problem:
        """A problem at a key path of the merged data, placed in the layer that set its key."""
        return self.layer(str(loc[0]) if loc else "").problem(loc, message)

    def document(self) -> Document:
        """The merged data as one document to validate: the line marks and unquoted words of each key's file."""
        lines, plain = {}, {}
        for index, layer in enumerate(self.layers):
            if layer.overrides is None and layer.doc is not None:
                owned = frozenset(key for key, owner in self.owners.items() if owner == index)
                mine_lines, mine_plain = _owned_marks(layer.doc, owned)
                lines.update(mine_lines)
                plain.update(mine_plain)
        files = [layer.doc.name for layer in self.layers if layer.overrides is None and layer.doc is not None]
        return Document(files[0] if files else "", self.data, lines, plain)


_MARKS: dict[tuple[int, frozenset], tuple[Document, dict, dict]] = {}


def _owned_marks(doc: Document, owned: frozenset) -> tuple[dict, dict]:
    """The line marks and unquoted words of ``doc`` under the top-level keys ``owned``.

    Remembered per file and keys: a batch merges one selection file into every row.
    """
    key = (id(doc), owned)
    found = _MARKS.get(key)
    if found is None or found[0] is not doc:  # the document kept with its id, so that the id is not reused
        lines = {loc: line for loc, line in doc.lines.items() if loc and str(loc[0]) in owned}
        plain = {loc: raw for loc, raw in doc.plain.items() if loc and str(loc[0]) in owned}
        if len(_MARKS) > 64:
            _MARKS.clear()
        found = _MARKS[key] = (doc, lines, plain)
    return found[1], found[2]


def merge(request: Request) -> Merged:
    """Stack the layers (the module's precedence), then apply the date rule: a patient named and no date is today."""
    data: dict[str, Any] = {}
    owners: dict[str, int] = {}
    layers = [(layer, layer.data()) for layer in request.layers]
    problems = [layer.problem((), not_a_mapping(layer.doc.data if layer.doc else None))
                for layer, values in layers if values is None]
    if problems:
        return Merged(request.layers, problems=tuple(problems), broken=True)
    for index, (_, values) in enumerate(layers):
        data.update(values or {})
        owners.update(dict.fromkeys(values or {}, index))
    date = data.get("date")
    if isinstance(date, str) and request.layers[owners["date"]].overrides is not None:  # typed, not read from YAML
        data["date"] = parse_date(date)
        if data["date"] is None:
            problems.append(request.layers[owners["date"]].problem(
                ("date",), f"expected a date like 2026-11-24 or 'today', got '{date}'"))
    if data.get("patient") and data.get("date") is None and not problems:
        data["date"] = dt.date.today()  # printed beside the name
    return Merged(request.layers, data, owners, tuple(problems))


def parse_date(text: str) -> dt.date | None:
    """A typed date: YYYY-MM-DD or 'today'; None when it is neither."""
    value = text.strip()
    if value.lower() == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# --- picks, drops and removes ----------------------------------------------------------------------
# Their messages name another field as {field}: each front end puts its own word there.


def adjust_sections(topic: Topic, sections: tuple | None, detail: str, layer: Layer) -> tuple[tuple, list[Problem]]:
    """A layer's picks, drops and removes applied to a selection's sections (or the topic's preset)."""
    assert layer.overrides is not None
    base = sections if sections is not None else topic.preset("brief" if detail == "brief" else "full")[0]
    chosen = {c.section: _choice(topic, c) for c in base}
    problems: list[Problem] = []
    for key in ("picks", "drops", "removes"):
        for index, value in enumerate(getattr(layer.overrides, key)):
            found = _adjust(topic, chosen, key, value)
            problems += [layer.problem((key, index), message) for message in found]
    choices = tuple(SectionChoice(section=c["section"], items=tuple(c["items"]),
                                  remove_required=tuple(c.get("remove_required", ()))) for c in chosen.values())
    return choices, problems


def _adjust(topic: Topic, chosen: dict, key: str, value: str) -> list[str]:
    """Apply one pick, drop or remove to ``chosen``; what is wrong with it, if anything."""
    section_id, items, problems = _split(topic, key, value)
    if problems:
        return problems
    section = topic.section(section_id)
    assert section is not None  # _split found it
    if key == "picks":  # add the section, or set the items picked from it
        entry = chosen.setdefault(section_id, {"section": section_id, "items": []})
        entry["items"] = list(dict.fromkeys(items or section.item_ids()))
        return []
    if key == "drops" and not items:
        chosen.pop(section_id, None)
        return []
    entry = chosen.get(section_id) or {"section": section_id, "items": []}
    for item_id in items or []:
        required = getattr(section.item(item_id), "required", False)
        if key == "drops" and required:
            return [f"'{item_id}' is a required emergency sign; to leave it out on purpose use "
                    f"{{removes}} {section_id}={item_id}"]
        if key == "removes":
            if not required:
                return [f"'{item_id}' is not a required sign; use {{drops}}"]
            entry["remove_required"] = entry.get("remove_required", []) + [item_id]
            chosen.setdefault(section_id, entry)
        entry["items"] = [i for i in entry["items"] if i != item_id]
    return []


def _choice(topic: Topic, choice: SectionChoice) -> dict:
    section = topic.section(choice.section)
    assert section is not None  # check found every section a selection names
    items = list(choice.items) if choice.items is not None else section.item_ids()
    out = {"section": choice.section, "items": items}
    if choice.remove_required:
        out["remove_required"] = list(choice.remove_required)
    return out


def _split(topic: Topic, key: str, value: str) -> tuple[str, list[str] | None, list[str]]:
    """'section=a,b' -> ('section', ['a', 'b']), every id checked against the topic."""
    section_id, _, rest = value.partition("=")
    section_id = section_id.strip()
    section = topic.section(section_id)
    if section is None:
        return section_id, None, [f"unknown section '{section_id}'{did_you_mean(section_id, topic.section_ids())} "
                                  f"(sections: {one_of(topic.section_ids())})"]
    items = [i.strip() for i in rest.split(",") if i.strip()] if rest else None
    unknown = [i for i in items or [] if section.item(i) is None]
    if unknown:
        return section_id, items, [f"unknown item '{unknown[0]}' in section '{section_id}'"
                                   f"{did_you_mean(unknown[0], section.item_ids())} (see 'handouts show {topic.id}')"]
    if key == "removes" and not items:
        return section_id, items, ["expected SECTION=item, got no item"]
    return section_id, items, []


# --- output names -----------------------------------------------------------------------------------


def output_name(selection: Selection, *, number: int | None = None, preset: str | None = None,
                template: str | None = None, fields: dict | None = None) -> str:
    """The file name of a handout's PDF; never the patient's name.

    One handout: its topic and each choice that is not the default
    (back-spasms-es-brief-large.pdf). Job ``number`` of a batch: the number,
    its preset (a selection file's stem, else the topic) and language
    (0007-first-visit-en.pdf). A ``template`` fills in NAME_FIELDS and ``fields``
    (a patient list's columns) instead.
    """
    if template is not None:
        values = {"n": number, "topic": selection.topic, "language": selection.language,
                  "profile": selection.profile, "size": selection.size, "colour": selection.colour,
                  "detail": selection.detail, "selection": preset or selection.topic}
        return template.format(**{**(fields or {}), **values})
    if number is None:
        parts = [selection.topic]
        if selection.language != "en" or selection.also_in:
            parts += [selection.language, *selection.also_in]
    else:
        parts = [f"{number:04d}", preset or selection.topic, selection.language]
    if selection.detail != "full":
        parts.append(selection.detail)
    if selection.profile != "standard":
        parts.append(selection.profile)
    return "-".join(parts) + ".pdf"


def fill_fields(message: str, words: dict[str, str]) -> str:
    """A message's {field} references in a front end's words (``words``: field -> its word)."""
    for key, word in words.items():
        message = message.replace("{" + key + "}", word)
    return message


def languages(selection: Selection) -> Sequence[str]:
    """The languages a selection prints, in order: its own, then each of also_in, each once."""
    return list(dict.fromkeys((selection.language, *selection.also_in)))
