"""Each PDF is laid out once: the plan places the warning signs on page 1, nothing is rendered again."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import BaseDocTemplate

from conftest import EXAMPLES
from handouts import build
from handouts.request import Overrides, Request

EMERGENCY = {"en": "Call 911 or go to the emergency room now if:",
             "es": "Llame al 911 o vaya a la sala de emergencias ahora si:"}
FIRST_PAGE = re.compile(r"(Page|Página) 1 (of|de) \d+")

CASES = {
    "standard": ("back-spasms", {}),
    "large": ("back-spasms", {"size": "large"}),
    "brief-large": ("back-spasms", {"detail": "brief", "size": "large"}),
    "bilingual": ("back-spasms", {"language": "es", "also_in": ("en",)}),
    "bilingual-large": ("back-spasms", {"language": "en", "also_in": ("es",), "size": "large"}),
    "riverside-first-visit": (str(EXAMPLES / "first-visit.yaml"), {}),
    "riverside-brief-large-print": (str(EXAMPLES / "brief-large-print.yaml"), {}),
}


@pytest.fixture
def builds(monkeypatch):
    """Calls of ReportLab's document build, counted."""
    calls = []
    original = BaseDocTemplate.build

    def counted(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    return calls


@pytest.mark.parametrize("name", CASES)
def test_one_layout_pass_and_the_warning_signs_on_each_parts_first_page(builds, name):
    target, options = CASES[name]
    handouts = build.ready(Request.for_target(target, Overrides(**options))).handouts
    pdf = build.render(*handouts)
    assert len(builds) == 1, f"{name}: the document was laid out {len(builds)} times"
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    firsts = [page for page in pages if FIRST_PAGE.search(page)]
    assert len(firsts) == len(handouts)
    for handout, page in zip(handouts, firsts, strict=True):
        assert EMERGENCY[handout.language] in page, f"{name}: the {handout.language} part's signs are late"


# --- the measurement the plan works from is true to the page ------------------------------------


def _signs_on_page_one(pdf: bytes) -> bool:
    """Whether the emergency tier (kept with the heading) is on page 1."""
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    return EMERGENCY["en"] in " ".join(first.split())


@pytest.mark.parametrize("target, options", [
    ("back-spasms", {}),
    ("back-spasms", {"size": "large"}),
    ("back-spasms", {"detail": "brief", "size": "large"}),
    ("back-spasms", {"notes": ("Ice 3 times a day. " * 40,), "follow_up": "In 2 weeks."}),
    (str(EXAMPLES / "first-visit.yaml"), {}),  # a logo, a phone number, a table section
    (str(EXAMPLES / "first-visit.yaml"), {"size": "large", "page_size": "a4"}),
])
def test_what_the_plan_is_told_fits_on_page_one_does_and_what_does_not_does_not(monkeypatch, target, options):
    """Every place the warning signs could go, kept whole and tier by tier: laid out for real, they are
    on page 1 exactly when the measured heights say they fit."""
    from handouts.pdf import document
    from handouts.plan import Plan

    [handout] = build.ready(Request.for_target(target, Overrides(**options))).handouts
    parts = list(handout.sections)
    warnings = next(p for p in parts if p.kind == "warnings")
    rest = [p for p in parts if p is not warnings]
    seen, outcomes = [], set()
    for where in range(len(rest) + 1):
        for split in (False, True):
            moved = dataclasses.replace(handout, sections=tuple(rest[:where] + [warnings] + rest[where:]))

            def forced(blocks, page, split=split, index=2 + where):
                seen.append((blocks, page))
                apart = split or sum(blocks[index].tiers) > page  # a box taller than a page always is
                return Plan(tuple(range(len(blocks))), frozenset({index}) if apart else frozenset())

            monkeypatch.setattr(document, "plan", forced)
            pdf = build.render(moved)
            blocks, page = seen[-1]
            block = blocks[2 + where]
            whole = sum(block.tiers) <= page and not split
            before = sum(b.height for b in blocks[: 2 + where])
            fits = before + block.lead + (sum(block.tiers) if whole else block.tiers[0]) <= page
            landed = _signs_on_page_one(pdf)
            assert fits == landed, f"at {where}, split={split}: measured {'fits' if fits else 'late'}"
            outcomes.add(landed)
    assert outcomes == {True, False}, "every place was on page 1, or none: nothing was tested"
