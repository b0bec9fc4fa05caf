"""Handout -> PDF bytes: page template, footer with "Page N of M", metadata.

Output is deterministic: the same handout gives the same bytes (ReportLab's
invariant mode, no timestamps, no random ids). The patient's name is page
text only, never metadata.
"""

from __future__ import annotations

import io
from dataclasses import replace

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .errors import LayoutError, Problem
from .layout import Layout, Para
from .resolve import Handout, HandoutSection

PAGE_SIZES = {"letter": LETTER, "a4": A4}
BLANK = "_" * 16


def render(handout: Handout) -> bytes:
    """Lay out and write one handout, returning the PDF bytes."""
    pdf, pages = _render(handout)
    warnings = next((s for s in handout.sections if s.kind == "warnings"), None)
    # Warning signs belong on page 1. If they did not land there, move them up
    # behind the first section, then to the top, then let their tiers part
    # (large print), so the emergency tier at least is on page 1.
    for index, split in ((1, False), (0, False), (0, True)):
        if warnings is None or pages.get(warnings.section.id, 1) == 1:
            break
        if index >= handout.sections.index(warnings) and not split:
            continue
        handout = _move(handout, warnings, index)
        pdf, pages = _render(handout, split_warnings=split)
    return pdf


def _move(handout: Handout, part: HandoutSection, index: int) -> Handout:
    rest = [s for s in handout.sections if s is not part]
    return replace(handout, sections=tuple(rest[:index] + [part] + rest[index:]))


def _render(handout: Handout, split_warnings: bool = False) -> tuple[bytes, dict]:
    """One layout pass: the PDF bytes, and the page each section's heading landed on."""
    page_width, page_height = PAGE_SIZES[handout.page_size]
    layout = Layout(handout, 0, split_warnings=split_warnings)
    margin = layout.s.profile.margin
    layout.width = page_width - 2 * margin
    footer = Footer(layout, margin)
    top, bottom = margin * 0.85, margin * 0.6 + footer.height
    layout.height = page_height - top - bottom
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=top,
        bottomMargin=bottom,
        title=handout.topic.title,
        author=handout.brand.brand.clinic,
        subject=handout.topic.subtitle or handout.topic.title,
        creator=f"handouts {__version__}",
        producer=f"handouts {__version__}",
        keywords="",
        lang=handout.language,
        invariant=1,
        pageCompression=1,
        displayDocTitle=1,
        initialFontName=layout.s.body.fontName,  # never an unembedded base-14 font
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story = layout.story()
    try:
        doc.build(story, canvasmaker=footer.canvasmaker)
    except RLLayoutError as exc:
        raise LayoutError(
            Problem(f"some text is too big to fit on one page ({str(exc)[:80]}...); shorten it")
        ) from None
    return buffer.getvalue(), layout.pages


class Footer:
    """Draws the footer on every page once the page count is known."""

    def __init__(self, layout: Layout, margin: float):
        self.layout = layout
        self.margin = margin
        self.width = layout.width
        h = layout.h
        brand = h.brand.brand
        strings = h.strings
        s = layout.s
        contact = [brand.clinic] + [v for v in (brand.phone, brand.address, brand.website) if v]
        if not brand.phone:  # leave a line to write the clinic's number on
            contact.append(f"{strings.clinic_phone} {BLANK}")
        self.contact = Para("  ·  ".join(layout.text(c, "footer.contact") for c in contact), s.small)
        topic = h.topic
        if topic.review.status == "reviewed":
            version = strings.version_reviewed.format(
                version=topic.version, reviewed=strings.date(topic.review.reviewed_on))
        else:
            version = strings.version_not_reviewed.format(version=topic.version, updated=strings.date(topic.updated))
        self.version = Para(layout.text(version, "footer.version"), s.small)
        self.disclaimer = Para(layout.text(brand.footer or strings.disclaimer, "brand.footer"), s.small)
        # Wrapped once here, so the body frame leaves exactly the room the footer needs.
        self.heights = [
            self.disclaimer.wrap(self.width, 1000)[1],
            self.version.wrap(self.width * 0.75, 1000)[1],
            self.contact.wrap(self.width, 1000)[1],
        ]
        self.height = sum(self.heights) + 10

    def canvasmaker(self, *args, **kwargs):
        footer = self

        class NumberedCanvas(Canvas):
            def __init__(self, *a, **k):
                super().__init__(*a, **k)
                self._pages = []

            def showPage(self):
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
                    footer.draw(self, self._pageNumber, total)
                    super().showPage()
                super().save()

        return NumberedCanvas(*args, **kwargs)

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        s = self.layout.s
        x, y, width = self.margin, self.margin * 0.6, self.width
        self.disclaimer.drawOn(canvas, x, y)
        y += self.heights[0]
        page_text = self.layout.strings.page.format(page=page, pages=total)
        number = Para(self.layout.text(page_text, "strings.page"), s.small_right)
        number.wrap(width * 0.25, 1000)
        self.version.drawOn(canvas, x, y)
        number.drawOn(canvas, x + width * 0.75, y)
        y += self.heights[1]
        self.contact.drawOn(canvas, x, y)
        y += self.heights[2] + 3
        canvas.setStrokeColor(s.primary)
        canvas.setLineWidth(1)
        canvas.line(x, y, x + width, y)
