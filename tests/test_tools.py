"""Tools a patient fills in by pen (issue 12 item 7): the tracker, the questions, the sign-off.

Text is read back from real PDFs (pypdf per page, poppler for lines as laid
out); sizes come from the tables the renderers make. The selections are this
file's own (tests/tools/ and tmp_path): the topic's presets are not changed.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from pypdf import PdfReader
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer

from conftest import EXAMPLES, REPO, poppler_text, topic_data
from handouts import build
from handouts.checks import check_paths
from handouts.models import QuestionsSection, Topic, TrackerSection
from handouts.pdf import document
from handouts.pdf.furniture import closing, repeats_label
from handouts.pdf.sections import RENDERERS
from handouts.pdf.tools import Whole, writing_height
from handouts.request import Overrides, Request
from handouts.validate import validate
from handouts.yamlload import parse_yaml

TOOLS = Path(__file__).resolve().parent / "tools"
SELECTION = TOOLS / "tracker-questions.yaml"
TOPICS = {lang: topic_data(REPO / "content" / "back-spasms" / f"{lang}.yaml")
          for lang in ("en", "es")}
LOCALES = {lang: yaml.safe_load((REPO / "handouts" / "locales" / f"{lang}.yaml").read_text(encoding="utf-8"))
           for lang in ("en", "es")}


def section(lang: str, kind: str) -> dict:
    return next(s for s in TOPICS[lang]["sections"] if s["kind"] == kind)


def handout(target: Path | str = SELECTION, **overrides):
    [made] = build.ready(Request.for_target(str(target), Overrides(**overrides))).handouts
    return made


def pdf_text(made) -> tuple[list[str], bytes]:
    """Each page's text (whitespace runs as one space), and the PDF."""
    pdf = build.render(made)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    return pages, pdf


def drawn(made, kind: str):
    """The pen of a handout, and what the renderer of its section of ``kind`` makes."""
    margin = document._styles(made).size.margin
    pen = document._pen(made, document.PAGE_SIZES[made.page_size][0] - 2 * margin, "", 0)
    part = next(p for p in made.sections if p.kind == kind)
    return pen, part, RENDERERS[kind](pen, part)


def laid_out(tmp_path: Path, name: str, made) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build.render(made))
    return poppler_text(path)


# --- the tracker ------------------------------------------------------------------------------------


def test_the_tracker_has_a_label_column_and_a_column_per_day_and_a_row_per_item_and_the_dates():
    pen, part, flowables = drawn(handout(), "tracker")
    grid = flowables[-1]
    rows = section("en", "tracker")["items"]
    assert len(grid._colWidths) == 1 + 7
    assert len(grid._cellvalues) == 1 + 1 + len(rows), "header, dates, then one row per item"
    assert [c.text for c in grid._cellvalues[0][1:]] == [f"Day {day}" for day in range(1, 8)]
    assert grid._cellvalues[1][0].text == "Date"
    titles = [cell[0].text for cell, *_ in grid._cellvalues[2:]]
    assert titles == [row["title"] for row in rows]
    assert all(cell == "" for row in grid._cellvalues[1:] for cell in row[1:]), "the days are blank to write in"


def test_the_tracker_prints_its_heading_how_to_days_and_rows(tmp_path):
    text = laid_out(tmp_path, "en", handout())
    tracker = section("en", "tracker")
    lines = text.splitlines()
    assert any(re.fullmatch(r"\s*" + r"\s+".join(f"Day {d}" for d in range(1, 8)) + r"\s*", line) for line in lines)
    flat = " ".join(text.split())
    for words in [tracker["heading"], tracker["intro"], "Date"] + [r["title"] for r in tracker["items"]] + [
            r["hint"] for r in tracker["items"]]:
        assert " ".join(words.split()) in flat, words


def test_a_spanish_tracker_has_spanish_headings(tmp_path):
    text = " ".join(laid_out(tmp_path, "es", handout(language="es")).split())
    days = LOCALES["es"]["tracker_day"]
    assert days == "Día {day}"
    assert " ".join(days.format(day=d) for d in range(1, 8)) in text
    assert LOCALES["es"]["tracker_date"] in text and section("es", "tracker")["heading"] in text
    assert "Day 1" not in text and "Date" not in text


