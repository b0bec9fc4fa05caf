"""From a loaded YAML document to a validated model, or every problem at once.

Each problem reads ``file:line: key.path: expected ..., got ...`` and, for
near misses, ends with "did you mean ...?".
"""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path
from typing import Any, Iterable, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ContentError, Problem, did_you_mean, one_of
from .models import SECTION_KINDS, Brand, Selection, Topic
from .yamlload import Document, load_yaml

if typing.TYPE_CHECKING:
    from pydantic_core import ErrorDetails  # pydantic's own dependency; only its type is used

M = TypeVar("M", bound=BaseModel)

KINDS = {"topic": Topic, "brand": Brand, "selection": Selection}


class Places(Protocol):
    """Anything that places a problem at a key path: a Document, or a layer of a request."""

    def problem(self, loc: tuple, message: str) -> Problem: ...


def detect_kind(doc: Document) -> str:
    """Tell a topic, a brand and a selection apart by their telltale keys."""
    data = doc.data
    if not isinstance(data, dict):
        raise ContentError(doc.problem((), not_a_mapping(data)))
    if "jobs" in data or "matrix" in data:
        return "manifest"
    if "clinic" in data:
        return "brand"
    if "topic" in data:
        return "selection"
    if "sections" in data and "version" in data:
        return "topic"
    raise ContentError(
        doc.problem(
            (),
            "cannot tell what kind of file this is; expected a topic (with 'sections' and "
            "'version'), a brand (with 'clinic'), a selection (with 'topic') or a batch "
            "manifest (with 'jobs' or 'matrix')",
        )
    )


def validate(doc: Document, model: type[M]) -> M:
    """Validate ``doc`` against ``model``, raising ContentError with every problem."""
    if not isinstance(doc.data, dict):
        raise ContentError(doc.problem((), not_a_mapping(doc.data)))
    problems = null_word_problems(doc, model)
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        problems += [
            _problem(doc, model, error)
            for error in exc.errors(include_url=False)
            if not _cascade(error)
        ]
    else:
        if not problems:
            return result
    problems.sort(key=lambda p: p.line or 0)
    raise ContentError(_dedupe(problems)) from None


def load_topic(path: Path | str, name: str | None = None) -> Topic:
    return load_topic_doc(path, name)[0]


def load_topic_doc(path: Path | str, name: str | None = None) -> tuple[Topic, Document]:
    """A validated topic and the document it was read from (its line marks place problems in its text)."""
    from .shared import resolve_refs

    doc = resolve_refs(load_yaml(path, name))
    topic = validate(doc, Topic)
    problems = topic_problems(topic, doc)
    if problems:
        raise ContentError(problems)
    return topic, doc


def library_problems(topic: Topic, doc: Document) -> list[Problem]:
    """A built-in topic says what it covers, so that `list` can file it and a search can find it by code."""
    from .coding import REGIONS

    problems, at = [], ("subtitle",)
    if topic.region is None:
        problems.append(doc.problem(at, f"expected a value for 'region' in a library topic, found none; "
                                        f"add 'region: ...' under the subtitle (one of {', '.join(REGIONS)})"))
    if not topic.codes:
        problems.append(doc.problem(at, "expected the ICD-10-CM codes the topic covers in a library topic, "
                                        "found none; add 'codes: [M54.50, ...]' under the subtitle"))
    return problems


def load_brand_doc(path: Path | str) -> tuple[Brand, Document]:
    doc = load_yaml(path)
    return validate(doc, Brand), doc


def load_selection_doc(path: Path | str) -> tuple[Selection, Document]:
    doc = load_yaml(path)
    return validate(doc, Selection), doc


def topic_problems(topic: Topic, doc: Document) -> list[Problem]:
    """Meaning checks pydantic cannot do alone: unique ids, sane default selections."""
    problems = []
    seen: dict[str, int] = {}
    for s_index, section in enumerate(topic.sections):
        if section.id in seen:
            problems.append(
                doc.problem(("sections", s_index, "id"), f"duplicate section id '{section.id}'; ids must be unique")
            )
        seen[section.id] = s_index
        item_ids: set[str] = set()
        for i_index, item_id in enumerate(section.item_ids()):
            if item_id in item_ids:
                problems.append(
                    doc.problem(
                        ("sections", s_index, "items", i_index, "id"),
                        f"duplicate item id '{item_id}' in section '{section.id}'",
                    )
                )
            item_ids.add(item_id)
    problems += choice_problems(topic.default_selection, topic, doc, ("default_selection",))
    if topic.brief_selection:
        problems += choice_problems(topic.brief_selection, topic, doc, ("brief_selection",))
    return problems


