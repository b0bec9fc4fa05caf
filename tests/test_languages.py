"""Spanish, bilingual handouts, translation checks and characters of many scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, pdf_pages_text, poppler_text
from handouts import library
from handouts.strings import strings_for

SPANISH_MARKS = "áéíóúñü¿¡"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Spanish, English and bilingual builds of the default handout, once for the module."""
    from click.testing import CliRunner

    from handouts.cli import cli

    folder = tmp_path_factory.mktemp("languages")
    out = {}
    for name, args in {
        "es": ["--lang", "es"],
        "en": [],
        "es-en": ["--lang", "es,en", "--patient", "Ana Díaz", "--date", "2026-11-24"],
        "es-brief": ["--lang", "es", "--detail", "brief"],
    }.items():
        path = folder / f"{name}.pdf"
        result = CliRunner().invoke(cli, ["build", "back-spasms", *args, "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[name] = path
    return out


def test_spanish_content_keeps_its_accented_characters(built, tmp_path):
    text = "".join(pdf_pages_text(built["es"]))
    assert [mark for mark in "áéíóúñ" if mark not in text] == []
    from click.testing import CliRunner

    from handouts.cli import cli

    path = tmp_path / "what-it-is.pdf"
    result = CliRunner().invoke(cli, ["build", "back-spasms", "--lang", "es", "--pick", "what-it-is", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert "¿Qué es un espasmo de espalda?" in poppler_text(path)


def test_every_spanish_mark_in_a_note_extracts_exactly(run, tmp_path):
    note = "¿Vergüenza? ¡Jamás! Año, camión, está, aquí, ningún, pingüino."
    result = run("build", "back-spasms", "--lang", "es", "--note", note, "-o", "x.pdf")
    assert result.exit_code == 0, result.stderr
    text = "".join(pdf_pages_text(tmp_path / "x.pdf"))
    assert note in text
    assert [mark for mark in SPANISH_MARKS if mark not in text] == []


def test_spanish_handout_prints_no_english_chrome(built):
    english, spanish = strings_for("en"), strings_for("es")
    text = poppler_text(built["es"])
    chrome = [getattr(english, key) for key in type(english).model_fields if key not in ("months", "date_format")]
    leaks = [phrase.split("{")[0].strip() for phrase in chrome
             if phrase.split("{")[0].strip() and phrase != getattr(spanish, _key(english, phrase))]
    assert [leak for leak in leaks if len(leak) > 3 and leak in text] == []
    topic = library.load_topic("back-spasms", "en")
    assert [s.heading for s in topic.sections if s.heading in text] == []


def _key(strings, value):
    return next(k for k in type(strings).model_fields if getattr(strings, k) == value)


def test_spanish_default_is_two_pages_and_brief_one(built):
    assert len(PdfReader(str(built["es"])).pages) == 2
    assert len(PdfReader(str(built["es-brief"])).pages) == 1


def test_spanish_emergency_signs_are_on_page_one(built):
    assert "Llame al 911" in pdf_pages_text(built["es"])[0]


def test_bilingual_handout_is_each_language_in_turn_from_a_new_page(built):
    es = len(PdfReader(str(built["es"])).pages)
    en = len(PdfReader(str(built["en"])).pages)
    pages = pdf_pages_text(built["es-en"])
    assert len(pages) == es + en
    assert "Espasmos de espalda" in pages[0] and "Preparado para" in pages[0]
    assert "Back spasms" in pages[es] and "Prepared for" in pages[es]
    assert f"Página 1 de {es}" in pages[0] and f"Page 1 of {en}" in pages[es]
    assert "24 de noviembre de 2026" in pages[0] and "November 24, 2026" in pages[es]


def test_bilingual_handout_has_a_bookmark_per_language(built):
    outline = PdfReader(str(built["es-en"])).outline
    assert [entry.title for entry in outline if not isinstance(entry, list)] == ["Español", "English"]


def test_a_saved_selection_works_unchanged_in_either_language(run, write, tmp_path):
    write("sel.yaml", """
        topic: back-spasms
        sections:
          - warning-signs
          - section: home-care
            items: [ice-first, walking]
    """)
    assert run("build", "sel.yaml", "-o", "en.pdf").exit_code == 0
    assert run("build", "sel.yaml", "--lang", "es", "-o", "es.pdf").exit_code == 0
    assert "Try cold in the first few days" in "".join(pdf_pages_text(tmp_path / "en.pdf"))
    assert "Si le gusta, pruebe el frío los primeros días" in "".join(pdf_pages_text(tmp_path / "es.pdf"))


def test_language_in_a_selection_file(run, write, tmp_path):
    write("sel.yaml", "topic: back-spasms\nlanguage: es\n")
    assert run("build", "sel.yaml", "-o", "x.pdf").exit_code == 0
    assert "Cuándo pedir ayuda" in pdf_pages_text(tmp_path / "x.pdf")[0]


def test_language_per_row_of_a_patient_list(run, write, tmp_path):
    write("rows.csv", "name,language,output\nAna,es,ana.pdf\nBo,en,bo.pdf\n")
    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert "Preparado para" in pdf_pages_text(tmp_path / "out" / "ana.pdf")[0]
    assert "Prepared for" in pdf_pages_text(tmp_path / "out" / "bo.pdf")[0]


def test_unknown_language_is_one_clear_error(run):
    result = run("build", "back-spasms", "--lang", "fr", "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr == "Error: topic 'back-spasms' has no 'fr' version (languages: en, es)\n"


# --- translation checks ----------------------------------------------------------------------


def test_shipped_translation_passes_check(run, topic_copy):
    result = run("check", "-q", topic_copy / "es.yaml")
    assert result.exit_code == 0, result.stderr


def edit_home_care(path: Path, change) -> Path:
    """Rewrite the items of the home-care section of a topic file with ``change``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    home = next(s for s in data["sections"] if s["id"] == "home-care")
    home["items"] = change(home["items"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_check_reports_an_item_removed_from_the_translation(run, topic_copy):
    path = edit_home_care(topic_copy / "es.yaml", lambda items: [i for i in items if i["id"] != "massage"])
    result = run("check", "-q", path)
    assert result.exit_code == 1
    assert "item 'massage' of en is missing from section 'home-care'" in result.stderr


def test_check_reports_an_item_the_source_does_not_have(run, topic_copy):
    yoga = {"id": "yoga", "title": "Haga yoga.", "summary": "El yoga ayuda.", "body": "Pruebe yoga suave."}
    path = edit_home_care(topic_copy / "es.yaml", lambda items: items + [yoga])
    result = run("check", "-q", path)
    assert result.exit_code == 1
    assert "item 'yoga' is not in en; remove it or add it there" in result.stderr


def test_check_reports_a_stale_translation(run, topic_copy):
    source = topic_copy / "en.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("version: 1.1.0", "version: 1.2.0", 1),
                      encoding="utf-8")
    result = run("check", "-q", topic_copy / "es.yaml")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate((topic_copy / "es.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("version: 1.1.0") and n > 5)
    assert (f"es.yaml:{line}: translation_of.version: translation is out of date: it follows en version 1.1.0, "
            "but en is now version 1.2.0; update the text, then translation_of.version") in result.stderr


def test_check_measures_spanish_with_spanish_formulas(run, topic_copy):
    result = run("check", topic_copy / "es.yaml")
    assert ("Szigriszt-Pazos (INFLESZ) of what each detail level prints (limit 55 per item, 55 for a whole "
            "handout)") in result.stdout


def test_check_reports_a_missing_string_in_a_catalogue(run, tmp_path):
    source = REPO / "handouts" / "locales" / "es.yaml"
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if not line.startswith("page:")]
    (tmp_path / "es.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", tmp_path / "es.yaml")
    assert result.exit_code == 1
    assert "expected a value for 'page', found none; add 'page: ...'" in result.stderr


# --- characters of many scripts ----------------------------------------------------------------

SCRIPTS = {
    "spanish": "Ñandú y pingüino: ¿Qué tal? ¡Sí!",
    "french": "Ça va? Où est l'hôpital, s'il vous plaît?",
    "german": "Größe, Straße, Übung, Äpfel",
    "portuguese": "São João: ação e coração",
    "vietnamese": "Tiếng Việt có dấu: Nguyễn Thị Hường",
    "polish": "Zażółć gęślą jaźń",
    "greek": "Καλημέρα, πώς είστε;",
    "cyrillic": "Здравствуйте, как дела?",
}


@pytest.mark.parametrize("script", SCRIPTS, ids=list(SCRIPTS))
def test_note_in_each_script_prints_and_extracts_as_written(run, tmp_path, script):
    text = SCRIPTS[script]
    result = run("build", "back-spasms", "--note", text, "-o", "x.pdf")
    assert result.exit_code == 0, result.stderr
    assert text in poppler_text(tmp_path / "x.pdf").replace("\n", " ")


@pytest.mark.parametrize("text, char, name", [
    ("ありがとう", "あ", "HIRAGANA LETTER A"),
    ("नमस्ते", "न", "DEVANAGARI LETTER NA"),
])
def test_script_the_fonts_lack_is_refused_naming_field_and_character(run, tmp_path, text, char, name):
    result = run("build", "back-spasms", "--note", text, "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: --note 1: no bundled font can draw '{char}' (U+{ord(char):04X} {name}); "
                             "remove or replace it\n")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("text, char", [("שלום", "ש"), ("مرحبا", "م"), ("abc\u202edef", "\u202e")])
def test_right_to_left_text_is_refused_rather_than_printed_backwards(run, tmp_path, text, char):
    result = run("build", "back-spasms", "--patient", text, "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: --patient: {char!r} (U+{ord(char):04X} ")
    assert "right-to-left text or a direction control" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
