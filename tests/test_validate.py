"""Unit tests of schemas (handouts.models), their messages (handouts.validate) and did_you_mean."""

from __future__ import annotations

import datetime as dt

import click
import pytest
from pydantic import ValidationError

from handouts.errors import ContentError, InputError, Problem, did_you_mean, one_of
from handouts.models import Brand, SectionChoice, Selection, TableSection, Topic, WarningsSection
from handouts.validate import choice_problems, describe, detect_kind, topic_problems, validate
from handouts.yamlload import parse_yaml

MINI_TOPIC = """\
id: mini
language: en
title: Mini topic
version: 1.0.0
updated: 2026-11-24
review:
  status: not-reviewed
sources:
  - title: A source
default_selection:
  - tips
sections:
  - id: tips
    kind: list
    heading: Tips
    items:
      - id: walk
        title: Walk
        summary: Walk each day.
        body: Take a short walk each day.
"""  # 20 lines; sections appended below start at line 21


def errors(text: str, model, name: str = "sel.yaml") -> list[str]:
    with pytest.raises(ContentError) as excinfo:
        validate(parse_yaml(text, name), model)
    return [str(p) for p in excinfo.value.problems]


def topic_errors(extra: str, base: str = MINI_TOPIC) -> list[str]:
    return errors(base + extra, Topic, "t.yaml")


def mini_topic(extra: str = "", base: str = MINI_TOPIC):
    doc = parse_yaml(base + extra, "t.yaml")
    return validate(doc, Topic), doc


# --- did_you_mean, one_of, Problem -------------------------------------------------


def test_did_you_mean_suggests_a_close_spelling():
    assert did_you_mean("profil", ["profile", "patient", "topic"]) == "; did you mean 'profile'?"


def test_did_you_mean_suggests_an_id_from_one_of_its_words():
    assert did_you_mean("icee", ["short-rest", "ice-first", "walking"]) == "; did you mean 'ice-first'?"


def test_did_you_mean_suggests_the_same_words_in_another_order():
    assert did_you_mean("core-strong", ["strong-core", "safe-lifting"]) == "; did you mean 'strong-core'?"


def test_did_you_mean_says_nothing_when_nothing_is_close():
    assert did_you_mean("xyzzy", ["short-rest", "ice-first"]) == ""


def test_did_you_mean_says_nothing_without_choices():
    assert did_you_mean("icee", []) == ""


def test_one_of_sorts_and_joins():
    assert one_of(["b", "a", "b"]) == "a, b"


def test_one_of_shortens_a_long_list():
    assert one_of([f"k{i}" for i in range(10)]) == "k0, k1, k2, k3, k4, k5, k6, k7, ..."


def test_problem_with_file_line_and_key_path():
    assert str(Problem("bad", file="sel.yaml", line=3, where="sections.0")) == "sel.yaml:3: sections.0: bad"


def test_problem_with_file_and_no_line():
    assert str(Problem("no such file", file="sel.yaml")) == "sel.yaml: no such file"


def test_problem_with_no_file():
    assert str(Problem("--date: bad")) == "--date: bad"


def test_handouts_error_shows_one_error_line_per_problem(capsys):
    error = ContentError([Problem("one", file="a.yaml", line=1), Problem("two", file="a.yaml", line=2)])
    error.show()
    assert capsys.readouterr().err == "Error: a.yaml:1: one\nError: a.yaml:2: two\n"


def test_handouts_error_exits_1_and_is_a_click_exception():
    error = InputError("bad")
    assert isinstance(error, click.ClickException)
    assert error.exit_code == 1
    assert error.problems == [Problem("bad")]


# --- telling files apart -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [("clinic: X\n", "brand"), ("topic: back-spasms\n", "selection"), (MINI_TOPIC, "topic")],
)
def test_detect_kind_by_telltale_keys(text, kind):
    assert detect_kind(parse_yaml(text, "f.yaml")) == kind


def test_detect_kind_refuses_a_list():
    with pytest.raises(ContentError) as excinfo:
        detect_kind(parse_yaml("- topic: back-spasms\n", "f.yaml"))
    assert [str(p) for p in excinfo.value.problems] == [
        "f.yaml:1: expected a mapping of keys and values, got a list; write it as lines of 'key: value'"]


