"""The neck-pain and shoulder-pain topics: they check clean, their handouts fit their pages, their poses are theirs."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader
from test_pages_filled import LAST_PAGE_AT_LEAST, _closing_words, fills  # noqa: F401 (fills is a fixture)

from conftest import EXAMPLES, REPO
from handouts import build, library
from handouts.models import ExercisesSection
from handouts.pdf.poses import back, neck_shoulder
from handouts.request import Overrides, Request

TOPICS = ("neck-pain", "shoulder-pain")
WANT = {"full": (1, 2), "brief": (1, 1)}  # standard size: fewest and most pages


def _cases():
    for topic, detail, size, language, paper, brand in itertools.product(
            TOPICS, ("full", "brief"), ("standard", "large"), ("en", "es"), ("letter", "a4"),
            (None, EXAMPLES / "brand.yaml")):
        name = f"{topic}-{detail}-{size}-{language}-{paper}-{'clinic' if brand else 'built-in'}"
        yield pytest.param(topic, dict(detail=detail, size=size, language=language, page_size=paper, brand=brand),
                           id=name)


@pytest.mark.parametrize("topic, options", list(_cases()))
def test_the_default_is_two_pages_the_brief_one_and_no_last_page_is_wasted(fills, topic, options):  # noqa: F811
    [handout] = build.ready(Request.for_target(topic, Overrides(**options))).handouts
    pdf = build.render(handout)
    pages = len(fills)
    if handout.size == "standard":
        low, high = WANT[handout.detail]
        assert low <= pages <= high, f"{pages} pages; the {handout.detail} handout is {low} to {high}"
    if pages == 1:
        return
    assert fills[-1] >= LAST_PAGE_AT_LEAST, f"the last page is {fills[-1]:.0%} full: {[f'{f:.0%}' for f in fills]}"
    last = " ".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert not last.startswith(_closing_words(handout)), f"the last page holds only the closing: {last[:80]!r}"


@pytest.mark.parametrize("topic", TOPICS)
def test_the_topic_checks_clean_in_both_languages(run, topic):
    result = run("check", REPO / "content" / topic)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "Checked 2 file(s): 0 error(s), 0 warning(s): ok"


@pytest.mark.parametrize("topic", TOPICS)
def test_the_brief_has_a_picture_to_act_on(topic):
    loaded = library.load_topic(topic)
    pictured = {(s.id, i.id) for s in loaded.sections for i in s.items if getattr(i, "figure", None)}
    assert any((choice.section, item) in pictured for choice in loaded.brief_selection for item in choice.items)


@pytest.mark.parametrize("topic", TOPICS)
def test_every_exercise_is_drawn_by_a_neck_shoulder_or_back_pose(topic):
    ours = {pose.id for pose in neck_shoulder.POSES + back.POSES}
    section = next(s for s in library.load_topic(topic).sections if isinstance(s, ExercisesSection))
    assert 4 <= len(section.items) <= 6
    assert {item.figure for item in section.items} <= ours


def test_every_neck_and_shoulder_pose_is_used_by_a_topic():
    used = {item.figure for topic in TOPICS for s in library.load_topic(topic).sections
            if isinstance(s, ExercisesSection) for item in s.items}
    assert {pose.id for pose in neck_shoulder.POSES} <= used
