"""Tagged PDF (PDF/UA-1): a structure tree in reading order, marked content, artifacts.

ReportLab lays the handout out as before. Before the build, :func:`tag_part`
walks one part's flowables (in the order the plan placed them) and gives each
leaf that draws content (a paragraph, a picture, a tick box) a :class:`Node`
of the structure tree: Document > Part (/Lang) > H1, Sect > H2, P, L > LI >
Lbl + LBody, Table > TR > TH/TD, Figure (/Alt). A tagged leaf draws its
content inside ``/Role <</MCID n>> BDC ... EMC``; everything else on a page
(rules, box backgrounds, decorative icons, the lines to write on, a table's
head row repeated on the next page) is inside ``/Artifact BMC ... EMC``, and
the footer inside a pagination artifact. Once the pages are drawn, :func:`write`
adds the tree, the parent tree and the document-level entries to ReportLab's own
document as objects of the same file, so the PDF is written once (reopening it
with a PDF library to add them cost more than tagging itself).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFPage, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from .. import __version__
from ..models import ExerciseItem, Item, Step
from ..resolve import Handout, HandoutSection
from .pen import Anchor, Marked

TICK_BOX = "\u2610"  # what a reader says for the box to tick by hand: a ballot box


@dataclass(eq=False)
class Node:
    """A structure element: its role, attributes (/Alt, /Lang, /Scope...), and its kids in reading order.

    A kid is a Node, or a (page, MCID) pair appended when its content is drawn.
    """

    role: str
    attrs: dict[str, str] = field(default_factory=dict)
    kids: list[Any] = field(default_factory=list)

    def add(self, role: str, **attrs: str) -> Node:
        node = Node(role, attrs)
        self.kids.append(node)
        return node

    def empty(self) -> bool:
        return not any(not isinstance(k, Node) or not k.empty() for k in self.kids)

    def outline(self, depth: int = 0) -> Iterator[str]:
        """The tree as indented lines (the closing note prints it; tests read it)."""
        extra = "".join(f" {k}={v!r}" for k, v in sorted(self.attrs.items()))
        yield "  " * depth + self.role + extra
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.outline(depth + 1)


class Tagger:
    """One document's structure tree and, per page, which node each MCID belongs to.

    ``title``, ``language`` and ``clinic`` are the document's, for its catalog and XMP metadata.
    """

    def __init__(self, title: str, language: str, clinic: str) -> None:
        self.title, self.language, self.clinic = title, language, clinic
        self.root = Node("Document")
        self.pages: dict[int, list[Node]] = {}
        self.depth = 0  # inside a tagged leaf: what it draws is part of it

    def part(self, language: str) -> Node:
        return self.root.add("Part", Lang=language)

    def open(self, canvas: Canvas, node: Node) -> str:
        page = canvas.getPageNumber()
        mcids = self.pages.setdefault(page, [])
        node.kids.append((page, len(mcids)))
        mcids.append(node)
        return f"EMC /{node.role} <</MCID {len(mcids) - 1}>> BDC"

    def end_page(self, canvas: Canvas) -> None:
        """Whatever was drawn on the page outside a tagged leaf is an artifact."""
        canvas._code.insert(0, "/Artifact BMC")
        canvas._code.append("EMC")

    def write(self, canvas: Canvas) -> None:
        """Once every page is drawn, before the canvas saves: the tree and the PDF/UA-1 entries."""
        write(canvas, self, self.title, self.language, self.clinic)


# --- leaves: flowables that draw their content inside a marked-content sequence ------------------


class _Tagged:
    """Mixed into a leaf's class: draws it as marked content (once: a repeat is an artifact)."""

    _tag: Node
    _label: Node | None = None
    _drawn = False

    def drawOn(self, canvas: Canvas, *args: Any, **kwargs: Any) -> None:
        tagger: Tagger | None = getattr(canvas, "tagger", None)
        if tagger is None or tagger.depth or self._drawn:
            super().drawOn(canvas, *args, **kwargs)  # type: ignore[misc]
            return
        self._drawn = True
        code = canvas._code
        label = self._label
        code.append(tagger.open(canvas, label if label is not None else self._tag))
        start = len(code)
        tagger.depth += 1
        try:
            super().drawOn(canvas, *args, **kwargs)  # type: ignore[misc]
        finally:
            tagger.depth -= 1
        if label is not None:  # the bullet or number is drawn first, in a text object of its own
            bullet = next((i for i in range(start, len(code)) if code[i].startswith("BT")), len(code) - 1)
            code.insert(bullet + 1, tagger.open(canvas, self._tag)[4:])
            code.insert(bullet + 1, "EMC")
        code.append("EMC /Artifact BMC")

    def split(self, availWidth: float, availHeight: float) -> list:
        """A paragraph split across pages stays one element: each piece adds its content to it."""
        pieces = super().split(availWidth, availHeight)  # type: ignore[misc]
        for index, piece in enumerate(pieces):
            leaf(piece, self._tag, self._label if index == 0 else None)
        return pieces


