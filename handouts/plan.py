"""Where the blocks of one part go, so that the warning signs are on its first page.

Format-neutral: a block is numbers, the heights the renderer measured once
(in points, or any unit the page height is in). Pages fill from the top;
a block is on page 1 when everything before it and the block itself fit
in the page's height. The warning signs go, in this order of preference:
where the selection put them; behind the first section; at the top; then
at the top with each tier kept on a page of its own, so that at least the
heading and the emergency tier are on page 1 (large print); and last, when
even the emergency tier is taller than what is left of page 1 (large print
under a tall clinic header), at the top with that tier flowing on to page 2
rather than leaving page 1 empty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

UNMEASURED = math.inf  # a block's height when it cannot be on page 1 anyway, so was not measured


@dataclass(frozen=True)
class Block:
    """One block of a part: the header, the title, a section, the closing."""

    height: float  # how far down a page it reaches, its spacing included, nothing in it split
    section: bool = False  # a section: the warning signs may be placed before it
    # Only the warning signs: the pieces that must each stay on one page, in order (the
    # heading with the first tier, then each other tier); they end the block, and what of
    # the height they leave (the space above the heading) comes before them.
    tiers: tuple[float, ...] | None = None

    @property
    def lead(self) -> float:
        return self.height - sum(self.tiers or ())


@dataclass(frozen=True)
class Plan:
    """The blocks' print order (indexes into the blocks), and which have their tiers each kept apart."""

    order: tuple[int, ...]
    split: frozenset[int] = frozenset()
    flow: frozenset[int] = frozenset()  # blocks whose first tier may run on to the next page


def plan(blocks: Sequence[Block], page: float) -> Plan:
    """Place the first block with tiers (the warning signs) where it lands on page 1."""
    order = tuple(range(len(blocks)))
    tiered = [i for i in order if blocks[i].tiers is not None]
    tall = frozenset(i for i in tiered if sum(blocks[i].tiers or ()) > page)  # kept tier by tier anyway
    if not tiered:
        return Plan(order)
    warnings = tiered[0]
    sections = [i for i in order if blocks[i].section and i != warnings]
    here = sum(1 for i in sections if i < warnings)  # its place among the other sections
    for index in dict.fromkeys((here, min(here, 1), 0)):
        placed = order if index == here else _placed(order, sections[index], warnings)
        if _on_page_one(blocks, placed, warnings, page, warnings in tall):
            return Plan(placed, tall)
    top = order if here == 0 else _placed(order, sections[0], warnings)
    if _on_page_one(blocks, top, warnings, page, True):
        return Plan(top, tall | {warnings})
    return Plan(top, tall | {warnings}, frozenset({warnings}))


def _placed(order: tuple[int, ...], before: int, warnings: int) -> tuple[int, ...]:
    """``order`` with the warnings block moved to just before the block ``before``."""
    rest = [i for i in order if i != warnings]
    at = rest.index(before)
    return tuple(rest[:at] + [warnings] + rest[at:])


def _on_page_one(blocks: Sequence[Block], order: tuple[int, ...], warnings: int, page: float, split: bool) -> bool:
    """Whether the warnings block's heading and first tier (or, kept together, all of it) fit on page 1."""
    block = blocks[warnings]
    tiers = block.tiers or (0.0,)
    before = sum(blocks[i].height for i in order[: order.index(warnings)])
    return before + block.lead + (tiers[0] if split else sum(tiers)) <= page
