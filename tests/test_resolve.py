"""Unit tests of handouts.resolve (the option handling is in test_request.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from handouts import library
from handouts.brand import load_brand
from handouts.check import check
from handouts.models import Selection, Topic
from handouts.request import Layer, Request
from handouts.resolve import resolve
from handouts.strings import strings_for
from handouts.yamlload import parse_yaml

EMERGENCY = ["bladder-bowel", "groin-numbness", "leg-weakness", "after-injury", "chest-pain", "sudden-belly-pain"]


@pytest.fixture(scope="module")
def topic():
    return library.load_topic("back-spasms")


@pytest.fixture(scope="module")
def brand():
    return load_brand(None)


def handout(topic, brand, **selection):
    return resolve(Selection(topic="back-spasms", **selection), topic, brand, strings_for(topic.language))


def ids(part) -> list[str]:
    return [item.id for item in part.items]


def section_ids(result) -> list[str]:
    return [part.section.id for part in result.sections]


def part(result, section_id):
    return next(p for p in result.sections if p.section.id == section_id)


# --- which sections and items ---------------------------------------------------------


def test_no_sections_gives_the_topics_default_selection(topic, brand):
    result = handout(topic, brand)
    assert section_ids(result) == [c.section for c in topic.default_selection]


def test_brief_detail_with_no_sections_uses_the_brief_selection(topic, brand):
    result = handout(topic, brand, detail="brief")
    assert section_ids(result) == ["key-points", "warning-signs", "home-care"]
    assert ids(part(result, "home-care")) == ["heat-after"]


def test_brief_detail_with_sections_uses_those_sections(topic, brand):
    result = handout(topic, brand, detail="brief", sections=["key-points", "warning-signs"])
    assert section_ids(result) == ["key-points", "warning-signs"]


def test_brief_detail_without_a_brief_selection_uses_the_default(brand):
    mini = Topic.model_validate({
        "id": "mini", "language": "en", "title": "Mini", "version": "1.0", "updated": dt.date(2026, 1, 1),
        "review": {"status": "not-reviewed"}, "sources": [{"title": "S"}],
        "default_selection": ["tips"],
        "sections": [{"id": "tips", "kind": "list", "heading": "Tips",
                      "items": [{"id": "walk", "title": "Walk", "summary": "Walk.", "body": "Walk."}]}],
    })
    result = resolve(Selection(topic="mini", detail="brief"), mini, brand, strings_for("en"))
    assert section_ids(result) == ["tips"]


def test_items_are_printed_in_the_order_picked(topic, brand):
    result = handout(topic, brand, sections=[{"section": "home-care", "items": ["walking", "short-rest"]}])
    assert ids(part(result, "home-care")) == ["walking", "short-rest"]


def test_an_item_picked_twice_is_printed_once(topic, brand):
    result = handout(topic, brand, sections=[{"section": "home-care", "items": ["walking", "walking"]}])
    assert ids(part(result, "home-care")) == ["walking"]


def test_a_whole_section_gives_all_its_items(topic, brand):
    result = handout(topic, brand, sections=["what-it-is"])
    assert ids(part(result, "what-it-is")) == ["definition", "how-it-feels"]


# --- required emergency warnings -------------------------------------------------------------


def test_required_warnings_are_restored_when_a_selection_leaves_them_out(topic, brand):
    result = handout(topic, brand, sections=[{"section": "warning-signs", "items": ["fever"]}])
    assert ids(part(result, "warning-signs")) == EMERGENCY + ["fever"]


def test_required_warnings_are_restored_when_the_warnings_section_is_left_out(topic, brand):
    result = handout(topic, brand, sections=["key-points", "home-care"])
    assert section_ids(result) == ["key-points", "warning-signs", "home-care"]
    assert ids(part(result, "warning-signs")) == EMERGENCY


def test_restored_warnings_section_goes_last_when_no_later_section_is_picked(topic, brand):
    result = handout(topic, brand, sections=["key-points"])
    assert section_ids(result) == ["key-points", "warning-signs"]


def test_warnings_keep_the_topics_tier_order_whatever_the_pick_order(topic, brand):
    result = handout(topic, brand, sections=[{"section": "warning-signs", "items": ["daily-tasks", "fever"]}])
    assert ids(part(result, "warning-signs")) == EMERGENCY + ["fever", "daily-tasks"]


def test_remove_required_leaves_the_sign_out_and_records_it(topic, brand):
    result = handout(topic, brand, sections=[
        {"section": "warning-signs", "items": ["fever"], "remove_required": ["after-injury"]}
    ])
    warnings = part(result, "warning-signs")
    assert "after-injury" not in ids(warnings)
    assert [item.id for item in warnings.removed_required] == ["after-injury"]


def test_remove_required_with_a_whole_section_keeps_every_other_sign(topic, brand):
    result = handout(topic, brand, sections=[{"section": "warning-signs", "remove_required": ["chest-pain"]}])
    others = [i for i in topic.section("warning-signs").item_ids() if i != "chest-pain"]
    assert ids(part(result, "warning-signs")) == others


def test_nothing_is_recorded_as_removed_when_nothing_was(topic, brand):
    result = handout(topic, brand, sections=["warning-signs"])
    assert part(result, "warning-signs").removed_required == ()


def test_restored_section_records_no_removal(topic, brand):
    result = handout(topic, brand, sections=["key-points"])
    assert part(result, "warning-signs").removed_required == ()


# --- errors and line numbers (checked before resolving) ------------------------------------------------------


def test_unknown_item_in_a_selection_file_carries_the_items_line(topic, brand):
    doc = parse_yaml(
        "topic: back-spasms\nsections:\n  - section: home-care\n    items:\n      - short-rest\n      - icee\n",
        "sel.yaml",
    )
    checked = check(Request((Layer.saved(doc),)))
    assert checked.refused and [str(p) for p in checked.problems] == [
        "sel.yaml:6: sections.0.items.1: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'?"
    ]


def test_unknown_section_in_a_selection_file_suggests_the_close_one(topic, brand):
    doc = parse_yaml("topic: back-spasms\nsections:\n  - key-points\n  - home-car\n", "sel.yaml")
    checked = check(Request((Layer.saved(doc),)))
    assert checked.refused and [str(p) for p in checked.problems] == [
        "sel.yaml:4: sections.1.section: unknown section 'home-car' in topic 'back-spasms'; did you mean "
        "'home-care'? (sections: causes, exercises, home-care, ice-or-heat, key-points, prevention, questions, "
        "recovery, ...)"
    ]


# --- what else the handout carries -------------------------------------------------------------------


def test_page_size_defaults_to_the_brands(topic, brand):
    assert handout(topic, brand).page_size == brand.brand.page_size


def test_page_size_of_the_selection_wins(topic, brand):
    assert handout(topic, brand, page_size="a4").page_size == "a4"


def test_blank_patient_name_is_no_patient(topic, brand):
    assert handout(topic, brand, patient="   ").patient is None


def test_patient_notes_and_follow_up_are_carried(topic, brand):
    result = handout(topic, brand, patient="Ana Diaz", date=dt.date(2026, 11, 24), notes=["Ice"], follow_up="Soon")
    assert (result.patient, result.date, result.notes, result.follow_up) == (
        "Ana Diaz", dt.date(2026, 11, 24), ("Ice",), "Soon"
    )


def test_handout_uses_the_topics_language_catalogue(topic, brand):
    result = handout(topic, brand)
    assert (result.language, result.strings.language_name) == ("en", "English")


def test_brand_warnings_are_carried_to_the_handout(topic, write):
    low = load_brand(write("brand.yaml", "clinic: X\ncolors:\n  primary: '#ffcc00'\ncountry: US\n"))
    result = resolve(Selection(topic="back-spasms"), topic, low, strings_for("en"))
    assert result.warnings == low.warnings and len(result.warnings) == 1
