"""Unit tests of handouts.resolve and of the option handling in handouts.build."""

from __future__ import annotations

import datetime as dt
import types

import pytest

from handouts import build, library
from handouts.brand import load_brand
from handouts.build import adjust_sections, default_output, parse_date, request_for, with_options
from handouts.errors import ContentError, HandoutsError, InputError
from handouts.models import Selection, Topic
from handouts.resolve import resolve
from handouts.strings import strings_for
from handouts.validate import validate
from handouts.yamlload import parse_yaml

EMERGENCY = ["bladder-bowel", "groin-numbness", "leg-weakness", "after-injury", "chest-pain"]


@pytest.fixture(scope="module")
def topic():
    return library.load_topic("back-spasms")


@pytest.fixture(scope="module")
def brand():
    return load_brand(None)


@pytest.fixture
def today(monkeypatch):
    """Make 'today' 2026-11-24 inside handouts.build."""

    class FixedDate(dt.date):
        @classmethod
        def today(cls):
            return cls(2026, 11, 24)

    monkeypatch.setattr(build, "dt", types.SimpleNamespace(date=FixedDate))
    return dt.date(2026, 11, 24)


def handout(topic, brand, **selection):
    return resolve(Selection(topic="back-spasms", **selection), topic, brand, strings_for(topic.language))


def ids(part) -> list[str]:
    return [item.id for item in part.items]


def section_ids(result) -> list[str]:
    return [part.section.id for part in result.sections]


def part(result, section_id):
    return next(p for p in result.sections if p.section.id == section_id)