@pytest.mark.parametrize("size, least", [("standard", 0.35 * inch), ("large", 0.5 * inch)])
def test_tracker_cells_are_tall_enough_to_write_in(size, least):
    pen, _, flowables = drawn(handout(size=size), "tracker")
    grid = flowables[-1]
    grid.wrap(pen.width, 10_000)
    assert min(grid._rowHeights[1:]) >= least, grid._rowHeights
    assert min(grid._colWidths[1:]) >= 0.6 * inch, "a day's cell is wide enough for a number"


def test_large_print_tracker_cells_are_taller_than_standard():
    heights = {}
    for size in ("standard", "large"):
        pen, _, flowables = drawn(handout(size=size), "tracker")
        flowables[-1].wrap(pen.width, 10_000)
        heights[size] = min(flowables[-1]._rowHeights[1:])
    assert heights["large"] > heights["standard"] * 1.3


def test_the_tracker_and_each_question_are_never_split_and_never_parted_from_their_heading(tmp_path):
    items = [i["id"] for i in next(s for s in TOPICS["en"]["sections"] if s["id"] == "home-care")["items"]]
    tracker, questions = section("en", "tracker"), section("en", "questions")
    moved = 0
    for size in ("standard", "large"):
        for count in range(len(items) + 1):
            picks = ["key-points", {"section": "home-care", "items": items[:count]}] if count else ["key-points"]
            path = tmp_path / f"s-{size}-{count}.yaml"
            path.write_text(yaml.safe_dump({"topic": "back-spasms", "size": size,
                                            "sections": picks + ["tracker", "questions"]}), encoding="utf-8")
            pages, _ = pdf_text(handout(path))
            [at] = [i for i, page in enumerate(pages) if tracker["heading"] in page]
            for words in [tracker["intro"], "Day 7", "Date"] + [r["title"] for r in tracker["items"]]:
                assert " ".join(words.split()) in pages[at], (size, count, words)
            [asked] = [i for i, page in enumerate(pages) if questions["heading"] in page]
            assert questions["items"][0]["title"] in pages[asked], (size, count, "heading alone")
            last_before = items[count - 1] if count else None
            if last_before and not any(t in pages[at] for t in _titles("home-care", last_before)):
                moved += 1
    assert moved, "no case put the tracker at a page break: the test did not test the page break"


def _titles(section_id: str, item_id: str) -> list[str]:
    found = next(s for s in TOPICS["en"]["sections"] if s["id"] == section_id)
    return [i["title"] for i in found["items"] if i["id"] == item_id]


def test_a_whole_table_moves_to_the_next_page_but_splits_when_taller_than_a_page():
    pen, _, flowables = drawn(handout(), "tracker")
    grid = flowables[-1]
    assert isinstance(grid, Whole)
    height = grid.wrap(pen.width, 10_000)[1]
    grid._frame = SimpleNamespace(_height=height * 2)  # what ReportLab's frame sets before it asks for a split
    assert grid.split(pen.width, height / 2) == [], "split at the foot of a page"
    tall = Whole([[""]] * 40, colWidths=[pen.width], rowHeights=[40] * 40)
    tall._frame = SimpleNamespace(_height=600)
    assert len(tall.split(pen.width, 300)) == 2, "taller than a page: it must split somewhere"


@pytest.mark.parametrize("block", ["question", "sign-off"])
def test_a_question_and_the_sign_off_move_whole_to_the_next_page(block):
    made = handout(clinician="Dr. Whole", notes=("A note, so the sign-off starts with the name.",))
    pen, _, flowables = drawn(made, "questions")
    table = flowables[1] if block == "question" else closing(pen, made)[-1]
    words = section("en", "questions")["items"][1]["title"] if block == "question" else "Dr. Whole"
    room = table.wrap(pen.width, 10_000)[1] - 4  # all but its last row would fit at the foot of page 1
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(pen.width + 32, 400), leftMargin=10, rightMargin=10, topMargin=10,
                            bottomMargin=10)  # a frame 368 points high inside its padding of 6
    doc.build([Spacer(1, 368 - room), table])
    pages = [page.extract_text() for page in PdfReader(buffer).pages]
    assert len(pages) == 2 and words not in pages[0] and words in pages[1], pages


# --- questions --------------------------------------------------------------------------------------


