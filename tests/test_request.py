"""Requests and the one check: layers of choices, their precedence, field names, and the CLI's words for them.

Ported from the option tests of test_resolve.py (which called handouts.build's
request_for / with_options / adjust_sections / parse_date / default_output):
each still checks what it checked, through handouts.request and handouts.check,
and the command line's own words through handouts.cli.in_options.
"""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path

import pytest

from handouts import library, request
from handouts.check import check
from handouts.cli import in_options
from handouts.errors import InputError, Problem
from handouts.models import Selection
from handouts.request import Layer, Overrides, Request, adjust_sections, output_name
from handouts.yamlload import Document, parse_yaml

EMERGENCY = ["bladder-bowel", "groin-numbness", "leg-weakness", "after-injury", "chest-pain", "sudden-belly-pain"]


@pytest.fixture(scope="module")
def topic():
    return library.load_topic("back-spasms")


@pytest.fixture
def today(monkeypatch):
    """Make 'today' 2026-11-24 inside handouts.request (the date rule's one place)."""

    class FixedDate(dt.date):
        @classmethod
        def today(cls):
            return cls(2026, 11, 24)

    monkeypatch.setattr(request, "dt", types.SimpleNamespace(date=FixedDate))
    return dt.date(2026, 11, 24)


def typed(target: str = "back-spasms", **fields) -> Request:
    """``handouts build TARGET`` with ``fields`` typed as options."""
    return Request.for_target(target, Overrides(**fields))


def chosen_selection(target: str = "back-spasms", **fields) -> Selection:
    checked = check(typed(target, **fields))
    assert checked.problems == (), checked.problems
    assert checked.selection is not None
    return checked.selection


def cli_lines(target: str = "back-spasms", **fields) -> list[str]:
    """What `build` prints for the problems of a typed request: each field in the command line's words."""
    overrides = Overrides(**fields)
    return [str(in_options(p, overrides)) for p in check(Request.for_target(target, overrides)).problems]


def adjusted(topic, sections=None, detail="full", **fields):
    choices, problems = adjust_sections(topic, sections, detail, Layer(Overrides(**fields)))
    assert problems == []
    return choices


def chosen(result, section_id):
    return next((c for c in result if c.section == section_id), None)


def printed(checked, section_id) -> list[str]:
    part = next(p for p in checked.handouts[0].sections if p.section.id == section_id)
    return [item.id for item in part.items]


# --- picks, drops and removes ---------------------------------------------------------------------------


def test_pick_a_section_adds_all_its_items(topic):
    result = adjusted(topic, picks=("prevention",))
    assert list(chosen(result, "prevention").items) == topic.section("prevention").item_ids()
    assert result[-1].section == "prevention"


def test_pick_with_items_sets_the_items_of_a_new_section(topic):
    result = adjusted(topic, picks=("prevention=safe-lifting,good-posture",))
    assert chosen(result, "prevention").items == ("safe-lifting", "good-posture")


def test_pick_with_items_sets_the_items_of_a_section_already_picked(topic):
    result = adjusted(topic, picks=("home-care=walking,ice-first",))
    assert chosen(result, "home-care").items == ("walking", "ice-first")


def test_pick_starts_from_the_selections_own_sections(topic):
    sections = Selection(topic="back-spasms", sections=["key-points"]).sections
    result = adjusted(topic, sections, picks=("causes",))
    assert [c.section for c in result] == ["key-points", "causes"]


def test_brief_detail_starts_from_the_brief_selection(topic):
    result = adjusted(topic, detail="brief", picks=("causes",))
    assert [c.section for c in result] == ["key-points", "warning-signs", "home-care", "causes"]


def test_drop_a_section_removes_it(topic):
    assert chosen(adjusted(topic, drops=("recovery",)), "recovery") is None


def test_drop_an_item_removes_only_that_item(topic):
    assert chosen(adjusted(topic, drops=("home-care=heat-after",)), "home-care").items == ("short-rest",)


