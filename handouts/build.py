"""The pipeline for one handout: request -> check (every rule; resolve) -> render -> write.

The CLI and the batch builder call these functions; they hold no click code.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .check import Checked, check, note_hints
from .output import write_atomic
from .request import Request
from .resolve import Handout
from .yamlload import read_text


def ready(request: Request, hints: bool = False) -> Checked:
    """``request`` checked, its handouts resolved; or an error with every problem check found.

    With ``hints``, its warnings also say which of the clinician's notes are hard to read (`build` prints
    them; a batch, which prints no warning per job, does not ask).
    """
    checked = check(request)
    if checked.problems:
        raise checked.error()
    if hints and checked.selection is not None and checked.selection.notes:
        hints_found = tuple(note_hints(request, checked.selection))
        checked = dataclasses.replace(checked, warnings=checked.warnings + hints_found)
    return checked


def render(*handouts: Handout) -> bytes:
    """One PDF: the handout, or one part per language in turn."""
    from .pdf import render as render_pdf  # ReportLab is imported only when a PDF is made

    return render_pdf(*handouts)


def build(request: Request) -> bytes:
    """The PDF of a request, every rule checked first."""
    return render(*ready(request).handouts)


def write(handouts: tuple[Handout, ...] | list[Handout], output: Path, force: bool = False) -> bool:
    """Render and write one PDF atomically; False if the same bytes were already there."""
    return write_atomic(output, render(*handouts), force=force)


def read_notes(path: Path) -> list[tuple[str, int]]:
    """Notes from a text file, one per block of lines between blank lines, each with its first line."""
    notes: list[tuple[str, int]] = []
    block: list[str] = []
    start = 1
    for number, line in enumerate(read_text(path).splitlines() + [""], 1):
        if line.strip():
            start = number if not block else start
            block.append(line)
        elif block:
            notes.append(("\n".join(block).strip(), start))
            block = []
    return notes
