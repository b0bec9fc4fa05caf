"""What a brand says on the page: its emergency number, who to call when it is closed, its words per language.

Built through the CLI and read back with poppler (pdftotext), as a patient reads the page.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import EXAMPLES, poppler_text
from handouts.brand import DEFAULT_BRAND
from handouts.emergency import NUMBERS, country_code, known_numbers, number_for
from handouts.starter import BRAND as STARTER_BRAND
from handouts.strings import strings_for

EXAMPLE = yaml.safe_load((EXAMPLES / "brand.yaml").read_text(encoding="utf-8"))
NEITHER = ("expected the clinic's country or its emergency number, found neither; add 'country: GB' or "
           "'emergency_number: \"999\"' (the number the handout says to call in an emergency)")


def words(text: str) -> str:
    return " ".join(text.split())


def built(run, tmp_path, *args: str, name: str = "out.pdf") -> str:
    """The handout's text, whitespace made single spaces; the build must succeed."""
    result = run("build", "back-spasms", *args, "-o", name)
    assert result.exit_code == 0, result.stderr
    return words(poppler_text(tmp_path / name))


def between(text: str, start: str, end: str) -> str:
    """The text from ``start`` up to the next ``end`` (a tier: its heading up to the next tier's)."""
    at = text.index(start)
    return text[at:text.index(end, at)]


def example_brand(tmp_path) -> str:
    shutil.copy(EXAMPLES / "logo.png", tmp_path / "logo.png")
    shutil.copy(EXAMPLES / "brand.yaml", tmp_path / "brand.yaml")
    return "brand.yaml"


# --- the emergency number: the brand's country or its own, never silently 911 ----------------------


@pytest.mark.parametrize("country, number", [
    ("US", "911"), ("CA", "911"), ("MX", "911"), ("GB", "999"), ("IE", "112"), ("FR", "112"), ("DE", "112"),
    ("ES", "112"), ("IT", "112"), ("AU", "000"), ("NZ", "111"),
])
def test_the_table_gives_each_countrys_number(country, number):
    assert number_for(country_code(country)) == number


def test_codes_are_read_in_any_case_and_uk_is_great_britain():
    assert [country_code(c) for c in ("gb", " Gb ", "UK", "uk", "us")] == ["GB", "GB", "GB", "GB", "US"]


def test_every_eu_country_answers_112():
    eu = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
    assert [c for c in eu if "112" not in known_numbers(c)] == []
    assert all(number.isdigit() for numbers in NUMBERS.values() for number in numbers)


@pytest.mark.parametrize("written, hint", [("Germany", "did you mean 'DE'?"), ("England", "did you mean 'GB'?"),
                                           ("usa", "did you mean 'US'?")])
def test_a_country_name_is_refused_with_its_code(written, hint):
    with pytest.raises(ValueError, match=hint):
        country_code(written)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_brand_without_country_or_number_is_refused_with_a_hint(run, write, command):
    write("brand.yaml", "clinic: Harbour Clinic\nphone: 020 7946 0000\npage_size: a4\n")
    args = ["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"] if command == "build" else [
        "check", "brand.yaml"]
    result = run(*args)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [f"Error: brand.yaml:1: {NEITHER}"]


def test_a_selection_naming_such_a_brand_is_refused_by_check(run, write):
    write("brand.yaml", "clinic: Harbour Clinic\n")
    write("sel.yaml", "topic: back-spasms\nbrand: brand.yaml\n")
    result = run("check", "sel.yaml")
    assert result.exit_code == 1
    assert f"Error: brand.yaml:1: {NEITHER}" in result.stderr.splitlines()


def test_an_unknown_country_is_refused_at_its_line_with_the_closest(run, write):
    write("brand.yaml", "clinic: Harbour Clinic\ncountry: Germany\n")
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: brand.yaml:2: country: expected a two-letter country code"), line
    assert "got 'Germany'; did you mean 'DE'?" in line and 'emergency_number: "..."' in line


@pytest.mark.parametrize("brand, heading", [
    ("clinic: Harbour Clinic\ncountry: GB\n", "Call 999 or go to the emergency room now if:"),
    ("clinic: Harbour Clinic\ncountry: uk\n", "Call 999 or go to the emergency room now if:"),
    ("clinic: Klinik\ncountry: DE\n", "Call 112 or go to the emergency room now if:"),
    ("clinic: Harbour Clinic\nemergency_number: \"000\"\n", "Call 000 or go to the emergency room now if:"),
    ("clinic: Harbour Clinic\ncountry: GB\nemergency_number: \"112\"\n",
     "Call 112 or go to the emergency room now if:"),
])
def test_the_emergency_tier_prints_the_brands_number(run, write, tmp_path, brand, heading):
    write("brand.yaml", brand)
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr  # 112 reaches help in the UK too
    text = words(poppler_text(tmp_path / "out.pdf"))
    assert heading in text and "911" not in text


