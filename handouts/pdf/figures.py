"""Exercise pictures: people drawn from joint positions, as vectors.

This module is the drawing engine; the poses themselves live in
:mod:`handouts.pdf.poses`, one module per body region. A :class:`Pose` is
one or more :class:`Body` (joint coordinates, in head heights, y up, the
floor at y = 0), floor lines or a mat, props (a pack; a :class:`Block` or
:class:`Rod` for a chair, a wall, a towel) and motion arrows. Poses are
built with forward and inverse kinematics from the segment lengths below,
so every figure keeps the same proportions (a head is about 1/7.5 of the
height, thigh = shin, upper arm about = forearm). A pose is drawn with
ReportLab's graphics shapes (:func:`figure`): limbs as thick round-capped
strokes, the head a filled circle, the far limbs lighter; no image files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect
from reportlab.lib import colors

Point = tuple[float, float]

# Segment lengths, in head heights.
HEAD_R = 0.5
NECK = 0.85  # top of the spine to the centre of the head
TORSO = 2.15  # hip to the top of the spine
UPPER_ARM, FOREARM = 1.4, 1.2
THIGH, SHIN, FOOT = 1.85, 1.85, 0.8
HAND, HAND_W = 0.6, 0.8  # wrist to fingertips; width as a share of an arm's. Drawn only where a body gives fingers
# Stroke widths, in head heights.
TORSO_W, LIMB_W, HALO_W, FLOOR_W, ARROW_W = 0.66, 0.36, 0.14, 0.1, 0.13
MAX_ASPECT = 1.4  # a picture is at most this many times as tall as it is wide

# The limbs, as joint chains; the torso and head are drawn apart.
LIMBS = {
    "far_arm": ("far_shoulder", "far_elbow", "far_hand"),
    "far_leg": ("far_hip", "far_knee", "far_ankle", "far_toe"),
    "arm": ("shoulder", "elbow", "hand"),
    "leg": ("hip", "knee", "ankle", "toe"),
}
LIMB_ORDER = ("far_leg", "far_arm", "leg", "arm")  # back to front
JOINTS = ("head", "neck") + tuple(dict.fromkeys(j for chain in LIMBS.values() for j in chain))


@dataclass(frozen=True)
class Body:
    """One person: every joint of :data:`JOINTS`, the spine's bow, which limbs are drawn lighter, and any hands."""

    joints: Mapping[str, Point]
    bow: float = 0.0  # how far the middle of the spine bulges to the left of hip -> neck
    light: frozenset[str] = frozenset({"far_arm", "far_leg"})
    top_view: bool = False  # seen from above: the torso is drawn as shoulders and hips, not a line
    under: frozenset[str] = frozenset()  # limbs drawn before the torso, so that it covers where they join
    fingers: Mapping[str, Point] = field(default_factory=dict)  # "hand"/"far_hand" -> fingertips: a wrist shows

    def spine_middle(self) -> Point:
        (hx, hy), (nx, ny) = self.joints["hip"], self.joints["neck"]
        length = math.hypot(nx - hx, ny - hy)
        return ((hx + nx) / 2 - self.bow * (ny - hy) / length, (hy + ny) / 2 + self.bow * (nx - hx) / length)


@dataclass(frozen=True)
class Arrow:
    """A motion arrow: a curve from ``start`` bending towards ``via``, its head at ``end``."""

    start: Point
    via: Point
    end: Point


@dataclass(frozen=True)
class Pack:
    """A warm (or cold) pack wrapped in a towel: a rounded box from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Wave:
    """A wavy line from ``start`` to ``end``, with ``bumps`` half-waves: warmth, drawn on a pack."""

    start: Point
    end: Point
    bumps: int = 3
    amplitude: float = 0.16


@dataclass(frozen=True)
class Block:
    """A prop drawn as a box from (x0, y0) to (x1, y1): a chair's seat, a wall; with ``rounding`` half its side,
    a disc (a bottle seen end on).

    Behind the bodies in the mat's fill and the floor's grey, or, ``front``, over them in the accent: a thing
    the exercise uses, which must show.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    rounding: float = 0.0
    front: bool = False


