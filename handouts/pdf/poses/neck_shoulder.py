"""Poses for the neck and shoulder: sitting or standing, seen from the side, the front or behind."""

from __future__ import annotations

from ..figures import (
    FLOOR_W,
    FOREARM,
    LIMB_W,
    NECK,
    THIGH,
    TORSO,
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


def _bar(start: Point, end: Point) -> Rod:
    """A straight prop behind the person: a wall, a table top, a chair's seat, back or leg."""
    return Rod((start, end), width=FLOOR_W * 2)


STAND_HIP_Y = 3.85  # the hip's height when standing, legs straight
SHOULDER_Y = STAND_HIP_Y + TORSO - 0.2
SHOULDER_X = 0.8  # half the shoulders' width, seen from the front or behind


def _upright(hands: tuple[Point, Point], elbows: tuple[int, int], head: float = 90) -> Body:
    """Standing, seen from the front (or behind): hands and elbow sides for the left then right arm."""
    neck = (0.0, STAND_HIP_Y + TORSO)
    j: dict[str, Point] = {"head": at(neck, head, NECK), "neck": neck}
    for index, (prefix, side) in enumerate((("", -1), ("far_", 1))):
        shoulder, hip = (side * SHOULDER_X, SHOULDER_Y), (side * 0.45, STAND_HIP_Y)
        hand, ankle = hands[index], (side * 0.5, 0.32)
        j |= {prefix + "shoulder": shoulder, prefix + "hand": hand, prefix + "hip": hip, prefix + "ankle": ankle,
              prefix + "elbow": joint(shoulder, hand, UPPER_ARM, FOREARM, elbows[index]),
              prefix + "knee": joint(hip, ankle, THIGH, THIGH, 0), prefix + "toe": (side * 0.62, 0.3)}
    return Body(j, light=frozenset(), top_view=True, under=frozenset({"leg", "far_leg"}))


def _mirrored(hand: Point) -> tuple[Point, Point]:
    """The left hand at ``hand`` (x < 0) and the right one mirrored across the spine."""
    return hand, (-hand[0], hand[1])


def chin_tuck() -> Pose:
    """Sitting tall on a chair, facing right, the head drawn straight back; an arrow in front of the face."""
    hip = (0.0, 2.2)
    ankles = ((THIGH + 0.05, 0.35), (THIGH + 0.25, 0.35))
    hands = ((1.35, 2.6), (1.55, 2.6))  # resting on the thighs
    body = person(hip, 90, 97, hands, (-1, -1), ankles, (1, 1), (-4, -4), far=(0.2, 0.0))
    face = body.joints["head"]
    seat, back, front = 1.87, -0.6, 1.0
    chair = (_bar((back, seat), (front + 0.1, seat)), _bar((back, seat), (back, 4.3)),
             _bar((back, seat), (back, 0.0)), _bar((front, seat), (front, 0.0)))
    arrow = Arrow((face[0] + 1.45, face[1]), (face[0] + 1.1, face[1] + 0.12), (face[0] + 0.7, face[1]))
    return Pose("neck-chin-tuck", (body,), arrows=(arrow,), props=chair)


def side_bend() -> Pose:
    """Standing, seen from the front, the head tilted towards the left shoulder; an arrow over the head."""
    body = _upright(_mirrored((-1.1, 3.4)), (-1, 1), head=128)
    neck = body.joints["neck"]
    arrow = Arrow((neck[0] + 0.75, neck[1] + 1.55), (neck[0] - 0.3, neck[1] + 1.95),
                  (neck[0] - 1.05, neck[1] + 1.25))
    return Pose("neck-side-bend", (body,), arrows=(arrow,))


def blade_squeeze() -> Pose:
    """Seen from behind, elbows down and hands up (a W); arrows above the shoulders point to the spine."""
    body = _upright(_mirrored((-1.75, SHOULDER_Y - 0.1)), (1, -1))
    y = SHOULDER_Y + 0.55
    arrows = tuple(Arrow((side * 1.75, y - 0.1), (side * 1.2, y + 0.05), (side * 0.62, y - 0.05)) for side in (-1, 1))
    return Pose("shoulder-blade-squeeze", (body,), arrows=arrows)


def pendulum() -> Pose:
    """Leaning forward, one hand on a table, the other arm hanging loose; an arrow swings under its hand."""
    hip = (0.0, STAND_HIP_Y)
    shoulder = at(hip, 30, TORSO - 0.2)
    hang = (shoulder[0], shoulder[1] - UPPER_ARM - FOREARM + 0.05)
    table_y = 3.2
    hands = (hang, (3.6, table_y + 0.3))
    ankles = ((0.6, 0.32), (-0.5, 0.32))
    body = person(hip, 30, 12, hands, (0, -1), ankles, (1, 1), (-4, -4), far=(0.2, 0.0))
    table = (_bar((2.9, table_y), (5.0, table_y)), _bar((4.7, table_y), (4.7, 0.0)))
    arrow = Arrow((hang[0] - 0.55, hang[1] - 0.25), (hang[0], hang[1] - 1.0), (hang[0] + 0.65, hang[1] - 0.3))
    return Pose("shoulder-pendulum", (body,), arrows=(arrow,), props=table)


def wall_slide() -> Pose:
    """Standing facing a wall on the right, forearms on it, sliding the hands up; an arrow above them."""
    hip = (0.0, STAND_HIP_Y)
    shoulder = (0.0, SHOULDER_Y)
    elbow = at(shoulder, 35, UPPER_ARM)
    hand = (elbow[0] + 0.05, elbow[1] + FOREARM)
    hands = (hand, (hand[0] + 0.15, hand[1]))
    body = person(hip, 90, 90, hands, (-1, -1), ((0.1, 0.32), (0.3, 0.32)), (1, 1), (-4, -4), far=(0.15, 0.0))
    wall = elbow[0] + LIMB_W / 2 + 0.25
    arrow = Arrow((hand[0] - 0.3, hand[1] + 0.45), (hand[0] - 0.35, hand[1] + 0.85), (hand[0] - 0.3, hand[1] + 1.3))
    return Pose("shoulder-wall-slide", (body,), arrows=(arrow,), props=(_bar((wall, 0.0), (wall, hand[1] + 1.2)),))


def side_lying_external_rotation() -> Pose:
    """Lying on the left side, seen from the front: the top elbow on the waist, the forearm turned from
    the belly up to the ceiling; the head rests on the lower arm, which reaches out along the floor."""
    y, neck_x = 1.2, 1.6
    hip_x = neck_x + TORSO
    j: dict[str, Point] = {"head": (neck_x - NECK + 0.05, y - 0.12), "neck": (neck_x, y)}  # dropped onto the arm
    for prefix, side in (("", 1), ("far_", -1)):  # the top side is near, the floor side far
        shoulder, hip = (neck_x + 0.25, y + side * SHOULDER_X), (hip_x, y + side * 0.45)
        ankle = (hip_x + 2 * THIGH - 0.1, y + side * 0.4)
        j |= {prefix + "shoulder": shoulder, prefix + "hip": hip, prefix + "ankle": ankle,
              prefix + "knee": joint(hip, ankle, THIGH, THIGH, 0), prefix + "toe": at(ankle, side * 5, 0.8)}
    j["elbow"] = at(j["shoulder"], -6, UPPER_ARM)  # the upper arm rests along the side of the chest
    j["hand"] = (j["elbow"][0], j["elbow"][1] + FOREARM)
    j["far_hand"] = (j["far_shoulder"][0] - UPPER_ARM - FOREARM + 0.05, j["far_shoulder"][1])
    j["far_elbow"] = joint(j["far_shoulder"], j["far_hand"], UPPER_ARM, FOREARM, 0)
    body = Body(j, top_view=True)
    (ex, ey), top = j["elbow"], j["hand"][1]
    arrow = Arrow((ex + 0.95, ey + 0.45), (ex + 0.95, top + 0.05), (ex + 0.45, top + 0.4))
    return Pose("shoulder-side-lying-rotation", (body,), arrows=(arrow,))


def cross_body_stretch() -> Pose:
    """Seen from the front, the right arm straight across the chest, the left hand pulling it in."""
    across = (-1.55, SHOULDER_Y - 0.25)
    body = _upright(((-0.15, SHOULDER_Y - 0.2), across), (-1, 0))
    arrow = Arrow((across[0] + 0.35, across[1] + 0.6), (across[0] - 0.25, across[1] + 0.75),
                  (across[0] - 0.75, across[1] + 0.35))
    return Pose("shoulder-cross-body-stretch", (body,), arrows=(arrow,))


POSES = (chin_tuck(), side_bend(), blade_squeeze(), pendulum(), wall_slide(), side_lying_external_rotation(),
         cross_body_stretch())