def test_drop_a_required_sign_is_refused_pointing_to_remove_required():
    assert cli_lines(drops=("warning-signs=after-injury",)) == [
        "--drop warning-signs=after-injury: 'after-injury' is a required emergency sign; to leave it out on "
        "purpose use --remove-required warning-signs=after-injury"
    ]


def test_drop_the_whole_warnings_section_still_prints_the_required_signs():
    assert printed(check(typed(drops=("warning-signs",))), "warning-signs") == EMERGENCY


def test_remove_required_is_recorded_in_the_selection(topic):
    warnings = chosen(adjusted(topic, removes=("warning-signs=after-injury",)), "warning-signs")
    assert warnings.remove_required == ("after-injury",)
    assert "after-injury" not in warnings.items


def test_remove_required_reaches_the_handout():
    checked = check(typed(removes=("warning-signs=after-injury",)))
    assert "after-injury" not in printed(checked, "warning-signs")
    part = next(p for p in checked.handouts[0].sections if p.section.id == "warning-signs")
    assert [item.id for item in part.removed_required] == ["after-injury"]


def test_remove_required_of_an_optional_sign_is_refused():
    assert cli_lines(removes=("warning-signs=fever",)) == [
        "--remove-required warning-signs=fever: 'fever' is not a required sign; use --drop"]


def test_remove_required_without_an_item_is_refused():
    assert cli_lines(removes=("warning-signs",)) == [
        "--remove-required warning-signs: expected SECTION=item, got no item"]


def test_unknown_section_in_an_option_suggests_the_close_one():
    assert cli_lines(picks=("home-car",)) == [
        "--pick home-car: unknown section 'home-car'; did you mean 'home-care'? (sections: causes, exercises, "
        "home-care, ice-or-heat, key-points, prevention, questions, recovery, ...)"
    ]


def test_unknown_item_in_an_option_suggests_the_close_one():
    assert cli_lines(drops=("home-care=icee",)) == [
        "--drop home-care=icee: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'? "
        "(see 'handouts show back-spasms')"
    ]


# --- typed overrides over a request ----------------------------------------------------------------------


def test_with_no_overrides_the_selection_is_the_targets():
    assert chosen_selection(patient=None, notes=()) == check(Request.for_target("back-spasms")).selection


def test_a_patient_without_a_date_gets_today(today):
    selection = chosen_selection(patient="Ana Diaz")
    assert (selection.patient, selection.date) == ("Ana Diaz", today)


def test_without_a_date_or_a_patient_the_date_is_a_blank_line():
    assert chosen_selection().date is None


def test_an_explicit_date_is_used():
    assert chosen_selection(date="2026-12-01").date == dt.date(2026, 12, 1)


@pytest.mark.parametrize("value", ["today", " Today "])
def test_a_typed_today_is_today(today, value):
    assert chosen_selection(date=value).date == today


def test_a_typed_date_may_have_spaces_around_it():
    assert chosen_selection(date=" 2026-11-24 ").date == dt.date(2026, 11, 24)


@pytest.mark.parametrize("value", ["2026-02-30", "24/11/2026", "tomorrow"])
def test_anything_else_typed_as_a_date_is_refused(value):
    assert cli_lines(date=value) == [f"--date: expected a date like 2026-11-24 or 'today', got '{value}'"]


def test_overrides_are_validated_like_a_file_and_named_as_typed():
    assert cli_lines(page_size="a5", notes=("ok", "x" * 2001)) == [
        "--page-size: expected one of letter, a4, got 'a5'",
        "--note 2: expected at most 2000 characters, got 2001; shorten it",
    ]


def test_overrides_beat_a_selection_file_and_keep_its_brand(write):
    write("brand.yaml", "clinic: X\ncountry: US\n")
    path = write("sel.yaml", "topic: back-spasms\nbrand: brand.yaml\ndetail: brief\n")
    checked = check(typed(str(path), detail="full", profile="large"))
    assert (checked.selection.detail, checked.selection.profile) == ("full", "large")
    assert checked.brand_path == path.parent / "brand.yaml"


