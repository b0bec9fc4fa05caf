"""The figure library: every pose a handout can name (``figure:``), gathered from one module per body region.

A region's module builds its poses from :mod:`handouts.pdf.figures` (segment
lengths, :func:`~handouts.pdf.figures.person`, :func:`~handouts.pdf.figures.joint`)
and lists them in its ``POSES``; add the module to :data:`REGIONS`. Pose ids are
unique across the library.
"""

from __future__ import annotations

from ..figures import Pose
from . import ankle_foot, arm, back, hip_knee, lumbar, neck_shoulder

REGIONS = (back, lumbar, hip_knee, neck_shoulder, ankle_foot, arm)


def _gather() -> dict[str, Pose]:
    poses: dict[str, Pose] = {}
    for region in REGIONS:
        for one in region.POSES:
            if one.id in poses:
                raise ValueError(f"pose '{one.id}' of {region.__name__} is already in the figure library")
            poses[one.id] = one
    return poses


POSES = _gather()
POSE_IDS = tuple(POSES)