def problems(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


# --- which sections and items ---------------------------------------------------------


def test_no_sections_gives_the_topics_default_selection(topic, brand):
    result = handout(topic, brand)
    assert section_ids(result) == [c.section for c in topic.default_selection]


def test_brief_detail_with_no_sections_uses_the_brief_selection(topic, brand):
    result = handout(topic, brand, detail="brief")
    assert section_ids(result) == ["warning-signs", "home-care"]
    assert ids(part(result, "home-care")) == ["short-rest", "ice-first", "heat-after", "walking", "pain-relief"]


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
    with pytest.raises(ContentError) as excinfo:
        build.handout_for(build.Request(validate(doc, Selection), doc, None))
    assert problems(excinfo) == [
        "sel.yaml:6: sections.0.items.1: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'?"
    ]


def test_unknown_section_in_a_selection_file_suggests_the_close_one(topic, brand):
    doc = parse_yaml("topic: back-spasms\nsections:\n  - key-points\n  - home-car\n", "sel.yaml")
    with pytest.raises(ContentError) as excinfo:
        build.handout_for(build.Request(validate(doc, Selection), doc, None))
    assert problems(excinfo) == [
        "sel.yaml:4: sections.1.section: unknown section 'home-car' in topic 'back-spasms'; did you mean "
        "'home-care'? (sections: causes, home-care, ice-or-heat, key-points, prevention, recovery, symptoms, "
        "treatments, ...)"
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
    low = load_brand(write("brand.yaml", "clinic: X\ncolors:\n  primary: '#ffcc00'\n"))
    result = resolve(Selection(topic="back-spasms"), topic, low, strings_for("en"))
    assert result.warnings == low.warnings and len(result.warnings) == 1


# --- --pick / --drop / --remove-required ---------------------------------------------------------------


def chosen(result, section_id):
    return next((c for c in result if c["section"] == section_id), None)


def test_pick_a_section_adds_all_its_items(topic):
    result = adjust_sections(topic, None, picks=("prevention",))
    assert chosen(result, "prevention")["items"] == topic.section("prevention").item_ids()
    assert result[-1]["section"] == "prevention"


def test_pick_with_items_sets_the_items_of_a_new_section(topic):
    result = adjust_sections(topic, None, picks=("prevention=safe-lifting,good-posture",))
    assert chosen(result, "prevention")["items"] == ["safe-lifting", "good-posture"]


def test_pick_with_items_sets_the_items_of_a_section_already_picked(topic):
    result = adjust_sections(topic, None, picks=("home-care=walking,ice-first",))
    assert chosen(result, "home-care")["items"] == ["walking", "ice-first"]


def test_pick_starts_from_the_selections_own_sections(topic):
    sections = Selection(topic="back-spasms", sections=["key-points"]).sections
    result = adjust_sections(topic, sections, picks=("causes",))
    assert [c["section"] for c in result] == ["key-points", "causes"]


def test_brief_detail_starts_from_the_brief_selection(topic):
    result = adjust_sections(topic, None, detail="brief", picks=("causes",))
    assert [c["section"] for c in result] == ["warning-signs", "home-care", "causes"]


def test_drop_a_section_removes_it(topic):
    result = adjust_sections(topic, None, drops=("recovery",))
    assert chosen(result, "recovery") is None


def test_drop_an_item_removes_only_that_item(topic):
    result = adjust_sections(topic, None, drops=("home-care=walking",))
    assert chosen(result, "home-care")["items"] == [
        "short-rest", "ice-first", "heat-after", "gentle-stretch", "pain-relief", "sleep-positions"
    ]


def test_drop_a_required_sign_is_refused_pointing_to_remove_required(topic):
    with pytest.raises(InputError) as excinfo:
        adjust_sections(topic, None, drops=("warning-signs=after-injury",))
    assert problems(excinfo) == [
        "--drop warning-signs=after-injury: 'after-injury' is a required emergency sign; to leave it out on "
        "purpose use --remove-required warning-signs=after-injury"
    ]


def test_drop_the_whole_warnings_section_still_prints_the_required_signs(topic, brand):
    sections = adjust_sections(topic, None, drops=("warning-signs",))
    result = handout(topic, brand, sections=sections)
    assert ids(part(result, "warning-signs")) == EMERGENCY


def test_remove_required_is_recorded_in_the_selection(topic):
    result = adjust_sections(topic, None, removes=("warning-signs=after-injury",))
    assert chosen(result, "warning-signs")["remove_required"] == ["after-injury"]
    assert "after-injury" not in chosen(result, "warning-signs")["items"]


def test_remove_required_reaches_the_handout(topic, brand):
    sections = adjust_sections(topic, None, removes=("warning-signs=after-injury",))
    warnings = part(handout(topic, brand, sections=sections), "warning-signs")
    assert "after-injury" not in ids(warnings)
    assert [item.id for item in warnings.removed_required] == ["after-injury"]


def test_remove_required_of_an_optional_sign_is_refused(topic):
    with pytest.raises(InputError) as excinfo:
        adjust_sections(topic, None, removes=("warning-signs=fever",))
    assert problems(excinfo) == ["--remove-required warning-signs=fever: 'fever' is not a required sign; use --drop"]


def test_remove_required_without_an_item_is_refused(topic):
    with pytest.raises(InputError) as excinfo:
        adjust_sections(topic, None, removes=("warning-signs",))
    assert problems(excinfo) == ["--remove-required warning-signs: expected SECTION=item, got no item"]


def test_unknown_section_in_an_option_suggests_the_close_one(topic):
    with pytest.raises(InputError) as excinfo:
        adjust_sections(topic, None, picks=("home-car",))
    assert problems(excinfo) == [
        "--pick home-car: unknown section 'home-car'; did you mean 'home-care'? (sections: causes, home-care, "
        "ice-or-heat, key-points, prevention, recovery, symptoms, treatments, ...)"
    ]


def test_unknown_item_in_an_option_suggests_the_close_one(topic):
    with pytest.raises(InputError) as excinfo:
        adjust_sections(topic, None, drops=("home-care=icee",))
    assert problems(excinfo) == [
        "--drop home-care=icee: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'? "
        "(see 'handouts show back-spasms')"
    ]


# --- with_options ---------------------------------------------------------------------------------------


def test_with_no_options_the_request_is_unchanged():
    request = request_for("back-spasms")
    assert with_options(request, {"patient": None, "notes": []}) is request


def test_a_patient_without_a_date_gets_today(today):
    request = with_options(request_for("back-spasms"), {"patient": "Ana Diaz"})
    assert (request.selection.patient, request.selection.date) == ("Ana Diaz", today)


def test_an_explicit_date_is_used():
    request = with_options(request_for("back-spasms"), {}, date="2026-12-01")
    assert request.selection.date == dt.date(2026, 12, 1)


def test_options_are_validated_like_a_file_and_named_as_typed():
    with pytest.raises(InputError) as excinfo:
        with_options(request_for("back-spasms"), {"page_size": "a5", "notes": ["ok", "x" * 2001]})
    assert problems(excinfo) == [
        "--page-size: expected one of letter, a4, got 'a5'",
        "--note 2: expected at most 2000 characters, got 2001; shorten it",
    ]


def test_options_override_a_selection_file_and_keep_its_brand(write):
    write("brand.yaml", "clinic: X\n")
    path = write("sel.yaml", "topic: back-spasms\nbrand: brand.yaml\ndetail: brief\n")
    request = with_options(request_for(str(path)), {"detail": "full", "profile": "large"})
    assert (request.selection.detail, request.selection.profile) == ("full", "large")
    assert request.brand_path == path.parent / "brand.yaml"


def test_picks_become_the_selections_sections():
    request = with_options(request_for("back-spasms"), {}, picks=("prevention=safe-lifting",))
    assert request.selection.sections[-1].section == "prevention"
    assert request.selection.sections[-1].items == ("safe-lifting",)


def test_drop_of_a_required_sign_through_options_is_refused():
    with pytest.raises(InputError) as excinfo:
        with_options(request_for("back-spasms"), {}, drops=("warning-signs=chest-pain",))
    assert "--remove-required warning-signs=chest-pain" in problems(excinfo)[0]


def test_unknown_item_in_a_file_keeps_its_line_when_options_change_the_sections(write):
    path = write("sel.yaml", """
        topic: back-spasms
        sections:
          - section: home-care
            items:
              - short-rest
              - icee
        """)
    with pytest.raises(HandoutsError) as excinfo:
        build.handout_for(with_options(request_for(str(path)), {}, drops=("home-care=short-rest",)))
    assert [p.split(": ", 1)[1] for p in problems(excinfo)] == [
        "sections.0.items.1: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'?"
    ]
    assert problems(excinfo)[0].startswith(f"{path}:6: ")


def test_unknown_section_in_a_file_with_a_pick_option_is_a_user_error(write):
    path = write("sel.yaml", "topic: back-spasms\nsections:\n  - warnin-signs\n")
    with pytest.raises(HandoutsError) as excinfo:
        build.handout_for(with_options(request_for(str(path)), {}, picks=("prevention",)))
    assert problems(excinfo)[0].startswith(f"{path}:3: sections.0.section: unknown section 'warnin-signs'")


# --- request_for, parse_date, default_output ---------------------------------------------------------------


def test_a_topic_id_is_a_request_from_the_command_line():
    request = request_for("back-spasms")
    assert (request.selection.topic, request.doc.name, request.brand_path) == ("back-spasms", "command line", None)


def test_brand_of_a_selection_file_is_relative_to_that_file(write):
    path = write("clinic/sel.yaml", "topic: back-spasms\nbrand: brand.yaml\n")
    assert request_for(str(path)).brand_path == path.parent / "brand.yaml"


def test_brand_option_overrides_the_selection_files_brand(write):
    path = write("clinic/sel.yaml", "topic: back-spasms\nbrand: brand.yaml\n")
    assert str(request_for(str(path), "other.yaml").brand_path) == "other.yaml"


def test_missing_selection_file_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as excinfo:
        request_for("sel.yaml")
    assert problems(excinfo) == ["sel.yaml: no such file"]


def test_parse_date_without_a_date_or_patient_is_a_blank_line():
    assert parse_date(None, None) is None


def test_parse_date_without_a_date_but_with_a_patient_is_today(today):
    assert parse_date(None, "Ana Diaz") == today


@pytest.mark.parametrize("value", ["today", " Today "])
def test_parse_date_today(today, value):
    assert parse_date(value, None) == today


def test_parse_date_iso():
    assert parse_date(" 2026-11-24 ", None) == dt.date(2026, 11, 24)


@pytest.mark.parametrize("value", ["2026-02-30", "24/11/2026", "tomorrow"])
def test_parse_date_refuses_anything_else(value):
    with pytest.raises(InputError) as excinfo:
        parse_date(value, None)
    assert problems(excinfo) == [f"--date: expected a date like 2026-11-24 or 'today', got '{value}'"]


def test_default_output_is_the_topic_id():
    assert str(default_output(Selection(topic="back-spasms"))) == "back-spasms.pdf"


def test_default_output_names_every_non_default_choice():
    selection = Selection(topic="back-spasms", language="es", detail="brief", profile="large")
    assert str(default_output(selection)) == "back-spasms-es-brief-large.pdf"


def test_default_output_never_holds_the_patients_name():
    assert "Ana" not in str(default_output(Selection(topic="back-spasms", patient="Ana Diaz")))