def test_spanish_prints_the_brands_number_too(run, write, tmp_path):
    write("brand.yaml", "clinic: Clínica del Puerto\ncountry: ES\n")
    text = built(run, tmp_path, "--brand", "brand.yaml", "--lang", "es")
    assert "Llame al 112 o vaya a la sala de emergencias ahora si:" in text and "911" not in text


def test_a_number_the_country_does_not_list_is_printed_with_a_warning(run, write, tmp_path):
    write("brand.yaml", "clinic: Harbour Clinic\ncountry: GB\nemergency_number: \"911\"\n")
    for args in (["check", "brand.yaml"], ["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
        assert warnings == ["Warning: brand.yaml:3: emergency_number: expected an emergency number of GB "
                            "(999, 112), got '911'; printing '911' as given, as some regions use another: check it, "
                            "or leave emergency_number out to print 999"]
    assert "Call 911 or go to the emergency room now if:" in words(poppler_text(tmp_path / "out.pdf"))


def test_the_built_in_brand_is_a_us_brand_and_says_so():
    text = DEFAULT_BRAND.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["country"] == "US"
    assert "911" in text  # its comment says what that prints


def test_the_starter_brand_asks_for_the_country():
    brand = yaml.safe_load(STARTER_BRAND.format(folder=""))
    assert brand["country"] == "US"
    comments = " ".join(line for line in STARTER_BRAND.splitlines() if line.lstrip().startswith("#"))
    assert all(words in comments for words in ("country code", "GB prints 999", "emergency_number"))


# --- "Call us today": who to call when the clinic is closed -----------------------------------------

AFTER_URGENT = {"en": ("Make an appointment", "Key points", "What you can do at home", "Gentle exercises"),
                "es": ("Pida una cita", "Puntos clave", "Lo que puede hacer en casa", "Ejercicios suaves")}


def urgent_head(text: str, language: str) -> str:
    """The urgent tier, from its heading to what follows it (the routine tier or the next section)."""
    rest = text[text.index({"en": "Call us today", "es": "Llámenos hoy"}[language]):]
    ends = [at for at in (rest.find(mark) for mark in AFTER_URGENT[language]) if at > 0]
    return rest[:min(ends)]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_brands_after_hours_line_is_in_the_urgent_tier(run, tmp_path, language):
    text = built(run, tmp_path, "--brand", example_brand(tmp_path), "--lang", language)
    tier = urgent_head(text, language)
    assert words(EXAMPLE["after_hours"][language]) in tier
    assert words(strings_for(language).after_hours) not in text  # the brand's own words replace the catalogue's


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("detail", ["full", "brief"])
def test_without_its_own_the_catalogue_line_is_in_the_urgent_tier(run, tmp_path, language, detail):
    text = built(run, tmp_path, "--lang", language, "--detail", detail)
    tier = urgent_head(text, language)
    assert words(strings_for(language).after_hours) in tier


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_no_phone_the_urgent_tier_has_a_line_to_write_it_on(run, tmp_path, language):
    text = built(run, tmp_path, "--lang", language)
    tier = urgent_head(text, language)
    assert f"{strings_for(language).clinic_phone} ______" in tier


def test_with_a_phone_the_urgent_tier_prints_it_and_no_line(run, tmp_path):
    text = built(run, tmp_path, "--brand", example_brand(tmp_path))
    tier = urgent_head(text, "en")
    assert f"Call us today at {EXAMPLE['phone']} if:" in tier
    assert "____" not in tier


# --- per-language text -----------------------------------------------------------------------------


def test_a_spanish_handout_prints_the_spanish_footer_never_the_english(run, tmp_path):
    text = built(run, tmp_path, "--brand", example_brand(tmp_path), "--lang", "es")
    assert words(EXAMPLE["footer"]["es"]) in text
    assert words(EXAMPLE["footer"]["en"]) not in text


def test_each_part_of_a_bilingual_handout_prints_its_own_languages_footer(run, tmp_path):
    example_brand(tmp_path)
    result = run("build", "back-spasms", "--brand", "brand.yaml", "--lang", "es,en", "-o", "both.pdf")
    assert result.exit_code == 0, result.stderr
    pages = [words(page) for page in poppler_text(tmp_path / "both.pdf").split("\f")[:-1]]
    spanish = [page for page in pages if "Página" in page]
    english = [page for page in pages if "Page " in page and "Página" not in page]
    assert spanish and english and len(spanish) + len(english) == len(pages)
    es, en = words(EXAMPLE["footer"]["es"]), words(EXAMPLE["footer"]["en"])
    assert all(es in page and en not in page for page in spanish)
    assert all(en in page and es not in page for page in english)


def test_the_clinic_name_and_address_may_differ_by_language(run, write, tmp_path):
    write("brand.yaml", """\
        clinic: {en: Harbour Clinic, es: Clínica del Puerto}
        address: {en: 1 Quay Street, es: Calle del Muelle 1}
        phone: 555-0100
        country: US
        """)
    spanish = built(run, tmp_path, "--brand", "brand.yaml", "--lang", "es", name="es.pdf")
    english = built(run, tmp_path, "--brand", "brand.yaml", name="en.pdf")
    assert "Clínica del Puerto" in spanish and "Calle del Muelle 1" in spanish
    assert "Harbour Clinic" not in spanish and "1 Quay Street" not in spanish
    assert "Harbour Clinic" in english and "Clínica del Puerto" not in english


BRAND_EN_ONLY = """\
clinic: Harbour Clinic
country: US
footer:
  en: Questions? Call us on weekdays.
after_hours: After 6 pm, call 555-0199.
"""
GAP = "Warning: brand.yaml:3: footer: no text in 'es'; add 'es: ...' (the 'es' handout prints the 'en' text instead)"


def test_a_language_with_no_text_falls_back_to_the_first_and_is_warned_about(run, write, tmp_path):
    write("brand.yaml", BRAND_EN_ONLY)
    write("sel.yaml", "topic: back-spasms\nlanguage: es\nbrand: brand.yaml\n")
    checked = run("check", "sel.yaml")
    assert checked.exit_code == 0, checked.stderr
    assert GAP in checked.stderr.splitlines()
    result = run("build", "sel.yaml", "-o", "out.pdf")
    assert result.exit_code == 0 and GAP in result.stderr.splitlines()
    text = words(poppler_text(tmp_path / "out.pdf"))
    assert "Questions? Call us on weekdays." in text  # the first language's text, as check said
    assert "After 6 pm, call 555-0199." in text  # one text: every language's


def test_an_english_handout_of_that_brand_is_not_warned_about(run, write):
    write("brand.yaml", BRAND_EN_ONLY)
    write("sel.yaml", "topic: back-spasms\nbrand: brand.yaml\n")
    result = run("check", "sel.yaml")
    assert result.exit_code == 0 and "Warning" not in result.stderr


def test_check_of_a_brand_warns_for_a_language_its_other_texts_have(run, write):
    write("brand.yaml", BRAND_EN_ONLY.replace("after_hours: After 6 pm, call 555-0199.\n",
                                              "after_hours:\n  en: After 6 pm, call 555-0199.\n"
                                              "  es: Después de las 6 pm, llame al 555-0199.\n"))
    result = run("check", "brand.yaml")
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("Warning")] == [GAP]


def test_check_of_a_manifest_warns_for_the_languages_its_jobs_build(run, write):
    write("brand.yaml", BRAND_EN_ONLY)
    write("m.yaml", "defaults: {topic: back-spasms, brand: brand.yaml}\n"
                    "jobs:\n  - patient: Ana Diaz\n    language: es\n  - patient: Bo Chen\n")
    result = run("check", "m.yaml")
    assert result.exit_code == 0, result.stderr
    assert GAP in result.stderr.splitlines()


def test_every_languages_text_is_checked_for_glyphs(run, write):
    write("brand.yaml", "clinic: Harbour Clinic\ncountry: US\nfooter:\n  en: Questions?\n  es: \"Preguntas 漢\"\n")
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: brand.yaml:5: footer.es: ") and "U+6F22" in line


@pytest.mark.parametrize("footer, message", [
    ("{}", "brand.yaml:3: footer: expected at least 1 entry, got 0"),
    ("{EN: Questions?}", "brand.yaml:3: footer.EN: expected a language code like 'en' or 'es', got 'EN'"),
    ("{en: ''}", "brand.yaml:3: footer.en: expected some text, got ''"),
])
def test_a_bad_per_language_text_is_one_line_at_its_place(run, write, footer, message):
    write("brand.yaml", f"clinic: Harbour Clinic\ncountry: US\nfooter: {footer}\n")
    result = run("check", "brand.yaml")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [f"Error: {message}"]


def test_the_readmes_brand_example_is_a_valid_brand_with_every_new_key():
    from conftest import REPO
    from handouts.models import Brand
    from handouts.validate import validate
    from handouts.yamlload import parse_yaml

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Brand: the clinic's look", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    brand = validate(parse_yaml(block, "README.md"), Brand)
    assert brand.country == "US" and isinstance(brand.footer, dict) and isinstance(brand.after_hours, dict)
