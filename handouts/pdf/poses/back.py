"""Poses for the back and the whole body: lying, on hands and knees, standing, walking."""

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
    Pack,
    Point,
    Pose,
    Wave,
    at,
    joint,
    person,
)

# Lying on the back, head to the left: the spine just above the floor, the head resting on it.
SUPINE_HIP: Point = (4.0, TORSO_W / 2)
FEET_FLAT = ((6.1, 0.32), (6.3, 0.32))  # near and far ankle, knees bent, feet flat on the floor


def _lying(hands: tuple[Point, Point], ankles: tuple[Point, Point], toes: tuple[float, float],
           elbows: tuple[int, int] = (1, 1)) -> Body:
    head_drop = math.degrees(math.asin((HEAD_R - TORSO_W / 2) / NECK))
    return person(SUPINE_HIP, 180, 180 - head_drop, hands, elbows, ankles, (1, 1), toes)


def knee_to_chest() -> Pose:
    """On the back, one knee hugged to the chest, the other foot flat on the floor."""
    knee = at(SUPINE_HIP, 120, THIGH)
    ankle = at(knee, -8, SHIN)
    hand = at(knee, 8, 0.45)  # the hands hold the shin just below the knee
    body = _lying((hand, (hand[0] + 0.15, hand[1] + 0.02)), (ankle, FEET_FLAT[1]), (62, -6), elbows=(0, 0))
    return Pose("knee-to-chest", (body,), arrows=(Arrow((knee[0] + 1.25, knee[1] + 0.75),
                                                         (knee[0] + 0.4, knee[1] + 1.1),
                                                         (knee[0] - 0.35, knee[1] + 0.7)),))


def pelvic_tilt() -> Pose:
    """On the back, knees bent, feet flat; an arrow presses the low back into the floor."""
    shoulder = (SUPINE_HIP[0] - TORSO + 0.2, SUPINE_HIP[1])
    hands = (at(shoulder, -3, UPPER_ARM + FOREARM - 0.01), at(shoulder, -2, UPPER_ARM + FOREARM + 0.1))
    body = _lying(hands, FEET_FLAT, (-6, -6), elbows=(-1, -1))
    x = SUPINE_HIP[0] - 0.75
    return Pose("pelvic-tilt", (body,), arrows=(Arrow((x, 2.0), (x, 1.6), (x, 1.0)),))


def lower_trunk_rotation() -> Pose:
    """Seen from above, lying on the back, arms out, both bent knees dropped to one side."""
    y, hip_x, neck_x = 3.0, 4.0, 4.0 - TORSO
    j: dict[str, Point] = {"head": (neck_x - NECK, y), "neck": (neck_x, y)}
    j["shoulder"], j["far_shoulder"] = (neck_x + 0.25, y - 0.75), (neck_x + 0.25, y + 0.75)
    j["hip"], j["far_hip"] = (hip_x, y + 0.42), (hip_x, y - 0.42)  # the top leg crosses over the lower one
    for prefix, sign in (("", -1), ("far_", 1)):
        shoulder = j[prefix + "shoulder"]
        j[prefix + "hand"] = at(shoulder, sign * 100, UPPER_ARM + FOREARM)
        j[prefix + "elbow"] = joint(shoulder, j[prefix + "hand"], UPPER_ARM, FOREARM, 0)  # arms straight out
    for prefix, thigh in (("", -50), ("far_", -58)):
        knee = at(j[prefix + "hip"], thigh, THIGH)
        ankle = at(knee, thigh - 95, SHIN)
        j[prefix + "knee"], j[prefix + "ankle"] = knee, ankle
        j[prefix + "toe"] = at(ankle, thigh - 105, FOOT)
    body = Body(j, light=frozenset({"far_leg"}), top_view=True)
    knee = j["knee"]
    arrow = Arrow((hip_x + 1.6, y + 0.75), (knee[0] + 1.15, knee[1] + 1.2), (knee[0] + 0.55, knee[1] + 0.05))
    return Pose("lower-trunk-rotation", (body,), floors=(), arrows=(arrow,), mat=True)


