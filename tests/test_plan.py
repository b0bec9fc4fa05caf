"""The layout plan with plain numbers: where the warning signs go so that they are on page 1."""

from __future__ import annotations

import math

import pytest

from handouts.plan import UNMEASURED, Block, Plan, plan

PAGE = 100.0
HEADER, TITLE = Block(10), Block(10)  # 20 of the page before any section
CLOSING = Block(30)


def section(height: float) -> Block:
    return Block(height, section=True)


def warnings(*tiers: float, lead: float = 0) -> Block:
    return Block(lead + sum(tiers), section=True, tiers=tiers)


def part(*sections: Block) -> list[Block]:
    return [HEADER, TITLE, *sections, CLOSING]


def test_no_warning_signs_keeps_the_order():
    assert plan(part(section(50), section(80)), PAGE) == Plan((0, 1, 2, 3, 4))


def test_warning_signs_that_fit_where_they_are_stay_there():
    blocks = part(section(30), section(20), warnings(25, 5), section(90))
    assert plan(blocks, PAGE) == Plan((0, 1, 2, 3, 4, 5, 6))


def test_a_page_filled_exactly_is_still_page_one():
    blocks = part(section(30), section(20), warnings(25, 5))  # 20 + 30 + 20 + 30 = 100
    assert plan(blocks, PAGE).order == (0, 1, 2, 3, 4, 5)


def test_warning_signs_move_behind_the_first_section_when_late():
    blocks = part(section(30), section(40), warnings(25, 5), section(10))  # 90 + 30 > 100; 50 + 30 fits
    assert plan(blocks, PAGE) == Plan((0, 1, 2, 4, 3, 5, 6))


def test_warning_signs_move_to_the_top_when_behind_the_first_is_still_late():
    blocks = part(section(60), section(10), warnings(25, 5))  # 80 + 30 > 100; 20 + 30 fits
    assert plan(blocks, PAGE) == Plan((0, 1, 4, 2, 3, 5))


def test_tiers_are_kept_apart_at_the_top_as_a_last_resort():
    blocks = part(section(60), section(10), warnings(50, 40, 5))  # 20 + 95 > 100 even at the top
    assert plan(blocks, PAGE) == Plan((0, 1, 4, 2, 3, 5), split=frozenset({4}))


def test_the_last_resort_keeps_warnings_already_first_in_place():
    blocks = part(warnings(50, 40, 5), section(10))
    assert plan(blocks, PAGE) == Plan((0, 1, 2, 3, 4), split=frozenset({2}))


def test_warning_signs_taller_than_a_page_are_kept_tier_by_tier_wherever_they_go():
    blocks = part(section(30), warnings(40, 40, 30))  # 110: no page holds them whole
    assert plan(blocks, PAGE) == Plan((0, 1, 2, 3, 4), split=frozenset({3}))  # 20 + 30 + 40 fits


def test_a_tall_box_still_moves_up_for_its_first_tier():
    blocks = part(section(30), section(40), warnings(40, 40, 30))  # 90 + 40 > 100; 50 + 40 fits
    assert plan(blocks, PAGE) == Plan((0, 1, 2, 4, 3, 5), split=frozenset({4}))


def test_the_space_above_the_heading_counts():
    assert plan(part(section(30), warnings(50, lead=0)), PAGE).order == (0, 1, 2, 3, 4)
    assert plan(part(section(30), warnings(50, lead=1)), PAGE).order == (0, 1, 3, 2, 4)


def test_fixed_blocks_never_move_and_only_the_warnings_do():
    blocks = [HEADER, TITLE, section(70), section(5), warnings(20), section(1), CLOSING]
    order = plan(blocks, PAGE).order
    assert sorted(order) == list(range(len(blocks)))
    assert [i for i in order if i != 4] == [0, 1, 2, 3, 5, 6]


def test_unmeasured_blocks_are_taken_as_below_page_one():
    blocks = part(section(50), Block(UNMEASURED, section=True), warnings(20))
    assert plan(blocks, PAGE).order == (0, 1, 2, 4, 3, 5)
    assert math.isinf(UNMEASURED)


def test_only_the_first_warnings_block_is_moved_a_later_one_is_split_only_when_tall():
    blocks = part(section(70), warnings(20), section(5), warnings(60, 50))
    result = plan(blocks, PAGE)
    assert result.order == (0, 1, 3, 2, 4, 5, 6)
    assert result.split == frozenset({5})


@pytest.mark.parametrize("where", range(5))
def test_wherever_they_start_the_signs_end_up_on_page_one_when_they_can(where):
    sections = [section(h) for h in (25, 35, 15, 45)]
    sections.insert(where, warnings(30, 10))
    blocks = part(*sections)
    result = plan(blocks, PAGE)
    index = 2 + where
    before = result.order[: result.order.index(index)]
    assert sum(blocks[i].height for i in before) + blocks[index].height <= PAGE
