"""Tagged PDF (PDF/UA-1): read back with pikepdf, checked with qpdf, poppler and the pdfua checker."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from handouts import build
from handouts.request import Overrides, Request

RIVERSIDE = Path(__file__).parents[1] / "content" / "examples" / "riverside"
PATIENT = "Zebulon Quarrington"
TEXT_OPS = {"Tj", "TJ", "'", '"'}


def make(target: str = "back-spasms", **overrides: object) -> bytes:
    return build.build(Request.for_target(target, Overrides(**overrides)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def branded() -> bytes:
    """The clinic's handout with a patient's name and notes: logo, QR code, every part of the sign-off."""
    return make(str(RIVERSIDE / "patient-example.yaml"), patient=PATIENT, notes=("Walk 10 minutes twice a day.",))


@pytest.fixture(scope="module")
def default() -> bytes:
    return make()


def elements(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    """Every structure element, depth first, with its depth."""
    out: list[tuple[int, pikepdf.Dictionary]] = []

    def walk(element: pikepdf.Dictionary, depth: int) -> None:
        out.append((depth, element))
        for kid in kids(element):
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot.K, 0)
    return out


def kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    k = element.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
    return [i for i in items if isinstance(i, pikepdf.Dictionary) and i.get("/Type") != "/MCR"]


def role(element: pikepdf.Dictionary) -> str:
    return str(element.S)[1:]


def marked_text(page: pikepdf.Page) -> dict[str, int]:
    """How many text-showing operators are inside what: an MCID, the footer, another artifact, nothing."""
    counts = {"mcid": 0, "footer": 0, "artifact": 0, "untagged": 0}
    stack: list[str] = []
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            if str(operands[0]) == "/Artifact":
                stack.append("footer" if props.get("/Type") == "/Pagination" else "artifact")
            else:
                stack.append("mcid" if "/MCID" in props else "other")
        elif name == "BMC":
            stack.append("artifact" if str(operands[0]) == "/Artifact" else "other")
        elif name == "EMC":
            stack.pop()
        elif name in TEXT_OPS:
            where = next((s for s in reversed(stack) if s != "other"), "untagged")
            counts[where] += 1
    assert not stack, "a marked-content sequence is left open at the end of the page"
    return counts


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


@pytest.mark.parametrize("which", ["default", "branded"])
def test_all_page_text_is_tagged_and_only_the_footer_is_an_artifact(which: str, request: pytest.FixtureRequest):
    pdf = open_pdf(request.getfixturevalue(which))
    for page in pdf.pages:
        counts = marked_text(page)
        assert counts["untagged"] == 0 and counts["artifact"] == 0
        assert counts["mcid"] > 20 and counts["footer"] > 0
        assert page.obj.Tabs == "/S" and "/StructParents" in page.obj


def test_document_entries_and_xmp(branded: bytes):
    pdf = open_pdf(branded)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == "Back spasms"
    xmp = bytes(root.Metadata.read_bytes()).decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "Back spasms" in xmp
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == "Back spasms"
    assert PATIENT not in xmp and "Zebulon" not in str(dict(pdf.docinfo))
    assert PATIENT.encode() not in branded  # the name is page text only: subset-encoded, never plain


def test_headings_in_order_and_nesting(default: bytes):
    pdf = open_pdf(default)
    tree = elements(pdf)
    roles = [(depth, role(e)) for depth, e in tree]
    assert roles[0] == (0, "Document") and roles[1] == (1, "Part")
    headings = [(depth, r) for depth, r in roles if r in ("H1", "H2", "H3")]
    assert headings[0] == (2, "H1") and [r for _, r in headings].count("H1") == 1
    assert all(depth == 3 for depth, r in headings if r == "H2")  # Part > Sect > H2
    assert all(depth == 4 for depth, r in headings if r == "H3")  # ... > Div > H3
    for (_, before), (_, after) in zip(headings, headings[1:], strict=False):  # no level skipped
        assert int(after[1]) <= int(before[1]) + 1
    sections = [e for _, e in tree if role(e) == "Sect"]
    assert all(role(kids(s)[0]) == "H2" for s in sections) and len(sections) >= 5


def test_lists_and_tables_have_their_structure(tmp_path: Path):
    selection = tmp_path / "tables.yaml"
    selection.write_text("topic: back-spasms\nsections: [warning-signs, home-care, ice-or-heat, tracker]\n")
    pdf = open_pdf(make(str(selection)))
    tree = [e for _, e in elements(pdf)]
    lists = [e for e in tree if role(e) == "L"]
    assert len(lists) >= 4  # three tiers of warning signs, the home-care steps
    for lst in lists:
        for li in kids(lst):
            assert role(li) == "LI"
            assert [role(k) for k in kids(li)][-1] == "LBody"
            assert [role(k) for k in kids(li)] in (["Lbl", "LBody"], ["LBody"])
    boxes = [e for e in tree if role(e) == "Lbl" and "/ActualText" in e]
    assert boxes and all(str(b.ActualText) == "\u2610" for b in boxes)  # the tick boxes of the checklist
    tables = [e for e in tree if role(e) == "Table"]
    assert len(tables) == 2  # the ice-or-heat table and the tracker
    for table in tables:
        rows = kids(table)
        assert all(role(r) == "TR" for r in rows)
        widths = {len(kids(r)) for r in rows}
        assert len(widths) == 1  # a regular grid
        head = kids(rows[0])
        assert all(str(c.A.Scope) == "/Column" for c in head if role(c) == "TH") and any(role(c) == "TH" for c in head)
        for row in rows[1:]:
            cells = kids(row)
            assert role(cells[0]) == "TH" and str(cells[0].A.Scope) == "/Row"
            assert all(role(c) == "TD" for c in cells[1:])


def test_figures_have_alternative_text(branded: bytes):
    pdf = open_pdf(branded)
    tree = [e for _, e in elements(pdf)]
    alts = [str(e.Alt) for e in tree if role(e) == "Figure"]
    assert alts and all(a.strip() for a in alts)
    assert "Riverside Physiotherapy" in alts[0]  # the logo: the clinic's name
    assert any(a.startswith("https://") for a in alts)  # the QR code: its address
    assert "Hug one knee to your chest to stretch your low back." in alts  # the pose, in the content's words


def test_footer_and_page_numbers_are_pagination_artifacts(default: bytes):
    pdf = open_pdf(default)
    for page in pdf.pages:
        ops = list(pikepdf.parse_content_stream(page))
        starts = [i for i, (operands, op) in enumerate(ops)
                  if str(op) == "BDC" and str(operands[0]) == "/Artifact" and operands[1].get("/Subtype") == "/Footer"]
        assert len(starts) == 1


def test_each_language_is_a_part_with_its_lang():
    pdf = open_pdf(make(language="en", also_in=("es",)))
    parts = kids(pdf.Root.StructTreeRoot.K)
    assert [(role(p), str(p.Lang)) for p in parts] == [("Part", "en"), ("Part", "es")]
    for part in parts:
        assert role(kids(part)[1]) == "H1" or role(kids(part)[0]) == "H1"
    for page in pdf.pages:
        assert marked_text(page)["untagged"] == 0


def test_a_paragraph_split_across_pages_is_one_element():
    long_note = " ".join(["Keep moving gently every hour, even when it is sore, and rest only briefly."] * 25)
    pdf = open_pdf(make(notes=(long_note,), size="large"))
    pages = {p.objgen: n for n, p in enumerate(pdf.pages)}
    spanning = []
    for _, e in elements(pdf):
        k = e.get("/K")
        if isinstance(k, pikepdf.Array):
            on = {pages[m.Pg.objgen] for m in k if isinstance(m, pikepdf.Dictionary) and m.get("/Type") == "/MCR"}
            if role(e) == "P" and len(on) > 1:
                spanning.append(e)
    assert spanning


def test_pdftotext_follows_the_tree(branded: bytes, tmp_path: Path):
    path = tmp_path / "h.pdf"
    path.write_bytes(branded)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    order = ["Riverside", "Back spasms", "Prepared for", "When to get help", "Call 911", "Call us today", "Notes"]
    positions = [text.find(word) for word in order]
    assert -1 not in positions and positions == sorted(positions)


def test_qpdf_check_passes(branded: bytes, tmp_path: Path):
    path = tmp_path / "h.pdf"
    path.write_bytes(branded)
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)


@pytest.mark.parametrize("options", [{}, {"size": "large"}, {"colour": "greyscale"}, {"detail": "brief"},
                                     {"page_size": "a4", "language": "es"}])
def test_the_pdfua_checker_finds_nothing(options: dict, tmp_path: Path):
    """The `pdfua` package's PDF/UA-1 rules (structure, marked content, language, alt text, tables, XMP)."""
    pdfua = pytest.importorskip("pdfua")
    path = tmp_path / "h.pdf"
    path.write_bytes(make(str(RIVERSIDE / "patient-example.yaml"), **options))
    report = pdfua.validate(str(path))
    ran = [o for o in report.outcomes if o.skipped_reason is None]
    assert len(ran) >= 12  # every rule of pdfua 0.1.3 runs (none skipped)
    assert [f for o in report.outcomes for f in o.findings] == []


