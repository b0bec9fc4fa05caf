"""The shipped content meets the project's rules; readability and handout-words catalogues work."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from handouts import library
from handouts.errors import InputError
from handouts.models import KEBAB, WarningsSection
from handouts.readability import RULES, Formula, rules_for, score, topic_report
from handouts.shared import resolve_refs
from handouts.strings import LOCALES, Strings, catalogue_languages, strings_for
from handouts.validate import choice_problems, topic_problems, validate
from handouts.yamlload import load_yaml

REPO = Path(__file__).resolve().parent.parent
TOPIC_FILES = library.topic_files()
TOPIC_IDS = [f"{f.topic_id}/{f.language}" for f in TOPIC_FILES]

# A drug dose: an amount with a unit, the unit words themselves, or a count of tablets.
DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ml)\b|\bmg\b|milligram|microgram"
    r"|\b(?:\d+|one|two|three|four|five|six|half an?|a half)\s+(?:tablet|pill|capsule|caplet)s?\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module", params=TOPIC_FILES, ids=TOPIC_IDS)
def shipped(request):
    found = request.param
    doc = resolve_refs(load_yaml(found.path, found.display))
    return library.load_topic(found.topic_id, found.language), doc


@pytest.fixture(scope="module")
def scores(shipped):
    return topic_report(shipped[0])


def texts(value, path=()):
    """Every string in raw YAML data, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from texts(child, path + (index,))


def ids_in(data):
    yield ("id",), data["id"]
    for s_index, section in enumerate(data["sections"]):
        yield ("sections", s_index, "id"), section["id"]
        for i_index, item in enumerate(section["items"]):
            yield ("sections", s_index, "items", i_index, "id"), item["id"]


# --- the shipped topics ----------------------------------------------------------------------


def test_the_library_ships_back_spasms_in_english():
    assert ("back-spasms", "en") in [(f.topic_id, f.language) for f in TOPIC_FILES]


def test_shipped_topic_has_no_meaning_problems(shipped):
    topic, doc = shipped
    assert [str(p) for p in topic_problems(topic, doc)] == []


def test_every_id_is_kebab_case(shipped):
    _, doc = shipped
    bad = [(loc, value) for loc, value in ids_in(doc.data) if not re.fullmatch(KEBAB, str(value))]
    assert bad == []


def test_default_and_brief_selections_name_existing_ids(shipped):
    topic, doc = shipped
    problems = choice_problems(topic.default_selection, topic, doc, ("default_selection",))
    problems += choice_problems(topic.brief_selection or (), topic, doc, ("brief_selection",))
    assert [str(p) for p in problems] == []


def test_shipped_topic_has_a_brief_selection(shipped):
    assert shipped[0].brief_selection


def test_required_only_on_emergency_items(shipped):
    topic, _ = shipped
    warnings = [item for s in topic.sections if isinstance(s, WarningsSection) for item in s.items]
    assert [item.id for item in warnings if item.required and item.tier != "emergency"] == []


def test_there_are_required_emergency_signs(shipped):
    topic, _ = shipped
    assert any(item.required for s in topic.sections if isinstance(s, WarningsSection) for item in s.items)


def test_only_warning_items_say_required(shipped):
    _, doc = shipped
    found = [
        (section["id"], item["id"])
        for section in doc.data["sections"] if section["kind"] != "warnings"
        for item in section["items"] if "required" in item
    ]
    assert found == []


def test_no_drug_doses_in_any_text(shipped):
    _, doc = shipped
    assert [(".".join(map(str, loc)), text) for loc, text in texts(doc.data) if DOSE.search(text)] == []


@pytest.mark.parametrize(
    "text", ["Take 400 mg twice a day.", "200mg", "500 milligrams", "Take two tablets.", "2 pills at night",
             "half a tablet"]
)
def test_dose_pattern_catches_doses(text):
    assert DOSE.search(text)


@pytest.mark.parametrize("text", ["Ice for 2 to 3 days.", "Use it as the label says.", "magnesium",
                                  "Ask a pharmacist."])
def test_dose_pattern_passes_plain_advice(text):
    assert not DOSE.search(text)


def test_every_text_can_be_printed_with_the_bundled_fonts(shipped):
    from handouts.check import topic_texts
    from handouts.fonts import glyph_problems

    topic, doc = shipped
    assert [str(p) for p in glyph_problems(doc, topic_texts(topic))] == []


# The project's limits, restated here so a change to readability.py cannot loosen them unseen.
LIMITS = {"en": ("flesch_kincaid_grade", "at most", 8.0, 6.5), "es": ("szigriszt_pazos", "at least", 55.0, 55.0)}


def _beyond(value: float, how: str, limit: float) -> bool:
    return value > limit if how == "at most" else value < limit


def test_every_item_is_within_its_languages_limit(scores):
    formula, how, item_limit, _ = LIMITS[scores.language]
    assert scores.rules.main.textstat_name == formula
    assert [(section, s.label, s.main) for section, s in scores.items if _beyond(s.main, how, item_limit)] == []


def test_the_whole_topic_is_within_its_languages_limit(scores):
    _, how, _, topic_limit = LIMITS[scores.language]
    assert not _beyond(scores.topic.main, how, topic_limit)


def test_the_report_marks_every_shipped_item_ok(scores):
    assert scores.ok


