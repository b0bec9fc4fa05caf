"""Handout -> ReportLab flowables.

One function per section kind in :data:`LAYOUTS`; a new kind is one function
and one entry. Every piece of text goes through :meth:`Layout.text`, which
escapes it and checks its glyphs (:func:`handouts.fonts.markup`).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import markup
from .icons import QrCode, icon
from .models import Item, TableRow, TableSection, WarningItem, sentence
from .resolve import Handout, HandoutSection
from .styles import Styles, styles_for

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
    # Paragraph's own attributes, set by its __init__ or from the cache below
    text: str
    frags: list
    style: Any
    bulletText: Any
    LIMIT = 1_000  # entries per cache (a handout uses ~150): personal text cannot grow memory without bound

    def __init__(self, text: str, style, bulletText=None, frags=None, **options):
        if frags is not None:  # a piece of a split paragraph (see split): its own, never shared
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

    def wrap(self, availWidth, availHeight):
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

    def split(self, availWidth, availHeight):
        """Split across a page break, from line breaking of its own.

        ReportLab makes the pieces with this class and its fragment keywords,
        and edits the lines it splits (a space after each line's last word):
        memoised lines are shared, so they are broken afresh here first.
        """
        if self._key is not None:
            super().wrap(availWidth, availHeight)
        return super().split(availWidth, availHeight)


def _remember(cache: dict, key, value, limit: int) -> None:
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


class Marked(Flowable):
    """An icon beside a paragraph: what a two-cell Table would draw, at a fraction of its cost.

    Headings and checklist steps are many per handout; profiling showed
    Table's generic cell machinery was a large share of the build time.
    """

    def __init__(self, mark: Flowable, para: Paragraph, gutter: float, valign: str = "top",
                 mark_top: float = 0, bottom: float = 0):
        super().__init__()
        self.mark, self.para, self.gutter = mark, para, gutter
        self.valign, self.mark_top, self.bottom = valign, mark_top, bottom

    def wrap(self, availWidth, availHeight):
        _, text = self.para.wrap(availWidth - self.gutter, availHeight)
        self.width = availWidth
        self.height = max(text, self.mark.height + self.mark_top) + self.bottom
        return self.width, self.height

    def draw(self):
        top = self.height - self.bottom
        self.para.drawOn(self.canv, self.gutter, top - self.para.height)
        if self.valign == "middle":
            y = top - (self.para.height + self.mark.height) / 2
        else:
            y = top - self.mark_top - self.mark.height
        self.mark.drawOn(self.canv, 0, y)


class Anchor(Flowable):
    """A zero-size mark: a PDF bookmark for a section, and the page it landed on."""

    _ZEROSIZE = 1

    def __init__(self, key: str, title: str, pages: dict, section: str = "", level: int = 0):
        super().__init__()
        self.key, self.title, self.pages = key, title, pages
        self.section, self.level = section or key, level
        self.keepWithNext = 1

    def wrap(self, *args):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)
        self.pages[self.section] = self.canv.getPageNumber()


class Layout:
    """Builds the story of one handout."""

    def __init__(self, handout: Handout, width: float, height: float = 10_000, split_warnings: bool = False,
                 part: str = "", level: int = 0):
        self.h = handout
        self.width = width
        self.height = height  # of the body frame: the most a kept-together block can be
        self.split_warnings = split_warnings  # keep each tier together, not the whole box
        self.part, self.level = part, level  # bookmark prefix and depth: one part per language
        brand = handout.brand
        self.s: Styles = styles_for(handout.size, handout.colour, brand.font, brand.primary, brand.accent)
        self.strings = handout.strings
        self.pages: dict[str, int] = {}  # section id -> page its heading landed on

    # --- text ------------------------------------------------------------------

    def text(self, value: str, field: str, bold: bool = False) -> str:
        return markup(value, self.s.family, field, bold=bold)

    def para(self, value: str, field: str, style=None) -> Paragraph:
        style = style or self.s.body
        return Para(self.text(value, field, bold=style.fontName.endswith("bold")), style)

    def run_in(self, title: str, body: str | None, field: str, style=None, bullet=None) -> Paragraph:
        """A bold title followed on the same line by its text."""
        text = f"<b>{self.text(sentence(title), field + '.title', bold=True)}</b>"
        if body:
            text += " " + self.text(body, field + '.text')
        return Para(text, style or self.s.body, bulletText=bullet)

    def table(self, rows, colWidths, style, **options) -> Table:
        """A left-aligned Table whose plain-string cells use the body face too."""
        table = Table(rows, colWidths=colWidths, hAlign="LEFT", **options)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.body.fontName)] + style))
        return table

    def chrome(self, key: str, **values) -> str:
        """A string of the language catalogue, filled in (values are escaped by the caller)."""
        return getattr(self.strings, key).format(**values)

    # --- the whole handout -------------------------------------------------------

    def story(self) -> list:
        story = self.header() + self.title_block()
        for part in self.h.sections:
            story += self.section(part)
        story += self.closing()
        return story

    def header(self) -> list:
        brand = self.h.brand.brand
        s = self.s
        cells, widths = [], []
        if self.h.brand.logo is not None:
            cells.append(_logo(self.h.brand.logo, 1.7 * inch, 0.85 * inch, self.s.colour.greyscale))
            widths.append(1.85 * inch)
        qr = self.qr_code()
        lines = [self.para(self.h.clinic, "brand.clinic", s.clinic)]
        if brand.phone:  # read in a hurry: body size, not small print
            lines.append(self.para(brand.phone, "brand.phone", s.subtitle))
        for key in ("address",) if qr else ("address", "website"):  # the QR code prints the website
            if getattr(brand, key):
                lines.append(self.para(getattr(brand, key), f"brand.{key}", s.small))
        cells.append(lines)
        qr_width = 0
        if qr:  # wide enough for the address under the code, up to a third of the page
            qr_width = min(max(1.1 * inch, _text_width(brand.website or "", self.s.small) + 8), self.width / 3)
        widths.append(self.width - sum(widths) - qr_width)
        if qr:
            cells.append(qr)
            widths.append(qr_width)
        table = self.table([cells], colWidths=widths, style=[
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, -1), 1.5, s.primary),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ])
        return [table, Spacer(1, 8)]

    def qr_code(self):
        brand = self.h.brand.brand
        if not (brand.qr_code and brand.website):
            return None
        drawing = QrCode(brand.website, 0.85 * inch)
        drawing.hAlign = "CENTER"
        caption = self.para(brand.website, "brand.website", self.s.small_centre)  # for those who cannot scan
        return [drawing, caption]

    def title_block(self) -> list:
        topic, s = self.h.topic, self.s
        out = [self.para(topic.title, "topic.title", s.title)]
        if topic.subtitle:
            out.append(self.para(topic.subtitle, "topic.subtitle", s.subtitle))
        out.append(self.prepared_for())
        return out

    def prepared_for(self) -> Table:
        """'Prepared for NAME on DATE', with ruled blanks to write on for what is missing."""
        s = self.s
        name = self.para(self.h.patient, "patient", s.bold) if self.h.patient else ""
        date = self.para(self.strings.date(self.h.date), "date", s.bold) if self.h.date else ""
        label_for = self.para(self.strings.prepared_for, "strings.prepared_for")
        label_on = self.para(self.strings.prepared_on, "strings.prepared_on")
        w_for = _text_width(self.strings.prepared_for, s.body) + 10
        w_on = _text_width(self.strings.prepared_on, s.body) + 14
        w_date = 2.3 * inch if self.h.size != "large" else 3.0 * inch
        widths = [w_for, self.width - w_for - w_on - w_date, w_on, w_date]
        table = self.table([[label_for, name, label_on, date]], colWidths=widths, style=[
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LINEBELOW", (1, 0), (1, 0), 0.75, RULE),
            ("LINEBELOW", (3, 0), (3, 0), 0.75, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
        return table

    # --- sections --------------------------------------------------------------

    def heading(self, key: str, title: str, kind: str, field: str) -> list:
        """A section heading with its icon, kept with what follows."""
        s = self.s
        size = s.heading.fontSize
        mark = icon(kind, size * 0.95, _hex(s.primary))
        head = Marked(mark, self.para(title, field, s.heading), size * 1.45, valign="middle", bottom=3)
        head.keepWithNext = 1
        return [Spacer(1, s.body.fontSize * 0.55), Anchor(self.part + key, title, self.pages, key, self.level), head]

    def section(self, part: HandoutSection) -> list:
        section = part.section
        head = self.heading(section.id, section.heading, part.kind, f"{section.id}.heading")
        body = LAYOUTS[part.kind](self, part)
        if part.kind == "warnings":
            return head[:1] + self.keep_warnings(head[1:], body)
        return head + body

    def keep_warnings(self, head: list, boxes: list) -> list:
        """Keep the warning signs in one piece; if asked, or taller than a page, each tier."""
        total = sum(f.wrap(self.width, self.height)[1] for f in head + boxes)
        if total <= self.height and not self.split_warnings:
            return [KeepTogether(head + boxes)]
        return [KeepTogether(head + boxes[:1])] + [KeepTogether([box]) for box in boxes[1:]]

    def item_text(self, item) -> str:
        return item.text(self.h.detail)

    def summary(self, part: HandoutSection) -> list:
        """Key points: a tinted box of one-line bullets."""
        s = self.s
        rows = [[Para(self.text(item.summary, f"{part.section.id}.{item.id}.summary"), s.bullet,
                           bulletText="•")] for item in part.items if isinstance(item, Item)]
        table = self.table(rows, colWidths=[self.width], style=[
            ("BACKGROUND", (0, 0), (-1, -1), s.tint),
            ("BOX", (0, 0), (-1, -1), 1, s.primary),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ])
        return [table]

    def text_section(self, part: HandoutSection) -> list:
        return [
            self.run_in(item.title, self.item_text(item), f"{part.section.id}.{item.id}")
            for item in part.items
        ]

    def list_section(self, part: HandoutSection) -> list:
        out = []
        for item in part.items:
            out.append(self.run_in(item.title, self.item_text(item), f"{part.section.id}.{item.id}",
                                   self.s.bullet, bullet="•"))
        return out

    def checklist(self, part: HandoutSection) -> list:
        """Steps with an empty box to tick by hand."""
        s = self.s
        box = icon("box", s.body.fontSize * 1.05, _hex(s.accent))
        return [
            Marked(box, self.run_in(item.title, self.item_text(item), f"{part.section.id}.{item.id}"),
                   s.body.fontSize * 1.9, mark_top=3, bottom=2)
            for item in part.items
        ]

    def table_section(self, part: HandoutSection) -> list:
        s = self.s
        section = part.section
        assert isinstance(section, TableSection)
        head = [Para(self.text(c, f"{section.id}.columns", bold=True), s.cell_head) for c in section.columns]
        rows = [head]
        for item in part.items:
            assert isinstance(item, TableRow)
            field = f"{section.id}.{item.id}"
            rows.append([Para(f"<b>{self.text(item.title, field + '.title', bold=True)}</b>", s.cell)]
                        + [Para(self.text(c, field + ".cells"), s.cell) for c in item.cells])
        first = self.width * (0.2 if len(section.columns) > 2 else 0.34)
        rest = (self.width - first) / (len(section.columns) - 1)
        widths = [first] + [rest] * (len(section.columns) - 1)
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), s.primary),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.6, RULE),
            ("BOX", (0, 0), (-1, -1), 1, s.primary),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        style += [("BACKGROUND", (0, r), (-1, r), s.tint) for r in range(2, len(rows), 2)]
        return [self.table(rows, colWidths=widths, style=style, repeatRows=1)]

    def warnings(self, part: HandoutSection) -> list:
        """Warning signs in tiers: one box per tier, marked by icon, words and border weight."""
        s = self.s
        brand = self.h.brand.brand
        boxes = []
        for tier, border in (("emergency", 2.5), ("urgent", 1.6), ("routine", 1.0)):
            items = [item for item in part.items if isinstance(item, WarningItem) and item.tier == tier]
            removed = part.removed_required if tier == "emergency" else ()
            if not items and not removed:
                continue
            colour = s.tier_colour(tier)
            key = "tier_urgent_phone" if tier == "urgent" and brand.phone else f"tier_{tier}"
            label = self.chrome(key, emergency=brand.emergency_number, phone=brand.phone or "")
            mark = icon(tier, s.tier_head.fontSize * 1.15, "#ffffff", _hex(colour))
            rows = [[mark, Para(self.text(label, f"strings.{key}", bold=True), s.tier_head)]]
            for item in items:  # a box to scan, not to study: the sign, and in full a one-line reason
                reason = item.summary if self.h.detail == "full" else None
                rows.append(["", self.run_in(item.title, reason, f"{part.section.id}.{item.id}", s.sign, "•")])
            if removed:
                titles = "; ".join(item.title for item in removed)
                note = self.chrome("removed_required", count=len(removed), titles=titles)
                rows.append(["", self.para(note, "removed_required", s.bold)])
            size = s.tier_head.fontSize
            table = self.table(rows, colWidths=[size * 1.6, None], style=[
                ("BOX", (0, 0), (-1, -1), border, colour),
                ("BACKGROUND", (0, 0), (-1, 0), colour),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
            ])
            boxes.append(table)
        return boxes

    # --- the clinician's own part ------------------------------------------------

    def closing(self) -> list:
        """The clinician's notes (or lines to write on) and the follow-up line."""
        s = self.s
        out = self.heading("notes", self.strings.notes_heading, "notes", "strings.notes_heading")
        for index, note in enumerate(self.h.notes):
            for paragraph in note.split("\n\n"):  # blank lines part paragraphs, single ones break lines
                lines: list = [self.text(line.strip(), f"notes.{index}")
                               for line in paragraph.split("\n") if line.strip()]
                if lines:
                    out.append(Para("<br/>".join(lines), s.body))
        if self.h.follow_up:
            text = f"<b>{self.text(self.strings.follow_up_heading, 'strings.follow_up_heading', True)}</b> "
            text += self.text(self.h.follow_up, "follow_up")
            lines = [] if self.h.notes else [[""]] * (2 if self.h.detail == "full" else 1)
            return out + self._ruled(lines) + [Spacer(1, 4), Para(text, s.body)]
        # Lines to write on, the last one for the next visit.
        lines = [] if self.h.notes else [["", ""]] * (2 if self.h.detail == "full" else 0)
        label = self.para(self.strings.follow_up_blank, "strings.follow_up_blank", s.bold)
        return out + self._ruled(lines + [[label, ""]],
                                 label_width=_text_width(self.strings.follow_up_blank, s.bold) + 12)

    def _ruled(self, rows: list, label_width: float = 0) -> list:
        """Rows with a rule under each, to write on by hand; a row may start with a label."""
        if not rows:
            return []
        s = self.s
        columns = len(rows[0])
        widths = [label_width, self.width - label_width] if columns == 2 else [self.width]
        style = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                 ("LINEBELOW", (columns - 1, 0), (-1, -1), 0.6, RULE)]
        if columns == 2:
            style += [("SPAN", (0, r), (1, r)) for r, row in enumerate(rows) if row[0] == ""]
            style += [("LINEBELOW", (0, r), (-1, r), 0.6, RULE) for r, row in enumerate(rows) if row[0] == ""]
        return [self.table(rows, colWidths=widths, rowHeights=[s.body.fontSize * 1.8] * len(rows), style=style)]


LAYOUTS = {
    "summary": Layout.summary,
    "text": Layout.text_section,
    "list": Layout.list_section,
    "checklist": Layout.checklist,
    "table": Layout.table_section,
    "warnings": Layout.warnings,
}


def _logo(logo, max_w: float, max_h: float, greyscale: bool = False) -> Image:
    """The logo scaled to fit its box, keeping its aspect ratio (in greys for greyscale printing)."""
    scale = min(max_w / logo.width, max_h / logo.height)
    flowable = Image(io.BytesIO(logo.image(greyscale)), width=logo.width * scale, height=logo.height * scale)
    flowable.hAlign = "LEFT"
    return flowable


def _text_width(text: str, style) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, style.fontName, style.fontSize)


def _hex(colour: colors.Color) -> str:
    return colour.hexval().replace("0x", "#")

