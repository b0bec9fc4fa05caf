"""One check for every front end: ``check(request) -> Checked``, every rule, each problem placed.

The rules run in groups, each only when the groups before it passed:

1. schema: the request's layers merged (:func:`handouts.request.merge`) and validated once;
2. topic: each language's topic and its catalogue of handout words exist;
3. choices: section and item ids, then picks, drops and removes;
4. files: the brand file is there;
5. brand: it loads (its schema, logo and fonts), with its contrast warnings;
6. text: every text the handout prints can be drawn in the brand's font.

Groups 1-4 mean the request itself is wrong (a batch refuses it before
building anything); 5-6 that it cannot be printed as asked (only that job
fails). Nothing after check validates again: resolve trusts it, and the
layout draws what it passed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from . import library
from .brand import ResolvedBrand, language_gaps, load_brand
from .errors import ContentError, HandoutsError, InputError, LayoutError, Problem, reading
from .fonts import glyph_problems
from .models import SectionChoice, Selection, Topic
from .printed import printed_texts, topic_texts  # noqa: F401  (topic_texts: imported from here too)
from .request import Layer, Merged, Request, adjust_sections, languages, merge
from .resolve import Handout, resolve
from .strings import Strings, strings_for
from .validate import choice_problems, validate
from .yamlload import Document, read_text

REQUEST_STAGES = ("schema", "topic", "choices", "files")
ERRORS: dict[str | None, type[HandoutsError]] = {"schema": ContentError, "text": LayoutError}


@dataclass(frozen=True)
class Checked:
    """What check found: every problem of the first group of rules that had any, and the handouts otherwise."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()  # printed, never fatal: a brand colour printed darker
    stage: str | None = None  # the group of rules the problems are from (see the module)
    selection: Selection | None = None  # the choices, merged and validated (from group 1 on)
    brand_path: Path | None = None  # None: the built-in brand
    handouts: tuple[Handout, ...] = ()  # one per language, once every rule passed

    @property
    def refused(self) -> bool:
        """The request itself is wrong (groups 1-4), not only impossible to print as asked."""
        return self.stage in REQUEST_STAGES

    def error(self) -> HandoutsError:
        return ERRORS.get(self.stage, InputError)(list(self.problems))


def check(request: Request, printing: bool = True) -> Checked:
    """Every rule over ``request``; with ``printing=False``, only groups 1-4 (the brand is not loaded)."""
    merged = merge(request)
    selection, problems = _schema(merged)
    if selection is None:
        return Checked(tuple(problems), stage="schema")
    topics, problems = _topics(merged, selection)
    if problems:
        return Checked(tuple(problems), stage="topic", selection=selection)
    selection, problems = _choices(merged, selection, topics)
    if problems:
        return Checked(tuple(problems), stage="choices", selection=selection)
    brand_path, problems = _brand_file(merged, selection)
    if problems or not printing:
        return Checked(tuple(problems), stage="files" if problems else None, selection=selection,
                       brand_path=brand_path)
    try:
        brand = load_brand(brand_path)
    except HandoutsError as exc:
        return Checked(tuple(exc.problems), stage="brand", selection=selection, brand_path=brand_path)
    handouts = tuple(_resolve(selection.model_copy(update={"language": lang, "also_in": ()}), topics[lang], brand,
                              strings_for(lang)) for lang in topics)
    problems = _text(merged, selection, brand, handouts)
    warnings = brand.warnings + tuple(language_gaps(brand, list(topics)))
    return Checked(tuple(problems), warnings, "text" if problems else None, selection, brand_path,
                   () if problems else handouts)


def note_hints(request: Request, selection: Selection) -> list[Problem]:
    """A hint for each of the clinician's notes that is hard to read: a warning, never a refusal, never its words."""
    from .readability import note_hint

    merged = merge(request)
    hints = [(index, note_hint(note, selection.language)) for index, note in enumerate(selection.notes)]
    return [merged.problem(("notes", index), hint) for index, hint in hints if hint]


def _resolve(selection: Selection, topic: Topic, brand: ResolvedBrand, strings: Strings) -> Handout:
    """The one call of resolve, which trusts what check passed."""
    return resolve(selection, topic, brand, strings)


# --- 1. schema --------------------------------------------------------------------------------------


