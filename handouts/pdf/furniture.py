"""What every handout has around its sections: the header, the title, the clinician's part, the footer."""

from __future__ import annotations

import re

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table

from ..brand import Logo
from ..resolve import Handout
from .assets import LogoImage
from .icons import QrCode
from .pen import RULE, Para, Pen, text_width
from .sections import heading
from .tools import whole, writing_height

BLANK = "_" * 16


def header(pen: Pen, handout: Handout) -> list[Flowable]:
    """The logo, the clinic's name and contact lines, and a QR code to its website."""
    brand, s = pen.brand, pen.s
    cells: list = []
    widths: list = []
    if handout.brand.logo is not None:
        cells.append(_logo(handout.brand.logo, 1.7 * inch, 0.85 * inch, s.colour.greyscale))
        widths.append(1.85 * inch)
    # The address goes under the QR code when it fits there on one line (up to a third
    # of the page); else with the other contact lines: a web address never breaks.
    under = bool(brand.website) and text_width(brand.website or "", s.small) + 8 <= pen.width / 3
    qr = qr_code(pen, under)
    lines = [pen.para(handout.clinic, "brand.clinic", s.clinic)]
    if brand.phone:  # read in a hurry: body size, not small print
        lines.append(pen.para(brand.phone, "brand.phone", s.subtitle))
    if brand.address:
        lines.append(pen.para(brand.address, "brand.address", s.small))
    if brand.website and not (qr and under):
        lines.append(pen.para(brand.website, "brand.website", s.small))
    cells.append(lines)
    qr_width = 0.0
    if qr and brand.website:  # wide enough for the address under the code
        qr_width = max(1.1 * inch, text_width(brand.website, s.small) + 8) if under else 1.1 * inch
    widths.append(pen.width - sum(widths) - qr_width)
    if qr:
        cells.append(qr)
        widths.append(qr_width)
    table = pen.table([cells], colWidths=widths, style=[
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (0, 0), (-1, -1), 1.5, s.primary),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ])
    return [table, Spacer(1, 8)]


def qr_code(pen: Pen, under: bool = True) -> list[Flowable] | None:
    """The website as a QR code, with its address under it (for those who cannot scan), if asked for."""
    brand = pen.brand
    if not (brand.qr_code and brand.website):
        return None
    drawing = QrCode(web_address(brand.website), 0.85 * inch)
    drawing.hAlign = "CENTER"
    return [drawing, pen.para(brand.website, "brand.website", pen.s.small_centre)] if under else [drawing]


def web_address(website: str) -> str:
    """The full address a phone opens: 'www.x.org' as https://www.x.org (any other scheme is not a website)."""
    if website.lower().startswith(("https://", "http://")):
        return website
    return "https://" + website


def title_block(pen: Pen, handout: Handout) -> list[Flowable]:
    topic, s = handout.topic, pen.s
    out: list[Flowable] = [pen.para(topic.title, "topic.title", s.title)]
    if topic.subtitle:
        out.append(pen.para(topic.subtitle, "topic.subtitle", s.subtitle))
    out.append(prepared_for(pen, handout))
    return out


def prepared_for(pen: Pen, handout: Handout) -> Table:
    """'Prepared for NAME on DATE', with ruled blanks to write on for what is missing."""
    s, strings = pen.s, pen.strings
    name = pen.para(handout.patient, "patient", s.bold) if handout.patient else ""
    date = pen.para(strings.date(handout.date), "date", s.bold) if handout.date else ""
    label_for = pen.para(strings.prepared_for, "strings.prepared_for")
    label_on = pen.para(strings.prepared_on, "strings.prepared_on")
    w_for = text_width(strings.prepared_for, s.body) + 10
    w_on = text_width(strings.prepared_on, s.body) + 14
    w_date = 2.3 * inch if handout.size != "large" else 3.0 * inch  # a blank to write the date on
    if handout.date:  # the date as printed leaves the rest to the name
        w_date = min(w_date, text_width(strings.date(handout.date), s.bold) + 12)
    widths = [w_for, pen.width - w_for - w_on - w_date, w_on, w_date]
    return pen.table([[label_for, name, label_on, date]], colWidths=widths, style=[
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (1, 0), (1, 0), 0.75, RULE),
        ("LINEBELOW", (3, 0), (3, 0), 0.75, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])