def test_detect_kind_refuses_a_mapping_it_cannot_place():
    with pytest.raises(ContentError) as excinfo:
        detect_kind(parse_yaml("language: en\n", "f.yaml"))
    assert [str(p) for p in excinfo.value.problems] == [
        "f.yaml:1: cannot tell what kind of file this is; expected a topic (with 'sections' and "
        "'version'), a brand (with 'clinic'), a selection (with 'topic') or a batch manifest "
        "(with 'jobs' or 'matrix')"
    ]


# --- describe -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "nothing (an empty value)"),
        (False, "the yes/no value false"),
        (12, "the number 12"),
        (1.5, "the number 1.5"),
        (dt.date(2026, 1, 2), "the date 2026-01-02"),
        ("abc", "'abc'"),
        ("x" * 41, "'" + "x" * 37 + "...'"),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
    ],
)
def test_describe_says_how_a_value_looks_in_yaml(value, text):
    assert describe(value) == text


# --- selection messages ----------------------------------------------------------------


def test_unknown_key_suggests_the_close_key():
    assert errors("topic: back-spasms\ndetail: full\nprofil: large\n", Selection) == [
        "sel.yaml:3: profil: unknown key 'profil'; did you mean 'profile'?"
    ]


def test_unknown_key_with_nothing_close_lists_the_keys():
    assert errors("clinic: X\nxyzzy: 1\n", Brand, "brand.yaml") == [
        "brand.yaml:2: xyzzy: unknown key 'xyzzy' (expected one of: address, after_hours, clinic, colors, "
        "country, email, emergency_number, font, ...)"
    ]


def test_unknown_key_in_a_nested_mapping_uses_that_mappings_keys():
    assert errors("clinic: X\ncolors:\n  secondary: '#000000'\n", Brand, "brand.yaml") == [
        "brand.yaml:3: colors.secondary: unknown key 'secondary' (expected one of: accent, primary)"
    ]


def test_unknown_key_in_a_section_choice_suggests_section():
    assert errors("topic: back-spasms\nsections:\n  - sectoin: home-care\n", Selection) == [
        "sel.yaml:3: sections.0: expected a value for 'section', found none; add 'section: ...'",
        "sel.yaml:3: sections.0.sectoin: unknown key 'sectoin'; did you mean 'section'?",
    ]


def test_number_where_text_is_expected_says_to_quote_it():
    assert errors("clinic: X\nemergency_number: 911\n", Brand, "brand.yaml") == [
        'brand.yaml:2: emergency_number: expected text, got the number 911 '
        '(YAML reads an unquoted 911 that way); put it in quotes: "911"'
    ]


def test_yes_no_word_where_text_is_expected_says_to_quote_it():
    assert errors("topic: back-spasms\npatient: No\n", Selection) == [
        'sel.yaml:2: patient: expected text, got the yes/no value false '
        '(YAML reads an unquoted No that way); put it in quotes: "No"'
    ]


def test_leading_zero_number_in_a_list_says_to_quote_it():
    assert errors("topic: back-spasms\nnotes:\n  - 0123\n", Selection) == [
        'sel.yaml:3: notes.0: expected text, got the number 83 '
        '(YAML reads an unquoted 0123 that way); put it in quotes: "0123"'
    ]


def test_quoted_number_is_accepted_as_text():
    brand = validate(parse_yaml('clinic: X\nemergency_number: "911"\n', "b.yaml"), Brand)
    assert brand.emergency_number == "911"


def test_empty_value_where_text_is_expected_gets_no_quote_hint():
    assert errors("clinic:\n", Brand, "brand.yaml") == [
        "brand.yaml:1: clinic: expected text, got nothing (an empty value)"
    ]


def test_impossible_date_is_reported_with_its_text():
    assert errors("topic: back-spasms\ndate: 2026-02-30\n", Selection) == [
        "sel.yaml:2: date: expected a date like 2026-11-24, got '2026-02-30'"
    ]


def test_wrong_choice_lists_the_choices_and_suggests_one():
    assert errors("topic: back-spasms\ndetail: ful\n", Selection) == [
        "sel.yaml:2: detail: expected one of full, brief, got 'ful'; did you mean 'full'?"
    ]


