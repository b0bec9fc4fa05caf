"""Text many topics share, written once: ``content/_shared/<lang>.yaml``.

A shared file maps passage ids to passages. A passage is either a text (a
caution, a body, a tracker's intro) or a whole item (a mapping of its
fields). A topic uses one with ``{ref: some-id}`` where a text goes, or with
``- ref: some-id`` in a section's items; keys written beside ``ref`` in an
item replace the passage's own (``- {ref: chest-pain, required: true}``),
and the item's id is the passage id unless it says otherwise. References
are resolved when a topic is loaded, before it is validated, so every
later stage sees plain text. A passage may itself use references.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .errors import ContentError, Problem, did_you_mean
from .yamlload import Document, load_yaml

FOLDER = "_shared"
REF = "ref"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


@dataclass(frozen=True)
class Passages:
    """One language's shared passages, and the line each was written at."""

    name: str  # the file as messages name it
    values: dict[str, Any]
    lines: dict[str, int]

    def line(self, passage_id: str) -> int | None:
        return self.lines.get(passage_id)


def shared_path(language: str) -> Path:
    from .library import content_dir

    return content_dir() / FOLDER / f"{language}.yaml"


def passages(language: str) -> Passages | None:
    """The shared passages of ``language``, parsed once per process (per file version); None if it has none."""
    if not _LANGUAGE.match(language):  # a language code names a file: nothing else may
        return None
    path = shared_path(language)
    if not path.is_file():
        return None
    return _parse(path, f"content/{FOLDER}/{language}.yaml", path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _parse(path: Path, name: str, mtime_ns: int) -> Passages:
    doc = load_yaml(path, name)
    problems = shape_problems(doc)
    if problems:
        raise ContentError(problems)
    values = doc.data["passages"]
    return Passages(name, values, {key: doc.lines[("passages", key)] for key in values})


def shape_problems(doc: Document) -> list[Problem]:
    """What a shared file must be: ``language:`` and ``passages:`` of kebab-case ids, each a text or an item."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("passages"), dict):
        return [doc.problem((), "expected a shared file: 'language: en' and 'passages:' mapping ids to texts "
                                "or items")]
    problems = [doc.problem((key,), f"unknown key '{key}'{did_you_mean(key, ('language', 'passages'))}")
                for key in data if key not in ("language", "passages")]
    for key, value in data["passages"].items():
        loc = ("passages", key)
        if not _ID.match(key):
            problems.append(doc.problem(loc, f"expected a kebab-case passage id (like 'medicine-label'), got '{key}'"))
        if isinstance(value, str):
            if not value.strip():
                problems.append(doc.problem(loc, "expected some text, got nothing"))
        elif not isinstance(value, dict):
            problems.append(doc.problem(loc, "expected a text, or an item (a mapping of its fields)"))
    return problems


def resolve_refs(doc: Document) -> Document:
    """``doc`` with every reference replaced by its passage, or ContentError naming each bad one at its line."""
    data = doc.data
    if not isinstance(data, dict) or not _has_ref(data):
        return doc
    language = data.get("language")
    found = passages(language) if isinstance(language, str) else None
    if found is None:
        line = doc.line_of(next(_ref_locs(data, ())))
        raise ContentError(Problem(f"uses shared passages, but there is no content/{FOLDER}/{language}.yaml; "
                                   "write the text out or add that file", file=doc.name, line=line))
    resolver = _Resolver(doc, found)
    resolved = resolver.walk(data, (), ())
    if resolver.problems:
        raise ContentError(resolver.problems)
    return Document(doc.name, resolved, doc.lines, doc.plain, doc.source)


class _Resolver:
    def __init__(self, doc: Document, found: Passages):
        self.doc, self.found = doc, found
        self.problems: list[Problem] = []

    def walk(self, value: Any, loc: tuple, chain: tuple[str, ...]) -> Any:
        if isinstance(value, dict):
            if REF in value:
                return self.ref(value, loc, chain)
            return {key: self.walk(item, loc + (key,), chain) for key, item in value.items()}
        if isinstance(value, list):
            return [self.walk(item, loc + (index,), chain) for index, item in enumerate(value)]
        return value

    def ref(self, value: dict, loc: tuple, chain: tuple[str, ...]) -> Any:
        passage_id = value[REF]
        where = loc + (REF,)
        if not isinstance(passage_id, str):
            return self.fail(where, f"expected a passage id after 'ref:', got {passage_id!r}", value)
        if passage_id in chain:
            cycle = " -> ".join(chain[chain.index(passage_id):] + (passage_id,))
            return self.fail(where, f"cyclic reference: {cycle} (in {self.found.name}); a passage cannot "
                                    "include itself", value)
        if passage_id not in self.found.values:
            return self.fail(where, f"unknown shared passage '{passage_id}'"
                                    f"{did_you_mean(passage_id, self.found.values)} (in {self.found.name})", value)
        passage = self.walk(self.found.values[passage_id], loc, chain + (passage_id,))
        extra = {key: self.walk(item, loc + (key,), chain) for key, item in value.items() if key != REF}
        if isinstance(passage, str):
            if extra:
                return self.fail(loc + (next(iter(extra)),), f"'{passage_id}' is a shared text; a text reference "
                                                              "holds only 'ref:'", value)
            return passage
        if isinstance(passage, dict):
            return {"id": passage_id, **passage, **extra}
        return passage  # a broken passage: the schema reports what it found

    def fail(self, loc: tuple, message: str, value: Any) -> Any:
        self.problems.append(self.doc.problem(loc, message))
        return value


def _has_ref(value: Any) -> bool:
    return next(_ref_locs(value, ()), None) is not None


def _ref_locs(value: Any, loc: tuple) -> Iterator[tuple]:
    if isinstance(value, dict):
        if REF in value:
            yield loc + (REF,)
            return
        for key, item in value.items():
            yield from _ref_locs(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _ref_locs(item, loc + (index,))


# --- passages written out in full --------------------------------------------------

SAME = 0.9  # this close to a passage, a text is that passage with a slip or two: a copy that will drift
_LONG = 40  # shorter texts ("Pain", "Stop if it hurts more.") are allowed to repeat


def written_out(doc: Document) -> list[Problem]:
    """Warnings where ``doc`` (as written, before references resolve) spells out a shared text passage."""
    data = doc.data
    language = data.get("language") if isinstance(data, dict) else None
    found = passages(language) if isinstance(language, str) else None
    if found is None:
        return []
    texts = {key: _plain(value) for key, value in found.values.items() if isinstance(value, str)}
    texts.update({f"{key}.{field}": _plain(value[field]) for key, value in found.values.items()
                  if isinstance(value, dict) for field in ("body", "summary", "caution")
                  if isinstance(value.get(field), str)})
    texts = {key: text for key, text in texts.items() if len(text) >= _LONG}
    warnings = []
    for loc, text in _strings(data, ()):
        plain = _plain(text)
        if len(plain) < _LONG:
            continue
        for key, passage in texts.items():
            if abs(len(plain) - len(passage)) <= len(passage) * (1 - SAME) and _close(plain, passage):
                passage_id, _, field = key.partition(".")
                use = f"'- ref: {passage_id}' for the item" if field else f"'{{ref: {passage_id}}}'"
                warnings.append(doc.problem(loc, (
                    f"writes out the shared passage '{passage_id}' ({found.name}:{found.line(passage_id)}); "
                    f"use {use} instead, so a wording fix is one edit")))
                break
    return warnings


def _close(a: str, b: str) -> bool:
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _strings(value: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, loc + (index,))


def check_shared(doc: Document) -> list[Problem]:
    """A shared file's own problems: its shape, and references between its passages that are unknown or cyclic."""
    problems = shape_problems(doc)
    if problems:
        return problems
    found = Passages(doc.name, doc.data["passages"], {k: doc.lines[("passages", k)] for k in doc.data["passages"]})
    resolver = _Resolver(doc, found)
    for key, value in found.values.items():
        resolver.walk(value, ("passages", key), (key,))
    return resolver.problems

