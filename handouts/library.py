"""The built-in library: content and fonts shipped with the package.

In an installed package, ``content/`` and ``fonts/`` sit inside ``handouts/``;
in a source checkout they sit beside it. Both layouts are found here, and
nowhere else in the code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem, did_you_mean, one_of
from .yamlload import Document

if TYPE_CHECKING:  # the schemas are built only when a topic is loaded
    from .models import Topic

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` ('content' or 'fonts') of this installation."""
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise InputError(f"the installation has no '{name}' folder; reinstall with 'pip install .'")


def content_dir() -> Path:
    return data_dir("content")


@dataclass(frozen=True)
class TopicFile:
    topic_id: str
    language: str
    path: Path

    @property
    def display(self) -> str:
        """The name shown in messages: relative to the library, not an install path."""
        return f"content/{self.topic_id}/{self.language}.yaml"


def is_library_file(path: Path | None) -> bool:
    """Whether ``path`` is a topic file of the built-in library (not an example, not a clinic's own file)."""
    if path is None:
        return False
    try:
        relative = path.resolve().relative_to(content_dir().resolve())
    except ValueError:
        return False
    return len(relative.parts) == 2 and not relative.parts[0].startswith((".", "_")) and relative.parts[0] != "examples"


@functools.lru_cache(maxsize=1)
def topic_files() -> tuple[TopicFile, ...]:
    """Every ``content/<topic>/<lang>.yaml`` of the built-in library (read once per process)."""
    root = content_dir()
    files = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if folder.name == "examples":
            continue
        for path in sorted(folder.glob("*.yaml")):
            files.append(TopicFile(folder.name, path.stem, path))
    return tuple(files)


def topic_ids() -> list[str]:
    return sorted({f.topic_id for f in topic_files()})


def languages(topic_id: str) -> list[str]:
    return [f.language for f in topic_files() if f.topic_id == topic_id]


_BY_ID: tuple[tuple[TopicFile, ...], dict[tuple[str, str], TopicFile]] = ((), {})


def _by_id(files: tuple[TopicFile, ...]) -> dict[tuple[str, str], TopicFile]:
    """``files`` by (topic, language), made again only when the library's list is a new one.

    Known by identity, not by value: a batch looks its topic up on every row, and hashing the whole
    list of files each time (as a cache keyed by it would) cost more than the lookup saved.
    """
    global _BY_ID
    if _BY_ID[0] is not files:
        _BY_ID = (files, {(f.topic_id, f.language): f for f in files})
    return _BY_ID[1]


def find_topic_file(topic_id: str, language: str = "en") -> TopicFile:
    """The file of ``topic_id`` in ``language``, or an error naming what exists."""
    found = _by_id(topic_files()).get((topic_id, language))
    if found is not None:  # a batch looks its topic up on every row
        return found
    ids = topic_ids()
    if topic_id not in ids:
        raise InputError(
            Problem(f"unknown topic '{topic_id}'{did_you_mean(topic_id, ids)} (topics: {one_of(ids) or 'none'})")
        )
    langs = languages(topic_id)
    if language not in langs:
        raise InputError(
            Problem(
                f"topic '{topic_id}' has no '{language}' version{did_you_mean(language, langs)} "
                f"(languages: {one_of(langs)})"
            )
        )
    return next(f for f in topic_files() if f.topic_id == topic_id and f.language == language)


@functools.lru_cache(maxsize=None)
def _load(path: Path, display: str, mtime_ns: int) -> tuple[Topic, Document]:
    from .errors import ContentError
    from .validate import library_problems, load_topic_doc

    topic, doc = load_topic_doc(path, display)
    problems = library_problems(topic, doc)
    if problems:
        raise ContentError(problems)
    return topic, Document(doc.name, {}, doc.lines, source=doc.source)  # the lines only: the data is the Topic


def load_topic(topic_id: str, language: str = "en") -> Topic:
    """Load and validate a built-in topic, once per process (per file version)."""
    return load_topic_doc(topic_id, language)[0]


def topic_doc(topic_id: str, language: str = "en") -> Document:
    """Where a built-in topic's text was written: its file's line marks, to place problems in it."""
    return load_topic_doc(topic_id, language)[1]


