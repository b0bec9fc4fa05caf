"""The neck-pain and shoulder-pain topics: they check clean, their poses are theirs."""

from __future__ import annotations

import pytest

from conftest import REPO
from handouts import library
from handouts.models import ExercisesSection
from handouts.pdf.poses import back, neck_shoulder

TOPICS = ("neck-pain", "shoulder-pain")


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