def choice_problems(choices: Iterable, topic: Topic, doc: Places, base: tuple) -> list[Problem]:
    """Unknown sections and items named by a selection, each with a suggestion."""
    problems = []
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        loc = base + (index,)
        section = topic.section(choice.section)
        if section is None:
            problems.append(
                doc.problem(
                    loc + ("section",),
                    f"unknown section '{choice.section}' in topic '{topic.id}'"
                    f"{did_you_mean(choice.section, topic.section_ids())}"
                    f" (sections: {one_of(topic.section_ids())})",
                )
            )
            continue
        if choice.section in seen:
            problems.append(doc.problem(loc + ("section",), f"section '{choice.section}' is picked twice"))
        seen.add(choice.section)
        for key in ("items", "remove_required"):
            for i_index, item_id in enumerate(getattr(choice, key) or ()):
                item = section.item(item_id)
                if item is None:
                    problems.append(
                        doc.problem(
                            loc + (key, i_index),
                            f"unknown item '{item_id}' in section '{section.id}'"
                            f"{did_you_mean(item_id, section.item_ids())}",
                        )
                    )
                elif key == "remove_required" and not getattr(item, "required", False):
                    problems.append(
                        doc.problem(
                            loc + (key, i_index),
                            f"item '{item_id}' is not a required warning; leave it out of 'items' instead",
                        )
                    )
    return problems


# --- turning pydantic errors into our one-line problems -----------------------


def not_a_mapping(value) -> str:
    """What a place that needs keys and values says when it holds something else, and how to write it."""
    return f"expected a mapping of keys and values, got {describe(value)}; write it as lines of 'key: value'"


def describe(value) -> str:
    """How a value read from YAML looks to the person who wrote it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number far too large"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _problem(doc: Document, model: type[BaseModel], error: ErrorDetails) -> Problem:
    kind = error["type"]
    loc = _data_loc(doc.data, error["loc"], keep_last=kind in ("missing", "extra_forbidden"))
    value: Any = error.get("input")
    got = describe(value)
    field = str(loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = f"expected a value for '{field}', found none; add '{field}: ...'"
        loc = loc[:-1]
        if not loc:  # a key missing at the top: no line to point at
            return Problem(message, file=doc.name)
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, error["loc"][:-1])
        message = f"unknown key '{field}'{did_you_mean(field, allowed)}"
        if allowed and not did_you_mean(field, allowed):
            message += f" (expected one of: {one_of(allowed)})"
    elif kind in ("string_type",):
        message = f"expected text, got {got}"
        if value is None and "colors" in loc:
            message += "; put colours in quotes, like primary: \"#1f4e79\" (an unquoted # starts a comment)"
        elif loc in doc.plain:
            message = _quote_hint(doc, loc, value)
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(ctx.get("pattern", ""), got)
    elif kind == "literal_error":
        expected = [e.strip("' ") for e in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        message = f"expected one of {', '.join(expected)}, got {got}{did_you_mean(str(value), expected)}"
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        message = f"expected a section kind ({', '.join(SECTION_KINDS)}), got {describe(ctx.get('tag'))}"
        message += did_you_mean(str(ctx.get("tag")), SECTION_KINDS)
        loc = loc + ("kind",) if loc and loc[-1] != "kind" else loc
    elif kind == "string_unicode" and isinstance(value, str):  # a lone surrogate: only a program can pass one
        bad = next((ch for ch in value if "\ud800" <= ch <= "\udfff"), "\ufffd")
        message = f"found U+{ord(bad):04X}, which is not a printable character; remove it"
    elif kind == "string_too_short":
        message = f"expected some text, got {got}"
    elif kind == "string_too_long":
        message = f"expected at most {ctx.get('max_length')} characters, got {len(value)}; shorten it"
    elif kind == "too_short":
        message = f"expected at least {_entries(ctx.get('min_length'))}, got {_count(value)}"
    elif kind == "too_long":
        message = f"expected at most {_entries(ctx.get('max_length'))}, got {_count(value)}"
    elif kind in ("less_than_equal", "greater_than_equal"):  # a count: a tracker's days, a question's lines
        bound = "at most" if kind == "less_than_equal" else "at least"
        message = f"expected {bound} {ctx.get('le', ctx.get('ge'))}, got {got}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"expected a whole number, got {got}"
    elif kind.startswith("date"):
        message = f"expected a date like 2026-11-24, got {got}"
    elif kind.startswith("bool"):
        message = f"expected true or false, got {got}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = not_a_mapping(value)
    elif kind in ("tuple_type", "list_type"):
        message = f"expected a list, got {got}; put each entry on a line of its own that starts with '- '"
    elif kind == "value_error":
        message = str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
    else:
        message = f"expected {error['msg'].lower()}, got {got}"
    return doc.problem(loc, message)


def _quote_hint(doc: Document, loc: tuple, value) -> str:
    """'expected text' for an unquoted scalar YAML read as something else, saying how to keep the text."""
    raw = doc.plain[loc]
    got = "nothing" if value is None else describe(value)
    return f'expected text, got {got} (YAML reads an unquoted {raw} that way); put it in quotes: "{raw}"'


# --- YAML's null words where text is expected ----------------------------------------

NULL_WORDS = {"~", "null", "Null", "NULL"}  # what YAML reads as nothing, besides an empty value


def null_word_problems(doc: Document, model: type[BaseModel]) -> list[Problem]:
    """An unquoted Null (a real surname) where optional text is expected: refused, not dropped.

    pydantic accepts None for an optional field, so without this check
    `patient: Null` would print no name at all. An empty value still means
    "not given", and so does a null word where no text is expected (a date).
    """
    return [
        doc.problem(loc, _quote_hint(doc, loc, None))
        for loc, raw in doc.plain.items()
        if raw in NULL_WORDS and _expects_text(model, doc.data, loc)
    ]


def _expects_text(model: type[BaseModel], data, loc: tuple) -> bool:
    """Whether the schema wants text (a str field or list entry) at ``loc`` of ``data``."""
    annotation: Any = model  # a model, then the type annotations inside it
    for part in loc:
        annotation = _resolved(annotation, data)
        if _is_model(annotation) and isinstance(data, dict) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        elif typing.get_origin(annotation) in (tuple, list) and isinstance(data, list):
            annotation = typing.get_args(annotation)[0]
        else:
            return False
        data = data[part]
    return _resolved(annotation, data) is str


def _resolved(annotation, data):
    """``annotation`` without Annotated and Optional; of a union, the one model ``data`` can be."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated or (origin is typing.Union and len(args) == 1):
            annotation = args[0]
        elif origin is typing.Union:
            if not isinstance(data, dict) and any(_resolved(a, data) is str for a in args):
                return str  # a brand's words: one text, or a mapping of one per language
            models = [a for a in args if _is_model(a)]
            if not isinstance(data, dict) or not models:
                return annotation
            # sections are told apart by their 'kind'; a mapping fits the only model there is
            tagged = [m for m in models if "kind" in m.model_fields and
                      data.get("kind") in typing.get_args(m.model_fields["kind"].annotation)]
            return tagged[0] if tagged else models[0] if len(models) == 1 else None
        else:
            return annotation