def _schema(merged: Merged) -> tuple[Selection | None, list[Problem]]:
    """The merged choices validated once, each problem placed in the layer that set its key."""
    if merged.broken:
        return None, list(merged.problems)
    try:
        selection = _validated(merged.document())
    except HandoutsError as exc:
        placed = [(merged.owners.get(_key(p), 0), _placed(merged, p)) for p in exc.problems]
        return None, list(merged.problems) + [p for _, p in sorted(placed, key=lambda pair: pair[0])]
    return (None, list(merged.problems)) if merged.problems else (selection, [])


# Sections as a file wrote them, by the list's id, with what they validated to: a batch merges one
# preset's sections into every row, and they are most of the time a row's choices take to validate.
_SECTIONS: dict[int, tuple[list, tuple[SectionChoice, ...] | None]] = {}


def _validated(document: Document) -> Selection:
    """``document`` validated as a Selection; sections a file wrote, validated once per list and reused."""
    written = document.data.get("sections")
    found = _SECTIONS.get(id(written)) if isinstance(written, list) else None
    if found is None or found[0] is not written:
        selection = validate(document, Selection)  # raises when anything (sections included) is wrong
        if isinstance(written, list):
            if len(_SECTIONS) > 64:
                _SECTIONS.clear()
            _SECTIONS[id(written)] = (written, selection.sections)  # the list kept with its id: no id is reused
        return selection
    # the choices themselves in the list's place: pydantic takes a model it made as it is
    return validate(Document(document.name, {**document.data, "sections": found[1]}, document.lines, document.plain),
                    Selection)


def _key(problem: Problem) -> str:
    return (problem.where or "").split(".")[0]


def _placed(merged: Merged, problem: Problem) -> Problem:
    if not problem.where:  # about the whole selection: it names its file already, if it has one
        return problem
    loc = tuple(int(part) if part.isdigit() else part for part in problem.where.split("."))
    return merged.problem(loc, problem.message)


# --- 2. topics --------------------------------------------------------------------------------------


def _topics(merged: Merged, selection: Selection) -> tuple[dict[str, Topic], list[Problem]]:
    """Each language's topic, in order; a missing one named at the key that asked for it."""
    topics: dict[str, Topic] = {}
    problems: list[Problem] = []
    for lang in languages(selection):
        try:
            topics[lang] = library.load_topic(selection.topic, lang)
            strings_for(lang)
        except HandoutsError as exc:
            problems += [p if p.file else _mention(merged, selection, lang, p.message) for p in exc.problems]
    return topics, list(dict.fromkeys(problems))


def _mention(merged: Merged, selection: Selection, lang: str, message: str) -> Problem:
    if selection.topic not in library.topic_ids():
        loc: tuple = ("topic",)
    elif lang == selection.language:
        loc = ("language",)
    else:
        loc = ("also_in", selection.also_in.index(lang))
    return merged.layer(str(loc[0])).mention(loc, message)


# --- 3. choices -------------------------------------------------------------------------------------

# (topic, the choices as written) found to have no problem, by their ids
_NAMES_ONLY_WHAT_IT_HAS: dict[tuple[int, int], tuple[Topic, object]] = {}


def _choices(merged: Merged, selection: Selection, topics: dict[str, Topic]) -> tuple[Selection, list[Problem]]:
    """Section and item ids against every language's topic; then each layer's picks, drops and removes."""
    problems: list[Problem] = []
    if selection.sections is not None:
        written = merged.data.get("sections")  # as read: a batch checks one preset's choices on every row
        for topic in topics.values():
            key = (id(topic), id(written))
            if _NAMES_ONLY_WHAT_IT_HAS.get(key) == (topic, written):
                continue
            found = choice_problems(selection.sections, topic, merged, ("sections",))
            if not found:
                if len(_NAMES_ONLY_WHAT_IT_HAS) > 256:
                    _NAMES_ONLY_WHAT_IT_HAS.clear()
                _NAMES_ONLY_WHAT_IT_HAS[key] = (topic, written)  # kept alive with their ids: no id is reused
            problems += found
    if problems:
        return selection, list(dict.fromkeys(problems))
    sections = selection.sections
    for layer in merged.layers:
        if layer.overrides is not None and layer.overrides.adjusts:
            sections, found = adjust_sections(topics[selection.language], sections, selection.detail, layer)
            problems += found
    if sections is not selection.sections and not problems:
        selection = selection.model_copy(update={"sections": sections})
    return selection, problems


# --- 4. files ---------------------------------------------------------------------------------------


