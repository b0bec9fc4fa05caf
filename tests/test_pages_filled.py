"""No wasted pages: every topic of the library and every shipped preset, in every size, language, paper and
brand, ends on a page with content; in the standard size a topic's default handout is two pages, its brief one.

A page is measured as ReportLab leaves it: how far down the body frame the
last flowable reached. The closing block (notes lines, next visit, sign-off)
is not content of its own: a last page holding only that is a wasted sheet.
"""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader
from reportlab.platypus import BaseDocTemplate

from conftest import EXAMPLES
from handouts import build, library
from handouts.request import Overrides, Request

BRAND = EXAMPLES / "brand.yaml"
LAST_PAGE_AT_LEAST = 1 / 3  # of the body's height
ONE_PAGE = {"brief": 1}  # standard size: the brief is one page, with a clinic brand too
TWO_PAGES = {"full": 2}  # and the default handout two


@pytest.fixture
def fills(monkeypatch):
    """Each page's share of the body height used, in order, for every document built."""
    used: list[float] = []
    original = BaseDocTemplate.handle_pageEnd

    def measured(self):
        frame = self.frame
        used.append((frame._y1p + frame._height - frame._y) / frame._height)
        return original(self)

    monkeypatch.setattr(BaseDocTemplate, "handle_pageEnd", measured)
    return used


def _cases():
    for topic, detail, size, language, paper, brand in itertools.product(
            library.topic_ids(), ("full", "brief"), ("standard", "large"), ("en", "es"), ("letter", "a4"),
            (None, BRAND)):
        name = f"{topic}-{detail}-{size}-{language}-{paper}-{'clinic' if brand else 'built-in'}"
        yield pytest.param(topic, dict(detail=detail, size=size, language=language, page_size=paper, brand=brand),
                           id=name)
    for preset, language, paper in itertools.product(
            ("first-visit", "brief-large-print", "patient-example"), ("en", "es"), ("letter", "a4")):
        yield pytest.param(str(EXAMPLES / f"{preset}.yaml"), dict(language=language, page_size=paper),
                           id=f"{preset}-{language}-{paper}")


def _closing_words(handout) -> tuple[str, ...]:
    strings = handout.strings
    return (strings.notes_heading, strings.follow_up_heading, strings.follow_up_blank)


@pytest.mark.parametrize("target, options", list(_cases()))
def test_no_handout_ends_on_a_mostly_empty_page_or_one_holding_only_the_closing(fills, target, options):
    [handout] = build.ready(Request.for_target(target, Overrides(**options))).handouts
    pdf = build.render(handout)
    pages = len(fills)
    if handout.size == "standard" and target in library.topic_ids():
        want = ONE_PAGE.get(handout.detail) or TWO_PAGES[handout.detail]
        assert pages == want, f"{pages} pages; the {handout.detail} handout is {want}"
    if pages == 1:
        return
    assert fills[-1] >= LAST_PAGE_AT_LEAST, f"the last page is {fills[-1]:.0%} full: {[f'{f:.0%}' for f in fills]}"
    last = " ".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert not last.startswith(_closing_words(handout)), f"the last page holds only the closing: {last[:80]!r}"


def test_a_preset_whose_comment_says_one_page_is_one_page(fills):
    for preset in EXAMPLES.glob("*.yaml"):
        comment = preset.read_text(encoding="utf-8").split("\n", 1)[0].lower()
        if "one page" not in comment:
            continue
        fills.clear()
        [handout] = build.ready(Request.for_target(str(preset))).handouts
        build.render(handout)
        assert len(fills) == 1, f"{preset.name} says one page and prints {len(fills)}"
