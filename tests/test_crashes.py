"""Inputs that once ended in an internal error, each now a correct handout or one clear line.

Each test reproduced its crash before the fix (issue 10: "never crashes").
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, pdf_pages_text, poppler_text
from handouts import library


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def assert_one_error(result) -> str:
    """The run failed with exactly one `Error:` line and no traceback or internal error; that line."""
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    return errors[0]


# --- a paragraph taller than what is left of a page ----------------------------------------------


def numbered_note(note: int, characters: int) -> tuple[str, list[str]]:
    """A note of about ``characters`` characters whose every word is numbered, and those words."""
    tokens = [f"n{note}w{number:03d}" for number in range(characters // 8)]
    return " ".join(tokens), tokens


@pytest.mark.parametrize("profile", ["standard", "large"])
@pytest.mark.parametrize("size", [430, 1990])
def test_long_notes_flow_across_pages_whole_and_in_order(run, tmp_path, profile, size):
    """Four notes of 430 characters in large print ended in `Para.__init__() got an unexpected
    keyword argument 'frags'`: ReportLab splits a paragraph by making its class again."""
    notes = [numbered_note(index, size) for index in range(4)]
    args = ["build", "back-spasms", "--profile", profile, "-o", "out.pdf"]
    for text, _ in notes:
        args += ["--note", text]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "out.pdf"
    expected = [token for _, tokens in notes for token in tokens]
    assert re.findall(r"n\dw\d{3}", poppler_text(pdf)) == expected
    pages = pdf_pages_text(pdf)
    assert [t for page in pages for t in re.findall(r"n\dw\d{3}", page)] == expected
    on_page = {t: number for number, page in enumerate(pages) for t in re.findall(r"n\dw\d{3}", page)}
    if size == 1990:  # a note this long cannot all fit below the others: one must be split
        assert any(on_page[tokens[0]] != on_page[tokens[-1]] for _, tokens in notes), on_page



def test_splitting_a_note_leaves_the_next_handout_with_it_unchanged(run, tmp_path):
    """Line breaking is memoised and shared within a process (a batch): ReportLab's split edits
    the lines it splits, which must not change how the same note prints in the next handout."""
    note = "Ice first.\n" + " ".join(f"n0w{number:03d}" for number in range(60))  # two lines: two fragments
    brief = ["build", "back-spasms", "--detail", "brief", "--profile", "large", "--note", note]
    alone = subprocess.run([sys.executable, "-m", "handouts", *brief, "-o", "alone.pdf"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert alone.returncode == 0, alone.stderr
    long_args = ["build", "back-spasms", "--profile", "large"]
    for _ in range(12):  # the same note many times: one is bound to cross a page
        long_args += ["--note", note]
    for attempt in range(2):
        assert run(*long_args, "-o", f"long{attempt}.pdf").exit_code == 0
    assert run(*brief, "-o", "after.pdf").exit_code == 0
    assert (tmp_path / "after.pdf").read_bytes() == (tmp_path / "alone.pdf").read_bytes()


@pytest.fixture
def library_copy(tmp_path, monkeypatch):
    """The built-in library copied to tmp_path/content, used in place of the real one."""
    folder = tmp_path / "content" / "back-spasms"
    folder.mkdir(parents=True)
    for lang in ("en", "es"):
        (folder / f"{lang}.yaml").write_bytes((REPO / "content" / "back-spasms" / f"{lang}.yaml").read_bytes())
    monkeypatch.setattr(library, "content_dir", lambda: tmp_path / "content")
    library.topic_files.cache_clear()
    yield folder
    library.topic_files.cache_clear()


@pytest.mark.parametrize("kind", ["text", "list"])
def test_a_long_item_flows_across_pages_in_large_print(run, tmp_path, library_copy, kind):
    path = library_copy / "en.yaml"
    topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = next(s for s in topic["sections"] if s["kind"] == kind)
    body, tokens = numbered_note(0, 1990)
    section["items"][0]["body"] = body
    path.write_text(yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("build", "back-spasms", "--profile", "large", "--pick", f"{section['id']}={section['items'][0]['id']}",
                 "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr
    pages = pdf_pages_text(tmp_path / "out.pdf")
    found = [(number, t) for number, page in enumerate(pages) for t in re.findall(r"n0w\d{3}", page)]
    assert [t for _, t in found] == tokens
    assert found[0][0] != found[-1][0], "the item fitted on one page: make it longer"
