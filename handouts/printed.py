"""What each section kind prints at each detail level: the one table the glyph check and readability read.

:data:`PRINTED` says, per kind, which keys of a section and of each item
the layout (:mod:`handouts.pdf.sections`) prints in a full and in a brief
handout. A kind missing from it is an error, never a silent skip: a new
kind adds its row here with its renderer, and tests/test_readability.py
fails until every key of its models is either printed or named unprinted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from .models import TIERS, Topic, WarningItem
from .resolve import Handout, HandoutSection

STRUCTURE = ("id", "kind", "items")  # keys of every section that are not text


@dataclass(frozen=True)
class Prints:
    """The keys of one kind's items printed at each level (in print order), and the keys never printed."""

    full: tuple[str, ...]
    brief: tuple[str, ...]
    unprinted: tuple[str, ...] = ("id",)
    section: tuple[str, ...] = ("heading",)  # printed above the items, at both levels
    layout: tuple[str, ...] = ()  # keys of the section that shape the layout and print no text

    def keys(self, detail: str) -> tuple[str, ...]:
        return self.full if detail == "full" else self.brief


# An item's caution prints with it at every level (handouts.pdf.sections.caution).
PROSE = Prints(full=("title", "body", "caution"), brief=("title", "summary", "caution"), unprinted=("id", "figure"))

PRINTED: dict[str, Prints] = {
    "summary": Prints(full=("summary", "caution"), brief=("summary", "caution"), unprinted=("id", "title", "body")),
    "text": PROSE,
    "list": PROSE,
    "checklist": PROSE,
    # a box to scan: the sign, and in full its one-line reason
    "warnings": Prints(full=("title", "summary", "caution"), brief=("title", "caution"),
                       unprinted=("id", "body", "tier", "required")),
    "table": Prints(full=("title", "cells"), brief=("title", "cells"), section=("heading", "columns")),
    # the picture's words: every step, amount and safety line; brief leaves out only the body
    "exercises": Prints(full=("title", "body", "steps", "hold", "repeat", "how_often", "stop_if", "ask_first",
                              "caution"),
                        brief=("title", "steps", "hold", "repeat", "how_often", "stop_if", "ask_first", "caution"),
                        unprinted=("id", "summary", "figure")),
    # a grid to fill in by pen: each row's label and its hint; the line above says how
    "tracker": Prints(full=("title", "hint"), brief=("title", "hint"), section=("heading", "intro"),
                      layout=("days",)),
    # each question, then lines to write on
    "questions": Prints(full=("title",), brief=("title",), layout=("lines", "own_lines")),
}


def prints(kind: str) -> Prints:
    """The row of :data:`PRINTED` for ``kind``; a kind without one is a bug, said loudly."""
    try:
        return PRINTED[kind]
    except KeyError:
        raise KeyError(f"section kind '{kind}' is not in handouts.printed.PRINTED: add what its sections and "
                       "items print at each detail level") from None


def texts_of(owner: Any, keys: tuple[str, ...]) -> Iterator[tuple[tuple, str]]:
    """(key path inside ``owner``, text) of its ``keys``: a text, a list of texts, or nothing when unset."""
    for key in keys:
        value = getattr(owner, key)
        if isinstance(value, str):
            yield (key,), value
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            yield from (((key, index), text) for index, text in enumerate(value))
        elif value is not None:
            raise TypeError(f"PRINTED names '{key}' of {type(owner).__name__}, which is not text")


def item_texts(kind: str, item: Any, detail: str) -> Iterator[tuple[tuple, str]]:
    """(key path inside the item, text) of what an item of ``kind`` prints at ``detail``."""
    return texts_of(item, prints(kind).keys(detail))


def printed_texts(handout: Handout, chrome: bool = False) -> Iterator[tuple[tuple, str]]:
    """(loc in the topic file, text) of the topic text a handout prints, in the order its sections are laid out.

    With ``chrome``, the catalogue's words printed among them too (tier headings, the notes heading), each at
    ("strings", key). The plan may move the warning signs up the page; reading-level formulas count totals,
    so that order does not change a score.
    """
    topic = handout.topic
    yield ("title",), topic.title
    if topic.subtitle:
        yield ("subtitle",), topic.subtitle
    index = {section.id: i for i, section in enumerate(topic.sections)}
    for part in handout.sections:
        yield from _part_texts(handout, part, ("sections", index[part.section.id]), chrome)
    if chrome:  # the closing and its sign-off, as handouts.pdf.furniture words them
        strings = handout.strings
        if handout.notes or handout.detail == "full":
            yield ("strings", "notes_heading"), strings.notes_heading
        yield ("strings", "clinician"), strings.clinician
        yield ("strings", "signature"), strings.signature
        if handout.follow_up:
            yield ("strings", "follow_up_heading"), strings.follow_up_heading
        yield ("strings", "follow_up_blank"), strings.follow_up_blank