@dataclass(frozen=True)
class Rod:
    """A prop drawn as a thick round-ended line through ``points``: a chair's back and legs, a towel or strap.

    Behind the bodies in the floor's grey, or, ``front``, over them in the accent (a towel held in the hands).
    """

    points: tuple[Point, ...]
    width: float = LIMB_W * 0.6
    front: bool = False


@dataclass(frozen=True)
class Pose:
    """What one exercise picture shows."""

    id: str
    bodies: tuple[Body, ...]
    floors: tuple[float, ...] = (0.0,)  # heights of floor lines, each as wide as the bodies on it
    arrows: tuple[Arrow, ...] = ()
    mat: bool = False  # a mat seen from above, behind the bodies
    packs: tuple[Pack, ...] = ()  # drawn over the bodies
    waves: tuple[Wave, ...] = ()
    props: tuple[Block | Rod, ...] = ()  # chairs, walls, towels: see Block and Rod

    def points(self) -> Iterator[tuple[Point, float]]:
        """Every point drawn, with how far the ink reaches around it."""
        for body in self.bodies:
            for name, point in body.joints.items():
                yield point, HEAD_R if name == "head" else TORSO_W / 2 + HALO_W
            for point in body.fingers.values():
                yield point, HAND_W * LIMB_W / 2 + HALO_W
            yield body.spine_middle(), TORSO_W / 2
        for arrow in self.arrows:
            for point in (arrow.start, arrow.via, arrow.end):
                yield point, ARROW_W * 3
        for pack in self.packs:
            yield (pack.x0, pack.y0), FLOOR_W
            yield (pack.x1, pack.y1), FLOOR_W
        for wave in self.waves:
            for point in (wave.start, wave.end):
                yield point, wave.amplitude + ARROW_W
        for prop in self.props:
            if isinstance(prop, Block):
                yield (prop.x0, prop.y0), HALO_W
                yield (prop.x1, prop.y1), HALO_W
            else:
                for point in prop.points:
                    yield point, prop.width / 2 + HALO_W

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of all the ink, floors and mat included."""
        pts = list(self.points())
        x0 = min(x - r for (x, _), r in pts) - 0.1
        x1 = max(x + r for (x, _), r in pts) + 0.1
        y0 = min([y - r for (_, y), r in pts] + [f - FLOOR_W for f in self.floors])
        y1 = max(y + r for (_, y), r in pts)
        if self.mat:
            x0, y0, x1, y1 = x0 - 0.2, y0 - 0.2, x1 + 0.2, y1 + 0.2
        return x0, y0, x1, y1


# --- building poses ---------------------------------------------------------------------------


def at(point: Point, degrees: float, length: float) -> Point:
    """The point ``length`` away from ``point`` in the direction ``degrees`` (0 = right, 90 = up)."""
    angle = math.radians(degrees)
    return point[0] + length * math.cos(angle), point[1] + length * math.sin(angle)


def joint(root: Point, end: Point, first: float, second: float, side: int) -> Point:
    """The middle joint (elbow, knee) of a two-part limb from ``root`` to ``end``.

    ``side`` +1 puts it counter-clockwise of the line root -> end, -1
    clockwise, 0 on that line (a limb bent towards the viewer, seen
    foreshortened); a limb too short to reach is straightened towards ``end``.
    """
    if side == 0:
        return (root[0] + end[0]) / 2, (root[1] + end[1]) / 2
    dx, dy = end[0] - root[0], end[1] - root[1]
    reach = min(max(math.hypot(dx, dy), abs(first - second) + 1e-6), first + second - 1e-6)
    cosine = (first * first + reach * reach - second * second) / (2 * first * reach)
    angle = math.degrees(math.atan2(dy, dx) + side * math.acos(max(-1.0, min(1.0, cosine))))
    return at(root, angle, first)


def person(hip: Point, spine: float, head: float, hands: tuple[Point, Point], elbows: tuple[int, int],
           ankles: tuple[Point, Point], knees: tuple[int, int], toes: tuple[float, float],
           far: Point = (0.0, 0.0), **options) -> Body:
    """A side-view body: the spine's direction, the head's direction from the neck, where hands and
    ankles are (near, far), which way elbows and knees bend, the feet's directions.

    ``far`` shifts the far limbs' roots a little, so that they show beside the near ones.
    """
    neck = at(hip, spine, TORSO)
    shoulder = at(hip, spine, TORSO - 0.2)
    far_shoulder, far_hip = (shoulder[0] + far[0], shoulder[1] + far[1]), (hip[0] + far[0], hip[1] + far[1])
    j = {"head": at(neck, head, NECK), "neck": neck, "shoulder": shoulder, "hip": hip,
         "far_shoulder": far_shoulder, "far_hip": far_hip}
    for prefix, index in (("", 0), ("far_", 1)):
        root_arm, root_leg = j[prefix + "shoulder"], j[prefix + "hip"]
        j[prefix + "hand"] = hands[index]
        j[prefix + "elbow"] = joint(root_arm, hands[index], UPPER_ARM, FOREARM, elbows[index])
        j[prefix + "ankle"] = ankles[index]
        j[prefix + "knee"] = joint(root_leg, ankles[index], THIGH, SHIN, knees[index])
        j[prefix + "toe"] = at(ankles[index], toes[index], FOOT)
    return Body(j, **options)


# --- drawing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ink:
    """The colours a picture is drawn in: all from the handout's styles, so greyscale stays grey."""

    line: colors.Color  # the body, and its near limbs
    accent: colors.Color  # motion arrows
    mat: colors.Color  # the mat's fill
    floor: colors.Color = field(default_factory=lambda: colors.HexColor("#9a9a9a"))
    paper: colors.Color = colors.white

    @property
    def light(self) -> colors.Color:
        """The far limbs: the line colour halfway to white."""
        return _mix(self.line, 0.5)


