"""Reading level measured on what is printed: each detail level's items, the whole handout as a build prints
it, the table of what each kind prints, and the hint a hard clinician's note gets at build."""

from __future__ import annotations

import dataclasses
import re
import typing

import pytest

from conftest import errors, poppler_text
from handouts import build, library, models
from handouts.checks import preset_handout
from handouts.printed import PRINTED, STRUCTURE, printed_texts, prints
from handouts.readability import as_prose, level_report, note_hint, score
from handouts.request import Overrides, Request

HARD = ("Considerable musculoskeletal inflammation necessitates conscientious application of cryotherapeutic "
        "interventions, particularly following unanticipated biomechanical exacerbations of lumbar discomfort.")
EASY = "Walk a little each day. Rest when you need to."
MIDDLING = "Walking every day keeps your back muscles working, and it lowers the chance that the pain comes back soon."
HARD_LINE = "Considerable musculoskeletal inflammation necessitates conscientious cryotherapeutic interventions."
HARD_NOTE = ("Considerable musculoskeletal inflammation necessitates conscientious application of cryotherapeutic "
             "interventions. Particularly following unanticipated biomechanical exacerbations, physiotherapy "
             "recommendations emphasize graduated reintroduction of occupational responsibilities.")
HARD_NOTE_ES = ("Considerando la inflamación musculoesquelética, resulta imprescindible la aplicación "
                "sistemática de intervenciones fisioterapéuticas individualizadas. Particularmente después de "
                "exacerbaciones biomecánicas imprevistas, recomendamos la reincorporación progresiva.")
EASY_NOTE = "Walk for ten minutes in the morning. Use a warm pack at night. Call us if the pain gets worse."


def section_kinds() -> dict[str, type]:
    """Each section kind of the topic schema and its model, read from the models' union."""
    union = typing.get_args(models.Section)[0]
    return {typing.get_args(cls.model_fields["kind"].annotation)[0]: cls for cls in typing.get_args(union)}


def item_model(section: type) -> type:
    return typing.get_args(section.model_fields["items"].annotation)[0]


# --- the one table of what each kind prints ---------------------------------------------------------


def test_every_section_kind_says_what_it_prints():
    assert set(section_kinds()) == set(models.SECTION_KINDS) == set(PRINTED)


@pytest.mark.parametrize("kind", sorted(section_kinds()))
def test_every_key_of_an_item_is_printed_at_some_level_or_named_unprinted(kind):
    """A key a later change adds to an item (a caution, an exercise's steps) fails here until PRINTED says."""
    spec, fields = prints(kind), set(item_model(section_kinds()[kind]).model_fields)
    printed = set(spec.full) | set(spec.brief)
    assert printed | set(spec.unprinted) == fields
    assert not printed & set(spec.unprinted)


@pytest.mark.parametrize("kind", sorted(section_kinds()))
def test_every_key_of_a_section_is_printed_or_its_structure(kind):
    spec = prints(kind)
    assert set(spec.section) | set(spec.layout) | set(STRUCTURE) == set(section_kinds()[kind].model_fields)


def test_a_kind_the_table_does_not_know_fails_loudly():
    from handouts.resolve import HandoutSection

    item = models.Step(id="back-at-work", title="Back at work", summary="Back at work.", body=EASY)
    odd = models.TextSection(id="odd", kind="text", heading="Odd", items=(item,)).model_copy(update={"kind": "quote"})
    handout = preset_handout(library.load_topic("back-spasms"), "full")
    topic = handout.topic.model_copy(update={"sections": handout.topic.sections + (odd,)})
    with_odd = dataclasses.replace(handout, topic=topic, sections=handout.sections + (HandoutSection(odd, (item,)),))
    with pytest.raises(KeyError, match="'quote' is not in handouts.printed.PRINTED"):
        list(printed_texts(with_odd))


# --- a topic of its own, checked ------------------------------------------------------------------

TOPIC = """\
id: plain-words
language: en
title: Plain words
version: 1.0.0
updated: 2026-11-24
review: {{status: not-reviewed}}
sources: [{{title: A test of reading levels}}]
default_selection: [tips, signs]
brief_selection: [tips]
sections:
  - id: tips
    kind: list
    heading: {heading}
    items:
      - id: walk
        title: {title}
        summary: {summary}
        body: {body}
      - id: rest
        title: {title}
        summary: {summary}
        body: {body}
  - id: signs
    kind: warnings
    heading: {heading}
    items:
      - id: numb
        tier: emergency
        title: {title}
        summary: {summary}
        body: {body}
"""


def topic_file(write, heading="Tips", title="Walk", summary=EASY, body=EASY):
    return write("plain-words/en.yaml", TOPIC.format(heading=heading, title=title, summary=summary, body=body))




def line_of(path, text: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(path.read_text().splitlines(), 1) if line.strip() == text][nth]