def _all_fours(lift: float, bow: float, head: float) -> Body:
    """On hands and knees, facing right, ``lift`` above the floor: the spine bowed up (+) or down (-)."""
    hip = (2.2, lift + LIMB_W / 2 + THIGH)
    arm = UPPER_ARM + FOREARM
    rise = lift + LIMB_W / 2 + arm - hip[1]
    spine = math.degrees(math.asin(rise / (TORSO - 0.2)))
    shoulder = at(hip, spine, TORSO - 0.2)
    knee_y = lift + LIMB_W / 2
    hands = ((shoulder[0] + 0.05, knee_y), (shoulder[0] + 0.25, knee_y))
    ankles = ((hip[0] - SHIN + 0.02, knee_y), (hip[0] - SHIN + 0.22, knee_y))
    return person(hip, spine, head, hands, (1, 1), ankles, (1, 1), (186, 186), far=(0.2, 0.0), bow=bow)


def cat_cow() -> Pose:
    """Two pictures, one above the other: the back rounded up (cat), then let down (cow)."""
    lift = 4.2
    cat, cow = _all_fours(lift, 0.5, -62), _all_fours(0.0, -0.45, 28)
    top, low = cat.spine_middle(), cow.spine_middle()
    arrows = (Arrow((top[0], top[1] + 0.55), (top[0], top[1] + 0.9), (top[0], top[1] + 1.35)),
              Arrow((low[0], low[1] - 0.55), (low[0], low[1] - 0.9), (low[0], low[1] - 1.3)))
    return Pose("cat-cow", (cat, cow), floors=(lift, 0.0), arrows=arrows)


def walking() -> Pose:
    """Standing, mid-stride, facing right."""
    hip = (0.0, 3.85)
    shoulder = at(hip, 86, TORSO - 0.2)
    hands = ((shoulder[0] - 0.85, shoulder[1] - 2.45), (shoulder[0] + 0.85, shoulder[1] - 2.4))
    ankles = ((1.0, 0.3), (-1.1, 0.58))
    body = person(hip, 86, 82, hands, (-1, -1), ankles, (1, 1), (12, -32))
    return Pose("walking", (body,))


def bridge() -> Pose:
    """On the back, knees bent, feet flat, the hips lifted off the floor."""
    hip = (4.0, 1.6)
    neck = (hip[0] - TORSO * math.cos(math.asin((hip[1] - TORSO_W / 2) / TORSO)), TORSO_W / 2)
    spine = math.degrees(math.atan2(neck[1] - hip[1], neck[0] - hip[0]))
    hands = ((neck[0] + 2.7, 0.2), (neck[0] + 2.8, 0.22))  # flat on the floor, beside the body
    ankles = ((5.8, 0.32), (6.0, 0.32))
    head_drop = math.degrees(math.asin((HEAD_R - TORSO_W / 2) / NECK))
    body = person(hip, spine, 180 - head_drop, hands, (0, 0), ankles, (1, 1), (-6, -6))
    x = hip[0] - 0.2
    return Pose("bridge", (body,), arrows=(Arrow((x, 0.5), (x, 0.9), (x, 1.25 - 0.05)),))


def warm_pack() -> Pose:
    """Standing, seen from behind: a warm pack (a heating pad's wavy lines on it) on the low back."""
    hip_y = 3.85
    j: dict[str, Point] = {"head": (0.0, hip_y + TORSO + NECK), "neck": (0.0, hip_y + TORSO)}
    for prefix, side in (("", -1), ("far_", 1)):
        shoulder, hip = (side * 0.8, hip_y + TORSO - 0.2), (side * 0.45, hip_y)
        hand, ankle = (side * 1.1, 3.4), (side * 0.5, 0.32)
        j |= {prefix + "shoulder": shoulder, prefix + "hand": hand, prefix + "hip": hip, prefix + "ankle": ankle,
              prefix + "elbow": joint(shoulder, hand, UPPER_ARM, FOREARM, side),
              prefix + "knee": joint(hip, ankle, THIGH, SHIN, 0), prefix + "toe": (side * 0.62, 0.3)}
    body = Body(j, light=frozenset(), top_view=True, under=frozenset({"leg", "far_leg"}))
    pack = Pack(-0.68, 3.75, 0.68, 5.0)
    waves = tuple(Wave((x, pack.y0 + 0.22), (x, pack.y1 - 0.22), bumps=3, amplitude=0.1) for x in (-0.34, 0.0, 0.34))
    return Pose("warm-pack", (body,), packs=(pack,), waves=waves)


POSES = (knee_to_chest(), pelvic_tilt(), lower_trunk_rotation(), cat_cow(), walking(), bridge(), warm_pack())