def _pattern_message(pattern: str, got: str) -> str:
    if "a-z0-9" in pattern:
        return f"expected a kebab-case id (lower-case letters, digits and dashes, like 'ice-first'), got {got}"
    if "0-9a-fA-F" in pattern:
        return f"expected a colour as '#rrggbb' (like '#1f4e79'), got {got}"
    if r"\d+\." in pattern:
        return f"expected a version like 1.2.0, got {got}"
    if "a-z]{2,3}" in pattern:
        return f"expected a language code like 'en' or 'es', got {got}"
    return f"expected text matching {pattern}, got {got}"


def _cascade(error: ErrorDetails) -> bool:
    """A 'too few entries' error caused only by entries that failed themselves."""
    if error["type"] != "too_short":
        return False
    return error.get("ctx", {}).get("actual_length") != _count(error.get("input"))


def _entries(count) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def _count(value) -> int:
    return len(value) if hasattr(value, "__len__") else 0


def _data_loc(data, loc: tuple, keep_last: bool) -> tuple:
    """Drop the parts pydantic adds (union tags) that are not keys in the data.

    ``keep_last`` keeps a final key that is not in the data: the name of a
    missing key.
    """
    out = []
    current = data
    for position, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            out.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            out.append(part)
            current = current[part]
        elif keep_last and position == len(loc) - 1:
            out.append(part)
    return tuple(out)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model that validates the mapping at ``loc``."""
    current = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _step(annotation, part):
    if isinstance(part, int):
        return annotation
    if _is_model(annotation):
        if part in annotation.model_fields:
            return _unwrap(annotation.model_fields[part].annotation)
        return None
    # A discriminated union: pydantic puts the tag in the loc.
    for member in typing.get_args(annotation):
        kind = member.model_fields.get("kind") if _is_model(member) else None
        if kind is not None and typing.get_args(kind.annotation) == (part,):
            return member
    return None


def _unwrap(annotation):
    """Optional[tuple[Annotated[X, ...], ...]] -> X (or the Union of section kinds)."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (tuple, list) or (origin is typing.Union and len(args) == 1):
            annotation = args[0]
        else:
            return annotation


def _is_model(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    return out