def test_tagged_output_is_byte_identical_across_hash_seeds():
    code = ("import sys; from handouts import build; from handouts.request import Overrides, Request; "
            f"sys.stdout.buffer.write(build.build(Request.for_target({str(RIVERSIDE / 'patient-example.yaml')!r}, "
            "Overrides(also_in=('es',)))))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                              env=os.environ | {"PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1


def test_a_table_head_repeated_on_the_next_page_is_an_artifact():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from handouts.pdf.tagging import Tagger, _grid

    style = ParagraphStyle("cell")
    rows = [[Paragraph("Head A", style), Paragraph("Head B", style)]]
    rows += [[Paragraph(f"Row {i}", style), Paragraph("cell", style)] for i in range(80)]
    table = Table(rows, repeatRows=1)
    tagger = Tagger("Table", "en", "Clinic")
    _grid(tagger.part("en").add("Table"), table)

    class Tagged(Canvas):
        def __init__(self, *args: object, **kwargs: object):
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.tagger = tagger

        def showPage(self) -> None:
            tagger.end_page(self)
            super().showPage()

        def save(self) -> None:
            tagger.write(self)
            super().save()

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([table], canvasmaker=Tagged)
    pdf = open_pdf(buffer.getvalue())
    counts = [marked_text(page) for page in pdf.pages]
    assert len(counts) >= 2 and counts[0]["artifact"] == 0
    assert all(c["artifact"] == 2 and c["untagged"] == 0 for c in counts[1:])  # the head's two cells, again
    heads = [e for _, e in elements(pdf) if role(e) == "TH" and "/Scope" in str(e.get("/A"))]
    assert len(heads) == 2 + 80 and all(isinstance(e.K, int) for e in heads)  # each head read once
