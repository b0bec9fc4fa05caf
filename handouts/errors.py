"""One exception tree for every error a user can cause.

Each error renders as one line per problem, ``file:line: key.path: message``,
so the CLI prints it on stderr and exits 1 without a traceback.
"""

from __future__ import annotations

import contextlib
import difflib
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    where: str | None = None  # dotted key path inside the file, e.g. sections.2.items

    def __str__(self) -> str:
        place = ""
        if self.file:
            place = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        where = f"{self.where}: " if self.where else ""
        return one_line(f"{place}{where}{self.message}")


class HandoutsError(click.ClickException):
    """Base of every user-facing error; click prints it and exits 1."""

    exit_code = 1

    def __init__(self, problems: Problem | str | Iterable[Problem | str]):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file=None) -> None:
        for line in error_lines(self.problems):
            click.echo(line, err=True, file=file)


MAX_SHOWN = 20  # a file mistyped throughout would scroll its first, most telling, problems away


def error_lines(problems: list) -> list[str]:
    """'Error: ...' for each of the first MAX_SHOWN problems, then how many more there are."""
    lines = [f"Error: {problem}" for problem in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        lines.append(_more(len(problems) - MAX_SHOWN))
    return lines


def joined(problems: list) -> str:
    """The first MAX_SHOWN problems on one line, then how many more there are (a batch job's failure)."""
    parts = [str(problem) for problem in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        parts.append(_more(len(problems) - MAX_SHOWN))
    return "; ".join(parts)


def _more(count: int) -> str:
    return f"... and {count} more problem{'s' if count > 1 else ''}"


class InputError(HandoutsError):
    """A file or option the user gave is missing, unreadable or invalid."""


class ContentError(HandoutsError):
    """Topic content, a brand or a selection does not validate."""


class LayoutError(HandoutsError):
    """Valid input that cannot be printed (a glyph no font has, text too big)."""


@contextlib.contextmanager
def reading(file: str | None, line: int | None = None, where: str | None = None, prefix: str = "") -> Iterator[None]:
    """Report an OSError while finding or reading an input file as one InputError line.

    ``file`` (and ``line``, ``where``) place the problem: the file itself, or the
    file that names it (a brand naming its logo) with ``prefix`` naming the file read.
    """
    try:
        yield
    except OSError as exc:
        raise InputError(Problem(prefix + cannot_read(exc), file=file, line=line, where=where)) from None


def cannot_read(exc: OSError) -> str:
    """Why a file could not be read, in plain words, and what to do about it."""
    if isinstance(exc, PermissionError):
        return "cannot read the file (permission denied); check its permissions"
    reason = exc.strerror or str(exc)
    return f"cannot read the file ({reason[:1].lower()}{reason[1:]})"


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes.

    Messages quote what the user wrote; a quoted line break must not split a
    problem over two lines, nor may a quoted escape sequence reach the terminal.
    """
    return "".join(_escaped(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def _escaped(ch: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
        f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely meant: a near spelling, the same words reordered,
    or a near miss of one word of a kebab-case id ('icee' for 'ice-first')."""
    choices = sorted(set(choices))
    word = str(word)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    by_words = {_word_key(c): c for c in choices}
    close = difflib.get_close_matches(_word_key(word), by_words, n=1, cutoff=0.75)
    if close:
        return by_words[close[0]]
    scored = [(max(difflib.SequenceMatcher(None, word, part).ratio() for part in c.split("-")), c) for c in choices]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= 0.8 else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or ''."""
    match = closest(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def _word_key(text: str) -> str:
    return "-".join(sorted(text.lower().replace("_", "-").split("-")))


def one_of(choices: Iterable[str]) -> str:
    """Render a short list of allowed values for a message."""
    items = sorted(set(choices))
    if len(items) > 8:
        items = items[:8] + ["..."]
    return ", ".join(items)