def test_readme_reading_level_figures_match_the_content():
    from handouts.checks import preset_handout
    from handouts.readability import level_report

    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    found = re.search(
        r"full handout as printed grade ([\d.]+) \(Flesch reading ease ([\d.]+)\); "
        r"brief handout grade ([\d.]+) \(ease ([\d.]+)\); hardest item grade ([\d.]+)\. "
        r"Spanish: full handout Szigriszt-Pazos ([\d.]+), brief ([\d.]+); hardest item ([\d.]+)\.",
        readme,
    )
    assert found, "README no longer states the reading level of back spasms as printed"
    figures = []
    for language in ("en", "es"):
        topic = library.load_topic("back-spasms", language)
        levels = [level_report(topic, detail, preset_handout(topic, detail)) for detail in ("full", "brief")]
        hardest = [level.hardest.main for level in levels]
        if language == "en":
            figures += [levels[0].handout.main, levels[0].handout.other, levels[1].handout.main,
                        levels[1].handout.other, max(hardest)]
        else:
            figures += [levels[0].handout.main, levels[1].handout.main, min(hardest)]
    assert tuple(float(g) for g in found.groups()) == tuple(figures)


def test_check_of_the_whole_library_passes(run):
    result = run("check", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].endswith(": 0 error(s), 0 warning(s): ok")


# --- readability ------------------------------------------------------------------------------------


def test_english_rules_are_flesch_kincaid_with_the_project_limits():
    rules = rules_for("en")
    assert (rules.main.name, rules.main.limit, rules.topic_limit) == ("Flesch-Kincaid grade", 8.0, 6.5)


def test_regional_language_uses_its_base_rules():
    assert rules_for("en-GB") is RULES["en"]


def test_language_without_rules_has_none():
    assert rules_for("fr") is None


def test_a_lower_is_easier_formula_passes_at_the_limit():
    formula = Formula("grade", "g", "flesch_kincaid_grade", limit=8.0)
    assert (formula.passes(8.0), formula.passes(8.1)) == (True, False)


def test_a_higher_is_easier_formula_passes_at_the_limit():
    formula = Formula("ease", "e", "szigriszt_pazos", limit=55.0, higher_is_easier=True)
    assert (formula.passes(55.0), formula.passes(54.9)) == (True, False)


def test_a_formula_without_a_limit_always_passes():
    assert Formula("ease", "e", "flesch_reading_ease").passes(-500.0)


def test_plain_text_scores_under_the_limit():
    result = score("Rest for a day. Then walk a bit each day.", "en", "plain")
    assert result.ok and result.main <= 8.0


def test_hard_text_scores_over_the_limit():
    result = score(
        "Notwithstanding considerable physiological heterogeneity, musculoskeletal manifestations "
        "necessitate individualized multidisciplinary therapeutic interventions.",
        "en",
        "hard",
    )
    assert not result.ok and result.main > 8.0


def test_score_counts_words():
    assert score("Rest for a day.", "en").words == 4


def test_topic_report_scores_every_item_and_section():
    topic = library.load_topic("back-spasms")
    report = topic_report(topic)
    assert len(report.sections) == len(topic.sections)
    assert len(report.items) == sum(len(s.items) for s in topic.sections)


def test_topic_report_is_none_for_a_language_without_rules():
    topic = library.load_topic("back-spasms").model_copy(update={"language": "fr"})
    assert topic_report(topic) is None


# --- handout words ------------------------------------------------------------------------------------

# Placeholders the code fills in for each catalogue entry (handouts/pdf/, strings.py).
FILLED_IN = {
    "date_format": {"day", "month", "year"},
    "tier_emergency": {"emergency", "phone"},
    "tier_urgent": {"emergency", "phone"},
    "tier_urgent_phone": {"emergency", "phone"},
    "tier_routine": {"emergency", "phone"},
    "removed_required": {"count", "titles"},
    "page": {"page", "pages"},
    "version_reviewed": {"version", "reviewed"},
    "version_not_reviewed": {"version", "updated"},
    "tracker_day": {"day"},
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_english_catalogue_is_valid():
    assert strings_for("en").language_name == "English"


@pytest.mark.parametrize("language", catalogue_languages())
def test_every_catalogue_validates(language):
    validate(load_yaml(LOCALES / f"{language}.yaml"), Strings)


@pytest.mark.parametrize("language", catalogue_languages())
def test_catalogue_placeholders_are_ones_the_code_fills_in(language):
    words = strings_for(language)
    unknown = {key: placeholders(getattr(words, key)) - FILLED_IN.get(key, set()) for key in Strings.model_fields
               if isinstance(getattr(words, key), str)}
    assert {key: names for key, names in unknown.items() if names} == {}


@pytest.mark.parametrize("language", catalogue_languages())
def test_catalogue_keeps_the_placeholders_a_reader_needs(language):
    words = strings_for(language)
    assert "emergency" in placeholders(words.tier_emergency)
    assert "phone" in placeholders(words.tier_urgent_phone)
    assert placeholders(words.page) == {"page", "pages"}
    assert "titles" in placeholders(words.removed_required)
    assert placeholders(words.date_format) == {"day", "month", "year"}


def test_english_date_format():
    assert strings_for("en").date(dt.date(2026, 11, 24)) == "November 24, 2026"


def test_english_has_twelve_months_in_order():
    assert strings_for("en").months[0] == "January" and strings_for("en").months[11] == "December"


def test_regional_language_uses_its_base_catalogue():
    assert strings_for("en-US") == strings_for("en")


def test_language_without_a_catalogue_is_refused_with_advice():
    with pytest.raises(InputError) as excinfo:
        strings_for("xx")
    assert [str(p) for p in excinfo.value.problems] == [
        "no catalogue of handout words for language 'xx' "
        f"(have: {', '.join(catalogue_languages())}); add handouts/locales/xx.yaml"
    ]
