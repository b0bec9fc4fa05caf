"""Poses for the hip and knee: lying, side-lying, sitting on a chair, and standing holding one."""

from __future__ import annotations

import math

from ..figures import (
    FOOT,
    FOREARM,
    HEAD_R,
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

LEG = THIGH + SHIN - 0.02  # a leg held straight (a hair short, so the knee still has a side to bend to)
ARM = UPPER_ARM + FOREARM - 0.02
SEAT = 2.2  # a chair's seat height: about the knee's, so the shins stand upright
SUPINE_HIP: Point = (4.0, TORSO_W / 2)  # lying on the back, head to the left, as in the back poses
HEAD_DROP = math.degrees(math.asin((HEAD_R - TORSO_W / 2) / NECK))  # the head rests on the floor


def chair(x: float, facing: int, back: float = 2.3, depth: float = 1.9) -> tuple[Rod, ...]:
    """A chair seen from the side, its back post at ``x``, the seat reaching ``depth`` towards ``facing`` (+1 right)."""
    front = x + facing * depth
    return (Rod(((x, SEAT + back), (x, 0.0))), Rod(((x, SEAT), (front, SEAT), (front, 0.0))))


def _lying(hands: tuple[Point, Point], ankles: tuple[Point, Point], toes: tuple[float, float],
           knees: tuple[int, int] = (1, 1)) -> Body:
    """On the back, head to the left, arms along the body (hands given), legs to the ankles given."""
    return person(SUPINE_HIP, 180, 180 - HEAD_DROP, hands, (-1, -1), ankles, knees, toes)


def _arms_by_side() -> tuple[Point, Point]:
    shoulder = (SUPINE_HIP[0] - TORSO + 0.2, SUPINE_HIP[1])
    return at(shoulder, -3, ARM + 0.01), at(shoulder, -2, ARM + 0.1)


def straight_leg_raise() -> Pose:
    """On the back, one knee bent with the foot flat; the other leg held straight and lifted."""
    ankle = at(SUPINE_HIP, 32, LEG)
    body = _lying(_arms_by_side(), (ankle, (6.1, 0.32)), (32 + 100, -6))
    arrow = Arrow(at(SUPINE_HIP, 9, LEG + 0.15), at(SUPINE_HIP, 19, LEG + 0.45), at(SUPINE_HIP, 27, LEG + 0.2))
    return Pose("straight-leg-raise", (body,), arrows=(arrow,))


def heel_slide() -> Pose:
    """On the back, one leg straight on the floor; the other heel slid up towards the buttocks, the knee bent."""
    near = (SUPINE_HIP[0] + 2.3, 0.32)
    far = at(SUPINE_HIP, -1, LEG)
    body = _lying(_arms_by_side(), (near, far), (-8, 80))
    arrow = Arrow((near[0] + 1.55, 1.0), (near[0] + 0.95, 1.12), (near[0] + 0.35, 0.98))
    return Pose("heel-slide", (body,), arrows=(arrow,))


def _seated(hip_x: float, spine: float, hands: tuple[Point, Point], ankles: tuple[Point, Point],
            toes: tuple[float, float] = (-4, -4)) -> Body:
    """Sitting on a chair's seat, facing right."""
    return person((hip_x, SEAT + TORSO_W / 2), spine, spine - 6, hands, (-1, -1), ankles, (1, 1), toes,
                  far=(0.15, 0.0))


def seated_knee_extension() -> Pose:
    """Sitting tall on a chair: one knee straightened, the leg held out; the other foot on the floor."""
    hip = (0.0, SEAT + TORSO_W / 2)
    ankle = at(hip, -6, LEG)
    thigh_top = at(hip, 0, 1.0)
    hands = ((thigh_top[0], thigh_top[1] - 0.2), (thigh_top[0] + 0.15, thigh_top[1] - 0.2))
    body = _seated(0.0, 92, hands, (ankle, (THIGH + 0.2, 0.32)), (80, -4))
    knee = at(hip, 0, THIGH)
    arrow = Arrow((knee[0] + 0.9, 0.45), (ankle[0] + 0.35, 0.85), (ankle[0] + 0.15, ankle[1] - 0.6))
    return Pose("seated-knee-extension", (body,), arrows=(arrow,), props=chair(-0.55, 1))


def sit_to_stand() -> Pose:
    """Two pictures side by side: sitting, leaning forward, feet back; then standing up tall in front of the chair."""
    knee_x = THIGH - 0.15
    hands = ((knee_x - 0.25, SEAT + 0.55), (knee_x - 0.1, SEAT + 0.55))
    sitting = _seated(-0.15, 62, hands, ((knee_x - 0.35, 0.32), (knee_x - 0.2, 0.32)))
    gap = 4.6  # from the first chair's back post to the second's
    hip = (gap + 0.35, LEG + 0.3)
    shoulder = at(hip, 90, TORSO - 0.2)
    standing = person(hip, 90, 88, ((shoulder[0] + 0.1, shoulder[1] - ARM), (shoulder[0] + 0.25, shoulder[1] - ARM)),
                      (-1, -1), ((hip[0] + 0.05, 0.3), (hip[0] + 0.2, 0.3)), (1, 1), (0, 0), far=(0.15, 0.0))
    top = sitting.joints["head"]
    arrow = Arrow((top[0] + 0.9, top[1] - 0.1), (gap - 0.6, top[1] + 1.2), (gap - 0.1, top[1] + 0.9))
    return Pose("sit-to-stand", (sitting, standing), arrows=(arrow,), props=chair(-0.85, 1) + chair(gap - 0.85, 1))


def mini_squat() -> Pose:
    """Standing behind a chair, both hands on its back: the knees bent a little, the hips pushed back."""
    ankles = ((0.1, 0.3), (0.3, 0.3))
    hip = (-0.55, 3.25)
    post = 2.05
    hands = ((post - 0.05, SEAT + 2.3 + 0.15), (post + 0.1, SEAT + 2.3 + 0.15))
    body = person(hip, 76, 72, hands, (-1, -1), ankles, (1, 1), (0, 0), far=(0.2, 0.0))
    arrow = Arrow((hip[0] - 0.85, hip[1] + 1.1), (hip[0] - 1.05, hip[1] + 0.35), (hip[0] - 0.75, hip[1] - 0.45))
    return Pose("mini-squat", (body,), arrows=(arrow,), props=chair(post, 1))


def _front(hip_y: float, hands: tuple[Point, Point], ankles: tuple[Point, Point]) -> dict[str, Point]:
    """A standing body seen from the front, centred on x = 0: near side to the left of the picture."""
    j: dict[str, Point] = {"head": (0.0, hip_y + TORSO + NECK), "neck": (0.0, hip_y + TORSO)}
    for prefix, side, index in (("", -1, 0), ("far_", 1, 1)):
        shoulder, hip = (side * 0.8, hip_y + TORSO - 0.2), (side * 0.45, hip_y)
        hand, ankle = hands[index], ankles[index]
        j |= {prefix + "shoulder": shoulder, prefix + "hand": hand, prefix + "hip": hip, prefix + "ankle": ankle,
              prefix + "elbow": joint(shoulder, hand, UPPER_ARM, FOREARM, side),
              prefix + "knee": joint(hip, ankle, THIGH, SHIN, 0),
              prefix + "toe": (ankle[0] + side * 0.12, ankle[1] - 0.02)}
    return j


def standing_hip_abduction() -> Pose:
    """Seen from the front, one hand on a chair's back: the outer leg lifted straight out to the side."""
    hip_y = LEG + 0.3
    out = at((0.45, hip_y), -90 + 28, LEG)
    hand = at((-0.8, hip_y + TORSO - 0.2), -128, ARM - 0.1)  # the arm nearly straight, down to the chair
    j = _front(hip_y, (hand, (1.15, hip_y - 0.45)), ((-0.5, 0.3), out))
    body = Body(j, light=frozenset(), top_view=True, under=frozenset({"leg", "far_leg"}))
    arrow = Arrow((out[0] + 0.35, out[1] + 0.05), (out[0] + 0.95, out[1] + 0.3), (out[0] + 1.25, out[1] + 0.95))
    # the chair stands beside the person, seen from its side: the back post under the hand, the seat beyond
    post = hand[0] + 0.05
    return Pose("standing-hip-abduction", (body,), arrows=(arrow,),
                props=chair(post, -1, back=hand[1] - SEAT - 0.15, depth=0.9))


def clam() -> Pose:
    """Lying on one side, seen from the front, head on the lower hand, knees bent: the top knee opens upwards."""
    low, width = 0.45, 1.6  # the lower shoulder's height; the shoulders' width, stacked
    j: dict[str, Point] = {"hip": (4.0, low + 0.9), "far_hip": (4.0, low)}
    mid = (4.0, low + 0.45)
    neck_y = low + width / 2
    j["neck"] = (mid[0] - math.sqrt(TORSO ** 2 - (neck_y - mid[1]) ** 2), neck_y)
    j["head"] = (j["neck"][0] - NECK, neck_y + 0.1)
    j["shoulder"], j["far_shoulder"] = (j["neck"][0] + 0.2, low + width), (j["neck"][0] + 0.2, low)
    j["far_elbow"] = at(j["far_shoulder"], 180, UPPER_ARM)  # the lower arm along the floor, its hand under the head
    j["far_hand"] = at(j["far_elbow"], 62, FOREARM)
    j["hand"] = (j["hip"][0] - 0.1, j["hip"][1] + 0.1)  # the upper arm lies along the side, the hand on the hip
    j["elbow"] = joint(j["shoulder"], j["hand"], UPPER_ARM, FOREARM, 0)
    # The hips bend towards the viewer, so the lower leg shows short and flat on the floor; the upper
    # knee, turned up, shows longer (thigh and shin alike), and the feet stay together.
    part = THIGH * math.cos(math.radians(45))
    j["far_ankle"] = (j["far_hip"][0] + 2 * part, low)
    j["far_knee"] = joint(j["far_hip"], j["far_ankle"], part, part, -1)
    j["ankle"] = (j["far_ankle"][0] - 0.05, low + 0.5)
    j["knee"] = joint(j["hip"], j["ankle"], 1.7, 1.7, 1)
    for prefix in ("", "far_"):
        j[prefix + "toe"] = at(j[prefix + "ankle"], -5, FOOT * 0.8)
    body = Body(j, top_view=True)
    knee = j["knee"]
    arrow = Arrow((knee[0] + 0.75, knee[1] - 1.1), (knee[0] + 0.95, knee[1] - 0.2), (knee[0] + 0.45, knee[1] + 0.45))
    return Pose("clam", (body,), arrows=(arrow,))


POSES = (straight_leg_raise(), heel_slide(), seated_knee_extension(), sit_to_stand(), mini_squat(),
         standing_hip_abduction(), clam())
