"""Sections -> flowables: one function per section kind, in :data:`RENDERERS`.

A new kind is its model, one function here, one entry in RENDERERS and one
icon in :data:`handouts.pdf.icons.ICONS`; the document and the layout plan
treat every kind alike (only the warning signs have a place of their own).
"""

from __future__ import annotations

from typing import Callable

from reportlab.platypus import Flowable, Spacer

from ..models import ExerciseItem, Item, Step, TableRow, TableSection, WarningItem
from ..printed import prints
from ..resolve import HandoutSection
from . import tools
from .figures import Ink, figure
from .icons import icon
from .pen import RULE, Anchor, Marked, Para, Pen, hex_colour

Renderer = Callable[[Pen, HandoutSection], list[Flowable]]
TIERS = (("emergency", 2.5), ("urgent", 1.6), ("routine", 1.0))  # and the weight of each tier's border
WRITE_IN = "_" * 28  # room to write a phone number by hand (about 2 inches at 12 pt)
FIGURE_WIDTH = 9.6  # an exercise's picture, in body type sizes: 1.6 inch at 12 pt
FIGURE_WIDTH_LARGE = 7.2  # large print: 1.8 inch at 18 pt, leaving the words room to be large
STEP_FIGURE_WIDTH = 3.5  # the column for a step's picture, beside its words, in body type sizes
STEP_FIGURE_TALL = (4.0, 7.0)  # how tall that picture may be: as tall as its words, within these


def heading(pen: Pen, key: str, title: str, kind: str, field: str) -> list[Flowable]:
    """A heading with its kind's icon and a bookmark, kept with what follows."""
    s = pen.s
    size = s.heading.fontSize
    mark = icon(kind, size * 0.95, hex_colour(s.primary))
    head = Marked(mark, pen.para(title, field, s.heading), size * 1.45, valign="middle", bottom=3)
    head.keepWithNext = 1
    return [Spacer(1, s.body.fontSize * 0.55), Anchor(pen.part + key, title, pen.level), head]


def section_heading(pen: Pen, part: HandoutSection) -> list[Flowable]:
    section = part.section
    return heading(pen, section.id, section.heading, part.kind, f"{section.id}.heading")


def items(part: HandoutSection) -> list[Item]:
    """The section's items that are paragraphs of text (every kind but a table has only those)."""
    return [item for item in part.items if isinstance(item, Item)]


def caution(pen: Pen, item: Item, field: str, indent: float = 0) -> Flowable | None:
    """An item's caution: 'Take care:' in bold behind a warning mark, or None when it has none."""
    if not item.caution:
        return None
    s = pen.s
    size = s.body.fontSize
    label = f"<b>{pen.text(pen.strings.caution_label, 'strings.caution_label', bold=True)}</b>"
    para = Para(f"{label} {pen.text(item.caution, field + '.caution')}", s.body)
    mark = icon("caution", size * 0.95, hex_colour(s.tier_colour("urgent")))
    return Marked(mark, para, size * 1.45, mark_top=size * 0.12, bottom=s.body.spaceAfter, indent=indent)


def with_caution(pen: Pen, item: Item, field: str, flowable: Flowable, indent: float = 0) -> Flowable:
    """The item and its caution, which no page break may part, with the item's picture (if any) at the right.

    One table cell, not a KeepTogether: ReportLab will not keep a heading
    with a KeepTogether after it, and a table row is never split.
    """
    note = caution(pen, item, field, indent)
    picture = item.figure if isinstance(item, Step) else None
    if note is None and picture is None:
        return flowable
    words = [flowable] if note is None else [flowable, note]
    tight = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    if picture is None:
        return pen.table([[words]], colWidths=[pen.width], style=tight)
    # the picture as tall as the words beside it (within bounds), so that it adds no height of its own
    size = pen.s.body.fontSize
    width = size * STEP_FIGURE_WIDTH
    tall = sum(f.wrap(pen.width - width, 10_000)[1] + f.getSpaceAfter() for f in words)
    height = min(max(tall - pen.s.body.spaceAfter, size * STEP_FIGURE_TALL[0]), size * STEP_FIGURE_TALL[1])
    drawing = _drawing(pen, picture, width, height)
    return pen.table([[words, drawing]], colWidths=[pen.width - width, width],
                     style=tight + [("VALIGN", (0, 0), (-1, -1), "TOP")])


