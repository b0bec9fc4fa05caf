"""A new section kind is its model, one render function, one registry entry and one icon: nothing else.

The kind here exists only in this test: a 'quote' section, built straight
into a handout, drawn by a renderer and an icon registered for the test.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Literal

import pytest
from pydantic import Field
from pypdf import PdfReader

from handouts import build
from handouts.models import Id, Item, Line, Model
from handouts.pdf import icons, sections
from handouts.request import Overrides, Request
from handouts.resolve import HandoutSection

WORDS = "Walking a little every day got me back to work."


class QuoteSection(Model):
    """A patient's own words, printed as a quotation."""

    id: Id
    kind: Literal["quote"]
    heading: Line
    items: tuple[Item, ...] = Field(min_length=1)


def quote(pen, part):
    return [pen.para(f"“{item.body}”", f"{part.section.id}.{item.id}.body", pen.s.subtitle)
            for item in sections.items(part)]


def speech_marks(c, s, fg, bg):
    c.setFillColor(fg)
    for x in (0.3, 0.7):
        c.circle(s * x, s * 0.6, s * 0.16, stroke=0, fill=1)


@pytest.fixture
def quote_kind(monkeypatch):
    monkeypatch.setitem(sections.RENDERERS, "quote", quote)
    monkeypatch.setitem(icons.ICONS, "quote", speech_marks)


def with_quote(handout, at: int):
    item = Item(id="back-at-work", title="Back at work", summary="Back at work.", body=WORDS)
    section = QuoteSection(id="in-their-words", kind="quote", heading="In their own words", items=(item,))
    parts = handout.sections
    return dataclasses.replace(handout, sections=parts[:at] + (HandoutSection(section, (item,)),) + parts[at:])


def test_a_new_kind_prints_its_heading_icon_and_text_in_its_place(quote_kind):
    [handout] = build.ready(Request.for_target("back-spasms")).handouts
    pdf = build.render(with_quote(handout, 2))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "In their own words" in text and f"“{WORDS}”" in text
    headings = [handout.sections[1].section.heading, "In their own words", handout.sections[2].section.heading]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions), "the new section is not where the handout put it"
    assert any(name.startswith("/FormXob.icon-quote-") for name in _forms(reader)), "its icon is not drawn"
    assert "In their own words" in [entry.title for entry in reader.outline if not isinstance(entry, list)]


def test_a_new_kind_is_a_section_the_warning_signs_may_move_behind(quote_kind):
    # brief: its signs are short enough to fit on page 1 behind a section (the full ones no longer are)
    [handout] = build.ready(Request.for_target("back-spasms", Overrides(detail="brief"))).handouts
    warnings = next(p for p in handout.sections if p.kind == "warnings")
    rest = tuple(p for p in handout.sections if p is not warnings)
    late = dataclasses.replace(handout, sections=rest + (warnings,))  # the signs last: beyond page 1
    pdf = build.render(with_quote(late, 0))
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    quoted, signs = first.find("In their own words"), first.find("Call 911 or go to the emergency room now if:")
    assert 0 <= quoted < signs, "the signs did not move up behind the new section, the first one"


def test_without_its_renderer_a_kind_is_not_printed_by_accident():
    [handout] = build.ready(Request.for_target("back-spasms")).handouts
    with pytest.raises(KeyError, match="quote"):
        build.render(with_quote(handout, 2))


def _forms(reader: PdfReader) -> list[str]:
    names = []
    for page in reader.pages:
        names += list((page["/Resources"].get("/XObject") or {}).keys())
    return names