def test_non_kebab_topic_id_is_explained():
    assert errors("topic: Back Spasms\n", Selection) == [
        "sel.yaml:1: topic: expected a kebab-case id (lower-case letters, digits and dashes, "
        "like 'ice-first'), got 'Back Spasms'"
    ]


def test_bad_language_code_is_explained():
    assert errors("topic: back-spasms\nlanguage: english\n", Selection) == [
        "sel.yaml:2: language: expected a language code like 'en' or 'es', got 'english'"
    ]


def test_missing_required_key_at_the_top_names_the_file_only():
    assert errors("detail: full\n", Selection) == [
        "sel.yaml: expected a value for 'topic', found none; add 'topic: ...'"]


def test_text_where_a_list_is_expected():
    assert errors("topic: back-spasms\nnotes: just one\n", Selection) == [
        "sel.yaml:2: notes: expected a list, got 'just one'; put each entry on a line of its own that starts "
        "with '- '"
    ]


def test_number_where_a_section_choice_is_expected():
    assert errors("topic: back-spasms\nsections:\n  - 12\n", Selection) == [
        "sel.yaml:3: sections.0: expected a mapping of keys and values, got the number 12; write it as lines of "
        "'key: value'"
    ]


def test_every_problem_is_reported_in_line_order():
    text = "topic: back-spasms\nfollow_up: 12\ndetail: ful\ndate: soon\n"
    assert [p.split(":")[1] for p in errors(text, Selection)] == ["2", "3", "4"]


def test_section_shorthand_is_a_whole_section_choice():
    selection = validate(parse_yaml("topic: back-spasms\nsections:\n  - key-points\n", "s.yaml"), Selection)
    assert selection.sections == (SectionChoice(section="key-points"),)
    assert selection.sections[0].items is None


def test_selection_defaults():
    selection = validate(parse_yaml("topic: back-spasms\n", "s.yaml"), Selection)
    assert (selection.language, selection.detail, selection.profile, selection.page_size, selection.sections) == (
        "en", "full", "standard", None, None
    )


def test_validated_models_are_frozen():
    selection = validate(parse_yaml("topic: back-spasms\n", "s.yaml"), Selection)
    with pytest.raises(ValidationError):
        selection.detail = "brief"


def test_text_is_stripped():
    selection = validate(parse_yaml("topic: back-spasms\nfollow_up: '  soon  '\n", "s.yaml"), Selection)
    assert selection.follow_up == "soon"


# --- brand messages ----------------------------------------------------------------------


def test_bad_colours_are_explained():
    assert errors("clinic: X\ncolors:\n  primary: '#12345g'\n  accent: red\n", Brand, "brand.yaml") == [
        "brand.yaml:3: colors.primary: expected a colour as '#rrggbb' (like '#1f4e79'), got '#12345g'",
        "brand.yaml:4: colors.accent: expected a colour as '#rrggbb' (like '#1f4e79'), got 'red'",
    ]


def test_short_hex_colour_is_accepted():
    brand = validate(parse_yaml("clinic: X\ncolors:\n  primary: '#123'\ncountry: US\n", "b.yaml"), Brand)
    assert brand.colors.primary == "#123"


def test_too_long_emergency_number_is_explained():
    assert errors("clinic: X\nemergency_number: '1234567890123'\n", Brand, "brand.yaml") == [
        "brand.yaml:2: emergency_number: expected at most 12 characters, got 13; shorten it"
    ]


def test_yes_no_option_with_a_word_is_explained():
    assert errors("clinic: X\nqr_code: maybe\n", Brand, "brand.yaml") == [
        "brand.yaml:2: qr_code: expected true or false, got 'maybe'"
    ]


def test_empty_clinic_name_is_explained():
    assert errors("clinic: ''\n", Brand, "brand.yaml") == ["brand.yaml:1: clinic: expected some text, got ''"]


def test_brand_defaults():
    brand = validate(parse_yaml("clinic: X\ncountry: US\n", "b.yaml"), Brand)
    assert (brand.page_size, brand.font, brand.qr_code, brand.emergency_number, brand.emergency()) == (
        "letter", "atkinson-hyperlegible", False, None, "911"
    )


