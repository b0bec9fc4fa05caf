"""Selection x topic x brand -> one Handout, ready for layout.

Pure: no files, no fonts, no PDF. The selection has been checked against
the topic (:func:`handouts.validate.choice_problems`): every section and
item it names exists. Required emergency warnings are put back here unless
the selection removes them by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .brand import ResolvedBrand
from .errors import Problem
from .models import (
    AnyItem,
    Colour,
    Detail,
    LocalBrand,
    PageSize,
    Section,
    SectionChoice,
    Selection,
    Size,
    Topic,
    WarningItem,
    WarningsSection,
    profile_name,
)
from .strings import Strings


@dataclass(frozen=True)
class HandoutSection:
    """A section as printed: the items picked from it, in the order picked."""

    section: Section
    items: tuple[AnyItem, ...]
    removed_required: tuple[WarningItem, ...] = ()  # required warnings removed at the clinician's request

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
    clinician: str | None = None
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

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
        return self.strings.default_clinic if self.brand.builtin else self.local_brand.clinic

    @property
    def local_brand(self) -> LocalBrand:
        """The brand's texts in the handout's language, and the emergency number it prints."""
        return self.brand.brand.local(self.language)


def choices(selection: Selection, topic: Topic) -> tuple[tuple[SectionChoice, ...], str]:
    """The sections a selection picks (its own, or the topic's preset), and the key they are under."""
    if selection.sections is not None:
        return selection.sections, "sections"
    return topic.preset(selection.detail)


def resolve(selection: Selection, topic: Topic, brand: ResolvedBrand, strings: Strings) -> Handout:
    """Combine a checked selection, its topic, a brand and the topic language's words into a Handout."""
    sections = {section.id: section for section in topic.sections}
    picked = [_pick(sections[choice.section], choice) for choice in choices(selection, topic)[0]]
    return Handout(
        topic=topic,
        brand=brand,
        strings=strings,
        sections=tuple(_restore_required(topic, picked)),
        detail=selection.detail,
        size=selection.size,
        colour=selection.colour,
        page_size=selection.page_size or brand.brand.page_size,
        patient=selection.patient or None,
        date=selection.date,
        notes=selection.notes,
        follow_up=selection.follow_up,
        clinician=selection.clinician or None,
        warnings=brand.warnings,
    )


def _pick(section: Section, choice: SectionChoice) -> HandoutSection:
    items: dict[str, AnyItem] = {item.id: item for item in section.items}
    ids = choice.items if choice.items is not None else tuple(items)
    picked = [items[i] for i in dict.fromkeys(ids)]
    if not isinstance(section, WarningsSection):
        return HandoutSection(section, tuple(picked))
    # Required signs come back unless removed by name; tiers keep the topic's order.
    keep = {item.id for item in picked} | {item.id for item in section.items if item.required}
    keep -= set(choice.remove_required)
    signs = {item.id: item for item in section.items}
    removed = tuple(signs[i] for i in choice.remove_required)
    return HandoutSection(section, tuple(item for item in section.items if item.id in keep), removed)


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
        position = order.index(section.id)
        later = [i for i, s in enumerate(sections) if order.index(s.section.id) > position]
        sections.insert(later[0] if later else len(sections), HandoutSection(section, required))
    return sections