def _brand_file(merged: Merged, selection: Selection) -> tuple[Path | None, list[Problem]]:
    """The brand of the highest layer that names one, and whether it is there."""
    for index in reversed(range(len(merged.layers))):
        layer = merged.layers[index]
        if layer.overrides is not None and layer.overrides.brand is not None:
            return layer.overrides.brand, _brand_there(layer, layer.overrides.brand)
        if layer.overrides is None and layer.doc is not None and merged.owners.get("brand") == index:
            if selection.brand is None:
                return None, []
            source = layer.doc.source
            path = _next_to(source, selection.brand) if source else layer.doc.folder / selection.brand
            return path, _brand_there(layer, path, selection.brand)
    return None, []


@functools.lru_cache(maxsize=64)
def _next_to(source: Path, name: str) -> Path:
    """``name`` in the folder of the file ``source``: one Path for every row of a batch, its hash kept."""
    return source.parent / name


def _brand_there(layer: Layer, path: Path, written: str | None = None) -> list[Problem]:
    """Nothing, or that the brand file is missing: at the key that names it, or (typed) as reading it says."""
    try:
        if path.is_file():  # the usual case, first: a batch asks on every row
            return []
    except (OSError, ValueError):
        pass  # said below, at its place
    doc = layer.doc
    try:
        if doc is None:
            with reading(str(path)):
                if not path.is_file():
                    read_text(path)  # says why: no such file, a folder, a device
            return []
        loc = ("brand",) if layer.overrides is None else ()
        with reading(doc.name, doc.line_of(layer.base + loc), ".".join(map(str, layer.base + loc)) or None,
                     f"brand file '{written or path}': "):
            found = path.is_file()
    except InputError as exc:
        return list(exc.problems)
    if found:
        return []
    if layer.overrides is None:
        return [layer.problem(loc, f"no brand file '{written}' next to this selection")]
    return [layer.problem(loc, f"no brand file '{path}'")]


# --- 6. text ----------------------------------------------------------------------------------------


def _text(merged: Merged, selection: Selection, brand: ResolvedBrand, handouts: tuple[Handout, ...]) -> list[Problem]:
    """Every character each handout prints that no font can draw, where it was written."""
    family = brand.font
    problems = brand_text_problems(brand)
    problems += glyph_problems(merged, selection.texts(), family)
    for handout in handouts:
        problems += _topic_problems(handout, family)
        problems += _strings_problems(handout.topic.language, family)
    return list(dict.fromkeys(problems))


_TOPIC_TEXT: dict[tuple, tuple[Document, list[Problem]]] = {}  # the same picks print the same text


def _topic_problems(handout: Handout, family: str) -> list[Problem]:
    """The topic text a handout prints that its font cannot draw, at the topic file's lines (remembered:
    a batch prints the same sections again and again)."""
    topic = handout.topic
    doc = library.topic_doc(topic.id, topic.language)
    parts = tuple((part.section.id, tuple(i.id for i in part.items), tuple(i.id for i in part.removed_required))
                  for part in handout.sections)
    key = (topic.id, topic.language, family, handout.detail, parts)
    known = _TOPIC_TEXT.get(key)
    if known is not None and known[0] is doc:  # not a new version of the file
        return known[1]
    problems = glyph_problems(doc, printed_texts(handout), family)
    if len(_TOPIC_TEXT) >= 256:
        _TOPIC_TEXT.clear()
    _TOPIC_TEXT[key] = (doc, problems)
    return problems


def brand_text_problems(brand: ResolvedBrand) -> list[Problem]:
    """Characters of the brand's printed text its font cannot draw, at the brand file's lines."""
    if brand.doc is None:
        return []
    return glyph_problems(brand.doc, brand.brand.texts(), brand.font)


@functools.lru_cache(maxsize=32)
def _strings_problems(language: str, family: str) -> list[Problem]:
    """The catalogue's words, which the handout prints around the content (placed by key)."""
    strings = strings_for(language)
    texts: list[tuple[tuple, str]] = []
    for key in Strings.model_fields:
        value = getattr(strings, key)
        texts += [((key, i), v) for i, v in enumerate(value)] if isinstance(value, tuple) else [((key,), value)]
    return glyph_problems(_Catalogue(f"handouts/locales/{language.split('-')[0]}.yaml"), texts, family)


@dataclass(frozen=True)
class _Catalogue:
    name: str

    def problem(self, loc: tuple, message: str) -> Problem:
        return Problem(message, self.name, where=".".join(map(str, loc)))
