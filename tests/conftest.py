"""Shared fixtures: run the CLI in-process, write input files, read PDFs as a reader would."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import library
from handouts.cli import cli
from handouts.errors import one_of

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "content" / "examples" / "riverside"
# How an unknown topic's message lists the shipped topics: the list grows with the library.
TOPICS_LISTED = f"(topics: {one_of(library.topic_ids())})"


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run `handouts ARGS...` in tmp_path; returns click's Result (stdout, stderr apart)."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def write(tmp_path):
    """Write a dedented text file under tmp_path and return its path."""

    def make(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
        return path

    return make


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page, extracted with pypdf."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def poppler_text(path: Path) -> str:
    """The text as poppler's pdftotext reads it (skips the test if poppler is missing)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- every PDF the suite produced, read by independent readers ------------------------------

READERS: dict = {}


def _check_with_readers(pdf: Path) -> str | None:
    """None if qpdf finds no damage and poppler renders every page; else what went wrong."""
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    if check.returncode != 0:
        return f"qpdf --check: {(check.stdout + check.stderr).strip().splitlines()[-1]}"
    render = subprocess.run(["pdftoppm", "-r", "8", "-png", str(pdf), str(pdf.with_suffix(""))],
                            capture_output=True, text=True)
    if render.returncode != 0 or render.stderr.strip():
        return f"pdftoppm: {render.stderr.strip() or render.returncode}"
    return None


@pytest.fixture(scope="session", autouse=True)
def independent_readers(tmp_path_factory):
    """After the last test: every PDF written under the test temp folders must pass
    `qpdf --check` and render with poppler. Skipped, with the reason printed, where
    those tools are missing."""
    yield
    missing = [tool for tool in ("qpdf", "pdftoppm") if not shutil.which(tool)]
    if missing:
        READERS["skipped"] = f"{' and '.join(missing)} not installed (.ci/run installs them)"
        return
    from concurrent.futures import ThreadPoolExecutor

    # What the tool wrote: files named .pdf that tests wrote as stand-ins (text) are not ours.
    pdfs = sorted(p for p in tmp_path_factory.getbasetemp().rglob("*.pdf")
                  if p.is_file() and p.read_bytes()[:5] == b"%PDF-")
    with ThreadPoolExecutor(max_workers=4) as pool:
        checked = zip(pdfs, pool.map(_check_with_readers, pdfs), strict=True)
        problems = {pdf: problem for pdf, problem in checked if problem}
    READERS["checked"], READERS["failed"] = len(pdfs), len(problems)
    assert problems == {}, f"{len(problems)} of {len(pdfs)} PDFs fail an independent reader"


def pytest_terminal_summary(terminalreporter):
    if "skipped" in READERS:
        terminalreporter.write_line(f"independent PDF readers skipped: {READERS['skipped']}")
    elif "checked" in READERS:
        terminalreporter.write_line(
            f"independent PDF readers: {READERS['checked'] - READERS['failed']} of {READERS['checked']} PDFs "
            "passed qpdf --check and rendered with pdftoppm")


@pytest.fixture
def topic_copy(tmp_path):
    """content/back-spasms/{en,es}.yaml copied side by side to tmp_path/back-spasms, to break on purpose."""
    folder = tmp_path / "back-spasms"
    folder.mkdir()
    for lang in ("en", "es"):
        shutil.copy(REPO / "content" / "back-spasms" / f"{lang}.yaml", folder / f"{lang}.yaml")
    return folder


def topic_data(path: Path) -> dict:
    """A topic file's data as the tool reads it: shared passages ({ref: ...}) written out in place."""
    from handouts.shared import resolve_refs
    from handouts.yamlload import load_yaml

    return resolve_refs(load_yaml(path)).data


def errors(result) -> list[str]:
    """The command's "Error: " lines; never a traceback."""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the line ``old`` of ``path`` with ``new``; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(old)
    lines[at] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1
