"""Bundled fonts: registered once per process, and the one path text takes to markup.

:func:`markup` is the only way text from YAML or the command line becomes
ReportLab Paragraph markup: it escapes ``<``, ``>`` and ``&`` and checks that a
bundled font can draw every character, drawing in the fallback face what the
main face lacks. A character no bundled font has is an error naming the field.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import LayoutError, Problem, reading
from .library import data_dir

# Handouts use regular and bold only (italic is harder to read for the
# readers we print for), so only those two faces are parsed and registered.
FAMILIES = {
    "atkinson-hyperlegible": {
        "regular": "AtkinsonHyperlegible-Regular.ttf",
        "bold": "AtkinsonHyperlegible-Bold.ttf",
    },
    "dejavu-sans": {
        "regular": "DejaVuSans.ttf",
        "bold": "DejaVuSans-Bold.ttf",
    },
}
FALLBACK = "dejavu-sans"

# Whitespace controls a pasted text may hold; anything else below U+0020 is refused.
_WHITESPACE = {"\t": " ", "\r": "", "\x0b": "\n", "\x0c": "\n"}


@dataclass(frozen=True)
class FontSet:
    """The registered face names of one family, and the characters it can draw."""

    family: str
    regular: str
    bold: str
    chars: frozenset


def custom_family(regular: Path, bold: Path | None) -> str:
    """The family key of a clinic's own font files (see :func:`fontset`)."""
    return f"custom:{regular}|{bold or regular}"


@functools.lru_cache(maxsize=None)
def fontset(family: str) -> FontSet:
    """Register ``family`` with ReportLab (once per process) and return its names.

    ``family`` is a bundled family name or a :func:`custom_family` key.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if family.startswith("custom:"):
        regular, bold = family.removeprefix("custom:").split("|")
        files = {"regular": Path(regular), "bold": Path(bold)}
    else:
        folder = data_dir("fonts")
        files = {style: folder / name for style, name in FAMILIES[family].items()}
    names = {}
    chars: frozenset = frozenset()
    for style, path in files.items():
        custom = family.startswith("custom:")
        name = f"clinic-{_short_hash(str(path))}" if custom else f"{family}-{style}"
        where = style if custom else None  # the brand's key naming this file
        with reading(None, where=where, prefix=f"font '{path.name}': "):
            data = io.BytesIO(path.read_bytes())
        data.name = str(path)  # what ReportLab would have opened: same names, same PDF
        try:
            font = TTFont(name, data)
        except (TTFError, OSError, ValueError, KeyError, struct.error) as exc:
            raise LayoutError(Problem(
                f"font '{path.name}': expected a TrueType font (.ttf) ReportLab can embed, got an unreadable "
                f"file ({str(exc)[:60]})", where=where
            )) from None
        pdfmetrics.registerFont(font)
        names[style] = name
        if style == "regular":
            chars = frozenset(map(chr, font.face.charToGlyph))
    # <b> switches to the bold face; an italic request falls back to upright.
    for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(names["regular"], is_bold, is_italic, names["bold" if is_bold else "regular"])
    return FontSet(family, names["regular"], names["bold"], chars)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities: text is data, never Paragraph markup.

    (What xml.sax.saxutils.escape does, without importing urllib, http and email with it.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean(text: str, field: str) -> str:
    """Normalise pasted text (NFC, whitespace controls); refuse other control characters."""
    text = unicodedata.normalize("NFC", str(text))
    out = []
    for ch in text:
        if ch in _WHITESPACE:
            out.append(_WHITESPACE[ch])
        elif ch != "\n" and unicodedata.category(ch) == "Cc":
            raise LayoutError(
                Problem(f"{field}: found the control character U+{ord(ch):04X}; expected printable text, remove it")
            )
        elif unicodedata.category(ch) in ("Cn", "Co", "Cs"):  # unassigned, private use, lone surrogates
            raise LayoutError(
                Problem(f"{field}: found U+{ord(ch):04X}, which is not a printable character; remove it")
            )
        elif unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "PDF", "PDI"):
            # ReportLab lays text out left to right only: Hebrew or Arabic would print backwards.
            raise LayoutError(Problem(
                f"{field}: {ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}) is right-to-left "
                "text or a direction control, which handouts cannot print in the right order; remove it"))
        else:
            out.append(ch)
    return "".join(out)


# The fields that differ from patient to patient: their text is never kept in a cache, so a batch's
# memory does not grow with its rows and no patient's words outlive the handout made for them.
PERSONAL = ("patient", "notes", "follow_up")


def personal(field: str) -> bool:
    """Whether ``field`` ('patient', 'notes.2', 'topic.title'...) holds a patient's own text."""
    return field.split(".", 1)[0] in PERSONAL


def markup(text: str, family: str, field: str, bold: bool = False) -> str:
    """Escape ``text`` for a Paragraph, switching to the fallback face where needed.

    Remembered, but for a patient's own text (:data:`PERSONAL`): the rest is the same on every handout.
    """
    if personal(field):
        return _markup(text, family, field, bold)
    return _remembered(text, family, field, bold)


def _markup(text: str, family: str, field: str, bold: bool = False) -> str:
    text = clean(text, field)
    main = fontset(family)
    if all((ch in main.chars and ch <= "\uffff") or ch == "\n" for ch in text):
        return escape(text)
    fallback = fontset(FALLBACK)
    face = fallback.bold if bold else fallback.regular
    out = []
    # Whole words go to the fallback face, so a Greek or Vietnamese word is
    # never drawn half in one face and half in another.
    for word in re.split(r"(\s+)", text):
        if all((ch in main.chars and ch <= "\uffff") or ch.isspace() for ch in word):
            out.append(escape(word))
            continue
        for ch in word:
            if ch not in fallback.chars and ch not in main.chars:
                raise LayoutError(
                    Problem(
                        f"{field}: no bundled font can draw {ch!r} (U+{ord(ch):04X} "
                        f"{unicodedata.name(ch, 'unnamed character')}); remove or replace it"
                    )
                )
            if ord(ch) > 0xFFFF:
                # ReportLab's embedded subsets map only the Basic Multilingual Plane back to
                # text: an emoji DejaVu draws would print, but not copy, search or read aloud.
                raise LayoutError(Problem(
                    f"{field}: {ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}) would print "
                    "but not read back as text (copy, search, screen readers); remove or replace it"))
        if all(ch in fallback.chars for ch in word):
            out.append(f'<font name="{face}">{escape(word)}</font>')
        else:  # a word mixing characters only one face each has
            out.append("".join(
                escape(ch) if ch in main.chars else f'<font name="{face}">{escape(ch)}</font>'
                for ch in word
            ))
    return "".join(out)


_remembered = functools.lru_cache(maxsize=20_000)(_markup)


def glyph_problems(doc, texts, family: str = FALLBACK) -> list[Problem]:
    """Every character of ``texts`` ((loc, text) pairs) that no font can draw, located in ``doc``."""
    problems = []
    for loc, text in texts:
        try:
            markup(text, family, ".".join(map(str, loc)))
        except LayoutError as exc:
            problems += [doc.problem(loc, p.message.split(": ", 1)[-1]) for p in exc.problems]
    return problems
