"""Handouts -> PDF bytes: the parts, laid out once, with page numbers and metadata.

A PDF holds one handout, or one per language for a bilingual handout, each
part starting on a new page with its own footer and page numbers. Each
part's blocks are measured once and placed by :func:`handouts.plan.plan`
(the warning signs on the part's first page), then the document is built
in one pass. Output is deterministic: the same input gives the same bytes
(ReportLab's invariant mode, no timestamps, no random ids). The patient's
name is page text only, never metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as RLLayoutError

from .. import __version__
from ..errors import LayoutError, Problem
from ..plan import UNMEASURED, Block, plan
from ..resolve import Handout, HandoutSection
from .assets import binary_streams
from .furniture import Footer, closing, end_notes, header, title_block
from .pen import Pen
from .sections import RENDERERS, section_heading
from .styles import Styles, styles_for
from .tagging import Tagger, tag_part

PAGE_SIZES = {"letter": LETTER, "a4": A4}
TALL = 100_000  # points: room enough to measure anything whole


def render(*handouts: Handout, tagged: bool = True) -> bytes:
    """Lay out and write one handout (or one per language, in turn), returning the PDF bytes.

    Tagged (PDF/UA-1, :mod:`handouts.pdf.tagging`) always, but for the benchmark that measures what it costs.
    """
    first = handouts[0]
    page_width, page_height = PAGE_SIZES[first.page_size]
    bilingual = len(handouts) > 1
    margin = _styles(first).size.margin
    pens = [_pen(h, page_width - 2 * margin, f"{i}-" if bilingual else "", 1 if bilingual else 0)
            for i, h in enumerate(handouts)]
    footers = [Footer(pen, h, margin) for pen, h in zip(pens, handouts, strict=True)]
    top, bottom = margin * 0.85, margin * 0.6 + max(f.height for f in footers)
    buffer = io.BytesIO()
    doc = _document(buffer, handouts, pens[0], (page_width, page_height), margin, top, bottom)
    tagger = Tagger(doc.title, first.language, first.clinic) if tagged else None
    starts: dict[int, int] = {}
    story: list[Flowable] = []
    for index, (pen, handout) in enumerate(zip(pens, handouts, strict=True)):
        if index:
            story.append(PageBreak())
        story.append(PartStart(index, starts, pen.strings.language_name if bilingual else None))
        story += part_story(pen, handout, doc.height, tagger)
    try:
        with binary_streams():
            doc.build(story, canvasmaker=PageNumbers(footers, starts, tagger).canvasmaker)
    except RLLayoutError as exc:
        raise LayoutError(
            Problem(f"some text is too big to fit on one page ({str(exc)[:80]}...); shorten it")
        ) from None
    return buffer.getvalue()


def _styles(handout: Handout) -> Styles:
    brand = handout.brand
    return styles_for(handout.size, handout.colour, brand.font, brand.primary, brand.accent)


def _pen(handout: Handout, width: float, part: str, level: int) -> Pen:
    return Pen(_styles(handout), handout.strings, width, handout.detail, handout.local_brand, part, level)


# --- one part: its blocks, measured once and placed by the plan ----------------------------------


@dataclass(frozen=True)
class Piece:
    """A block's flowables: a run of them, then (the warning signs) tiers each to stay on one page."""

    lead: list[Flowable]
    tiers: list[list[Flowable]] | None = None
    section: bool = False

    def everything(self) -> list[Flowable]:
        return self.lead + [f for tier in self.tiers or [] for f in tier]

    def flowables(self, split: bool, flow: bool = False) -> list[Flowable]:
        if self.tiers is None:
            return self.lead
        if flow:  # the first tier's box may split, its head row repeated on the next page
            for f in self.tiers[0]:  # kept with the next flowable, ReportLab would move it all
                f.keepWithNext = 0
            return self.lead + self.tiers[0] + [KeepTogether(tier) for tier in self.tiers[1:]]
        if split:
            return self.lead + [KeepTogether(tier) for tier in self.tiers]
        return self.lead + [KeepTogether([f for tier in self.tiers for f in tier])]


def part_story(pen: Pen, handout: Handout, page: float, tagger: Tagger | None = None) -> list[Flowable]:
    """One part's flowables: header, title, sections, closing, in the order the plan gives (tagged, with a tagger)."""
    pieces = [Piece(header(pen, handout)), Piece(title_block(pen, handout))]
    pieces += [_section(pen, part) for part in handout.sections]
    pieces.append(Piece(closing(pen, handout) + end_notes(pen, handout)))
    chosen = plan(measure(pieces, pen.width, page), page)
    if tagger is not None:  # the structure tree in the order the pieces are printed
        what = [("header", None), ("title", None)] + [("section", p) for p in handout.sections] + [("closing", None)]
        tag_part(tagger, handout, [(*what[i], pieces[i].everything()) for i in chosen.order])
    return [f for index in chosen.order
            for f in pieces[index].flowables(index in chosen.split, index in chosen.flow)]