def test_questions_print_each_with_its_lines_and_lines_for_the_patients_own(tmp_path):
    questions = section("en", "questions")
    pen, part, flowables = drawn(handout(), "questions")
    assert len(flowables) == len(questions["items"]) + 1
    for table, count in zip(flowables, [questions["lines"]] * len(questions["items"]) + [questions["own_lines"]],
                            strict=True):
        assert isinstance(table, Whole)
        assert len(table._cellvalues) == 1 + count
        assert table._argH[1:] == [writing_height(pen)] * count
        rules = [cmd for cmd in table._linecmds if cmd[0] == "LINEBELOW"]
        assert rules and rules[0][1:3] == ((0, 1), (-1, -1)), "a rule under every line to write on"
    text = " ".join(laid_out(tmp_path, "q", handout()).split())
    for item in questions["items"]:
        assert item["title"] in text
    assert LOCALES["en"]["questions_own"] in text
    assert 2 <= questions["own_lines"] <= 3


@pytest.mark.parametrize("detail", ["full", "brief"])
def test_full_and_brief_handouts_print_the_questions_when_picked(tmp_path, detail):
    path = tmp_path / "q.yaml"
    path.write_text(f"topic: back-spasms\ndetail: {detail}\nsections: [warning-signs, questions]\n", encoding="utf-8")
    pages, _ = pdf_text(handout(path))
    text = " ".join(pages)
    assert all(item["title"] in text for item in section("en", "questions")["items"])
    assert LOCALES["en"]["questions_own"] in text


def test_spanish_questions_are_in_spanish(tmp_path):
    text = " ".join(laid_out(tmp_path, "es", handout(language="es")).split())
    assert all(item["title"] in text for item in section("es", "questions")["items"])
    assert LOCALES["es"]["questions_own"] in text


# --- the sign-off -----------------------------------------------------------------------------------


def closing_lines(text: str) -> list[str]:
    return text[text.index("Notes from your clinician"):].splitlines()


def test_the_clinicians_name_is_printed_when_given(run, tmp_path):
    result = run("build", "back-spasms", "--clinician", "Dr. Sam Lee", "-o", "x.pdf")
    assert result.exit_code == 0, result.stderr
    [line] = [line for line in closing_lines(poppler_text(tmp_path / "x.pdf")) if "Clinician:" in line]
    assert re.fullmatch(r"\s*Clinician:\s+Dr\. Sam Lee\s+Signature:\s*", line), line


def test_without_a_name_the_clinician_gets_a_line_to_write_it_on(run, tmp_path):
    assert run("build", "back-spasms", "-o", "x.pdf").exit_code == 0
    lines = closing_lines(poppler_text(tmp_path / "x.pdf"))
    assert any(re.fullmatch(r"\s*Clinician:\s+Signature:\s*", line) for line in lines), lines
    assert any(re.fullmatch(r"\s*Next visit:\s*", line) for line in lines), lines
    made = handout("back-spasms")
    table = closing(document._pen(made, 500, "", 0), made)[-1]
    rules = {cmd[1] for cmd in table._linecmds if cmd[0] == "LINEBELOW"}
    row = next(r for r, cells in enumerate(table._cellvalues) if getattr(cells[0], "text", "") == "Clinician:")
    assert {(1, row), (3, row)} <= rules, "lines under the name and the signature"


def test_the_clinicians_name_is_text_not_markup(run, tmp_path):
    name = '<b>Dr</b> Lee & <font name="x">'
    assert run("build", "back-spasms", "--clinician", name, "-o", "x.pdf").exit_code == 0
    text = poppler_text(tmp_path / "x.pdf")  # the name may wrap in its cell
    assert '<b>Dr</b> Lee & <font' in text and 'name="x">' in text


def test_a_spanish_sign_off_is_in_spanish(run, tmp_path):
    assert run("build", "back-spasms", "--lang", "es", "--clinician", "Dra. Ruiz", "-o", "x.pdf").exit_code == 0
    text = poppler_text(tmp_path / "x.pdf")
    words = LOCALES["es"]
    assert re.search(rf"{words['clinician']}\s+Dra\. Ruiz\s+{words['signature']}", text)
    assert words["follow_up_blank"] in text and "Clinician" not in text


