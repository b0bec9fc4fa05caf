"""The patient's name goes on the page and nowhere else.

Build with a distinctive name and search every byte the tool wrote or said:
PDF metadata and every PDF object outside the page content, stdout, stderr,
file names and leftovers in the output folder.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from conftest import pdf_pages_text

NAME = "Zebulon Quixwell"


def forms(name: str) -> list[bytes]:
    """The ways a name could sit in PDF bytes: plain, UTF-16 (both orders), hex."""
    return [name.encode("utf-8"), name.encode("utf-16-be"), name.encode("utf-16-le"),
            name.encode("utf-8").hex().encode(), name.encode("utf-8").hex().upper().encode()]


def assert_not_outside_page_text(path):
    raw = path.read_bytes()
    assert not any(form in raw for form in forms(NAME)), "name in the raw PDF bytes"
    reader = PdfReader(str(path))
    assert NAME not in str(reader.metadata)
    assert reader.xmp_metadata is None or NAME not in str(reader.xmp_metadata)
    page_text = set()
    for page in reader.pages:
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        page_text |= {ref.idnum for ref in refs if isinstance(ref, IndirectObject)}
    checked = 0
    for number, obj in _objects(reader):
        if number in page_text:
            continue  # the page text itself: where the name belongs
        if isinstance(obj, StreamObject):
            data = obj.get_data()
            assert not any(form in data for form in forms(NAME)), f"name in stream object {number}"
        if isinstance(obj, DictionaryObject):
            assert NAME not in str(obj), f"name in object {number}"
        checked += 1
    assert checked > 10 and page_text


def _objects(reader):
    """(number, object) for every object of the file, from its cross-reference tables."""
    for generation, table in reader.xref.items():
        for number in table:
            yield number, reader.get_object(IndirectObject(number, generation, reader))
    for number in reader.xref_objStm:
        yield number, reader.get_object(IndirectObject(number, 0, reader))


def test_name_is_on_the_page_and_nowhere_else_in_a_built_pdf(run, tmp_path):
    result = run("build", "back-spasms", "--patient", NAME, "--note", "Ice twice a day.", "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr
    assert NAME in pdf_pages_text(tmp_path / "out.pdf")[0]
    assert NAME not in result.stdout and NAME not in result.stderr
    assert_not_outside_page_text(tmp_path / "out.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_default_file_name_never_holds_the_name(run, tmp_path):
    result = run("build", "back-spasms", "--patient", NAME)
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["back-spasms.pdf"]


def test_a_failed_build_does_not_repeat_the_name(run, tmp_path):
    result = run("build", "back-spasms", "--patient", NAME, "--note", "Test \U0001F9EA", "-o", "out.pdf")
    assert result.exit_code == 1
    assert NAME not in result.stderr and NAME not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_selection_file_with_the_name_keeps_it_on_the_page(run, write, tmp_path):
    write("sel.yaml", f"topic: back-spasms\npatient: {NAME}\n")
    result = run("build", "sel.yaml", "-o", "out.pdf")
    assert result.exit_code == 0
    assert_not_outside_page_text(tmp_path / "out.pdf")


def test_bilingual_pdf_keeps_the_name_off_metadata_and_bookmarks(run, tmp_path):
    result = run("build", "back-spasms", "--lang", "en,es", "--patient", NAME, "-o", "out.pdf")
    assert result.exit_code == 0
    assert_not_outside_page_text(tmp_path / "out.pdf")
    assert all(NAME in page for page in (pdf_pages_text(tmp_path / "out.pdf")[i] for i in (0, 2)))


def test_batch_says_and_writes_the_name_nowhere_but_the_page(run, write, tmp_path):
    write("rows.csv", f"name,date\n{NAME},2026-11-24\nAna Diaz,2026-11-24\n")
    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out",
                 "--record", "out/record.csv", "--combine", "out/all.pdf", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert NAME not in result.stdout and NAME not in result.stderr
    out = tmp_path / "out"
    assert all(NAME not in p.name for p in out.iterdir())
    assert NAME not in (out / "record.csv").read_text(encoding="utf-8")
    for pdf in out.glob("*.pdf"):
        assert_not_outside_page_text(pdf)


def test_temp_files_never_carry_the_name(monkeypatch, tmp_path):
    """The temp file's name is chosen before any patient data is known to the writer."""
    import tempfile

    from handouts.output import write_atomic

    seen = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        seen.append(path)
        return fd, path

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_atomic(tmp_path / f"{NAME}.bin", b"bytes")
    assert seen and all(NAME not in path for path in seen)


def test_a_patients_words_outlive_their_handout_in_no_cache():
    # The layout remembers text that every handout prints; never a patient's name, notes or next visit,
    # so that a batch's memory does not grow with its rows and nobody's words stay behind in a worker.
    from handouts import build, fonts
    from handouts.pdf.pen import Para
    from handouts.request import Overrides, Request

    def handout(name: str, note: str) -> None:
        overrides = Overrides(patient=name, notes=(note,), follow_up=f"see {name} in 2 weeks", date="2026-11-24")
        pdf = PdfReader(io.BytesIO(build.build(Request.for_target("back-spasms", overrides))))
        assert name in pdf.pages[0].extract_text()

    handout("Ana Diaz", "Ice twice a day.")
    handout("Bo Lindqvist", "Walk every morning.")  # every shared text is remembered by now
    remembered = fonts._remembered.cache_info().currsize
    handout(NAME, "Quixwell's own note, line one.")

    assert fonts._remembered.cache_info().currsize == remembered
    for cache in (Para._parsed, Para._broken):
        assert cache and not any("Quixwell" in repr(key) for key in cache)
