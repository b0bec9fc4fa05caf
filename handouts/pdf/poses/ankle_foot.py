"""Poses for the ankle and foot: seated on a chair, standing at a wall or holding a chair, sitting on the floor."""

from __future__ import annotations

from ..figures import (
    FOOT,
    SHIN,
    THIGH,
    TORSO,
    TORSO_W,
    Arrow,
    Block,
    Body,
    Point,
    Pose,
    Rod,
    at,
    person,
)

FLAT = 0.32  # an ankle's height with the foot flat on the floor
SEAT = FLAT + SHIN - TORSO_W / 2  # the top of a chair's seat: thighs level, shins upright
SEATED_HIP_Y = FLAT + SHIN
CHAIR_DEPTH, CHAIR_BACK = 1.9, 2.1  # the seat's depth; how far the back rises above it
PROP_W = 0.22  # a chair's legs and back


def _chair(back_x: float, facing: int = 1) -> tuple[Block | Rod, ...]:
    """A chair seen from the side, its back at ``back_x`` and its seat reaching ``facing`` (+1 right, -1 left)."""
    front_x = back_x + facing * CHAIR_DEPTH
    x0, x1 = sorted((back_x, front_x))
    return (Rod(((back_x, PROP_W / 2), (back_x, SEAT + CHAIR_BACK)), PROP_W),
            Rod(((front_x, PROP_W / 2), (front_x, SEAT - 0.1)), PROP_W),
            Block(x0, SEAT - 0.25, x1, SEAT))


def _seated(near_ankle: Point, near_toe: float, far_ankle: Point, far_toe: float = -6) -> Body:
    """Sitting up on a chair (its back at x = 0), facing right, hands resting on the front of the seat."""
    hip = (0.55, SEATED_HIP_Y)
    hands = ((1.45, SEAT + 0.12), (1.6, SEAT + 0.14))
    return person(hip, 95, 88, hands, (-1, -1), (near_ankle, far_ankle), (1, 1), (near_toe, far_toe))


def ankle_circles() -> Pose:
    """Seated, one leg held out straight, the foot drawing circles in the air."""
    ankle = at((0.55, SEATED_HIP_Y), -12, THIGH + SHIN - 0.1)
    body = _seated(ankle, 72, (0.55 + THIGH + 0.15, FLAT))
    toe = at(ankle, 72, FOOT)
    circle = (Arrow((toe[0] + 0.45, toe[1] - 0.55), (toe[0] + 1.05, toe[1] + 0.45), (toe[0] - 0.1, toe[1] + 0.6)),
              Arrow((toe[0] - 0.55, toe[1] + 0.35), (toe[0] - 0.8, toe[1] - 0.75), (toe[0] + 0.15, toe[1] - 0.75)))
    return Pose("ankle-circles", (body,), arrows=circle, props=_chair(0.0))


def calf_stretch_wall() -> Pose:
    """Facing a wall, hands on it, the back leg straight with its heel down, the front knee bent."""
    hip, spine, wall = (0.0, 3.5), 72, 3.0
    shoulder = at(hip, spine, TORSO - 0.2)
    hands = ((wall - 0.2, shoulder[1] + 0.3), (wall - 0.2, shoulder[1] + 0.5))
    body = person(hip, spine, 76, hands, (-1, -1), ((-1.75, FLAT), (1.2, FLAT)), (1, 1), (-3, -6))
    lean = Arrow((hip[0] - 1.1, hip[1] + 0.5), (hip[0] - 0.3, hip[1] + 1.05), (hip[0] + 0.45, hip[1] + 0.85))
    return Pose("calf-stretch-wall", (body,), arrows=(lean,), props=(Block(wall, 0.0, wall + 0.35, 7.4),))


def _holding_chair(ankles: tuple[Point, Point], toes: tuple[float, float], hip_y: float) -> Body:
    """Standing tall, facing right, both hands on the top of a chair's back in front."""
    hip = (0.0, hip_y)
    top = SEAT + CHAIR_BACK
    return person(hip, 88, 84, ((1.5, top + 0.1), (1.65, top + 0.12)), (-1, -1), ankles, (1, 1), toes)