# --- topic messages ----------------------------------------------------------------------


def test_mini_topic_is_valid():
    topic, doc = mini_topic()
    assert topic.section_ids() == ["tips"]
    assert topic_problems(topic, doc) == []


def test_unknown_section_kind_suggests_the_close_kind():
    assert topic_errors(
        "  - id: more\n    kind: lists\n    heading: More\n    items:\n"
        "      - id: a\n        title: A\n        summary: A.\n        body: A.\n"
    ) == [
        "t.yaml:22: sections.1.kind: expected a section kind (text, list, summary, checklist, warnings, "
        "table, exercises, tracker, questions), got 'lists'; did you mean 'list'?"
    ]


def test_unknown_key_in_a_warning_item_suggests_tier():
    problems = topic_errors(
        "  - id: signs\n    kind: warnings\n    heading: Signs\n    items:\n"
        "      - id: numb\n        teir: emergency\n        title: Numb\n        summary: Numb.\n        body: Numb.\n"
    )
    assert "t.yaml:26: sections.1.items.0.teir: unknown key 'teir'; did you mean 'tier'?" in problems


def test_unknown_key_in_a_text_item_lists_that_items_keys():
    assert topic_errors("", MINI_TOPIC.replace("        title: Walk\n", "        title: Walk\n        extra: 1\n")) == [
        "t.yaml:19: sections.0.items.0.extra: unknown key 'extra' "
        "(expected one of: body, caution, figure, id, summary, title)"
    ]


def test_unknown_tier_lists_the_tiers():
    assert topic_errors(
        "  - id: signs\n    kind: warnings\n    heading: Signs\n    items:\n"
        "      - id: numb\n        tier: soon\n        title: Numb\n        summary: Numb.\n        body: Numb.\n"
    ) == ["t.yaml:26: sections.1.items.0.tier: expected one of emergency, urgent, routine, got 'soon'"]


def test_table_row_with_the_wrong_cell_count_names_the_section_not_a_made_up_key():
    assert topic_errors(
        "  - id: ice-heat\n    kind: table\n    heading: Ice or heat\n    columns: [Question, Ice, Heat]\n"
        "    items:\n      - id: when\n        title: When\n        cells: [First days]\n"
    ) == ["t.yaml:21: sections.1: row 'when': expected 2 cells (one per column after the first), got 1"]


def test_table_with_one_column_is_refused():
    assert topic_errors(
        "  - id: t\n    kind: table\n    heading: T\n    columns: [A]\n"
        "    items:\n      - id: r\n        title: R\n        cells: [x]\n"
    ) == ["t.yaml:24: sections.1.columns: expected at least 2 entries, got 1"]


def test_table_with_matching_cells_is_valid():
    topic, _ = mini_topic(
        "  - id: ice-heat\n    kind: table\n    heading: Ice or heat\n    columns: [Question, Ice, Heat]\n"
        "    items:\n      - id: when\n        title: When\n        cells: [First days, Later]\n"
    )
    assert isinstance(topic.section("ice-heat"), TableSection)


def test_warnings_section_becomes_warning_items_with_tiers():
    topic, _ = mini_topic(
        "  - id: signs\n    kind: warnings\n    heading: Signs\n    items:\n"
        "      - id: numb\n        tier: emergency\n        required: true\n"
        "        title: Numb\n        summary: Numb.\n        body: Numb.\n"
    )
    section = topic.section("signs")
    assert isinstance(section, WarningsSection)
    assert (section.items[0].tier, section.items[0].required) == ("emergency", True)


def test_reviewed_status_needs_reviewer_and_date():
    assert topic_errors("", MINI_TOPIC.replace("status: not-reviewed", "status: reviewed")) == [
        "t.yaml:6: review: status 'reviewed' needs reviewed_by and reviewed_on"
    ]


def test_bad_version_is_explained():
    assert topic_errors("", MINI_TOPIC.replace("version: 1.0.0", "version: v1")) == [
        "t.yaml:4: version: expected a version like 1.2.0, got 'v1'"
    ]


def test_topic_without_sources_is_refused():
    assert topic_errors("", MINI_TOPIC.replace("sources:\n  - title: A source\n", "sources: []\n")) == [
        "t.yaml:8: sources: expected at least 1 entry, got 0"
    ]


