"""Poses for the elbow, forearm and wrist: sitting at a table, the forearm resting on it, the hand over its edge.

These bodies give their near hand fingertips (:attr:`~handouts.pdf.figures.Body.fingers`), so the
wrist's bend shows: up, down, flat, or a fist round a weight, a ball or a hammer.
"""

from __future__ import annotations

from ..figures import (
    FOREARM,
    HAND,
    LIMB_W,
    SHIN,
    THIGH,
    TORSO,
    TORSO_W,
    UPPER_ARM,
    Arrow,
    Block,
    Body,
    Pack,
    Point,
    Pose,
    Rod,
    at,
    person,
)
from .hip_knee import SEAT, chair

HIP: Point = (0.0, SEAT + TORSO_W / 2)  # sitting on the chair's seat, facing right
ELBOW = at(at(HIP, 90, TORSO - 0.2), -50, UPPER_ARM)  # the upper arm reaches forward, the elbow on the table
WRIST: Point = (ELBOW[0] + FOREARM, ELBOW[1])  # the forearm lies flat on the table, pointing away
TABLE_Y = ELBOW[1] - LIMB_W / 2 - 0.02  # the table top, just under the forearm
TABLE_W = 0.2  # the table top's thickness
FIST = 0.38  # the wrist to the knuckles of a closed hand


def _table(edge: float) -> tuple[Block | Rod, ...]:
    """A table beside the chair, its top under the forearm from behind the elbow to ``edge``; its leg stands
    between the chair's front leg and the shins."""
    top, leg = TABLE_Y - TABLE_W / 2, HIP[0] + THIGH - 0.3
    return (Rod(((ELBOW[0] - 0.7, top), (edge, top)), TABLE_W), Rod(((leg, top), (leg, 0.0)), LIMB_W * 0.6))


def _at_table(fingers: Point, far_hand: Point, far_fingers: Point | None = None) -> Body:
    """Sitting tall at a table, the near forearm flat on it; ``fingers``: where the near hand's fingertips are
    (and the far hand's, where that hand does something)."""
    ankles = ((HIP[0] + THIGH + 0.1, 0.32), (HIP[0] + THIGH + 0.25, 0.32))
    hands = {"hand": fingers} | ({"far_hand": far_fingers} if far_fingers else {})
    return person(HIP, 90, 88, (WRIST, far_hand), (-1, -1), ankles, (1, 1), (-4, -4), far=(0.15, 0.0),
                  fingers=hands)


LAP: Point = (HIP[0] + 1.3, HIP[1] + 0.28)  # the far hand resting on the thigh
SEATED = chair(-0.55, 1)


def eccentric_extension() -> Pose:
    """At the table, the hand over the edge, palm down, a small weight in the fist held up; an arrow lowers it."""
    fist = at(WRIST, 30, FIST)
    body = _at_table(fist, LAP)
    weight = Block(fist[0] - 0.3, fist[1] - 0.3, fist[0] + 0.3, fist[1] + 0.3, rounding=0.3, front=True)
    lower = Arrow((fist[0] + 0.55, fist[1] + 0.35), (fist[0] + 0.95, fist[1] - 0.35), (fist[0] + 0.45, fist[1] - 1.05))
    return Pose("elbow-eccentric-wrist-extension", (body,), arrows=(lower,), props=SEATED + _table(WRIST[0] - 0.1)
                + (weight,))


def isometric_extension() -> Pose:
    """At the table, the hand over the edge, palm down and flat; the other hand holds it down while it pushes up."""
    tips = at(WRIST, 0, HAND)
    press = (WRIST[0] - 0.05, WRIST[1] + 0.32)  # the far hand across the back of the near one
    body = _at_table(tips, press, at(press, -5, HAND))
    x = WRIST[0] + 0.35
    arrows = (Arrow((x, press[1] + 1.35), (x + 0.05, press[1] + 0.95), (x, press[1] + 0.5)),
              Arrow((x, WRIST[1] - 1.25), (x + 0.05, WRIST[1] - 0.85), (x, WRIST[1] - 0.4)))
    return Pose("elbow-isometric-wrist-extension", (body,), arrows=arrows, props=SEATED + _table(WRIST[0] - 0.1))


def grip_squeeze() -> Pose:
    """At the table, the hand over the edge squeezing a soft ball; arrows press in on it from both sides."""
    ball_r = 0.34
    centre = at(WRIST, -10, FIST + 0.1)
    body = _at_table(at(WRIST, -35, FIST + 0.15), LAP)
    ball = Block(centre[0] - ball_r, centre[1] - ball_r, centre[0] + ball_r, centre[1] + ball_r, rounding=ball_r,
                 front=True)
    cx, cy = centre
    arrows = (Arrow((cx + 0.3, cy + 1.2), (cx + 0.25, cy + 0.95), (cx + 0.1, cy + 0.55)),
              Arrow((cx + 0.3, cy - 1.2), (cx + 0.25, cy - 0.95), (cx + 0.1, cy - 0.55)))
    return Pose("elbow-grip-squeeze", (body,), arrows=arrows, props=SEATED + _table(WRIST[0] - 0.1) + (ball,))


def forearm_rotation() -> Pose:
    """At the table, the hand over the edge, thumb up, a light hammer held upright; arrows turn it side to side."""
    fist = at(WRIST, 0, FIST)
    body = _at_table(fist, LAP)
    x, top = WRIST[0] + FIST * 0.6, fist[1] + 1.3
    # one stroke, handle then head, so that no halo cuts between them
    hammer = (Rod(((x, fist[1] - 0.35), (x, top), (x - 0.5, top), (x + 0.3, top)), 0.24, front=True),)
    y = top + 0.5
    turn = (Arrow((x - 0.55, y), (x, y + 0.45), (x + 0.6, y + 0.05)),
            Arrow((x + 0.75, y - 0.5), (x + 1.05, y - 0.95), (x + 0.7, y - 1.45)))
    return Pose("elbow-forearm-rotation", (body,), arrows=turn, props=SEATED + _table(WRIST[0] - 0.1) + hammer)


def extensor_stretch() -> Pose:
    """Standing, the arm straight out in front, palm down, the wrist bent down; the other hand presses the
    back of the hand towards the body."""
    hip = (0.0, SEAT + SHIN - 0.2)
    shoulder = at(hip, 90, TORSO - 0.2)
    wrist = at(shoulder, -12, UPPER_ARM + FOREARM - 0.03)
    tips = at(wrist, -100, HAND)
    press = (wrist[0] + 0.32, wrist[1] - 0.4)
    body = person(hip, 90, 88, (wrist, press), (-1, -1), ((0.1, 0.32), (0.3, 0.32)), (1, 1), (-4, -4),
                  far=(0.3, 0.0), fingers={"hand": tips})
    push = Arrow((press[0] + 0.75, press[1] - 0.1), (press[0] + 0.7, press[1] - 0.8), (press[0] - 0.05, press[1] - 1.0))
    return Pose("elbow-wrist-extensor-stretch", (body,), arrows=(push,))


def cold_pack() -> Pose:
    """At the table, the forearm resting flat on it, a cold pack wrapped in a towel on the outer elbow."""
    tips = at(WRIST, 0, HAND)
    body = _at_table(tips, LAP)
    ex, ey = ELBOW
    pack = Pack(ex - 0.2, ey - 0.1, ex + 0.7, ey + 0.42)
    return Pose("elbow-cold-pack", (body,), packs=(pack,), props=SEATED + _table(tips[0] + 0.4))


POSES = (extensor_stretch(), isometric_extension(), eccentric_extension(), grip_squeeze(), forearm_rotation(),
         cold_pack())