def _mix(colour: colors.Color, towards_white: float) -> colors.Color:
    return colors.Color(*(v + (1 - v) * towards_white for v in (colour.red, colour.green, colour.blue)))


def pose(pose_id: str) -> Pose:
    """A pose of the library, :mod:`handouts.pdf.poses` (which builds its poses from this module's parts)."""
    from .poses import POSES

    return POSES[pose_id]


def size(pose_id: str, width: float) -> tuple[float, float]:
    """A picture of ``pose_id`` at ``width`` points: its height, and its scale in points per head height."""
    x0, y0, x1, y1 = pose(pose_id).bounds()
    height = min(width * (y1 - y0) / (x1 - x0), width * MAX_ASPECT)
    return height, min(width / (x1 - x0), height / (y1 - y0))


def figure(pose_id: str, width: float, ink: Ink, height: float | None = None) -> Drawing:
    """The picture of ``pose_id``, ``width`` points wide, its ink centred in its box.

    With ``height``, the box is ``width`` by ``height`` and the picture as large as fits in it.
    """
    drawn = pose(pose_id)
    x0, y0, x1, y1 = drawn.bounds()
    if height is None:
        height, scale = size(pose_id, width)
    else:
        scale = min(width / (x1 - x0), height / (y1 - y0))
    dx = (width - (x1 - x0) * scale) / 2 - x0 * scale
    dy = (height - (y1 - y0) * scale) / 2 - y0 * scale
    group = Group(*_shapes(drawn, ink), transform=(scale, 0, 0, scale, dx, dy))
    drawing = Drawing(width, height, group)
    drawing.hAlign = "LEFT"
    return drawing