def test_an_easy_topic_passes_and_prints_one_line_per_level(run, write):
    topic_file(write)
    result = run("check", "plain-words/en.yaml")
    assert result.exit_code == 0, result.stderr
    for detail, key in (("full", "default_selection"), ("brief", "brief_selection")):
        pattern = (rf"^  {detail}: +the {detail} handout \({key}\) as printed: "
                   r"grade -?\d+\.\d \(ease [\d.-]+, \d+ words\); ")
        assert re.search(pattern + r"hardest item grade -?\d+\.\d \(\S+\)$", result.stdout, re.M), result.stdout


def test_an_item_too_hard_in_full_fails_at_its_line_with_its_score_and_the_limit(run, write):
    path = topic_file(write, body=HARD)
    result = run("check", "-q", "plain-words/en.yaml")
    assert result.exit_code == 1
    found = [e for e in errors(result) if ": sections." in e]
    lines = [line_of(path, "- id: walk"), line_of(path, "- id: rest")]
    assert len(found) == 2, result.stderr  # one line per item; the sign prints its summary, not its body
    for error, line in zip(found, lines, strict=True):
        match = re.fullmatch(rf"Error: plain-words/en\.yaml:{line}: sections\.0\.items\.\d: reading level "
                             r"Flesch-Kincaid grade ([\d.]+), expected at most 8 \(as printed in full\); "
                             "shorten sentences or use shorter words", error)
        assert match, error
        assert float(match.group(1)) > 8


def test_brief_scores_the_summary_and_not_the_body(run, write):
    path = topic_file(write, summary=HARD_LINE)  # a warning sign prints its summary only in full
    result = run("check", "-q", "plain-words/en.yaml")
    found = [e for e in errors(result) if ": sections." in e]
    assert result.exit_code == 1 and len(found) == 3, result.stderr
    assert "(as printed in brief)" in found[0] and f":{line_of(path, '- id: walk')}:" in found[0]
    assert "(as printed in full)" in found[2] and f":{line_of(path, '- id: numb')}:" in found[2]
    topic = library.load_topic("back-spasms")
    brief = level_report(topic, "brief")
    home = topic.section_ids().index("home-care")
    s_index, i_index, scored = next(entry for entry in brief.items if entry[0] == home)
    item = topic.sections[s_index].items[i_index]
    assert scored == score(as_prose([item.title, item.summary]), "en", item.id)


def test_a_whole_handout_over_its_limit_fails_at_its_selection(run, write):
    path = topic_file(write, heading=MIDDLING, title=MIDDLING, summary=MIDDLING, body=MIDDLING)
    result = run("check", "-q", "plain-words/en.yaml")
    assert result.exit_code == 1
    found = errors(result)
    assert not [e for e in found if ": sections." in e], "each item is under 8: " + result.stderr
    at = line_of(path, "default_selection: [tips, signs]")
    match = [re.fullmatch(rf"Error: plain-words/en\.yaml:{at}: default_selection: the full handout as printed "
                          r"reads at Flesch-Kincaid grade ([\d.]+), expected at most 6\.5; shorten sentences or "
                          "use shorter words", e) for e in found]
    assert [m for m in match if m and float(m.group(1)) > 6.5], result.stderr


# --- the whole handout is what a build prints -------------------------------------------------------


