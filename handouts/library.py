"""The built-in library: content and fonts shipped with the package.

In an installed package, ``content/`` and ``fonts/`` sit inside ``handouts/``;
in a source checkout they sit beside it. Both layouts are found here, and
nowhere else in the code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem, did_you_mean, one_of
from .models import Topic
from .yamlload import Document

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


def find_topic_file(topic_id: str, language: str = "en") -> TopicFile:
    """The file of ``topic_id`` in ``language``, or an error naming what exists."""
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
    from .validate import load_topic_doc

    topic, doc = load_topic_doc(path, display)
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


# --- topic summaries, for a topic picker ------------------------------------------------------------


@dataclass(frozen=True)
class TopicSummary:
    """What a topic picker shows of a topic in one language."""

    id: str
    title: str
    subtitle: str | None
    region: str | None
    codes: tuple[str, ...]
    languages: tuple[str, ...]
    version: str
    review_status: str


def summaries(language: str = "en") -> list[TopicSummary]:
    """One summary per topic that has ``language``, in id order."""
    out = []
    for topic_id in topic_ids():
        langs = tuple(languages(topic_id))
        if language not in langs:
            continue
        topic = load_topic(topic_id, language)
        out.append(TopicSummary(topic.id, topic.title, topic.subtitle, None, (), langs, topic.version,
                                topic.review.status))
    return out


def search(query: str, language: str = "en") -> list[TopicSummary]:
    """Topics whose id, title or subtitle holds every word of ``query`` (case-insensitive); all when empty."""
    words = query.casefold().split()
    found = []
    for summary in summaries(language):
        text = " ".join([summary.id, summary.title, summary.subtitle or ""]).casefold()
        if all(word in text for word in words):
            found.append(summary)
    return found