def test_duplicate_section_and_item_ids_are_reported_with_lines():
    topic, doc = mini_topic(
        "  - id: tips\n    kind: text\n    heading: More\n    items:\n"
        "      - id: a\n        title: A\n        summary: A.\n        body: A.\n"
        "      - id: a\n        title: A\n        summary: A.\n        body: A.\n"
    )
    assert [str(p) for p in topic_problems(topic, doc)] == [
        "t.yaml:21: sections.1.id: duplicate section id 'tips'; ids must be unique",
        "t.yaml:29: sections.1.items.1.id: duplicate item id 'a' in section 'tips'",
    ]


def test_default_selection_with_unknown_ids_is_reported_with_lines():
    topic, doc = mini_topic(base=MINI_TOPIC.replace("  - tips\n", "  - tipps\n  - section: tips\n    items: [wallk]\n"))
    assert [str(p) for p in topic_problems(topic, doc)] == [
        "t.yaml:11: default_selection.0.section: unknown section 'tipps' in topic 'mini'; "
        "did you mean 'tips'? (sections: tips)",
        "t.yaml:13: default_selection.1.items.0: unknown item 'wallk' in section 'tips'; did you mean 'walk'?",
    ]


# --- choice_problems: a selection against a topic ---------------------------------------------


@pytest.fixture(scope="module")
def back_spasms():
    from handouts import library

    return library.load_topic("back-spasms")


def choice_errors(text: str, topic) -> list[str]:
    doc = parse_yaml(text, "sel.yaml")
    selection = validate(doc, Selection)
    return [str(p) for p in choice_problems(selection.sections, topic, doc, ("sections",))]


def test_unknown_item_carries_the_line_of_that_item(back_spasms):
    text = "topic: back-spasms\nsections:\n  - section: home-care\n    items:\n      - short-rest\n      - icee\n"
    assert choice_errors(text, back_spasms) == [
        "sel.yaml:6: sections.0.items.1: unknown item 'icee' in section 'home-care'; did you mean 'ice-first'?"
    ]


def test_unknown_section_suggests_the_close_section(back_spasms):
    assert choice_errors("topic: back-spasms\nsections:\n  - key-points\n  - warnin-signs\n", back_spasms) == [
        "sel.yaml:4: sections.1.section: unknown section 'warnin-signs' in topic 'back-spasms'; did you mean "
        "'warning-signs'? (sections: causes, exercises, home-care, ice-or-heat, key-points, prevention, "
        "questions, recovery, ...)"
    ]


def test_section_picked_twice_is_reported(back_spasms):
    assert choice_errors("topic: back-spasms\nsections:\n  - key-points\n  - key-points\n", back_spasms) == [
        "sel.yaml:4: sections.1.section: section 'key-points' is picked twice"
    ]


def test_remove_required_of_an_optional_warning_is_reported(back_spasms):
    text = "topic: back-spasms\nsections:\n  - section: warning-signs\n    remove_required: [fever]\n"
    assert choice_errors(text, back_spasms) == [
        "sel.yaml:4: sections.0.remove_required.0: item 'fever' is not a required warning; "
        "leave it out of 'items' instead"
    ]


def test_remove_required_of_an_unknown_item_suggests_the_close_one(back_spasms):
    text = "topic: back-spasms\nsections:\n  - section: warning-signs\n    remove_required:\n      - after-injry\n"
    assert choice_errors(text, back_spasms) == [
        "sel.yaml:5: sections.0.remove_required.0: unknown item 'after-injry' in section 'warning-signs'; "
        "did you mean 'after-injury'?"
    ]


def test_valid_choices_have_no_problems(back_spasms):
    text = (
        "topic: back-spasms\nsections:\n  - key-points\n  - section: home-care\n    items: [walking]\n"
        "  - section: warning-signs\n    remove_required: [after-injury]\n"
    )
    assert choice_errors(text, back_spasms) == []


# --- YAML's null words where text is expected ----------------------------------------------
# `patient: Null` is a real surname; YAML reads an unquoted Null, NULL, null or ~ as nothing.
# Where the schema expects text that is refused with the quote hint, never dropped silently.