def _shapes(pose: Pose, ink: Ink) -> Iterator:
    x0, y0, x1, y1 = pose.bounds()
    if pose.mat:
        yield Rect(x0 + 0.1, y0 + 0.1, x1 - x0 - 0.2, y1 - y0 - 0.2, rx=0.4, ry=0.4, fillColor=ink.mat,
                   strokeColor=ink.floor, strokeWidth=FLOOR_W)
    for floor in pose.floors:
        yield _line((x0 + 0.15, floor - FLOOR_W / 2), (x1 - 0.15, floor - FLOOR_W / 2), ink.floor, FLOOR_W)
    yield from _props(pose, ink, front=False)
    for body in pose.bodies:
        yield from _body(body, ink)
    yield from _props(pose, ink, front=True)
    for arrow in pose.arrows:
        yield from _arrow(arrow, ink.accent)
    for pack in pose.packs:  # a paper halo, so that the pack shows on the body
        yield Rect(pack.x0, pack.y0, pack.x1 - pack.x0, pack.y1 - pack.y0, rx=0.18, ry=0.18,
                   fillColor=ink.accent, strokeColor=ink.paper, strokeWidth=HALO_W)
    for wave in pose.waves:
        yield _wave(wave, ink.paper)


def _props(pose: Pose, ink: Ink, front: bool) -> Iterator:
    """The props behind the bodies (grey, like the floor) or in front of them (the accent, with a paper halo)."""
    for prop in pose.props:
        if prop.front != front:
            continue
        if isinstance(prop, Block):
            fill, edge = (ink.accent, ink.paper) if front else (ink.mat, ink.floor)
            yield Rect(prop.x0, prop.y0, prop.x1 - prop.x0, prop.y1 - prop.y0, rx=prop.rounding, ry=prop.rounding,
                       fillColor=fill, strokeColor=edge, strokeWidth=HALO_W if front else FLOOR_W)
            continue
        tints: tuple[tuple[colors.Color, float], ...] = ((ink.floor, prop.width),)
        if front:  # a paper halo first, so that it shows where it crosses the body
            tints = ((ink.paper, prop.width + 2 * HALO_W), (ink.accent, prop.width))
        for tint, width in tints:
            path = Path(fillColor=None, strokeColor=tint, strokeWidth=width, strokeLineCap=1, strokeLineJoin=1)
            path.moveTo(*prop.points[0])
            for point in prop.points[1:]:
                path.lineTo(*point)
            yield path


def _body(body: Body, ink: Ink) -> Iterator:
    j = body.joints
    for name in ("far_arm", "far_leg"):
        if name in body.light:
            yield from _chain(j, LIMBS[name], ink.light, ink.paper, body.fingers)
    for name in LIMB_ORDER:  # never a set's own order: it changes with each process's hash seed
        if name in body.under:
            yield from _chain(j, LIMBS[name], ink.line, ink.paper, body.fingers)
    yield from _torso(body, ink.line)
    yield Circle(j["head"][0], j["head"][1], HEAD_R, fillColor=ink.line, strokeColor=None)
    for name in LIMB_ORDER:
        if name not in body.light | body.under:
            yield from _chain(j, LIMBS[name], ink.line, ink.paper, body.fingers)


def _torso(body: Body, colour: colors.Color) -> Iterator:
    j = body.joints
    if body.top_view:  # shoulders to hips, filled, with the neck
        corners = [j["far_shoulder"], j["shoulder"], j["far_hip"], j["hip"]]
        cx, cy = sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4
        corners.sort(key=lambda p: math.atan2(p[1] - cy, p[0] - cx))  # round the outline, whichever hip is near
        flat = [v for point in corners for v in point]
        yield Polygon(flat, fillColor=colour, strokeColor=colour, strokeWidth=LIMB_W, strokeLineJoin=1)
        yield _line(j["neck"], ((j["shoulder"][0] + j["far_shoulder"][0]) / 2, j["neck"][1]), colour, TORSO_W)
        return
    path = Path(fillColor=None, strokeColor=colour, strokeWidth=TORSO_W, strokeLineCap=1, strokeLineJoin=1)
    (hx, hy), (nx, ny), (mx, my) = j["hip"], j["neck"], body.spine_middle()
    path.moveTo(hx, hy)
    path.curveTo(hx + (mx - hx) * 4 / 3 - (nx - hx) / 3, hy + (my - hy) * 4 / 3 - (ny - hy) / 3,
                 nx + (mx - nx) * 4 / 3 - (hx - nx) / 3, ny + (my - ny) * 4 / 3 - (hy - ny) / 3, nx, ny)
    yield path


