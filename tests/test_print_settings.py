"""Print settings are two axes, size and colour; the one-word profile is their shorthand."""

from __future__ import annotations

import csv
import re

import pytest

from handouts.check import check
from handouts.models import Selection, profile_name
from handouts.request import Overrides, Request
from handouts.validate import validate
from handouts.yamlload import parse_yaml

COLOUR_OPS = re.compile(rb"(?<![\w.])([\d.]+) ([\d.]+) ([\d.]+) (rg|RG)(?!\w)")


def _selection(text: str) -> Selection:
    return validate(parse_yaml(text, "s.yaml"), Selection)


@pytest.mark.parametrize("text, axes", [
    ("topic: back-spasms\n", ("standard", "colour", "standard")),
    ("topic: back-spasms\nprofile: large\n", ("large", "colour", "large")),
    ("topic: back-spasms\nprofile: greyscale\n", ("standard", "greyscale", "greyscale")),
    ("topic: back-spasms\nsize: large\ncolour: greyscale\n", ("large", "greyscale", "large-greyscale")),
    ("topic: back-spasms\nprofile: large\ncolour: greyscale\n", ("large", "greyscale", "large-greyscale")),
    ("topic: back-spasms\nprofile: large\nsize: standard\n", ("standard", "colour", "standard")),  # the axis wins
])
def test_a_profile_is_shorthand_for_the_two_axes(text, axes):
    selection = _selection(text)
    assert (selection.size, selection.colour, selection.profile) == axes


def test_profile_names_both_axes():
    assert [profile_name(s, c) for s in ("standard", "large") for c in ("colour", "greyscale")] == [
        "standard", "greyscale", "large", "large-greyscale"]


def test_a_later_profile_replaces_an_earlier_layers_axes(write):
    path = write("sel.yaml", "topic: back-spasms\nsize: large\ncolour: greyscale\n")
    selection = check(Request.for_target(str(path), Overrides(profile="standard"))).selection
    assert selection is not None and (selection.size, selection.colour) == ("standard", "colour")
    selection = check(Request.for_target(str(path), Overrides(profile="large"))).selection
    assert selection is not None
    assert (selection.size, selection.colour) == ("large", "greyscale")  # large says nothing of colour


def test_an_unknown_profile_is_reported_at_its_line():
    from handouts.errors import HandoutsError

    with pytest.raises(HandoutsError) as caught:
        _selection("topic: back-spasms\nprofile: huge\n")
    assert str(caught.value.problems[0]).startswith("s.yaml:2: profile: expected one of")


def _colours(path) -> set[tuple[bytes, ...]]:
    """Every RGB fill or stroke colour set in the pages' content streams and their form XObjects."""
    from pypdf import PdfReader

    found: set[tuple[bytes, ...]] = set()
    streams = []
    for page in PdfReader(str(path)).pages:
        streams.append(page.get_contents().get_data())
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        streams += [x.get_object().get_data() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Form"]
    for stream in streams:
        found |= {m.groups()[:3] for m in COLOUR_OPS.finditer(stream)}
    return found


def test_large_print_in_greyscale_is_large_and_grey(run, tmp_path):
    assert run("build", "back-spasms", "--size", "large", "--colour", "greyscale").exit_code == 0
    both = tmp_path / "back-spasms-large-greyscale.pdf"
    assert run("build", "back-spasms", "--size", "large", "-o", "large.pdf").exit_code == 0
    from pypdf import PdfReader

    assert len(PdfReader(str(both)).pages) == len(PdfReader(str(tmp_path / "large.pdf")).pages)
    assert all(r == g == b for r, g, b in _colours(both)), _colours(both)
    assert any(not r == g == b for r, g, b in _colours(tmp_path / "large.pdf"))  # the test can see colour


def test_the_old_profile_option_still_builds_the_same_bytes(run, tmp_path):
    assert run("build", "back-spasms", "--profile", "large", "-o", "a.pdf").exit_code == 0
    assert run("build", "back-spasms", "--size", "large", "-o", "b.pdf").exit_code == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_a_patient_rows_profile_replaces_the_presets_size(run, write, tmp_path):
    write("large.yaml", "topic: back-spasms\nprofile: large\ndetail: brief\n")
    with open(tmp_path / "rows.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["name", "profile"], ["A", "standard"], ["B", "greyscale"], ["C", ""]])
    result = run("batch", "--selection", "large.yaml", "--patients", "rows.csv", "-d", "out", "-q",
                 "--output-template", "{n}-{profile}.pdf", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "1-standard.pdf", "2-large-greyscale.pdf", "3-large.pdf"]


def test_a_matrix_crosses_sizes_and_colours(run, write, tmp_path):
    write("m.yaml", """\
        matrix:
          selections: [back-spasms]
          sizes: [standard, large]
          colours: [colour, greyscale]
          details: [brief]
          output: "{size}-{colour}.pdf"
        """)
    result = run("batch", "m.yaml", "-d", "out", "-q", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "large-colour.pdf", "large-greyscale.pdf", "standard-colour.pdf", "standard-greyscale.pdf"]
