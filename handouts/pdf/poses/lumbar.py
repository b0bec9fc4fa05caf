"""Poses for the low back and sciatica: a press-up lying face down, a seated nerve glide, a figure-4 stretch,
a hamstring stretch and the bird-dog."""

from __future__ import annotations

import math

from ..figures import (
    FOOT,
    FOREARM,
    HEAD_R,
    LIMB_W,
    NECK,
    SHIN,
    THIGH,
    TORSO,
    TORSO_W,
    UPPER_ARM,
    Arrow,
    Body,
    Point,
    Pose,
    Rod,
    at,
    joint,
    person,
)
from .back import FEET_FLAT, SUPINE_HIP

ARM = UPPER_ARM + FOREARM
FLOOR_Y = LIMB_W / 2  # a limb lying on the floor


def press_up() -> Pose:
    """Face down, facing right: the hips stay on the floor while the hands push the chest up, arching the low back."""
    hip = (2.0, TORSO_W / 2)
    spine = 55.0
    shoulder = at(hip, spine, TORSO - 0.2)
    hands = ((shoulder[0] + 0.8, FLOOR_Y), (shoulder[0] + 0.95, FLOOR_Y))
    leg = THIGH + SHIN - 0.05  # nearly straight, lying flat behind
    ankles = ((hip[0] - leg, FLOOR_Y + 0.05), (hip[0] - leg + 0.1, FLOOR_Y + 0.08))
    body = person(hip, spine, spine - 10, hands, (-1, -1), ankles, (0, 0), (180, 180), bow=-0.35)
    arrow = Arrow((shoulder[0] - 1.1, shoulder[1] + 0.1), (shoulder[0] - 0.9, shoulder[1] + 0.9),
                  (shoulder[0] - 0.25, shoulder[1] + 1.2))
    return Pose("lumbar-press-up", (body,), arrows=(arrow,))


def nerve_glide() -> Pose:
    """Sitting tall on a chair, facing right: one knee straightens with the toes pulled up; the other foot is flat."""
    hip = (0.0, FEET_FLAT[0][1] + SHIN)
    knee = at(hip, 4, THIGH)
    ankle = at(knee, -14, SHIN)
    far_ankle = (hip[0] + THIGH + 0.05, FEET_FLAT[0][1])
    hands = ((hip[0] + 1.05, hip[1] + 0.28), (hip[0] + 1.15, hip[1] + 0.3))  # resting on the thighs
    body = person(hip, 92, 88, hands, (-1, -1), (ankle, far_ankle), (1, 1), (62, -4))
    seat = hip[1] - 0.45
    chair = (Rod(((-0.8, hip[1] + 1.9), (-0.7, seat), (1.05, seat))),
             Rod(((-0.65, seat), (-0.65, 0.0))), Rod(((0.95, seat), (0.95, 0.0))))
    arrow = Arrow((far_ankle[0] + 0.55, far_ankle[1] + 0.35), (ankle[0] + 0.1, far_ankle[1] + 0.45),
                  (ankle[0] + 0.35, ankle[1] - 0.55))
    return Pose("lumbar-nerve-glide", (body,), arrows=(arrow,), props=chair)


def figure_four() -> Pose:
    """Seen from above, lying on the back, knees bent: one ankle crossed over the other knee, that knee out to the side.

    The bent legs are seen from above, so each half of a leg shows shortened by the same amount.
    """
    y, hip_x, neck_x = 3.0, 4.0, 4.0 - TORSO
    j: dict[str, Point] = {"head": (neck_x - NECK, y), "neck": (neck_x, y)}
    j["shoulder"], j["far_shoulder"] = (neck_x + 0.25, y + 0.75), (neck_x + 0.25, y - 0.75)
    j["hip"], j["far_hip"] = (hip_x, y + 0.42), (hip_x, y - 0.42)
    for prefix, sign in (("", 1), ("far_", -1)):  # the arms rest on the floor, a little out from the sides
        shoulder = j[prefix + "shoulder"]
        j[prefix + "hand"] = at(shoulder, sign * 28, ARM)
        j[prefix + "elbow"] = joint(shoulder, j[prefix + "hand"], UPPER_ARM, FOREARM, 0)
    half = THIGH * math.cos(math.radians(45))  # the standing leg: hip and foot on the floor, the knee up
    j["far_knee"] = (hip_x + half, y - 0.42 - 0.12)
    j["far_ankle"] = (hip_x + 2 * half, y - 0.42)
    j["far_toe"] = (j["far_ankle"][0] + FOOT, y - 0.42)
    ankle = (j["far_knee"][0] - 0.1, y - 0.42 - 0.5)  # the crossed ankle rests just above the other knee
    j["ankle"], j["knee"] = ankle, joint(j["hip"], ankle, 1.7, 1.7, 1)
    j["toe"] = at(ankle, -75, FOOT * 0.8)
    body = Body(j, light=frozenset(), top_view=True)
    knee = j["knee"]
    arrow = Arrow((knee[0] + 0.6, knee[1] - 0.1), (knee[0] + 0.75, knee[1] + 0.55), (knee[0] + 0.3, knee[1] + 1.0))
    return Pose("lumbar-figure-four", (body,), floors=(), arrows=(arrow,), mat=True)


def hamstring_stretch() -> Pose:
    """On the back, head to the left: one leg raised near straight, the hands behind that thigh; the other foot flat."""
    knee = at(SUPINE_HIP, 78, THIGH)
    ankle = at(knee, 88, SHIN)
    hand = at(SUPINE_HIP, 78, THIGH * 0.78)
    hands = ((hand[0] - 0.3, hand[1]), (hand[0] - 0.25, hand[1] + 0.12))
    head_drop = math.degrees(math.asin((HEAD_R - TORSO_W / 2) / NECK))
    body = person(SUPINE_HIP, 180, 180 - head_drop, hands, (0, 0), (ankle, FEET_FLAT[1]), (-1, 1), (170, -6))
    arrow = Arrow((ankle[0] + 1.0, ankle[1] - 0.9), (ankle[0] + 0.8, ankle[1] + 0.1), (ankle[0] + 0.1, ankle[1] + 0.55))
    return Pose("lumbar-hamstring-stretch", (body,), arrows=(arrow,))


def bird_dog() -> Pose:
    """On hands and knees, facing right: the near arm reaches forward and the far leg back, both level with the back."""
    hip = (2.2, FLOOR_Y + THIGH)
    spine = 12.0  # a level back
    shoulder = at(hip, spine, TORSO - 0.2)
    far = (0.2, 0.0)
    hands = (at(shoulder, -5, ARM - 0.05), (shoulder[0] + far[0] + 0.05, FLOOR_Y))
    far_hip = (hip[0] + far[0], hip[1] + far[1])
    ankles = ((hip[0] - SHIN + 0.02, FLOOR_Y), at(far_hip, 184, THIGH + SHIN - 0.05))
    body = person(hip, spine, spine + 32, hands, (0, 0), ankles, (1, 0), (186, 268), far=far,
                  light=frozenset({"far_arm"}))
    hand, foot = hands[0], ankles[1]
    arrows = (Arrow((hand[0] - 0.9, hand[1] + 0.55), (hand[0] - 0.2, hand[1] + 0.62), (hand[0] + 0.5, hand[1] + 0.5)),
              Arrow((foot[0] + 0.9, foot[1] + 0.55), (foot[0] + 0.2, foot[1] + 0.62), (foot[0] - 0.5, foot[1] + 0.5)))
    return Pose("lumbar-bird-dog", (body,), arrows=arrows)


POSES = (press_up(), nerve_glide(), figure_four(), hamstring_stretch(), bird_dog())