def test_picks_become_the_selections_sections():
    selection = chosen_selection(picks=("prevention=safe-lifting",))
    assert selection.sections[-1].section == "prevention"
    assert selection.sections[-1].items == ("safe-lifting",)


def test_drop_of_a_required_sign_through_overrides_is_refused():
    assert "--remove-required warning-signs=chest-pain" in cli_lines(drops=("warning-signs=chest-pain",))[0]


def test_unknown_item_in_a_file_keeps_its_line_when_overrides_change_the_sections(write):
    path = write("sel.yaml", """
        topic: back-spasms
        sections:
          - section: home-care
            items:
              - short-rest
              - icee
        """)
    assert [str(p) for p in check(typed(str(path), drops=("home-care=short-rest",))).problems] == [
        f"{path}:6: sections.0.items.1: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'?"]


def test_unknown_section_in_a_file_with_a_pick_is_a_user_error(write):
    path = write("sel.yaml", "topic: back-spasms\nsections:\n  - warnin-signs\n")
    checked = check(typed(str(path), picks=("prevention",)))
    assert checked.refused
    assert str(checked.problems[0]).startswith(f"{path}:3: sections.0.section: unknown section 'warnin-signs'")


# --- the target, the brand, output names ------------------------------------------------------------------


def test_a_topic_id_is_a_typed_layer_with_no_file():
    assert Request.for_target("back-spasms").layers == (Layer(Overrides(topic="back-spasms")),)
    assert check(Request.for_target("back-spasms")).brand_path is None


def test_brand_of_a_selection_file_is_relative_to_that_file(write):
    path = write("clinic/sel.yaml", "topic: back-spasms\nbrand: brand.yaml\n")
    assert check(Request.for_target(str(path))).brand_path == path.parent / "brand.yaml"


def test_a_typed_brand_beats_the_selection_files_brand(write):
    path = write("clinic/sel.yaml", "topic: back-spasms\nbrand: brand.yaml\n")
    assert str(check(typed(str(path), brand=Path("other.yaml"))).brand_path) == "other.yaml"


def test_missing_selection_file_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as excinfo:
        Request.for_target("sel.yaml")
    assert [str(p) for p in excinfo.value.problems] == ["sel.yaml: no such file"]


def test_output_name_is_the_topic_id():
    assert output_name(Selection(topic="back-spasms")) == "back-spasms.pdf"


def test_output_name_names_every_non_default_choice():
    selection = Selection(topic="back-spasms", language="es", detail="brief", profile="large")
    assert output_name(selection) == "back-spasms-es-brief-large.pdf"


def test_output_name_never_holds_the_patients_name():
    assert "Ana" not in output_name(Selection(topic="back-spasms", patient="Ana Diaz"))
    assert "Ana" not in output_name(Selection(topic="back-spasms", patient="Ana Diaz"), number=3)


def test_output_name_of_a_batch_job_is_its_number_preset_and_language():
    selection = Selection(topic="back-spasms", detail="brief", size="large")
    assert output_name(selection, number=7, preset="first-visit") == "0007-first-visit-en-brief-large.pdf"
    assert output_name(selection, number=7) == "0007-back-spasms-en-brief-large.pdf"


def test_output_name_from_a_template_fills_fields_and_columns():
    selection = Selection(topic="back-spasms", colour="greyscale")
    name = output_name(selection, number=2, template="{n}-{clinic_id}-{colour}-{selection}.pdf",
                       fields={"clinic_id": "x7"})
    assert name == "2-x7-greyscale-back-spasms.pdf"


# --- precedence: built-in defaults < brand (page_size) < saved selection < manifest defaults < job < command line


