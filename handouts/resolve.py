"""Selection x topic x brand -> one Handout, ready for layout.

Pure: no fonts, no PDF. Required emergency warnings are put back here
unless the selection removes them by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .brand import ResolvedBrand
from .errors import ContentError
from .models import (
    Colour,
    Detail,
    Item,
    PageSize,
    Section,
    Selection,
    Size,
    TableRow,
    Topic,
    WarningsSection,
    profile_name,
)
from .strings import Strings, strings_for
from .validate import choice_problems
from .yamlload import Document


@dataclass(frozen=True)
class HandoutSection:
    section: Section
    items: tuple[Item | TableRow, ...]  # the picked items, in the order picked
    removed_required: tuple = ()  # required warnings removed at the clinician's request

    @property
    def kind(self) -> str:
        return self.section.kind


@dataclass(frozen=True)
class Handout:
    """Everything one printed handout holds, and nothing that is not printed."""

    topic: Topic
    brand: ResolvedBrand
    strings: Strings
    sections: tuple[HandoutSection, ...]
    detail: Detail = "full"
    size: Size = "standard"
    colour: Colour = "colour"
    page_size: PageSize = "letter"
    patient: str | None = None
    date: dt.date | None = None
    notes: tuple[str, ...] = ()
    follow_up: str | None = None
    warnings: tuple = field(default=(), compare=False)

    @property
    def profile(self) -> str:
        """Size and colour as one word, as the older ``profile`` option spelled them."""
        return profile_name(self.size, self.colour)

    @property
    def language(self) -> str:
        return self.topic.language

    @property
    def clinic(self) -> str:
        """The clinic's name; the built-in brand names none, in the handout's own language."""
        return self.strings.default_clinic if self.brand.builtin else self.brand.brand.clinic


def resolve(
    selection: Selection,
    topic: Topic,
    brand: ResolvedBrand,
    doc: Document | None = None,
) -> Handout:
    """Combine a validated selection, topic and brand into a Handout."""
    doc = doc or Document("selection", {})
    if selection.sections is not None:
        choices, key = selection.sections, "sections"
    else:
        choices, key = topic.preset(selection.detail)
    problems = choice_problems(choices, topic, doc, (key,))
    if problems:
        raise ContentError(problems)
    sections = [_pick(topic, choice) for choice in choices]
    sections = _restore_required(topic, sections)
    return Handout(
        topic=topic,
        brand=brand,
        strings=strings_for(topic.language),
        sections=tuple(sections),
        detail=selection.detail,
        size=selection.size,
        colour=selection.colour,
        page_size=selection.page_size or brand.brand.page_size,
        patient=selection.patient or None,
        date=selection.date,
        notes=selection.notes,
        follow_up=selection.follow_up,
        warnings=brand.warnings,
    )


def _pick(topic: Topic, choice) -> HandoutSection:
    section = topic.section(choice.section)
    assert section is not None, "resolve() ran choice_problems on every choice"
    ids = choice.items if choice.items is not None else section.item_ids()
    items = [item for i in dict.fromkeys(ids) if (item := section.item(i)) is not None]
    removed = tuple(section.item(i) for i in choice.remove_required)
    if isinstance(section, WarningsSection):
        # Required signs come back unless removed by name; tiers keep the topic's order.
        keep = {item.id for item in items} | {item.id for item in section.items if item.required}
        keep -= set(choice.remove_required)
        items = [item for item in section.items if item.id in keep]
    return HandoutSection(section, tuple(items), removed)


def _restore_required(topic: Topic, sections: list[HandoutSection]) -> list[HandoutSection]:
    """A warnings section with required items is printed even when not picked."""
    picked = {s.section.id for s in sections}
    order = topic.section_ids()
    for section in topic.sections:
        if section.id in picked or not isinstance(section, WarningsSection):
            continue
        required = tuple(item for item in section.items if item.required)
        if not required:
            continue
        restored = HandoutSection(section, required)
        position = order.index(section.id)
        later = [i for i, s in enumerate(sections) if order.index(s.section.id) > position]
        sections.insert(later[0] if later else len(sections), restored)
    return sections
