"""Data-driven tests: `handouts build` on every folder under tests/cases/build/.

Each case folder holds:

- ``args.txt``: the build command's arguments, one a line (blank lines are
  skipped), paths relative to the case folder. The test adds
  ``-o handout.pdf`` itself, so no case names an output;
- its input files (selection.yaml, brand.yaml, notes.txt, a logo, ...);
- for a build that succeeds, ``expected.txt``: phrases that must appear in
  the text pdftotext reads from the PDF, in this order. Runs of whitespace
  (line wraps) count as one space, so a phrase may wrap across lines. A line
  ``[page N]`` makes the phrases after it be looked for on page N only;
  ``[next page]`` on the pages after the one the previous phrase is on;
- optionally ``absent.txt`` (phrases that must appear nowhere),
  ``pages.txt`` (the page count) and ``size.txt`` (every page's MediaBox,
  in whole points, as ``595x842``);
- for a build that must fail, ``error.txt`` instead: ``exit N`` on its first
  line, then the exact stderr lines. No PDF and no temporary file may be left;
- ``xfail.txt`` (optional): why the case fails today (a known bug, named by
  its issue); it runs as a strict xfail, so it must fail until the bug is fixed.

The inputs are copied to a temporary folder and built from there, so file
names in messages are as the case folder spells them.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

CASES = Path(__file__).resolve().parent / "cases" / "build"
META = {"args.txt", "expected.txt", "absent.txt", "pages.txt", "size.txt", "error.txt", "xfail.txt"}
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())
PAGE = re.compile(r"\[page (\d+)\]|\[next page\]")


def params(case: Path):
    """The case, as a strict xfail when its xfail.txt names a bug it shows."""
    reason = (case / "xfail.txt").read_text(encoding="utf-8").strip() if (case / "xfail.txt").exists() else ""
    return pytest.param(case, id=case.name, marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


def lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def words(text: str) -> str:
    return " ".join(text.split())


def pages_text(pdf: Path) -> list[str]:
    """The text of each page as poppler's pdftotext reads it, whitespace made single spaces."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [words(page) for page in text.split("\f")[:-1]]  # pdftotext ends every page with a form feed


def missing_in_order(expected: list[str], pages: list[str]) -> list[str]:
    """The expected phrases not found after the previous one (and on their pages, after a marker line)."""
    text = " ".join(pages)
    starts = [0]  # where each page begins in ``text``, and where the text ends
    for page in pages:
        starts.append(starts[-1] + len(page) + 1)
    missing, label, position, end, page_of_last = [], "", 0, len(text), 0
    for want in expected:
        marker = PAGE.fullmatch(want.strip())
        if marker:
            number = int(marker.group(1)) if marker.group(1) else page_of_last + 2  # 1-based
            label = f"[page {number}] " if marker.group(1) else "[next page] "
            if number > len(pages):
                position = end = 0  # no such page: nothing more can be found
            else:
                position = starts[number - 1]
                end = starts[number] - 1 if marker.group(1) else len(text)
            continue
        found = text.find(words(want), position, end)
        if found < 0:
            missing.append(label + want)
        else:
            position = found + len(words(want))
            page_of_last = bisect.bisect_right(starts, found) - 1  # 0-based
    return missing


def copy_inputs(case: Path, target: Path) -> None:
    def meta_files(folder, names):
        return [n for n in names if n in META and Path(folder) == case]

    shutil.copytree(case, target, ignore=meta_files, dirs_exist_ok=True)


@pytest.mark.parametrize("case", [params(case) for case in CASE_DIRS])
def test_build_case(case, tmp_path, run):
    copy_inputs(case, tmp_path)  # `run` works in tmp_path
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run("build", *lines(case / "args.txt"), "-o", "handout.pdf")
    assert "Traceback" not in result.stderr
    error = lines(case / "error.txt")
    if error:
        assert (result.exit_code, result.stderr.splitlines()) == (int(error[0].split()[1]), error[1:])
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before, "a file was left behind"
        return
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "Wrote handout.pdf"
    pdf = tmp_path / "handout.pdf"
    pages = pages_text(pdf)
    assert missing_in_order(lines(case / "expected.txt"), pages) == []
    everywhere = " ".join(pages)
    assert [phrase for phrase in lines(case / "absent.txt") if words(phrase) in everywhere] == []
    if (case / "pages.txt").exists():
        assert len(pages) == int((case / "pages.txt").read_text().strip())
    if (case / "size.txt").exists():
        sizes = {f"{round(float(p.mediabox.width))}x{round(float(p.mediabox.height))}"
                 for p in PdfReader(str(pdf)).pages}
        assert sizes == {(case / "size.txt").read_text().strip()}


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_build_case_folder_is_complete(case):
    args = lines(case / "args.txt")
    assert args, "args.txt is missing or empty"
    assert not {"-o", "--output"} & set(args), "the test names the output itself"
    error = lines(case / "error.txt")
    if error:
        assert re.fullmatch(r"exit [12]", error[0]) and error[1:], "error.txt: 'exit N', then the stderr lines"
        assert not {"expected.txt", "absent.txt", "pages.txt", "size.txt"} & {p.name for p in case.iterdir()}
    else:
        assert [line for line in lines(case / "expected.txt") if not PAGE.fullmatch(line.strip())], \
            "expected.txt is missing or holds no phrase"
    if (case / "xfail.txt").exists():
        assert re.match(r"issue \d+", (case / "xfail.txt").read_text(encoding="utf-8")), "xfail.txt: 'issue N: why'"


def test_there_are_at_least_twelve_build_cases():
    assert len(CASE_DIRS) >= 12


@pytest.mark.parametrize(("expected", "pages", "missing"), [
    (["b", "a"], ["a b"], ["a"]),
    (["a", "b"], ["a", "b"], []),
    (["one two"], ["one two"], []),
    (["one  two"], ["one two"], []),
    (["[page 1]", "a b"], ["a", "b"], ["[page 1] a b"]),  # a phrase never runs on into the next page
    (["[page 2]", "a"], ["a", "b"], ["[page 2] a"]),
    (["[page 1]", "a", "[page 2]", "b"], ["a", "b"], []),
    (["[page 3]", "a"], ["a", "b"], ["[page 3] a"]),
    (["a", "[next page]", "b"], ["a", "c", "b"], []),
    (["a", "[next page]", "b"], ["a b", "c"], ["[next page] b"]),
    (["b", "[next page]", "a"], ["a", "b"], ["[next page] a"]),
    (["c", "[next page]", "a"], ["a", "b c"], ["[next page] a"]),
])
def test_expected_phrases_in_order_and_on_their_page(expected, pages, missing):
    assert missing_in_order(expected, pages) == missing