_CLASSES: dict[type, type] = {}


def leaf(flowable: Any, node: Node, label: Node | None = None) -> None:
    """Make ``flowable`` draw its content as ``node``'s (its bullet or number, if ``label``, as the label's)."""
    base = type(flowable)
    if issubclass(base, _Tagged):
        base = base.__mro__[2]
    cls = _CLASSES.get(base)
    if cls is None:
        cls = _CLASSES[base] = type("Tagged" + base.__name__, (_Tagged, base), {})
    object.__setattr__(flowable, "__class__", cls)  # graphics shapes check every attribute set
    object.__setattr__(flowable, "_tag", node)
    object.__setattr__(flowable, "_label", label)


# --- one part's flowables -> its nodes ----------------------------------------------------------


def tag_part(tagger: Tagger, handout: Handout, pieces: list[tuple[str, HandoutSection | None, list[Flowable]]]) -> None:
    """Tag one language's part: ``pieces`` are (what, section, flowables) in the order they are printed."""
    part = tagger.part(handout.language)
    for what, section, flowables in pieces:
        if what == "header":
            _header(part, handout, flowables)
        elif what == "title":
            _title(part, flowables)
        elif section is not None:
            _section(part, section, flowables)
        else:
            _closing(part, flowables)


def _contents(flowables: Iterable[Any]) -> list[Any]:
    """The flowables that draw something: no spacers or bookmarks (tables and lists kept as they are)."""
    return [f for f in flowables if not isinstance(f, (Spacer, Anchor)) and f != "" and f is not None
            and getattr(f, "_ZEROSIZE", 0) == 0]


def _flat(cell: Any) -> list[Any]:
    return _contents(cell if isinstance(cell, (list, tuple)) else [cell])


def _rows(table: Table) -> list[list[Any]]:
    return [list(row) for row in table._cellvalues]


def _header(part: Node, handout: Handout, flowables: list[Flowable]) -> None:
    """The logo (its /Alt the clinic's name), the clinic's name and contact lines, the QR code (its address)."""
    from .furniture import web_address

    for table in _contents(flowables):
        cells = _rows(table)[0] if isinstance(table, Table) else [table]
        for index, cell in enumerate(cells):
            for f in _flat(cell):
                if isinstance(f, Paragraph):
                    leaf(f, part.add("P"))
                elif index == 0 and handout.brand.logo is not None:
                    leaf(f, part.add("Figure", Alt=handout.clinic))
                else:
                    leaf(f, part.add("Figure", Alt=web_address(handout.local_brand.website or "")))


def _title(part: Node, flowables: list[Flowable]) -> None:
    """The title (H1), the subtitle, and 'Prepared for ... on ...' read as one line."""
    for index, f in enumerate(_contents(flowables)):
        if isinstance(f, Table):
            _labelled(part, f)
        else:
            leaf(f, part.add("H1" if index == 0 else "P"))


def _labelled(parent: Node, table: Table) -> None:
    """A ruled table of labels and what was written beside them: a paragraph per row (the blanks are artifacts)."""
    for row in _rows(table):
        paras = [f for cell in row for f in _flat(cell) if isinstance(f, Paragraph)]
        if paras:
            node = parent.add("P")
            for f in paras:
                leaf(f, node)


def _section(part: Node, section: HandoutSection, flowables: list[Flowable]) -> None:
    sect = part.add("Sect")
    body = _contents(flowables)
    if body and isinstance(body[0], Marked):
        leaf(body[0].para, sect.add("H2"))  # its icon is decoration
        body = body[1:]
    KINDS.get(section.kind, _generic)(sect, section, body)


def _generic(parent: Node, section: HandoutSection | None, body: list[Any]) -> None:
    """Any content: paragraphs, marked paragraphs, pictures, tables read row by row."""
    for f in body:
        _content(parent, f)


def _content(parent: Node, f: Any, alt: str = "") -> None:
    if isinstance(f, Paragraph):
        leaf(f, parent.add("P"))
    elif isinstance(f, Marked):
        leaf(f.para, parent.add("P"))
    elif isinstance(f, Table):
        for row in _rows(f):
            for cell in row:
                for inner in _flat(cell):
                    _content(parent, inner, alt)
    elif isinstance(f, (list, tuple)):
        for inner in f:
            _content(parent, inner, alt)
    elif alt:
        leaf(f, parent.add("Figure", Alt=alt))