MANIFEST = parse_yaml("defaults:\n  topic: back-spasms\njobs:\n  - patient: A\n", "m.yaml")
LOW_HIGH = {"page_size": ("letter", "a4"), "detail": ("full", "brief"), "size": ("standard", "large"),
            "patient": ("Low Person", "High Person")}


def layer(kind: str, **fields) -> Layer:
    """A layer as each front end makes it: a saved selection file, manifest defaults, a job, what was typed."""
    if kind == "saved selection":
        text = "topic: back-spasms\n" + "".join(f"{key}: {value}\n" for key, value in fields.items())
        return Layer.saved(parse_yaml(text, "sel.yaml"))
    if kind == "manifest defaults":
        return Layer(Overrides(**fields), MANIFEST, ("defaults",))
    if kind == "job":
        return Layer(Overrides(**fields), MANIFEST, ("jobs", 0))
    return Layer(Overrides(**fields))


ORDER = ["saved selection", "manifest defaults", "job", "command line"]


@pytest.mark.parametrize("key", LOW_HIGH)
@pytest.mark.parametrize("lower, higher", list(zip(ORDER, ORDER[1:], strict=False)))
def test_each_layer_beats_the_one_below(key, lower, higher):
    low, high = LOW_HIGH[key]
    layers = [layer(kind, **({key: low} if kind == lower else {key: high} if kind == higher else {}))
              for kind in ORDER]
    checked = check(Request(tuple(layers)))
    assert checked.problems == ()
    assert getattr(checked.selection, key) == high
    handout = checked.handouts[0]
    assert getattr(handout, key) == high  # what is printed, not only what was chosen


@pytest.mark.parametrize("key", LOW_HIGH)
def test_a_lower_layer_holds_when_no_higher_one_names_the_key(key):
    low, _ = LOW_HIGH[key]
    layers = [layer(kind, **({key: low} if kind == "saved selection" else {})) for kind in ORDER]
    assert getattr(check(Request(tuple(layers))).selection, key) == low


def test_the_brands_page_size_beats_the_built_in_default_and_loses_to_every_layer(write):
    a4 = write("brand.yaml", "clinic: X\npage_size: a4\ncountry: US\n")
    assert check(Request.for_target("back-spasms")).handouts[0].page_size == "letter"  # built-in
    assert check(typed(brand=a4)).handouts[0].page_size == "a4"  # the brand's
    path = write("sel.yaml", f"topic: back-spasms\nbrand: {a4.name}\npage_size: letter\n")
    assert check(Request.for_target(str(path))).handouts[0].page_size == "letter"  # the selection's


def test_a_profile_in_a_higher_layer_replaces_a_lower_layers_axes():
    layers = (layer("saved selection", size="large", colour="greyscale"), layer("job", profile="standard"))
    selection = check(Request(layers)).selection
    assert (selection.size, selection.colour) == ("standard", "colour")


def test_a_manifest_default_beats_the_saved_selection_in_a_batch(write):
    """The issue's order: a job's selection file no longer beats the manifest's defaults (it did)."""
    from handouts.batch import plan_manifest

    write("sel.yaml", "topic: back-spasms\ndetail: full\npage_size: letter\n")
    manifest = write("m.yaml", "defaults:\n  detail: brief\njobs:\n  - selection: sel.yaml\n    page_size: a4\n")
    (job,) = list(plan_manifest(manifest, manifest.parent / "out"))
    assert (job.selection.detail, job.selection.page_size) == ("brief", "a4")


def test_a_manifest_defaults_topic_is_only_where_a_job_starts(write):
    from handouts.batch import plan_manifest

    write("sel.yaml", "topic: back-spasms\nlanguage: es\n")
    manifest = write("m.yaml", "defaults:\n  topic: other-topic\njobs:\n  - selection: sel.yaml\n")
    (job,) = list(plan_manifest(manifest, manifest.parent / "out"))
    assert (job.selection.topic, job.selection.language) == ("back-spasms", "es")


# --- check names fields, not options -----------------------------------------------------------------------

EMOJI = "\U0001F9EA"