NULL_WORDS = ["Null", "NULL", "null", "~"]


def null_hint(raw: str) -> str:
    return f'expected text, got nothing (YAML reads an unquoted {raw} that way); put it in quotes: "{raw}"'


@pytest.mark.parametrize("raw", NULL_WORDS)
def test_null_word_as_the_patient_is_refused_not_dropped(raw):
    assert errors(f"topic: back-spasms\npatient: {raw}\n", Selection) == [f"sel.yaml:2: patient: {null_hint(raw)}"]


@pytest.mark.parametrize("raw", NULL_WORDS)
def test_null_word_as_the_follow_up_is_refused(raw):
    assert errors(f"topic: back-spasms\nfollow_up: {raw}\n", Selection) == [
        f"sel.yaml:2: follow_up: {null_hint(raw)}"]


@pytest.mark.parametrize("raw", NULL_WORDS)
def test_null_word_as_a_note_is_refused(raw):
    assert errors(f"topic: back-spasms\nnotes:\n  - Rest.\n  - {raw}\n", Selection) == [
        f"sel.yaml:4: notes.1: {null_hint(raw)}"]


@pytest.mark.parametrize("raw", NULL_WORDS)
def test_null_word_as_a_clinic_name_is_refused(raw):
    assert errors(f"clinic: {raw}\n", Brand, "brand.yaml") == [f"brand.yaml:1: clinic: {null_hint(raw)}"]


@pytest.mark.parametrize("key", ["phone", "address", "website", "email", "footer", "after_hours", "logo"])
def test_null_word_in_an_optional_brand_text_is_refused(key):
    assert errors(f"clinic: X\n{key}: Null\ncountry: US\n", Brand, "brand.yaml") == [
        f"brand.yaml:2: {key}: {null_hint('Null')}"]


@pytest.mark.parametrize("raw", NULL_WORDS)
def test_null_word_as_an_item_title_is_refused(raw):
    assert topic_errors("", MINI_TOPIC.replace("title: Walk", f"title: {raw}")) == [
        f"t.yaml:18: sections.0.items.0.title: {null_hint(raw)}"]


def test_null_word_in_optional_topic_text_is_refused():
    text = MINI_TOPIC.replace("title: Mini topic", "title: Mini topic\nsubtitle: Null")
    text = text.replace("  - title: A source", "  - title: A source\n    publisher: NULL")
    assert topic_errors("", text) == [
        f"t.yaml:4: subtitle: {null_hint('Null')}",
        f"t.yaml:11: sources.0.publisher: {null_hint('NULL')}",
    ]


def test_null_word_in_a_batch_job_is_refused():
    from handouts.models import Manifest

    text = "jobs:\n  - topic: back-spasms\n    patient: Null\n    output: ~\n"
    assert errors(text, Manifest, "m.yaml") == [
        f"m.yaml:3: jobs.0.patient: {null_hint('Null')}",
        f"m.yaml:4: jobs.0.output: {null_hint('~')}",
    ]


def test_quoted_null_word_is_the_text_written():
    selection = validate(parse_yaml('topic: back-spasms\npatient: "Null"\nfollow_up: \'~\'\n', "s.yaml"), Selection)
    assert (selection.patient, selection.follow_up) == ("Null", "~")


def test_none_is_not_a_yaml_null_but_a_name():
    selection = validate(parse_yaml("topic: back-spasms\npatient: None\n", "s.yaml"), Selection)
    assert selection.patient == "None"


def test_empty_value_of_an_optional_text_still_means_not_given():
    selection = validate(parse_yaml("topic: back-spasms\npatient:\nfollow_up:\n", "s.yaml"), Selection)
    assert (selection.patient, selection.follow_up) == (None, None)


def test_null_word_where_no_text_is_expected_still_means_not_given():
    text = "topic: back-spasms\npage_size: null\ndate: ~\nsections: Null\n"
    selection = validate(parse_yaml(text, "s.yaml"), Selection)
    assert (selection.page_size, selection.date, selection.sections) == (None, None, None)
    topic, _ = mini_topic("", MINI_TOPIC + "brief_selection: null\n")
    assert topic.brief_selection is None