def _section(pen: Pen, part: HandoutSection) -> Piece:
    head, body = section_heading(pen, part), RENDERERS[part.kind](pen, part)
    if part.kind != "warnings":
        return Piece(head + body, section=True)
    # The heading stays with the first tier; the space above it may end the page before.
    return Piece(head[:1], [head[1:] + body[:1]] + [[box] for box in body[1:]], section=True)


def measure(pieces: list[Piece], width: float, page: float) -> list[Block]:
    """Each piece's height, once; what cannot be on page 1 (below it, or after the warnings) is not measured."""
    blocks, total, passed = [], 0.0, False
    for piece in pieces:
        if piece.tiers is not None:
            tiers = tuple(advance(tier, width) for tier in piece.tiers)
            blocks.append(Block(advance(piece.lead, width) + sum(tiers), piece.section, tiers))
            passed = True
        elif total <= page and not passed:
            blocks.append(Block(advance(piece.lead, width), piece.section))
        else:
            blocks.append(Block(UNMEASURED, piece.section))
        total += blocks[-1].height
    return blocks


def advance(flowables: list[Flowable], width: float) -> float:
    """How far down a page flowables reach one after another, none split.

    Every space before and after counts in full (the frame lets some of them
    overlap), so the plan errs on the side of moving the warning signs up.
    """
    total = 0.0
    for f in flowables:
        if isinstance(f, KeepTogether):
            total += advance(f._content, width)
            continue
        total += f.getSpaceBefore() + f.wrap(width, TALL)[1] + f.getSpaceAfter()
    return total


# --- the document -------------------------------------------------------------------------------


def _document(buffer: BinaryIO, handouts: tuple[Handout, ...], pen: Pen, pagesize: tuple[float, float],
              margin: float, top: float, bottom: float) -> BaseDocTemplate:
    """The page template and the metadata: titles and clinic, never a patient's name."""
    first = handouts[0]
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=top,
        bottomMargin=bottom,
        title=" / ".join(dict.fromkeys(h.topic.title for h in handouts)),
        author=first.clinic,
        subject=first.topic.subtitle or first.topic.title,
        creator=f"handouts {__version__}",
        producer=f"handouts {__version__}",
        keywords="",
        lang=first.language,
        invariant=1,
        pageCompression=1,
        displayDocTitle=1,
        initialFontName=pen.s.body.fontName,  # never an unembedded base-14 font
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


class PartStart(Flowable):
    """A zero-size mark where a language's part begins: its page, and its bookmark."""

    _ZEROSIZE = 1

    def __init__(self, index: int, starts: dict[int, int], title: str | None):
        super().__init__()
        self.index, self.starts, self.title = index, starts, title

    def wrap(self, *args: object) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.starts[self.index] = self.canv.getPageNumber()
        if self.title:
            key = f"part-{self.index}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(self.title, key, level=0)


def print_settings(canvas: Canvas) -> None:
    """Ask the printer for both sides, flipped on the long edge, and no scaling: large print is never shrunk."""
    canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge")
    canvas.setViewerPreference("PrintScaling", "None")


class PageNumbers:
    """Draws each page's footer once the page count of its part is known."""

    def __init__(self, footers: list[Footer], starts: dict[int, int], tagger: Tagger | None = None):
        self.footers, self.starts, self.tagger = footers, starts, tagger

    def canvasmaker(self, *args: Any, **kwargs: Any) -> Canvas:
        numbering = self

        class NumberedCanvas(Canvas):
            def __init__(self, *a: Any, **k: Any):
                super().__init__(*a, **k)
                self._pages: list[dict] = []
                self.tagger = numbering.tagger
                print_settings(self)

            def showPage(self) -> None:
                if self.tagger is not None:
                    self.tagger.end_page(self)
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
                    numbering.draw(self, self._pageNumber, total)
                    super().showPage()
                if self.tagger is not None:
                    self.tagger.write(self)
                super().save()

        return NumberedCanvas(*args, **kwargs)

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        starts = sorted((start, index) for index, start in self.starts.items())
        start, index = max(((s, i) for s, i in starts if s <= page), default=(1, 0))
        later = [s for s, _ in starts if s > start]
        end = later[0] - 1 if later else total
        canvas._code.append("/Artifact <</Type /Pagination /Subtype /Footer>> BDC")
        self.footers[index].draw(canvas, page - start + 1, end - start + 1)
        canvas._code.append("EMC")