def _items(section: HandoutSection) -> list[Item]:
    return [item for item in section.items if isinstance(item, Item)]


def _step_alt(item: Item) -> str:
    return item.title if isinstance(item, Step) and item.figure else ""


def _text(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    """Paragraphs: one P each, its caution another, its picture (if any) a Figure."""
    for f, item in zip(body, _items(section), strict=False):
        _content(sect, f, _step_alt(item))


def _list_item(lst: Node, f: Any, alt: str = "", box: bool = False) -> None:
    """One LI: the bullet or tick box as its Lbl, its words (and caution, picture) as its LBody."""
    li = lst.add("LI")
    words = _flat(f)
    if len(words) == 1 and isinstance(words[0], Table):
        words = [inner for row in _rows(words[0]) for cell in row for inner in _flat(cell)]
    first, rest = words[0], words[1:]
    if isinstance(first, Marked) and box:  # a checklist step: the box (one icon for every step: its own here)
        first.mark = copy.copy(first.mark)
        leaf(first.mark, li.add("Lbl", ActualText=TICK_BOX))
        leaf(first.para, li.add("LBody"))
    elif isinstance(first, Paragraph) and first.bulletText:
        label = li.add("Lbl")
        leaf(first, li.add("LBody"), label)
    else:
        _content(li.add("LBody"), first)
    body = li.kids[-1]
    for inner in rest:
        _content(body, inner, alt)


def _bullets(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    lst = sect.add("L", ListNumbering="Disc")
    for f, item in zip(body, _items(section), strict=False):
        _list_item(lst, f, _step_alt(item))


def _checklist(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    lst = sect.add("L", ListNumbering="None")
    for f, item in zip(body, _items(section), strict=False):
        _list_item(lst, f, _step_alt(item), box=True)


def _summary(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    for table in body:
        lst = sect.add("L", ListNumbering="Disc")
        for row in _rows(table):
            _list_item(lst, row[0])


def _table(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    """Column heads (TH, Scope Column), then a row per entry: its title a row head (TH, Scope Row), its cells TD."""
    for table in body:
        _grid(sect.add("Table"), table)


def _grid(node: Node, table: Table) -> None:
    for r, row in enumerate(_rows(table)):
        tr = node.add("TR")
        for c, cell in enumerate(row):
            contents = _flat(cell)
            if r == 0:
                th = tr.add("TH", Scope="Column") if contents else tr.add("TD")
            else:
                th = tr.add("TH", Scope="Row") if c == 0 else tr.add("TD")
            for f in contents:
                if isinstance(f, Paragraph):
                    leaf(f, th)


def _warnings(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    """Each tier box: its heading (H3), its signs as a list, then what to do when the clinic is closed."""
    for box in body:
        rows = _rows(box)
        div = sect.add("Div")
        heads = [f for f in _flat(rows[0][-1]) if isinstance(f, Paragraph)]
        for f in heads:
            leaf(f, div.add("H3"))
        lst: Node | None = None
        for row in rows[1:]:
            cell = _flat(row[-1])
            if cell and isinstance(cell[0], Paragraph) and cell[0].bulletText:
                lst = lst if lst is not None else div.add("L", ListNumbering="Disc")
                _list_item(lst, cell)
            else:
                lst = None
                for f in cell:
                    _content(div, f)


def _tracker(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    """The intro, then the grid as a table: days as column heads, what to note as row heads, blank cells."""
    for f in body:
        if isinstance(f, Table):
            _grid(sect.add("Table"), f)
        else:
            _content(sect, f)


def _exercises(sect: Node, section: HandoutSection, body: list[Any]) -> None:
    """Each exercise: its name (H3), its picture, its why, its numbered steps, amounts and safety lines."""
    exercises = [item for item in section.items if isinstance(item, ExerciseItem)]
    for table, item in zip(body, exercises, strict=False):
        div = sect.add("Div")
        picture, words = _rows(table)[0][0], _flat(_rows(table)[0][1])
        if words:
            leaf(words[0], div.add("H3"))
        leaf(picture, div.add("Figure", Alt=exercise_alt(item)))
        steps: Node | None = None
        for f in words[1:]:
            if isinstance(f, Paragraph) and f.bulletText:
                steps = steps if steps is not None else div.add("L", ListNumbering="Decimal")
                _list_item(steps, f)
            else:
                _content(div, f)


def exercise_alt(item: ExerciseItem) -> str:
    """What the picture shows, in words: the exercise's one-line summary, else its name."""
    return (item.summary or item.title).strip()


def _closing(part: Node, flowables: list[Flowable]) -> None:
    """The notes (a section when headed), the sign-off's labelled lines, the end notes of large print."""
    body = _contents(flowables)
    parent = part
    if body and isinstance(body[0], Marked):
        parent = part.add("Sect")
        leaf(body[0].para, parent.add("H2"))
        body = body[1:]
    for f in body:
        if isinstance(f, Table):
            _labelled(parent, f)
        else:
            _content(parent, f)


KINDS = {
    "summary": _summary,
    "text": _text,
    "list": _bullets,
    "checklist": _checklist,
    "table": _table,
    "warnings": _warnings,
    "tracker": _tracker,
    "questions": _generic,
    "exercises": _exercises,
}


# --- before the file is written: the tree, the parent tree, the document's entries ----------------


class _Raw(PDFObject):
    """An indirect object whose body is written as given (its number is known once it is registered)."""

    __RefOnly__ = 1
    body = b""

    def format(self, document: Any) -> bytes:
        return self.body


def write(canvas: Canvas, tagger: Tagger, title: str, language: str, clinic: str) -> None:
    """Add the structure tree and the PDF/UA-1 entries to the canvas's document, before it is saved.

    Written as ReportLab objects of the same file (no second pass over the PDF): each structure
    element's body is formatted here, its references by the object numbers ReportLab gave.
    """
    doc = canvas._doc
    numbers = doc.idToObjectNumberAndVersion

    def register(obj: PDFObject) -> str:
        return "%d 0 R" % numbers[doc.Reference(obj).name][0]

    pages = doc.Pages.pages
    page_refs = [register(page) for page in pages]
    root = _Raw()
    root_ref = register(root)
    refs: dict[int, str] = {}
    elements: list[tuple[Node, _Raw, str]] = []

    def number(node: Node, parent: str) -> None:  # in reading order: the numbers follow the tree
        element = _Raw()
        refs[id(node)] = register(element)
        elements.append((node, element, parent))
        for kid in node.kids:
            if isinstance(kid, Node) and (not kid.empty() or kid.role in ("TD", "TH")):
                number(kid, refs[id(node)])

    number(tagger.root, root_ref)
    for node, element, parent in elements:
        entries = [b"/Type /StructElem /S /" + node.role.encode("ascii") + b" /P " + parent.encode("ascii")]
        kids = node.kids
        if len(kids) == 1 and not isinstance(kids[0], Node):  # one piece of content: its MCID
            page, mcid = kids[0]
            entries.append(b"/Pg %s /K %d" % (page_refs[page - 1].encode("ascii"), mcid))
        else:
            k = [refs[id(kid)] if isinstance(kid, Node) else "<< /Type /MCR /Pg %s /MCID %d >>" % (
                page_refs[kid[0] - 1], kid[1]) for kid in kids if not isinstance(kid, Node) or id(kid) in refs]
            if k:
                entries.append(("/K [ " + " ".join(k) + " ]").encode("ascii"))
        for key, value in node.attrs.items():
            if key == "Scope":
                entries.append(b"/A << /O /Table /Scope /" + value.encode("ascii") + b" >>")
            elif key == "ListNumbering":
                entries.append(b"/A << /O /List /ListNumbering /" + value.encode("ascii") + b" >>")
            else:
                entries.append(b"/" + key.encode("ascii") + b" " + PDFString(value).format(doc))
        element.body = b"<< " + b" ".join(entries) + b" >>"

    parent_tree = []
    for index in range(len(pages)):
        mcids = _Raw()
        mcids.body = ("[ " + " ".join(refs[id(n)] for n in tagger.pages.get(index + 1, [])) + " ]").encode("ascii")
        parent_tree.append("%d %s" % (index, register(mcids)))
    nums = _Raw()
    nums.body = ("<< /Nums [ " + " ".join(parent_tree) + " ] >>").encode("ascii")
    root.body = ("<< /Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d >>" % (
        refs[id(tagger.root)], register(nums), len(pages))).encode("ascii")

    for index, page in enumerate(pages):
        page.__NoDefault__ = _PAGE_KEYS
        page.StructParents, page.Tabs = index, PDFName("S")
    catalog = doc.Catalog
    catalog.StructTreeRoot = root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(language)
    packet = xmp(title, language, clinic).encode("utf-8")
    metadata = _Raw()
    metadata.body = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(packet), packet)
    catalog.Metadata = metadata


_PAGE_KEYS = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]


def xmp(title: str, language: str, clinic: str) -> str:
    """The XMP packet: PDF/UA-1 identification, the title and the clinic (never a patient's name)."""
    title, clinic, language = escape(title), escape(clinic), escape(language, {'"': "&quot;"})
    tool = f"handouts {__version__}"
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{clinic}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{tool}</pdf:Producer>
   <xmp:CreatorTool>{tool}</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