def load_topic_doc(topic_id: str, language: str = "en") -> tuple[Topic, Document]:
    """A built-in topic and the line marks of its file, loaded and validated once per file version."""
    found = find_topic_file(topic_id, language)
    topic, doc = _load(found.path, found.display, found.path.stat().st_mtime_ns)
    if topic.id != topic_id or topic.language != language:
        raise InputError(
            Problem(
                f"expected id '{topic_id}' and language '{language}' (from the file's place), "
                f"got '{topic.id}' and '{topic.language}'",
                file=found.display,
            )
        )
    return topic, doc


# --- finding a topic ---------------------------------------------------------------


@dataclass(frozen=True)
class TopicSummary:
    """What a list or a search shows of a topic: in one language, with the languages it has."""

    id: str
    title: str
    subtitle: str
    region: str
    codes: tuple[str, ...]
    languages: tuple[str, ...]
    language: str  # the language of the title and subtitle
    version: str
    review: str  # 'reviewed' or 'not-reviewed'

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "subtitle": self.subtitle, "region": self.region,
                "codes": list(self.codes), "languages": list(self.languages), "language": self.language,
                "version": self.version, "review": self.review}


def summaries(language: str = "en") -> list[TopicSummary]:
    """Every topic of the library, in ``language`` where it has one (else its first), in region order."""
    return list(_summaries(language, topic_files()))


@functools.lru_cache(maxsize=8)
def _summaries(language: str, files: tuple[TopicFile, ...]) -> tuple[TopicSummary, ...]:
    """Read once per language and file list (itself read once per process): the form lists them on every page."""
    from .coding import REGIONS, fold

    out = []
    for topic_id in sorted({f.topic_id for f in files}):
        langs = tuple(languages(topic_id))
        out.append(_summary(find_topic_file(topic_id, language if language in langs else langs[0]), langs))
    return tuple(sorted(out, key=lambda s: (REGIONS.index(s.region), fold(s.title))))


def _summary(found: TopicFile, langs: tuple[str, ...]) -> TopicSummary:
    """A topic's summary, read from its YAML without building the schemas (`list` stays quick).

    A file whose head is not as expected is loaded in full, so its error is the one validation gives.
    """
    import yaml

    from .coding import REGIONS

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(found.path.read_text(encoding="utf-8"), Loader=loader)
        summary = TopicSummary(data["id"], data["title"], data.get("subtitle") or "", data["region"],
                               tuple(data["codes"]), langs, data["language"], data["version"],
                               data["review"]["status"])
    except (OSError, UnicodeError, yaml.YAMLError, KeyError, TypeError):
        summary = None
    texts = () if summary is None else (summary.id, summary.title, summary.subtitle, summary.region,
                                         summary.language, summary.version, summary.review, *summary.codes)
    if (summary is None or not all(isinstance(t, str) for t in texts) or summary.region not in REGIONS
            or (summary.id, summary.language) != (found.topic_id, found.language)):
        topic = load_topic(found.topic_id, found.language)
        summary = TopicSummary(topic.id, topic.title, topic.subtitle or "", topic.region or "general", topic.codes,
                               langs, topic.language, topic.version, topic.review.status)
    return summary


def search(query: str, language: str = "en") -> list[TopicSummary]:
    """Topics matching every word of ``query`` (any case, any accents), best first.

    A word matches the start of a word of the title, the id, the region or
    the subtitle, or the start of a code ('m17', 'M54.5'). A topic whose
    title holds the words comes before one that only a code or its subtitle
    matches; the region order breaks ties.
    """
    from .coding import fold

    words = fold(query).split()
    if not words:
        return []
    ranked = []
    for order, summary in enumerate(summaries(language)):
        ranks = [_rank(word, summary) for word in words]
        if None not in ranks:
            ranked.append((sum(r for r in ranks if r is not None), order, summary))
    return [summary for _, _, summary in sorted(ranked, key=lambda r: (r[0], r[1]))]


# Where a word was found, best first: a title hit outranks a code, the region and the subtitle.
_FIELDS = ("title", "id", "codes", "region", "subtitle")


def _rank(word: str, summary: TopicSummary) -> int | None:
    from .coding import code_matches, fold

    for rank, name in enumerate(_FIELDS):
        if name == "codes":
            if any(code_matches(word, code) for code in summary.codes):
                return rank
            continue
        if any(part.startswith(word) for part in _words(fold(getattr(summary, name)))):
            return rank
    return None


def _words(text: str) -> list[str]:
    """The words of ``text``, and its hyphenated ones whole ('ankle-foot', 'ankle', 'foot')."""
    return text.split() + [part for part in re.split(r"[^0-9a-z]+", text) if part]