def _drawing(pen: Pen, pose_id: str, width: float, height: float | None = None) -> Flowable:
    """A pose of the figure library, in the handout's ink (``height``: fitted in that box)."""
    s = pen.s
    drawing = figure(pose_id, width, Ink(s.primary, s.accent, s.tint), height)
    # ReportLab's graphics start each drawing in unembedded Helvetica unless told otherwise
    drawing.initialFontName, drawing.initialFontSize = s.body.fontName, s.body.fontSize
    return drawing


def summary(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """Key points: a tinted box of one-line bullets (each with its caution, if any)."""
    s = pen.s
    rows = []
    for item in items(part):
        field = f"{part.section.id}.{item.id}"
        point = Para(pen.text(item.summary, f"{field}.summary"), s.bullet, bulletText="•")
        note = caution(pen, item, field, indent=s.bullet.leftIndent)
        rows.append([point if note is None else [point, note]])  # one row: a table splits only between rows
    return [pen.table(rows, colWidths=[pen.width], style=[
        ("BACKGROUND", (0, 0), (-1, -1), s.tint),
        ("BOX", (0, 0), (-1, -1), 1, s.primary),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
    ])]


def text(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """Paragraphs, each led by its title in bold."""
    out = []
    for item in items(part):
        field = f"{part.section.id}.{item.id}"
        out.append(with_caution(pen, item, field, pen.run_in(item.title, pen.item_text(item), field)))
    return out


def bullets(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """A bulleted list, each bullet led by its title in bold."""
    out = []
    for item in items(part):
        field = f"{part.section.id}.{item.id}"
        bullet = pen.run_in(item.title, pen.item_text(item), field, pen.s.bullet, bullet="•")
        out.append(with_caution(pen, item, field, bullet, indent=pen.s.bullet.leftIndent))
    return out


def checklist(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """Steps with an empty box to tick by hand."""
    s = pen.s
    box = icon("box", s.body.fontSize * 1.05, hex_colour(s.accent))
    gutter = s.body.fontSize * 1.9
    out = []
    for item in items(part):
        field = f"{part.section.id}.{item.id}"
        step = Marked(box, pen.run_in(item.title, pen.item_text(item), field), gutter, mark_top=3, bottom=2)
        out.append(with_caution(pen, item, field, step, indent=gutter))
    return out


def table(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """A grid with a coloured header row and banded rows."""
    s = pen.s
    section = part.section
    assert isinstance(section, TableSection)  # RENDERERS is by kind
    rows: list[list] = [[Para(pen.text(c, f"{section.id}.columns", bold=True), s.cell_head) for c in section.columns]]
    for row in [row for row in part.items if isinstance(row, TableRow)]:
        field = f"{section.id}.{row.id}"
        rows.append([Para(f"<b>{pen.text(row.title, field + '.title', bold=True)}</b>", s.cell)]
                    + [Para(pen.text(c, field + ".cells"), s.cell) for c in row.cells])
    first = pen.width * (0.2 if len(section.columns) > 2 else 0.34)
    rest = (pen.width - first) / (len(section.columns) - 1)
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
    return [pen.table(rows, colWidths=widths, style=style, repeatRows=1)]


def warnings(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """Warning signs in tiers: one box per tier, marked by icon, words and border weight."""
    boxes = []
    for tier, border in TIERS:
        signs = [item for item in part.items if isinstance(item, WarningItem) and item.tier == tier]
        removed = part.removed_required if tier == "emergency" else ()
        if signs or removed:
            boxes.append(_tier_box(pen, part, tier, border, signs, removed))
    return boxes


def _tier_box(pen: Pen, part: HandoutSection, tier: str, border: float, signs: list[WarningItem],
              removed: tuple[WarningItem, ...]) -> Flowable:
    s, brand = pen.s, pen.brand
    colour = s.tier_colour(tier)
    key = "tier_urgent_phone" if tier == "urgent" and brand.phone else f"tier_{tier}"
    label = pen.chrome(key, emergency=brand.emergency_number, phone=brand.phone or "")
    mark = icon(tier, s.tier_head.fontSize * 1.15, "#ffffff", hex_colour(colour))
    rows: list[list] = [[mark, Para(pen.text(label, f"strings.{key}", bold=True), s.tier_head)]]
    for item in signs:  # a box to scan, not to study: the sign, and in full a one-line reason
        reason = item.summary if pen.detail == "full" else None
        field = f"{part.section.id}.{item.id}"
        sign = pen.run_in(item.title, reason, field, s.sign, "•")
        note = caution(pen, item, field, indent=s.sign.leftIndent)
        rows.append(["", sign if note is None else [sign, note]])  # one row: a table splits only between rows
    if tier == "urgent":  # read after the signs: what to do when one of them happens at night
        rows += [["", line] for line in _when_closed(pen)]
    if removed:
        titles = "; ".join(item.title for item in removed)
        note = pen.chrome("removed_required", count=len(removed), titles=titles)
        rows.append(["", pen.para(note, "removed_required", s.bold)])
    return pen.table(rows, colWidths=[s.tier_head.fontSize * 1.6, None], style=[
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
    ], repeatRows=1)


def _when_closed(pen: Pen) -> list[Para]:
    """Under 'Call us today': a line to write the clinic's number on if none is printed, and who to call when
    the clinic is closed (the brand's own words, else the catalogue's)."""
    s, brand = pen.s, pen.brand
    lines = []
    if not brand.phone:  # the neutral brand: written in by hand, where the patient will look for it
        label = f"<b>{pen.text(pen.strings.clinic_phone, 'strings.clinic_phone', bold=True)}</b> {WRITE_IN}"
        lines.append(Para(label, s.body))
    if brand.after_hours:
        lines.append(pen.para(brand.after_hours, "brand.after_hours"))
    else:
        lines.append(pen.para(pen.strings.after_hours, "strings.after_hours"))
    return lines


def exercises(pen: Pen, part: HandoutSection) -> list[Flowable]:
    """Each exercise a block that is never split: its picture, then its steps, amounts and safety lines."""
    s = pen.s
    picture = s.body.fontSize * (FIGURE_WIDTH_LARGE if s.size.name == "large" else FIGURE_WIDTH)
    gap = s.body.fontSize
    blocks: list[Flowable] = []
    for item in [item for item in part.items if isinstance(item, ExerciseItem)]:
        rows = [[_drawing(pen, item.figure, picture), _exercise_text(pen, part.section.id, item)]]
        blocks.append(pen.table(rows, colWidths=[picture + gap, pen.width - picture - gap], style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), s.body.fontSize * 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), s.body.fontSize * 0.4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
        ]))
    return blocks


def _exercise_text(pen: Pen, section_id: str, item: ExerciseItem) -> list[Flowable]:
    """The right-hand column of an exercise: title, (in full) why, numbered steps, amounts, safety lines."""
    s, field = pen.s, f"{section_id}.{item.id}"
    out: list[Flowable] = [pen.para(item.title, field + ".title", s.bold)]
    if "body" in prints("exercises").keys(pen.detail):  # the one table of what prints
        out.append(pen.para(item.body, field + ".body", s.body))
    out += [Para(pen.text(step, f"{field}.steps"), s.bullet, bulletText=f"{number}.")
            for number, step in enumerate(item.steps, 1)]
    amounts = [(key, value) for key, value in
               (("exercise_hold", item.hold), ("exercise_repeat", item.repeat), ("exercise_how_often", item.how_often))
               if value]
    out.append(Para(" · ".join(_labelled(pen, key, value, f"{field}.{key[9:]}") for key, value in amounts), s.body))
    size = s.body.fontSize
    for key, value, mark, colour in (("exercise_stop_if", item.stop_if, "stop", s.tier_colour("emergency")),
                                     ("exercise_ask_first", item.ask_first, "ask", s.primary)):
        line = Para(_labelled(pen, key, value, f"{field}.{key[9:]}"), s.body)
        out.append(Marked(icon(mark, size * 1.05, hex_colour(colour)), line, size * 1.5, mark_top=size * 0.12))
    note = caution(pen, item, field)
    return out if note is None else out + [note]


def _labelled(pen: Pen, key: str, value: str, field: str) -> str:
    """A catalogue label in bold, then the content's text; the label never breaks from its first word."""
    label = pen.text(pen.chrome(key).replace(" ", "\u00a0"), "strings." + key, bold=True)
    return f"<b>{label}</b>\u00a0{pen.text(value, field)}"


RENDERERS: dict[str, Renderer] = {
    "summary": summary,
    "text": text,
    "list": bullets,
    "checklist": checklist,
    "table": table,
    "warnings": warnings,
    "tracker": tools.tracker,
    "questions": tools.questions,
    "exercises": exercises,
}