def _part_texts(handout: Handout, part: HandoutSection, base: tuple, chrome: bool) -> Iterator[tuple[tuple, str]]:
    spec = prints(part.kind)
    yield from ((base + loc, text) for loc, text in texts_of(part.section, spec.section))
    section: Any = part.section  # every kind's items have ids
    places = {item.id: base + ("items", i) for i, item in enumerate(section.items)}
    for label, group in _groups(handout, part):
        if chrome and label:
            yield label
        for item in group:
            for loc, text in item_texts(part.kind, item, handout.detail):
                if chrome and loc == ("caution",):
                    yield ("strings", "caution_label"), handout.strings.caution_label
                yield places[item.id] + loc, text
        if chrome and label and label[0] in (("strings", "tier_urgent"), ("strings", "tier_urgent_phone")):
            yield from _when_closed(handout)
    if chrome:
        yield from _kind_chrome(handout, part)
    if not part.removed_required:
        return
    if chrome:  # the note that says which were left out, titles and all
        titles = "; ".join(item.title for item in part.removed_required)
        yield ("strings", "removed_required"), handout.strings.removed_required.format(
            count=len(part.removed_required), titles=titles)
    else:
        for item in part.removed_required:
            yield places[item.id] + ("title",), item.title


def _groups(handout: Handout, part: HandoutSection) -> Iterator[tuple[tuple[tuple, str] | None, list]]:
    """The items of a part as laid out: warning signs by tier, each tier under its heading (as
    handouts.pdf.sections.warnings words it); any other kind, all in one group."""
    if part.kind != "warnings":
        yield None, list(part.items)
        return
    brand = handout.local_brand
    for tier in TIERS:
        signs = [item for item in part.items if isinstance(item, WarningItem) and item.tier == tier]
        if signs or (tier == "emergency" and part.removed_required):
            key = "tier_urgent_phone" if tier == "urgent" and brand.phone else f"tier_{tier}"
            label = getattr(handout.strings, key).format(emergency=brand.emergency_number, phone=brand.phone or "")
            yield (("strings", key), label), signs


def _kind_chrome(handout: Handout, part: HandoutSection) -> Iterator[tuple[tuple, str]]:
    """The catalogue's words a section kind prints around its items (a tracker's column heads, ...)."""
    strings, section = handout.strings, part.section
    if part.kind == "tracker":
        yield ("strings", "tracker_date"), strings.tracker_date
        days = getattr(section, "days", 7)
        yield from ((("strings", "tracker_day"), strings.tracker_day.format(day=d)) for d in range(1, days + 1))
    elif part.kind == "questions":
        yield ("strings", "questions_own"), strings.questions_own
    elif part.kind == "exercises":  # each exercise's labels: its amounts given, and its two safety lines
        for item in part.items:
            for key in ("hold", "repeat", "how_often", "stop_if", "ask_first"):
                if getattr(item, key, None):
                    yield ("strings", f"exercise_{key}"), getattr(strings, f"exercise_{key}")


def _when_closed(handout: Handout) -> Iterator[tuple[tuple, str]]:
    """The urgent tier's last lines, as handouts.pdf.sections words them: a write-in line for the clinic's
    number when the brand has none, and who to call when the clinic is closed."""
    brand = handout.local_brand
    if not brand.phone:
        yield ("strings", "clinic_phone"), handout.strings.clinic_phone
    if brand.after_hours:
        yield ("brand", "after_hours"), brand.after_hours
    else:
        yield ("strings", "after_hours"), handout.strings.after_hours


def topic_texts(topic: Topic) -> Iterator[tuple[tuple, str]]:
    """(loc, text) of every text of a topic, printed in some handout or other (for `handouts check`)."""
    yield ("title",), topic.title
    if topic.subtitle:
        yield ("subtitle",), topic.subtitle
    for s_index, section in enumerate(topic.sections):
        spec = prints(section.kind)
        base = ("sections", s_index)
        yield from ((base + loc, text) for loc, text in texts_of(section, spec.section))
        keys = tuple(dict.fromkeys(("title", "summary", "body") + spec.full + spec.brief))
        for i_index, item in enumerate(section.items):
            present = tuple(key for key in keys if hasattr(item, key))
            yield from ((base + ("items", i_index) + loc, text) for loc, text in texts_of(item, present))