def single_leg_balance() -> Pose:
    """Standing on one leg, the other foot lifted behind, both hands on a chair for support."""
    body = _holding_chair(((-0.95, 1.6), (0.2, FLAT)), (-80, -4), 3.85)
    return Pose("single-leg-balance", (body,), props=_chair(1.6))


def heel_raises() -> Pose:
    """Up on the toes of both feet, hands on a chair; an arrow lifts the heels."""
    ankles = ((0.1, 0.92), (0.3, 0.92))
    body = _holding_chair(ankles, (-52, -52), 4.5)
    lift = Arrow((-0.6, 0.25), (-0.62, 0.7), (-0.6, 1.35))
    return Pose("heel-raises", (body,), arrows=(lift,), props=_chair(1.6))


def plantar_towel_stretch() -> Pose:
    """Sitting on the floor, one leg straight, a towel round the ball of the foot pulling the toes back."""
    hip, spine = (0.0, 0.42), 76
    ankle = (THIGH + SHIN - 0.01, 0.42)
    toe = at(ankle, 96, FOOT)
    hands = ((2.25, 1.95), (2.4, 2.0))
    body = person(hip, spine, 70, hands, (-1, -1), (ankle, (ankle[0] - 0.12, 0.38)), (1, 1), (96, 92))
    # the towel from the hands over the toes and round the ball of the foot, its end hanging free
    loop = (hands[0], (toe[0] + 0.02, toe[1] + 0.3), (toe[0] + 0.38, toe[1]), (toe[0] + 0.38, toe[1] - 0.45))
    pull = Arrow((toe[0] + 0.3, toe[1] + 1.05), (toe[0] - 0.2, toe[1] + 1.45), (toe[0] - 0.95, toe[1] + 1.25))
    return Pose("plantar-towel-stretch", (body,), arrows=(pull,), props=(Rod(loop, 0.2, front=True),))


def foot_roll_bottle() -> Pose:
    """Seated, the sole of one foot rolling a bottle on the floor, forward and back."""
    ankle = (0.55 + THIGH + 0.2, 1.08)
    body = _seated(ankle, -18, (0.55 + THIGH - 0.1, FLAT))
    r, cx = 0.36, ankle[0] + 0.38
    bottle = Block(cx - r, 0.0, cx + r, 2 * r, rounding=r, front=True)
    x, y = ankle[0], ankle[1] + 0.95
    roll = (Arrow((x + 0.2, y + 0.1), (x + 0.75, y + 0.3), (x + 1.35, y + 0.1)),
            Arrow((x + 1.35, y - 0.45), (x + 0.8, y - 0.65), (x + 0.25, y - 0.45)))
    return Pose("foot-roll-bottle", (body,), arrows=roll, props=_chair(0.0) + (bottle,))


def ankle_elevate() -> Pose:
    """Seated, one leg resting straight out on a pillow on a stool, the foot up."""
    ankle = (0.55 + THIGH + SHIN - 0.005, SEATED_HIP_Y)
    body = _seated(ankle, 78, (0.55 + THIGH + 0.15, FLAT))
    top, x0, x1 = SEATED_HIP_Y - 0.9, ankle[0] - 1.4, ankle[0] + 0.2
    stool = (Block(x0, top - 0.22, x1, top), Rod(((x0 + 0.15, PROP_W / 2), (x0 + 0.15, top - 0.2)), PROP_W),
             Rod(((x1 - 0.15, PROP_W / 2), (x1 - 0.15, top - 0.2)), PROP_W))
    pillow = Block(x0 - 0.1, top, x1 + 0.1, SEATED_HIP_Y - 0.3, rounding=0.2, front=True)  # under the calf
    return Pose("ankle-elevate", (body,), props=_chair(0.0) + stool + (pillow,))


POSES = (ankle_elevate(), ankle_circles(), calf_stretch_wall(), single_leg_balance(), heel_raises(),
         plantar_towel_stretch(), foot_roll_bottle())