def wheres(request: Request) -> list[str | None]:
    return [p.where for p in check(request).problems]


def test_check_names_each_typed_field_by_its_overrides_name():
    request = typed(patient="n" * 81, notes=("ok", "x" * 2001), page_size="a5", follow_up="")
    assert wheres(request) == ["page_size", "patient", "notes.1", "follow_up"]


def test_check_names_a_typed_pick_by_its_index():
    assert wheres(typed(picks=("home-care", "home-car"), drops=("icee",))) == ["picks.1", "drops.0"]


def test_check_names_a_typed_date_by_its_field():
    assert wheres(typed(date="tomorrow")) == ["date"]


def test_check_names_typed_text_no_font_draws_by_its_field():
    checked = check(typed(patient=f"A {EMOJI}", notes=("fine", f"cold {EMOJI}"), follow_up=EMOJI))
    assert [p.where for p in checked.problems] == ["patient", "notes.1", "follow_up"]
    assert checked.stage == "text" and not checked.refused


def test_check_speaks_no_command_line_words():
    problems = check(typed(drops=("warning-signs=after-injury",), removes=("warning-signs=fever",))).problems
    assert all("--" not in str(p) for p in problems), problems
    assert [p.where for p in problems] == ["drops.0", "removes.0"]


def test_check_places_a_batch_rows_fields_at_its_line():
    row = Layer(Overrides(patient=f"A {EMOJI}", date="2026-13-01"), Document("rows.csv", {}, {(): 4}))
    assert [str(p) for p in check(Request((Layer(Overrides(topic="back-spasms")), row))).problems] == [
        "rows.csv:4: date: expected a date like 2026-11-24 or 'today', got '2026-13-01'"]


# --- the command line's words for the fields -------------------------------------------------------------


@pytest.mark.parametrize("where, words", [
    ("patient", "--patient: m"), ("follow_up", "--follow-up: m"), ("date", "--date: m"), ("language", "--lang: m"),
    ("also_in.1", "--lang: m"), ("detail", "--detail: m"), ("size", "--size: m"), ("colour", "--colour: m"),
    ("profile", "--profile: m"), ("page_size", "--page-size: m"), ("notes.0", "--note 1: m"),
    ("notes.2", "--note 3: m"),
])
def test_the_cli_names_each_field_by_its_option(where, words):
    assert str(in_options(Problem("m", where=where))) == words


def test_the_cli_names_a_pick_drop_or_remove_with_the_value_typed():
    overrides = Overrides(picks=("a", "b=c"), drops=("d",), removes=("e=f",))
    assert [str(in_options(Problem("m", where=w), overrides)) for w in ("picks.1", "drops.0", "removes.0")] == [
        "--pick b=c: m", "--drop d: m", "--remove-required e=f: m"]


def test_the_cli_names_a_note_from_the_notes_file_by_its_line():
    notes = [None, ("notes.txt", 1), ("notes.txt", 5)]
    assert [str(in_options(Problem("m", where=f"notes.{i}"), notes=notes)) for i in range(3)] == [
        "--note 1: m", "notes.txt:1: m", "notes.txt:5: m"]


def test_the_cli_names_batch_options_with_their_values():
    values = {"outdir": Path("out"), "combine": Path("all.pdf")}
    assert [str(in_options(Problem("m", where=w), values=values)) for w in ("outdir", "combine")] == [
        "-d out: m", "--combine all.pdf: m"]


def test_the_cli_fills_in_the_other_options_a_message_refers_to():
    assert str(in_options(Problem("use {removes} or {drops}", where="picks.0"), Overrides(picks=("x",)))) == \
        "--pick x: use --remove-required or --drop"


def test_the_cli_leaves_problems_placed_in_a_file_alone():
    placed = Problem("m", "sel.yaml", 3, "notes.0")
    assert in_options(placed) is placed
    unplaced = Problem("unknown topic 'x'")
    assert in_options(unplaced) is unplaced
