"""Every error can be located: the file, the line and the key the user must edit, on every command.

`check` has always placed its problems; these tests hold `build` and `batch` to the same
standard, and hold every command to a readable length when a file has hundreds of problems.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from handouts import library
from handouts.errors import ContentError, Problem

TOPIC = "content/back-spasms/en.yaml"
BODY = ("          Lying in bed makes your back stiff and weak. After a day or two, do your usual tasks and go back "
        "to work bit by bit. Do not wait for the pain to go.\n")  # home-care/short-rest
# its 'body:' key, counted here by hand, not by the loader under test
BODY_LINE = (REPO / TOPIC).read_text(encoding="utf-8").split("        body: >-\n" + BODY)[0].count("\n") + 1
BODY_KEY = "sections.5.items.0.body"


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


# --- unknown topic, missing language: at the selection file's own keys --------------------------


def test_build_of_a_selection_with_an_unknown_topic_names_its_topic_line(run, write, tmp_path):
    write("sel.yaml", "detail: brief\ntopic: back-spazms\n")
    result = run("build", "sel.yaml", "-o", "x.pdf")
    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: sel.yaml:2: topic: unknown topic 'back-spazms'; did you mean 'back-spasms'? "
            "(topics: back-spasms, hip-osteoarthritis, knee-osteoarthritis)"]
    assert not (tmp_path / "x.pdf").exists()


def test_build_reads_the_unknown_topic_line_as_check_does(run, write):
    write("sel.yaml", "detail: brief\ntopic: back-spazms\n")
    built, checked = run("build", "sel.yaml", "-o", "x.pdf"), run("check", "-q", "sel.yaml")
    assert error_lines(built) == error_lines(checked)


def test_build_with_picks_of_a_selection_with_an_unknown_topic_names_its_topic_line(run, write):
    write("sel.yaml", "topic: back-spazms\n")
    result = run("build", "sel.yaml", "--pick", "home-care", "-o", "x.pdf")
    assert error_lines(result) == [
        "Error: sel.yaml:1: topic: unknown topic 'back-spazms'; did you mean 'back-spasms'? "
            "(topics: back-spasms, hip-osteoarthritis, knee-osteoarthritis)"]


def test_build_of_a_selection_in_a_missing_language_names_its_language_line(run, write):
    write("sel.yaml", "topic: back-spasms\nlanguage: fr\n")
    result = run("build", "sel.yaml", "-o", "x.pdf")
    assert error_lines(result) == [
        "Error: sel.yaml:2: language: topic 'back-spasms' has no 'fr' version (languages: en, es)"]


def test_build_of_a_selection_also_in_a_missing_language_names_that_entry(run, write):
    write("sel.yaml", "topic: back-spasms\nalso_in:\n  - es\n  - fr\n")
    result = run("build", "sel.yaml", "-o", "x.pdf")
    assert error_lines(result) == [
        "Error: sel.yaml:4: also_in.1: topic 'back-spasms' has no 'fr' version (languages: en, es)"]


def test_a_missing_language_given_as_an_option_is_not_blamed_on_the_file(run, write):
    write("sel.yaml", "topic: back-spasms\n")
    result = run("build", "sel.yaml", "--lang", "fr", "-o", "x.pdf")
    assert error_lines(result) == ["Error: topic 'back-spasms' has no 'fr' version (languages: en, es)"]


def test_unknown_topic_typed_on_the_command_line_names_no_file(run):
    result = run("build", "back-spazms")
    assert error_lines(result) == [
        "Error: unknown topic 'back-spazms'; did you mean 'back-spasms'? "
            "(topics: back-spasms, hip-osteoarthritis, knee-osteoarthritis)"]


# --- a topic file's own text, at its own line --------------------------------------------------


@pytest.fixture
def library_copy(tmp_path, monkeypatch):
    """The built-in content copied to tmp_path/lib and used as the library; returns the topic file."""
    root = tmp_path / "lib" / "content"
    shutil.copytree(REPO / "content", root)
    monkeypatch.setattr(library, "content_dir", lambda: root)
    library.topic_files.cache_clear()
    yield root / "back-spasms" / "en.yaml"
    library.topic_files.cache_clear()


def edit_body(path: Path, new: str) -> None:
    """Replace the short-rest body (two lines from its 'body:' key) with ``new`` lines."""
    text = path.read_text(encoding="utf-8")
    old = "        body: >-\n" + BODY
    assert text.count(old) == 1 and text.splitlines()[BODY_LINE - 1] == old.splitlines()[0]
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_build_names_the_topic_line_of_a_character_no_font_draws(run, library_copy, tmp_path):
    edit_body(library_copy, "        body: >-\n" + BODY.replace("Lying in", "Lying \u6f22 in"))
    result = run("build", "back-spasms", "-o", "x.pdf")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {TOPIC}:{BODY_LINE}: {BODY_KEY}: no bundled font can draw '\u6f22' "
        "(U+6F22 CJK UNIFIED IDEOGRAPH-6F22); remove or replace it"]
    assert not (tmp_path / "x.pdf").exists()


def test_build_reads_the_topic_line_as_check_does(run, library_copy):
    edit_body(library_copy, "        body: >-\n" + BODY.replace("Lying in", "Lying \u6f22 in"))
    built, checked = run("build", "back-spasms", "-o", "x.pdf"), run("check", "-q", library_copy)
    assert error_lines(built) == [line.replace(str(library_copy), TOPIC) for line in error_lines(checked)]


def test_build_names_the_topic_line_of_a_control_character(run, library_copy):
    edit_body(library_copy, '        body: "Lying \\a in bed for a long time makes your back stiffer."\n')
    result = run("build", "back-spasms", "-o", "x.pdf")
    assert error_lines(result) == [
        f"Error: {TOPIC}:{BODY_LINE}: {BODY_KEY}: found the control character U+0007; "
        "expected printable text, remove it"]


def test_brief_build_names_the_summary_it_prints(run, library_copy):
    path = library_copy
    text = path.read_text(encoding="utf-8")
    old = "        summary: Rest for 1 or 2 days at most."
    path.write_text(text.replace(old, old.replace("Rest", "Rest \u6f22")), encoding="utf-8")
    result = run("build", "back-spasms", "--detail", "brief", "--pick", "home-care=short-rest", "-o", "x.pdf")
    assert error_lines(result) == [
        f"Error: {TOPIC}:{BODY_LINE - 1}: sections.5.items.0.summary: no bundled font can draw '\u6f22' "
        "(U+6F22 CJK UNIFIED IDEOGRAPH-6F22); remove or replace it"]


def test_text_a_handout_does_not_print_does_not_stop_its_build(run, library_copy, tmp_path):
    edit_body(library_copy, "        body: >-\n" + BODY.replace("Lying in", "Lying \u6f22 in"))
    result = run("build", "back-spasms", "--drop", "home-care", "-o", "x.pdf")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "x.pdf").exists()


def test_batch_job_names_the_topic_line(run, library_copy, write):
    edit_body(library_copy, "        body: >-\n" + BODY.replace("Lying in", "Lying \u6f22 in"))
    write("m.yaml", "jobs:\n  - topic: back-spasms\n    output: a.pdf\n")
    result = run("batch", "m.yaml", "-d", "out", "-j", "1")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: job 1 (a.pdf): {TOPIC}:{BODY_LINE}: {BODY_KEY}: no bundled font can draw '\u6f22' "
        "(U+6F22 CJK UNIFIED IDEOGRAPH-6F22); remove or replace it"]


# --- hundreds of problems: the first 20, then how many more --------------------------------------

EMOJI = "\U0001F9EA"  # TEST TUBE: no bundled font draws it


def test_an_error_with_many_problems_shows_twenty_and_counts_the_rest(capsys):
    ContentError([Problem(f"bad {n}", file="a.yaml", line=n) for n in range(1, 201)]).show()
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"Error: a.yaml:{n}: bad {n}" for n in range(1, 21)] + ["... and 180 more problems"]


def test_an_error_with_twenty_one_problems_says_one_more_problem(capsys):
    ContentError([Problem(f"bad {n}") for n in range(21)]).show()
    assert capsys.readouterr().err.splitlines()[-2:] == ["Error: bad 19", "... and 1 more problem"]


def test_an_error_with_twenty_problems_shows_them_all(capsys):
    ContentError([Problem(f"bad {n}") for n in range(20)]).show()
    assert capsys.readouterr().err.splitlines() == [f"Error: bad {n}" for n in range(20)]


def test_notes_file_of_200_bad_notes_prints_twenty_and_a_count(run, write, tmp_path):
    write("notes.txt", "\n\n".join(f"Note {n} {EMOJI}" for n in range(1, 201)) + "\n")
    result = run("build", "back-spasms", "--notes-file", "notes.txt", "-o", "x.pdf")
    assert result.exit_code == 1
    message = f"no bundled font can draw '{EMOJI}' (U+1F9EA TEST TUBE); remove or replace it"
    assert result.stderr.splitlines() == [f"Error: notes.txt:{2 * n - 1}: {message}" for n in range(1, 21)] + [
        "... and 180 more problems"]
    assert not (tmp_path / "x.pdf").exists()


def selection_of_200_bad_notes(write) -> Path:
    return write("sel.yaml", "topic: back-spasms\nnotes:\n" + "".join(f"  - {n}\n" for n in range(1, 201)))


def quote_hint(n: int) -> str:
    return f'expected text, got the number {n} (YAML reads an unquoted {n} that way); put it in quotes: "{n}"'


def test_selection_of_200_mistyped_notes_prints_twenty_and_a_count(run, write):
    selection_of_200_bad_notes(write)
    result = run("build", "sel.yaml", "-o", "x.pdf")
    assert result.stderr.splitlines() == [
        f"Error: sel.yaml:{n + 2}: notes.{n - 1}: {quote_hint(n)}" for n in range(1, 21)] + [
        "... and 180 more problems"]


def test_check_of_200_mistyped_notes_prints_twenty_a_count_and_the_whole_total(run, write):
    selection_of_200_bad_notes(write)
    result = run("check", "-q", "sel.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: sel.yaml:{n + 2}: notes.{n - 1}: {quote_hint(n)}" for n in range(1, 21)] + [
        "... and 180 more problems",
        "Checked 1 file(s): 200 error(s), 0 warning(s): FAILED"]
