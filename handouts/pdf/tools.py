"""Sections a patient fills in by pen: a tracker grid and questions with lines to write on.

Both are drawn for handwriting: rows are sized from the body type (taller in
large print), ruled in a grey that prints, and each block is kept whole on
one page (:class:`Whole`), so that no grid or question is parted from its lines.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, TableStyle

from ..models import Question, QuestionsSection, TrackerRow, TrackerSection
from ..resolve import HandoutSection
from .pen import RULE, Grid, Para, Pen

PAD = 3  # points of padding in a tracker cell: narrow day columns keep their headings on one line
LABEL_SHARE = 0.27  # of the width, for a tracker's row labels; the days share the rest


class Whole(Grid):
    """A table moved whole to the next page rather than split there (split only if taller than a page).

    Not a KeepTogether: ReportLab keeps a heading with what follows it only
    when that is a plain flowable, so a KeepTogether would leave the heading
    alone at the foot of a page.
    """

    def split(self, availWidth: float, availHeight: float) -> list:
        frame = getattr(self, "_frame", None)  # the frame asking, set by ReportLab before a split
        page = frame._height if frame is not None else availHeight
        if Grid.wrap(self, availWidth, page)[1] <= page:
            return []  # "cannot split here": the frame moves it to the next page whole
        return super().split(availWidth, availHeight)


def whole(pen: Pen, rows: list, colWidths: list, style: list, **options: Any) -> Whole:
    """:meth:`Pen.table`, kept whole on one page."""
    table = Whole(rows, colWidths=colWidths, hAlign="LEFT", **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), pen.s.body.fontName)] + style))
    return table


def writing_height(pen: Pen) -> float:
    """How tall a line to write on by hand is: from the body type, so larger in large print."""
    return pen.s.body.fontSize * 1.8


def tracker(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """A grid to fill in by pen: a row for the dates, a row per item, a column per day; kept on one page."""
    s, strings = pen.s, pen.strings
    section = part.section
    assert isinstance(section, TrackerSection)  # RENDERERS is by kind
    rows: list[list] = [[""] + [pen.para(strings.tracker_day.format(day=day), "strings.tracker_day", s.cell_head)
                                for day in range(1, section.days + 1)]]
    rows.append([pen.para(strings.tracker_date, "strings.tracker_date", s.bold)] + [""] * section.days)
    for row in [row for row in part.items if isinstance(row, TrackerRow)]:
        rows.append([_row_label(pen, section.id, row)] + [""] * section.days)
    label = pen.width * LABEL_SHARE
    widths = [label] + [(pen.width - label) / section.days] * section.days
    cell = s.body.fontSize * 2.2  # standard 26 pt (0.37 in), large 40 pt: room for a handwritten number or tick
    heights = [None] + [max(cell, _height(r[0], label) + 2 * PAD) for r in rows[1:]]
    grid = whole(pen, rows, colWidths=widths, rowHeights=heights, style=[
        ("BACKGROUND", (0, 0), (-1, 0), s.primary),
        ("BACKGROUND", (0, 1), (-1, 1), s.tint),
        ("GRID", (0, 0), (-1, -1), 0.75, RULE),
        ("BOX", (0, 0), (-1, -1), 1, s.primary),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ])
    intro = pen.para(section.intro, f"{section.id}.intro")
    intro.keepWithNext = 1
    return [intro, grid]


def _row_label(pen: Pen, section_id: str, row: TrackerRow) -> list[Para]:
    """A tracker row's title in bold, and its hint in smaller type under it."""
    field = f"{section_id}.{row.id}"
    out = [pen.para(row.title, field + ".title", pen.s.bold)]
    if row.hint:
        out.append(pen.para(row.hint, field + ".hint", pen.s.hint))
    return out


def _height(cell: list[Para] | Para, width: float) -> float:
    """How tall a cell's paragraphs are at ``width``, its padding aside."""
    paras = cell if isinstance(cell, list) else [cell]
    return sum(p.wrap(width - 2 * PAD, 10_000)[1] for p in paras)


def questions(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """Each question with ruled lines to write on, then lines for the patient's own questions."""
    s = pen.s
    section = part.section
    assert isinstance(section, QuestionsSection)  # RENDERERS is by kind
    out: list[Flowable] = []
    for item in [item for item in part.items if isinstance(item, Question)]:
        prompt = pen.para(item.title, f"{section.id}.{item.id}.title", s.bold)
        out.append(ruled(pen, prompt, section.lines))
    own = pen.para(pen.strings.questions_own, "strings.questions_own", s.bold)
    out.append(ruled(pen, own, section.own_lines))
    return out


def ruled(pen: Pen, prompt: Para, lines: int) -> Whole:
    """A prompt and the ruled lines under it to write on, never parted by a page break."""
    rows: list[list] = [[prompt]] + [[""]] * lines
    return whole(pen, rows, colWidths=[pen.width], rowHeights=[None] + [writing_height(pen)] * lines, style=[
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pen.s.body.fontSize * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
        ("LINEBELOW", (0, 1), (-1, -1), 0.6, RULE),
    ])
