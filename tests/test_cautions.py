"""A caution prints with its item in every detail level and every section kind, on the same page."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from handouts import build, library
from handouts.models import (
    ChecklistSection,
    Item,
    ListSection,
    Step,
    SummarySection,
    TextSection,
    WarningItem,
    WarningsSection,
)
from handouts.request import Overrides, Request
from handouts.resolve import HandoutSection

CAUTION = "Stop at once if your skin turns white or hurts."
KINDS = {
    "text": TextSection,
    "list": ListSection,
    "checklist": ChecklistSection,
    "checklist-picture": ChecklistSection,  # a step with its picture beside its words and caution
    "summary": SummarySection,
    "warnings": WarningsSection,
}


def words(text: str) -> str:
    return " ".join(text.split())


def pages(pdf: bytes) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("language", ["en", "es"])
def test_heat_cold_and_pain_medicine_carry_their_cautions(language):
    topic = library.load_topic("back-spasms", language)
    home = topic.section("home-care")
    for item_id in ("heat-after", "ice-first", "time-limit", "pain-relief"):
        assert home.item(item_id).caution, f"{language}: {item_id} has no caution"


def _shipped_cautions():
    for language in ("en", "es"):
        topic = library.load_topic("back-spasms", language)
        for section in topic.sections:
            for item in section.items:
                if getattr(item, "caution", None):
                    for detail in ("full", "brief"):
                        yield pytest.param(language, section.id, item.id, detail,
                                           id=f"{language}-{section.id}-{item.id}-{detail}")


@pytest.mark.parametrize("language, section_id, item_id, detail", list(_shipped_cautions()))
def test_every_shipped_caution_prints_with_its_item_in_every_detail_level(language, section_id, item_id, detail):
    options = Overrides(language=language, detail=detail, picks=(f"{section_id}={item_id}",))
    [handout] = build.ready(Request.for_target("back-spasms", options)).handouts
    item = handout.topic.section(section_id).item(item_id)
    page = next(p for p in pages(build.render(handout)) if words(item.title) in p)
    assert words(item.caution) in page, f"{item_id} ({detail}): the caution is not on its item's page"
    assert page.index(words(item.caution)) > page.index(words(item.title))


def _item(kind: str, number: int, caution: str | None = None) -> Item:
    fields = dict(id=f"step-{number}", title=f"Step number {number} of the plan",
                  summary=f"Step {number}: do this slowly and gently, a few times a day, as you feel able to.",
                  body="Do this slowly and gently, a few times a day. Take your time, and rest between the goes.",
                  caution=caution)
    if kind == "warnings":
        return WarningItem(tier="urgent", **fields)
    if kind == "summary":
        return Item(**fields)
    return Step(figure="warm-pack" if kind == "checklist-picture" and caution else None, **fields)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("detail", ["full", "brief"])
def test_no_page_break_parts_an_item_from_its_caution(kind, detail):
    """The item with the caution is moved down item by item past a page end: it never lands apart."""
    [base] = build.ready(Request.for_target("back-spasms", Overrides(detail=detail))).handouts
    crossed = set()
    for before in range(8, 60, 3):
        filler = [_item(kind, n) for n in range(before)]
        target = _item(kind, before, CAUTION)
        section = KINDS[kind](id="plan", kind=kind.split("-")[0], heading="Your plan", items=(*filler, target))
        handout = dataclasses.replace(base, sections=(HandoutSection(section, section.items),))
        printed = pages(build.render(handout))
        title = words(target.title if kind != "summary" else target.summary)
        [page] = [p for p in printed if title in p]
        assert CAUTION in page, f"{kind}, {before} items before: the caution left its item"
        crossed.add(printed.index(page))
        if len(crossed) > 1:
            break
    assert len(crossed) > 1, "the item never reached the next page: nothing was tested"