def _chain(j: Mapping[str, Point], names: tuple[str, ...], colour: colors.Color, paper: colors.Color,
           fingers: Mapping[str, Point]) -> Iterator:
    """A limb: a paper-coloured halo first, so that it shows where it crosses the body; then, where the
    body gives an arm's fingertips, its hand, a little thinner, its halo marking the wrist."""
    points = [j[name] for name in names]
    for tint, width in ((paper, LIMB_W + 2 * HALO_W), (colour, LIMB_W)):
        path = Path(fillColor=None, strokeColor=tint, strokeWidth=width, strokeLineCap=1, strokeLineJoin=1)
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        yield path
    if names[-1] in fingers:
        hand = HAND_W * LIMB_W
        yield _line(points[-1], fingers[names[-1]], paper, hand + HALO_W)
        yield _line(points[-1], fingers[names[-1]], colour, hand)


def _arrow(arrow: Arrow, colour: colors.Color) -> Iterator:
    (sx, sy), (vx, vy), (ex, ey) = arrow.start, arrow.via, arrow.end
    head = ARROW_W * 3.2
    angle = math.atan2(ey - vy, ex - vx)
    base = (ex - head * 0.8 * math.cos(angle), ey - head * 0.8 * math.sin(angle))
    path = Path(fillColor=None, strokeColor=colour, strokeWidth=ARROW_W, strokeLineCap=1)
    path.moveTo(sx, sy)
    path.curveTo(sx + (vx - sx) * 2 / 3, sy + (vy - sy) * 2 / 3,
                 base[0] + (vx - base[0]) * 2 / 3, base[1] + (vy - base[1]) * 2 / 3, *base)
    yield path
    left = (ex - head * math.cos(angle - 0.45), ey - head * math.sin(angle - 0.45))
    right = (ex - head * math.cos(angle + 0.45), ey - head * math.sin(angle + 0.45))
    yield Polygon([ex, ey, *left, *right], fillColor=colour, strokeColor=colour, strokeWidth=ARROW_W / 2,
                  strokeLineJoin=1)


def _wave(wave: Wave, colour: colors.Color) -> Path:
    """Half-waves from start to end, bulging to alternate sides."""
    (sx, sy), (ex, ey) = wave.start, wave.end
    length = math.hypot(ex - sx, ey - sy)
    nx, ny = -(ey - sy) / length, (ex - sx) / length  # the normal, for the bulges
    path = Path(fillColor=None, strokeColor=colour, strokeWidth=ARROW_W * 0.6, strokeLineCap=1)
    path.moveTo(sx, sy)
    for k in range(wave.bumps):
        a, b = k / wave.bumps, (k + 1) / wave.bumps
        bulge = wave.amplitude * 4 / 3 * (1 if k % 2 == 0 else -1)
        p0 = (sx + (ex - sx) * a, sy + (ey - sy) * a)
        p1 = (sx + (ex - sx) * b, sy + (ey - sy) * b)
        path.curveTo(p0[0] + (p1[0] - p0[0]) / 3 + nx * bulge, p0[1] + (p1[1] - p0[1]) / 3 + ny * bulge,
                     p0[0] + (p1[0] - p0[0]) * 2 / 3 + nx * bulge, p0[1] + (p1[1] - p0[1]) * 2 / 3 + ny * bulge,
                     *p1)
    return path


def _line(a: Point, b: Point, colour: colors.Color, width: float) -> Line:
    return Line(a[0], a[1], b[0], b[1], strokeColor=colour, strokeWidth=width, strokeLineCap=1)
