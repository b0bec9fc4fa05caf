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
    position = handout.sections.index(warnings) if warnings else 0
    # Warning signs belong on page 1: if they did not land there, move them
    # up behind the first section, and if need be to the top.
    for target in (1, 0):
        if not warnings or pages.get(warnings.section.id, 1) == 1:
            break
        if target >= position:
            continue
        handout = _move(handout, warnings, target)
        pdf, pages = _render(handout)
        position = target
    return pdf


def _move(handout: Handout, part: HandoutSection, index: int) -> Handout:
    rest = [s for s in handout.sections if s is not part]
    return replace(handout, sections=tuple(rest[:index] + [part] + rest[index:]))


def _render(handout: Handout) -> tuple[bytes, dict]:
    size = PAGE_SIZES[handout.page_size]
    layout_probe = Layout(handout, 0)  # styles only, to size the frame
    margin = layout_probe.s.profile.margin
    footer_height = _footer_height(layout_probe)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin * 0.85,
        bottomMargin=margin * 0.6 + footer_height,
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
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    layout = Layout(handout, doc.width, doc.height)
    story = layout.story()
    footer = Footer(layout, doc, margin)
    try:
        doc.build(story, canvasmaker=footer.canvasmaker)
    except RLLayoutError as exc:
        raise LayoutError(
            Problem(f"some text is too big to fit on one page ({str(exc)[:80]}...); shorten it")
        ) from None
    return buffer.getvalue(), layout.pages


def _footer_height(layout: Layout) -> float:
    return layout.s.small.leading * 3 + 10


class Footer:
    """Draws the footer on every page once the page count is known."""

    def __init__(self, layout: Layout, doc: BaseDocTemplate, margin: float):
        self.layout = layout
        self.doc = doc
        self.margin = margin
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
        self.version = layout.text(version, "footer.version")
        line = brand.footer or strings.disclaimer
        self.disclaimer = Para(layout.text(line, "brand.footer"), s.small)

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
        width = self.doc.width
        x = self.margin
        y = self.margin * 0.6
        page_text = self.layout.strings.page.format(page=page, pages=total)
        for para in (self.disclaimer,):
            _, h = para.wrap(width, 100)
            para.drawOn(canvas, x, y)
            y += h
        line = Para(f"{self.version}", s.small)
        number = Para(self.layout.text(page_text, "strings.page"), s.small_right)
        _, h = line.wrap(width * 0.75, 100)
        number.wrap(width * 0.25, 100)
        line.drawOn(canvas, x, y)
        number.drawOn(canvas, x + width * 0.75, y)
        y += h
        _, h = self.contact.wrap(width, 100)
        self.contact.drawOn(canvas, x, y)
        y += h + 3
        canvas.setStrokeColor(s.primary)
        canvas.setLineWidth(1)
        canvas.line(x, y, x + width, y)
