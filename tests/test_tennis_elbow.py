"""The tennis-elbow topic: it checks clean, its pictures are the arm poses."""

from __future__ import annotations

import math

import pytest

from conftest import REPO
from handouts import library
from handouts.models import ExercisesSection
from handouts.pdf import figures
from handouts.pdf.poses import arm

TOPIC = "tennis-elbow"


def test_the_topic_checks_clean_in_both_languages(run):
    result = run("check", REPO / "content" / TOPIC)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "Checked 2 file(s): 0 error(s), 0 warning(s): ok"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_brief_has_a_picture_to_act_on(language):
    loaded = library.load_topic(TOPIC, language)
    pictured = {(s.id, i.id) for s in loaded.sections for i in s.items if getattr(i, "figure", None)}
    assert any((choice.section, item) in pictured for choice in loaded.brief_selection for item in choice.items)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_exercise_is_drawn_by_an_arm_pose_and_every_arm_pose_is_used(language):
    ours = {pose.id for pose in arm.POSES}
    loaded = library.load_topic(TOPIC, language)
    section = next(s for s in loaded.sections if isinstance(s, ExercisesSection))
    assert 4 <= len(section.items) <= 6
    assert {item.figure for item in section.items} <= ours
    used = {getattr(i, "figure", None) for s in loaded.sections for i in s.items}
    assert ours <= used


@pytest.mark.parametrize("pose", arm.POSES, ids=lambda pose: pose.id)
def test_an_arm_pose_shows_a_hand_of_a_hands_length_at_the_wrist(pose):
    [body] = pose.bodies
    assert "hand" in body.fingers and set(body.fingers) <= {"hand", "far_hand"}
    for name, (fx, fy) in body.fingers.items():
        wx, wy = body.joints[name]
        assert 0.3 <= math.hypot(fx - wx, fy - wy) <= figures.HAND + 1e-9, name


def test_a_body_without_fingers_draws_no_hand():
    """The hand is one more stroke pair after an arm: a pose without fingers draws exactly as before."""
    [with_hand] = arm.isometric_extension().bodies
    without = figures.Body({k: v for k, v in with_hand.joints.items()})
    ink = figures.Ink(*(figures.colors.black,) * 3)
    drawn, bare = (len(list(figures._body(body, ink))) for body in (with_hand, without))
    assert drawn == bare + 2 * len(with_hand.fingers)


def test_the_readme_names_every_arm_pose():
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert [pose.id for pose in arm.POSES if pose.id not in readme] == []
