"""Handouts -> PDF bytes: page template, footer with "Page N of M", metadata.

A PDF holds one handout, or one per language for a bilingual handout, each
part starting on a new page with its own footer and page numbers. Output
is deterministic: the same input gives the same bytes (ReportLab's
invariant mode, no timestamps, no random ids). The patient's name is page
text only, never metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

from . import __version__
from .errors import LayoutError, Problem
from .layout import Layout, Para
from .resolve import Handout, HandoutSection

PAGE_SIZES = {"letter": LETTER, "a4": A4}
BLANK = "_" * 16


@dataclass(frozen=True)
class Part:
    """One language's handout and how to lay it out."""

    handout: Handout
    split_warnings: bool = False


def render(*handouts: Handout) -> bytes:
    """Lay out and write one handout (or one per language, in turn), returning the PDF bytes."""
    parts = [Part(h) for h in handouts]
    pdf, pages = _render(parts)
    # Warning signs belong on each part's first page. If they did not land
    # there, move them up behind the first section, then to the top, then let
    # their tiers part (large print), so the emergency tier at least is there.
    for index, split in ((1, False), (0, False), (0, True)):
        late = [i for i, part in enumerate(parts) if _warnings_page(part.handout, pages[i]) > 1]
        if not late:
            break
        for i in late:
            parts[i] = _adjusted(parts[i], index, split)
        pdf, pages = _render(parts)
    return pdf


def _warnings_page(handout: Handout, pages: dict) -> int:
    warnings = next((s for s in handout.sections if s.kind == "warnings"), None)
    return pages.get(warnings.section.id, 1) if warnings else 1


def _adjusted(part: Part, index: int, split: bool) -> Part:
    handout = part.handout
    warnings = next(s for s in handout.sections if s.kind == "warnings")
    if handout.sections.index(warnings) > index:
        handout = _move(handout, warnings, index)
    return Part(handout, split_warnings=split)


def _move(handout: Handout, part: HandoutSection, index: int) -> Handout:
    rest = [s for s in handout.sections if s is not part]
    return replace(handout, sections=tuple(rest[:index] + [part] + rest[index:]))


class PartStart(Flowable):
    """A zero-size mark where a language's part begins: its page, and its bookmark."""

    _ZEROSIZE = 1

    def __init__(self, index: int, starts: dict, title: str | None):
        super().__init__()
        self.index, self.starts, self.title = index, starts, title

    def wrap(self, *args):
        return 0, 0

    def draw(self):
        self.starts[self.index] = self.canv.getPageNumber()
        if self.title:
            key = f"part-{self.index}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(self.title, key, level=0)


def _render(parts: list[Part]) -> tuple[bytes, list[dict]]:
    """One layout pass: the PDF bytes and, per part, the page (within the part) of each section."""
    first = parts[0].handout
    page_width, page_height = PAGE_SIZES[first.page_size]
    bilingual = len(parts) > 1
    layouts = [Layout(p.handout, 0, split_warnings=p.split_warnings, part=f"{i}-" if bilingual else "",
                      level=1 if bilingual else 0) for i, p in enumerate(parts)]
    margin = layouts[0].s.size.margin
    for layout in layouts:
        layout.width = page_width - 2 * margin
    footers = [Footer(layout, margin) for layout in layouts]
    top, bottom = margin * 0.85, margin * 0.6 + max(f.height for f in footers)
    for layout in layouts:
        layout.height = page_height - top - bottom
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=top,
        bottomMargin=bottom,
        title=" / ".join(dict.fromkeys(p.handout.topic.title for p in parts)),
        author=first.clinic,
        subject=first.topic.subtitle or first.topic.title,
        creator=f"handouts {__version__}",
        producer=f"handouts {__version__}",
        keywords="",
        lang=first.language,
        invariant=1,
        pageCompression=1,
        displayDocTitle=1,
        initialFontName=layouts[0].s.body.fontName,  # never an unembedded base-14 font
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    starts: dict[int, int] = {}
    story = []
    for index, layout in enumerate(layouts):
        if index:
            story.append(PageBreak())
        name = layout.strings.language_name if bilingual else None
        story += [PartStart(index, starts, name)] + layout.story()
    numbering = PageNumbers(footers, starts)
    try:
        doc.build(story, canvasmaker=numbering.canvasmaker)
    except RLLayoutError as exc:
        raise LayoutError(
            Problem(f"some text is too big to fit on one page ({str(exc)[:80]}...); shorten it")
        ) from None
    pages = [{k: v - starts.get(i, 1) + 1 for k, v in layout.pages.items()} for i, layout in enumerate(layouts)]
    return buffer.getvalue(), pages


class PageNumbers:
    """Draws each page's footer once the page count of its part is known."""

    def __init__(self, footers: list["Footer"], starts: dict):
        self.footers, self.starts = footers, starts

    def canvasmaker(self, *args, **kwargs):
        numbering = self

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
                    numbering.draw(self, self._pageNumber, total)
                    super().showPage()
                super().save()

        return NumberedCanvas(*args, **kwargs)

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        starts = sorted((start, index) for index, start in self.starts.items())
        start, index = max(((s, i) for s, i in starts if s <= page), default=(1, 0))
        later = [s for s, _ in starts if s > start]
        end = later[0] - 1 if later else total
        self.footers[index].draw(canvas, page - start + 1, end - start + 1)


class Footer:
    """One part's footer: clinic contact, version and review, page number, disclaimer."""

    def __init__(self, layout: Layout, margin: float):
        self.layout = layout
        self.margin = margin
        self.width = layout.width
        h = layout.h
        brand = h.brand.brand
        strings = h.strings
        s = layout.s
        contact = [h.clinic] + [v for v in (brand.phone, brand.address, brand.website) if v]
        if not brand.phone:  # leave a line to write the clinic's number on
            contact.append(f"{strings.clinic_phone} {BLANK}")
        self.contact = Para("  ·  ".join(layout.text(c, "footer.contact") for c in contact), s.small)
        topic = h.topic
        if topic.review.status == "reviewed" and topic.review.reviewed_on is not None:  # the model requires it
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