def closing(pen: Pen, handout: Handout) -> list[Flowable]:
    """The clinician's notes (or lines to write them on), then the sign-off: one ruled table, kept whole."""
    s = pen.s
    out: list[Flowable] = [Spacer(1, s.body.fontSize * 0.8)]
    if handout.notes or handout.detail == "full":  # a one-page brief without notes: the sign-off alone
        out = heading(pen, "notes", pen.strings.notes_heading, "notes", "strings.notes_heading")
    for index, note in enumerate(handout.notes):
        for paragraph in note.split("\n\n"):  # blank lines part paragraphs, single ones break lines
            lines = [pen.text(line.strip(), f"notes.{index}") for line in paragraph.split("\n") if line.strip()]
            if lines:
                out.append(Para("<br/>".join(lines), s.body, remember=False))  # the patient's own: never cached
    return out + [sign_off(pen, handout)]


def sign_off(pen: Pen, handout: Handout) -> Table:
    """Ruled rows: blank lines for notes (a full handout without any), the clinician's name and signature,
    the follow-up, and the next visit's date; what is not given is a line to write it on."""
    s, strings = pen.s, pen.strings
    if handout.detail == "brief" and not handout.follow_up and handout.size == "standard":
        return _sign_off_line(pen, handout)
    first = max(text_width(getattr(strings, key), s.bold) for key in LABELS) + 10
    third = text_width(strings.signature, s.bold) + 14  # a gap after the name's line, then the label
    rest = pen.width - first - third
    widths = [first, rest * 0.55, third, rest * 0.45]
    rows: list[list] = []
    heights: list[float | None] = []
    style: list[tuple] = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]

    def add(cells: list, span: tuple[int, int] | None = None, ruled: tuple[int, ...] = ()) -> int:
        """A row; ``span`` joins its cells from..to, a rule goes under each of ``ruled`` (a line to write on)."""
        r = len(rows)
        rows.append(cells + [""] * (4 - len(cells)))
        # a line to write on is as tall as handwriting; a long name printed on it makes it taller
        tallest = max((c.wrap(widths[i] - 6, 10_000)[1] + 8 for i, c in enumerate(cells) if isinstance(c, Para)),
                      default=0)
        heights.append(max(writing_height(pen), tallest) if ruled else None)
        if span:
            style.append(("SPAN", (span[0], r), (span[1], r)))
        style.extend(("LINEBELOW", (c, r), (span[1] if span and c == span[0] else c, r), 0.6, RULE) for c in ruled)
        return r

    for _ in range(1 if handout.detail == "full" and not handout.notes else 0):
        add([], (0, 3), (0,))
    name = pen.para(handout.clinician, "clinician", s.bold) if handout.clinician else ""
    add([_label(pen, "clinician"), name, _label(pen, "signature")], None, (1, 3))
    if handout.follow_up:
        text = pen.para(handout.follow_up, "follow_up")
        # 'Follow-up visit: Tuesday' says its own label: printed after ours, it would say it twice
        if repeats_label(handout.follow_up, strings.follow_up_heading):
            r = add([text], (0, 3))
        else:
            r = add([_label(pen, "follow_up_heading"), text], (1, 3))
        style.append(("TOPPADDING", (0, r), (-1, r), s.body.fontSize * 0.5))
    add([_label(pen, "follow_up_blank")], (1, 3), (1,))
    return whole(pen, rows, colWidths=widths, rowHeights=heights, style=style)


def _sign_off_line(pen: Pen, handout: Handout) -> Table:
    """A one-page brief's sign-off on one ruled line: clinician, signature, next visit."""
    s = pen.s
    keys = ("clinician", "signature", "follow_up_blank")
    labels = [_label(pen, key) for key in keys]
    label_widths = [text_width(getattr(pen.strings, key), s.bold) + 8 for key in keys]
    blank = (pen.width - sum(label_widths)) / 3
    name = pen.para(handout.clinician, "clinician", s.bold) if handout.clinician else None
    cells = [labels[0], name or "", labels[1], "", labels[2], ""]
    widths = [label_widths[0], blank + 16, label_widths[1], blank - 16, label_widths[2], blank]
    tallest = name.wrap(widths[1] - 6, 10_000)[1] + 8 if name else 0
    style: list[tuple] = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    style += [("LINEBELOW", (c, 0), (c, 0), 0.6, RULE) for c in (1, 3, 5)]
    return whole(pen, [cells], colWidths=widths, rowHeights=[max(writing_height(pen), tallest)], style=style)


LABELS = ("clinician", "follow_up_heading", "follow_up_blank")  # the sign-off's first column