def test_the_clinician_comes_from_a_selection_a_manifest_job_and_a_patient_list(run, tmp_path):
    (tmp_path / "sel.yaml").write_text("topic: back-spasms\nclinician: Dr. From File\n", encoding="utf-8")
    assert run("build", "sel.yaml", "-o", "sel.pdf").exit_code == 0
    assert "Dr. From File" in poppler_text(tmp_path / "sel.pdf")
    (tmp_path / "m.yaml").write_text("jobs:\n  - topic: back-spasms\n    clinician: Dr. From Job\n    output: m.pdf\n",
                                     encoding="utf-8")
    assert run("batch", "m.yaml", "-d", "out", "-q", "-j", "1").exit_code == 0
    assert "Dr. From Job" in poppler_text(tmp_path / "out" / "m.pdf")
    with open(tmp_path / "p.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["name", "clinician", "clinic"], ["Ana Diaz", "Dr. From Row", "north"]])
    result = run("batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "rows", "-q", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert "Dr. From Row" in poppler_text(tmp_path / "rows" / "0001-back-spasms-en.pdf")


def test_a_clinicians_name_no_font_can_draw_is_one_error_naming_the_option(run, tmp_path):
    result = run("build", "back-spasms", "--clinician", "Dr \U0001F9EA", "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: --clinician: no bundled font can draw '\U0001F9EA' (U+1F9EA TEST TUBE); remove or replace it"]
    assert not (tmp_path / "x.pdf").exists()


def test_a_clinicians_name_is_one_line_long_at_most(run, tmp_path):
    result = run("build", "back-spasms", "--clinician", "x" * 81, "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["Error: --clinician: expected at most 80 characters, got 81; shorten it"]


# --- the follow-up says its label once --------------------------------------------------------------


@pytest.mark.parametrize("text, label, said", [
    ("Follow-up visit: Tuesday, December 8.", "Follow-up:", True),
    ("follow up in 2 weeks", "Follow-up:", True),
    ("FOLLOW-UP: Tuesday", "Follow-up:", True),
    ("Follow upper back care", "Follow-up:", False),
    ("Come back in 2 weeks.", "Follow-up:", False),
    ("Seguimiento: martes 8", "Seguimiento:", True),
    ("Vuelva en 2 semanas.", "Seguimiento:", False),
])
def test_a_follow_up_that_starts_with_the_label_is_told_apart(text, label, said):
    assert repeats_label(text, label) is said


def test_a_follow_up_with_its_own_label_is_not_labelled_twice(run, tmp_path):
    result = run("build", "back-spasms", "--follow-up", "Follow-up visit: Tuesday, December 8.", "-o", "x.pdf")
    assert result.exit_code == 0
    text = " ".join(poppler_text(tmp_path / "x.pdf").split())
    assert text.count("Follow-up visit: Tuesday, December 8.") == 1
    assert "Follow-up: Follow-up" not in text


def test_a_follow_up_without_a_label_gets_ours(run, tmp_path):
    assert run("build", "back-spasms", "--follow-up", "Come back in 2 weeks.", "-o", "x.pdf").exit_code == 0
    assert re.search(r"Follow-up:\s+Come back in 2 weeks\.", poppler_text(tmp_path / "x.pdf"))


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "brand.yaml"))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_example_prints_a_label_twice(tmp_path, example, lang):
    text = " ".join(laid_out(tmp_path, "x", handout(EXAMPLES / example, language=lang)).split())
    for label in (LOCALES[lang]["follow_up_heading"], LOCALES[lang]["follow_up_blank"]):
        word = label.rstrip(":")
        assert not re.search(rf"{re.escape(label)} {re.escape(word)}", text, re.IGNORECASE), (example, label)


# --- content and validation -------------------------------------------------------------------------


def test_the_new_sections_are_not_in_the_presets_and_end_the_topic():
    for lang, topic in TOPICS.items():
        assert [s["id"] for s in topic["sections"]][-2:] == ["tracker", "questions"], lang
        for key in ("default_selection", "brief_selection"):
            picked = {c if isinstance(c, str) else c["section"] for c in topic[key]}
            assert not picked & {"tracker", "questions"}, (lang, key)


MINI = """\
id: mini
language: en
title: Mini
version: 1.0.0
updated: 2026-11-24
review: {status: not-reviewed}
sources: [{title: A source}]
default_selection: [week]
sections:
"""  # sections start at line 10


def topic_errors(sections: str) -> list[str]:
    with pytest.raises(Exception) as excinfo:
        validate(parse_yaml(MINI + sections, "t.yaml"), Topic)
    return [str(p) for p in excinfo.value.problems]


def test_a_well_formed_tracker_and_questions_validate():
    topic = validate(parse_yaml(MINI + """\
  - {id: week, kind: tracker, heading: Week, intro: Fill it in., items: [{id: pain, title: Pain}]}
  - {id: ask, kind: questions, heading: Ask, items: [{id: when, title: When?}]}
""", "t.yaml"), Topic)
    week, ask = topic.sections
    assert isinstance(week, TrackerSection) and (week.days, week.items[0].hint) == (7, None)
    assert isinstance(ask, QuestionsSection) and (ask.lines, ask.own_lines) == (2, 3)


def test_a_malformed_tracker_is_one_located_line_per_problem():
    assert topic_errors("""\
  - id: week
    kind: tracker
    heading: Your week
    days: 9
    items:
      - id: pain
        title: Pain
        cells: [a]
      - id: Sleep
        title: Sleep
""") == [
        "t.yaml:10: sections.0: expected a value for 'intro', found none; add 'intro: ...'",
        "t.yaml:13: sections.0.days: expected at most 7, got the number 9",
        "t.yaml:17: sections.0.items.0.cells: unknown key 'cells' (expected one of: hint, id, title)",
        "t.yaml:18: sections.0.items.1.id: expected a kebab-case id (lower-case letters, digits and dashes, "
        "like 'ice-first'), got 'Sleep'",
    ]


@pytest.mark.parametrize("value, message", [
    ("yes", "expected a whole number, got the yes/no value true"),
    ("2.5", "expected a whole number, got the number 2.5"),
    ("0", "expected at least 1, got the number 0"),
])
def test_a_trackers_days_are_a_whole_number_from_1_to_7(value, message):
    assert topic_errors(f"""\
  - id: week
    kind: tracker
    heading: Week
    intro: Fill it in.
    days: {value}
    items: [{{id: pain, title: Pain}}]
""") == [f"t.yaml:14: sections.0.days: {message}"]


def test_too_many_tracker_rows_for_one_page_and_questions_without_lines_are_refused():
    rows = "".join(f"      - {{id: r{i}, title: Row}}\n" for i in range(9))
    assert topic_errors("  - id: week\n    kind: tracker\n    heading: W\n    intro: I.\n    items:\n" + rows) == [
        "t.yaml:14: sections.0.items: expected at most 8 entries, got 9"]
    assert topic_errors("""\
  - id: week
    kind: questions
    heading: Ask
    own_lines: 0
    items: [{id: when, title: When?, body: x}]
""") == ["t.yaml:13: sections.0.own_lines: expected at least 1, got the number 0",
         "t.yaml:14: sections.0.items.0.body: unknown key 'body' (expected one of: id, title)"]


def test_a_translation_keeps_its_trackers_days_and_its_questions_lines(tmp_path):
    for lang in ("en", "es"):
        shutil.copy(REPO / "content" / "back-spasms" / f"{lang}.yaml", tmp_path / f"{lang}.yaml")
    es = tmp_path / "es.yaml"
    text = es.read_text(encoding="utf-8")
    text = text.replace("    days: 7\n", "    days: 5\n").replace("    own_lines: 3\n", "    own_lines: 2\n")
    es.write_text(text, encoding="utf-8")
    errors = [str(p) for p in check_paths([es]).errors]
    days_line = text.splitlines().index("    days: 5") + 1
    lines_line = text.splitlines().index("    own_lines: 2") + 1
    assert errors == [
        f"{es}:{days_line}: sections.11.days: section 'tracker': expected days: 7 as in en, got 5",
        f"{es}:{lines_line}: sections.12.own_lines: section 'questions': expected own_lines: 3 as in en, got 2",
    ]


def test_the_shipped_tracker_and_questions_pass_check():
    report = check_paths([REPO / "content" / "back-spasms"])
    assert report.errors == []
    scored = [line for line in report.lines() if re.match(r"\s+[\d.]+\s+[\d.]+\s+\d+\s+section (tracker|questions)",
                                                          line)]
    assert len(scored) == 4, "both sections are scored for reading level in both languages"