def tokens(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


def furniture(handout) -> set[str]:
    """The words around the sections: header, 'Prepared for ... on', footer; not scored, by design."""
    strings = handout.strings
    words = [strings.default_clinic, strings.prepared_for, strings.prepared_on, strings.clinic_phone,
             strings.disclaimer, strings.page, strings.version_not_reviewed, strings.version_reviewed,
             " ".join(strings.months)]
    return tokens(" ".join(words))


@pytest.fixture(scope="module", params=[("en", "full"), ("en", "brief"), ("es", "full"), ("es", "brief")],
                ids=lambda p: "-".join(p))
def built(request, tmp_path_factory):
    """A build of every section of back spasms, its handout, and poppler's text of the PDF."""
    language, detail = request.param
    topic = library.load_topic("back-spasms", language)
    picks = tuple(topic.section_ids())
    checked = build.ready(Request.for_target("back-spasms", Overrides(language=language, detail=detail,
                                                                      picks=picks)))
    path = tmp_path_factory.mktemp("printed") / f"{language}-{detail}.pdf"
    path.write_bytes(build.render(*checked.handouts))
    return checked.handouts[0], poppler_text(path)


def test_every_word_scored_for_the_whole_handout_is_on_the_page(built):
    handout, pdf = built
    scored = tokens(as_prose(text for _, text in printed_texts(handout, chrome=True)))
    assert len(scored) > 300
    assert scored - tokens(pdf) == set()


def test_every_word_on_the_page_is_scored_but_the_header_and_footer(built):
    handout, pdf = built
    scored = tokens(as_prose(text for _, text in printed_texts(handout, chrome=True)))
    assert tokens(pdf) - scored - furniture(handout) == set()


def test_bodies_are_printed_and_scored_in_full_and_neither_in_brief(built):
    handout, pdf = built
    scored = tokens(as_prose(text for _, text in printed_texts(handout, chrome=True)))
    brief = dataclasses.replace(handout, detail="brief")
    elsewhere = tokens(as_prose(text for _, text in printed_texts(brief, chrome=True))) | furniture(handout)
    bodies = [item.body for part in handout.sections if "body" in prints(part.kind).full for item in part.items]
    body_only = tokens(" ".join(bodies)) - elsewhere  # words printed only in some item's body
    assert len(body_only) > 100
    if handout.detail == "full":
        assert body_only - scored == set() and body_only - tokens(pdf) == set()
    else:
        assert body_only & scored == set() and body_only & tokens(pdf) == set()


# --- the shipped content --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("detail", ["full", "brief"])
def test_the_shipped_content_is_within_every_limit_as_printed(language, detail):
    topic = library.load_topic("back-spasms", language)
    level = level_report(topic, detail, preset_handout(topic, detail))
    assert [(topic.sections[s].id, found.label, found.main) for s, _, found in level.failures] == []
    assert level.handout is not None and level.handout.ok and level.topic.ok
    if language == "en":  # the limits themselves, restated so a change cannot loosen them unseen
        assert (level.rules.main.limit, level.rules.topic_limit) == (8.0, 6.5)
        assert level.handout.main <= 6.5 and level.hardest.main <= 8.0
    else:
        assert level.rules.main.limit == 55.0 and level.hardest.main >= 55.0


# --- a clinician's note, at build ---------------------------------------------------------------


def hints(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "reads at about" in line]


def test_a_hard_note_gets_a_one_line_hint_that_never_quotes_it(run):
    result = run("build", "back-spasms", "-o", "a.pdf", "--note", EASY_NOTE, "--note", HARD_NOTE)
    assert result.exit_code == 0, result.stderr
    assert hints(result) == ["Warning: --note 2: reads at about grade 16 or more (aim for grade 6 to 8); "
                             "shorter sentences and everyday words help patients"]
    leaked = {w for w in tokens(HARD_NOTE) if len(w) > 3} & tokens(result.stderr)
    assert leaked == set(), leaked


def test_an_easy_note_gets_no_hint(run):
    result = run("build", "back-spasms", "-o", "a.pdf", "--note", EASY_NOTE)
    assert result.exit_code == 0, result.stderr
    assert hints(result) == [] and "Warning" not in result.stderr


def test_a_note_too_short_to_score_gets_no_hint(run):
    result = run("build", "back-spasms", "-o", "a.pdf", "--note", "Physiotherapy reassessment recommended")
    assert result.exit_code == 0 and hints(result) == [], result.stderr


def test_a_hard_note_from_a_file_is_named_by_its_line(run, write):
    write("notes.txt", f"{EASY_NOTE}\n\n{HARD_NOTE}\n")
    result = run("build", "back-spasms", "-o", "a.pdf", "--notes-file", "notes.txt")
    assert result.exit_code == 0, result.stderr
    [hint] = hints(result)
    assert hint.startswith("Warning: notes.txt:3: reads at about grade ")


def test_a_hard_spanish_note_gets_its_languages_hint(run):
    result = run("build", "back-spasms", "--lang", "es", "-o", "a.pdf", "--note", HARD_NOTE_ES)
    assert result.exit_code == 0, result.stderr
    [hint] = hints(result)
    assert re.fullmatch(r"Warning: --note 1: reads at about \d+ on the Szigriszt-Pazos \(INFLESZ\) scale "
                        r"\(aim for 55 or more\); shorter sentences and everyday words help patients", hint), hint
    leaked = {w for w in tokens(HARD_NOTE_ES) if len(w) > 3} & tokens(result.stderr)
    assert leaked == set(), leaked


def test_note_hint_scores_lines_as_sentences_and_skips_short_notes():
    assert note_hint("Rest", "en") is None
    assert note_hint(HARD_NOTE, "fr") is None  # no formulas for the language: nothing to say
    assert note_hint(EASY_NOTE, "en") is None
    assert note_hint("\n".join(["Walk each day"] * 6), "en") is None  # six short lines, not one long sentence


def test_check_takes_a_topic_id_and_reports_each_language_at_each_level(run):
    result = run("check", "back-spasms")
    assert result.exit_code == 0, result.stderr
    for language in library.languages("back-spasms"):
        topic = library.load_topic("back-spasms", language)
        assert f"content/back-spasms/{language}.yaml: topic 'back-spasms' ({language})" in result.stdout
        for detail in ("full", "brief"):
            figure = level_report(topic, detail, preset_handout(topic, detail)).handout
            short = "grade" if language == "en" else "inflesz"
            assert f"the {detail} handout ({figure.label}) as printed: {short} {figure.main:.1f} " in result.stdout
    assert result.stderr.splitlines()[-1] == "Checked 2 file(s): 0 error(s), 0 warning(s): ok"
