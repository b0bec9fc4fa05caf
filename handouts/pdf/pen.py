"""What every renderer draws with: memoised paragraphs, marks, and a Pen of styles and text helpers.

Every piece of text goes through :meth:`Pen.text`, which escapes it for a
Paragraph (:func:`handouts.fonts.markup`): text from YAML or the command
line is data, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..fonts import markup, personal
from ..models import Detail, Item, LocalBrand, sentence
from ..strings import Strings
from .styles import Styles

RULE = colors.HexColor("#8c8c8c")


class Para(Paragraph):
    """A Paragraph whose markup parsing and line breaking are memoised.

    Most of a handout is the same from patient to patient; profiling showed
    line breaking is where ReportLab spends its time (tables wrap each cell
    several times). The same markup in the same style at the same width is
    parsed and broken once per process, then shared: ReportLab only reads
    these results when it draws.
    """

    _parsed: dict = {}
    _broken: dict = {}
    LIMIT = 1_000  # entries per cache (a handout uses ~150): personal text cannot grow memory without bound
    # What ReportLab's Paragraph sets, and these caches keep: declared for the type checker.
    text: str
    frags: list
    style: ParagraphStyle
    bulletText: str | None
    width: float
    height: float
    blPara: Any
    _wrapWidths: Any

    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None, frags: Any = None,
                 remember: bool = True, **options: Any):
        if frags is not None or not remember:  # a piece of a split paragraph (see split), a patient's words
            super().__init__(text, style, bulletText=bulletText, frags=frags, **options)
            self._key = None
            return
        key = (text, id(style), bulletText)
        parsed = self._parsed.get(key)
        if parsed is None:
            super().__init__(text, style, bulletText=bulletText)
            _remember(self._parsed, key, (self.text, self.frags, self.style, self.bulletText), self.LIMIT)
        else:
            self.caseSensitive, self.encoding, self.debug = 1, "utf8", 0
            self.text, self.frags, self.style, self.bulletText = parsed
        self._key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._key is None:
            return super().wrap(availWidth, availHeight)
        key = (self._key, availWidth)
        broken = self._broken.get(key)
        if broken is None:
            result = super().wrap(availWidth, availHeight)
            _remember(self._broken, key, (self.width, self.height, self.blPara, self._wrapWidths), self.LIMIT)
            return result
        self.width, self.height, self.blPara, self._wrapWidths = broken
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list:
        """Split across a page break, from line breaking of its own.

        ReportLab makes the pieces with this class and its fragment keywords,
        and edits the lines it splits (a space after each line's last word):
        memoised lines are shared, so they are broken afresh here first.
        """
        if self._key is not None:
            super().wrap(availWidth, availHeight)
        return super().split(availWidth, availHeight)


def _remember(cache: dict, key: object, value: object, limit: int) -> None:
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


class Marked(Flowable):
    """An icon beside a paragraph: what a two-cell Table would draw, at a fraction of its cost.

    Headings and checklist steps are many per handout; profiling showed
    Table's generic cell machinery was a large share of the build time.
    """

    def __init__(self, mark: Flowable, para: Paragraph, gutter: float, valign: str = "top",
                 mark_top: float = 0, bottom: float = 0, indent: float = 0):
        super().__init__()
        self.mark, self.para, self.gutter = mark, para, gutter
        self.valign, self.mark_top, self.bottom, self.indent = valign, mark_top, bottom, indent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, text = self.para.wrap(availWidth - self.gutter - self.indent, availHeight)
        self.width = availWidth
        self.height = max(text, self.mark.height + self.mark_top) + self.bottom
        return self.width, self.height

    def draw(self) -> None:
        top = self.height - self.bottom
        self.para.drawOn(self.canv, self.indent + self.gutter, top - self.para.height)
        if self.valign == "middle":
            y = top - (self.para.height + self.mark.height) / 2
        else:
            y = top - self.mark_top - self.mark.height
        self.mark.drawOn(self.canv, self.indent, y)


class Grid(Table):
    """A Table that, asked its size again at the same width, answers from the last time.

    The plan measures each block once before the frame lays it out, and
    ReportLab's Table works its whole geometry out again on every wrap. Only
    a whole answer is kept (the table fitted the height it was given: Table
    stops adding up rows past it), and a split, which works the geometry
    out for itself, forgets it.
    """

    _known: tuple[float, float, float] | None = None  # the width asked, and the size answered

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        known = self._known
        if known is not None and known[0] == availWidth:
            self.availWidth = availWidth
            return known[1], known[2]
        width, height = super().wrap(availWidth, availHeight)
        self._known = (availWidth, width, height) if height <= availHeight else None
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list:
        self._known = None
        return super().split(availWidth, availHeight)


class Anchor(Flowable):
    """A zero-size mark: a PDF bookmark for a section, kept with what follows."""

    _ZEROSIZE = 1

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.keepWithNext = 1

    def wrap(self, *args: object) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)


@dataclass(frozen=True)
class Pen:
    """How one part is drawn: its styles, its words, and the width of the page's body."""

    s: Styles
    strings: Strings
    width: float  # of the body frame, in points
    detail: Detail
    brand: LocalBrand  # its texts in this part's language
    part: str = ""  # bookmark prefix: one part per language
    level: int = 0  # bookmark depth

    def text(self, value: str, field: str, bold: bool = False) -> str:
        return markup(value, self.s.family, field, bold=bold)

    def para(self, value: str, field: str, style: ParagraphStyle | None = None) -> Para:
        """``value`` as a paragraph: remembered, but a patient's own words (:func:`handouts.fonts.personal`)."""
        style = style or self.s.body
        return Para(self.text(value, field, bold=style.fontName.endswith("bold")), style, remember=not personal(field))

    def run_in(self, title: str, body: str | None, field: str, style: ParagraphStyle | None = None,
               bullet: str | None = None) -> Para:
        """A bold title followed on the same line by its text."""
        text = f"<b>{self.text(sentence(title), field + '.title', bold=True)}</b>"
        if body:
            text += " " + self.text(body, field + '.text')
        return Para(text, style or self.s.body, bulletText=bullet)

    def item_text(self, item: Item) -> str:
        """An item's text at the handout's level of detail."""
        return item.text(self.detail)

    def table(self, rows: list, colWidths: list, style: list, **options: Any) -> Grid:
        """A left-aligned Table whose plain-string cells use the body face too."""
        table = Grid(rows, colWidths=colWidths, hAlign="LEFT", **options)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.body.fontName)] + style))
        return table

    def chrome(self, key: str, **values: object) -> str:
        """A string of the language catalogue, filled in (values are escaped by the caller)."""
        return getattr(self.strings, key).format(**values)


def text_width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


def hex_colour(colour: colors.Color) -> str:
    return colour.hexval().replace("0x", "#")