def _label(pen: Pen, key: str) -> Para:
    return pen.para(getattr(pen.strings, key), f"strings.{key}", pen.s.bold)


def repeats_label(text: str, label: str) -> bool:
    """Whether ``text`` starts with the words of ``label`` ('Follow-up visit: ...' after 'Follow-up:')."""
    def words(value: str) -> str:
        return " ".join(re.sub(r"[\W_]+", " ", value.casefold()).split())

    return (words(text) + " ").startswith(words(label) + " ")


def _logo(logo: Logo, max_w: float, max_h: float, greyscale: bool = False) -> LogoImage:
    """The logo scaled to fit its box, keeping its aspect ratio (in greys for greyscale printing)."""
    scale = min(max_w / logo.width, max_h / logo.height)
    return LogoImage(logo.image(greyscale), logo.width * scale, logo.height * scale)


def version_line(pen: Pen, handout: Handout) -> Para:
    """Which version of the content this is, and whether a clinician has reviewed it."""
    strings, topic = pen.strings, handout.topic
    if topic.review.status == "reviewed" and topic.review.reviewed_on:
        version = strings.version_reviewed.format(
            version=topic.version, reviewed=strings.date(topic.review.reviewed_on))
    else:
        version = strings.version_not_reviewed.format(version=topic.version, updated=strings.date(topic.updated))
    return Para(pen.text(version, "footer.version"), pen.s.small)


def disclaimer(pen: Pen) -> Para:
    return Para(pen.text(pen.brand.footer or pen.strings.disclaimer, "brand.footer"), pen.s.small)


def end_notes(pen: Pen, handout: Handout) -> list[Flowable]:
    """Large print: the version and the disclaimer once, at the end, so the footer of every page stays short."""
    if not Footer.compact(pen):
        return []
    return [Spacer(1, pen.s.body.fontSize * 0.6), version_line(pen, handout), disclaimer(pen)]


class Footer:
    """One part's footer: clinic contact, version and review, page number, disclaimer.

    In large print (16 pt and more) those would take a quarter of each page:
    there the footer is the contact and the page number, and the version and
    disclaimer end the handout instead (:func:`end_notes`).
    """

    def __init__(self, pen: Pen, handout: Handout, margin: float):
        self.pen, self.margin, self.width = pen, margin, pen.width
        brand, strings = pen.brand, pen.strings
        # Large print keeps to the name and phone: the header gives the address and website.
        shown = (brand.phone,) if self.compact(pen) else (brand.phone, brand.address, brand.website)
        contact = [handout.clinic] + [v for v in shown if v]
        if not brand.phone:  # leave a line to write the clinic's number on
            contact.append(f"{strings.clinic_phone} {BLANK}")
        # Lines break between the pieces, never inside an address or a phone number.
        pieces = (pen.text(c.replace(" ", "\u00a0"), "footer.contact") for c in contact)
        self.contact = Para("  ·  ".join(pieces), pen.s.small)
        self.lines = [] if self.compact(pen) else [disclaimer(pen), version_line(pen, handout)]
        # Wrapped once here, so the body frame leaves exactly the room the footer needs.
        self.heights = [line.wrap(self.width * (0.75 if i else 1), 1000)[1] for i, line in enumerate(self.lines)]
        self.contact_width = self.width * (0.72 if self.compact(pen) else 1)
        self.heights.append(self.contact.wrap(self.contact_width, 1000)[1])
        self.height = sum(self.heights) + 10

    @staticmethod
    def compact(pen: Pen) -> bool:
        return pen.s.size.name == "large"

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        s = self.pen.s
        x, y, width = self.margin, self.margin * 0.6, self.width
        page_text = self.pen.strings.page.format(page=page, pages=total)
        number = Para(self.pen.text(page_text, "strings.page"), s.small_right)
        number.wrap(width * 0.25, 1000)
        for line, height in zip(self.lines, self.heights, strict=False):
            line.drawOn(canvas, x, y)
            y += height
        if self.lines:  # the page number beside the version line
            number.drawOn(canvas, x + width * 0.75, y - self.heights[1])
        else:
            number.drawOn(canvas, x + width * 0.75, y + self.heights[-1] - number.height)
        self.contact.drawOn(canvas, x, y)
        y += self.heights[-1] + 3
        canvas.setStrokeColor(s.primary)
        canvas.setLineWidth(1)
        canvas.line(x, y, x + width, y)
