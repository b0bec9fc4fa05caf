"""Shared fixtures: run the CLI in-process, write input files, read PDFs as a reader would."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "content" / "examples" / "riverside"


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
