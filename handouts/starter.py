"""`handouts init`: a commented starter brand and selection, never overwriting."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, Problem
from .output import write_atomic

BRAND = """\
# Your clinic's brand. `clinic` and `country` (or `emergency_number`) are
# required; every other key is optional.
# Check it with:  handouts check {folder}brand.yaml
clinic: Your Clinic Name
# Your two-letter country code: it sets the number in "Call 911 now" (country
# GB prints 999, EU countries 112, AU 000, NZ 111). Change it if you are not in the US.
country: US
# emergency_number: "911"   # instead of (or as well as) the country
# logo: logo.png          # PNG or JPEG, relative to this file; scaled to fit
colors:
  primary: "#1f4e79"      # headings and rules: needs 4.5:1 contrast on white
  accent: "#8a2c0d"       # tick boxes
phone: 555-0100
# address: 1 Main Street, Your Town
# website: www.example.org
# footer: Questions? Call us on weekdays from 8 am to 6 pm.
# after_hours: After 6 pm, call the on-call physio at 555-0199.
# Text can be given per language:  footer: {{en: Questions? ..., es: ¿Preguntas? ...}}
page_size: letter         # letter or a4
font: atkinson-hyperlegible   # or dejavu-sans (wider character coverage)
qr_code: false            # true: a QR code to the website in the header
"""

SELECTION = """\
# A saved selection: what goes on the handout. See the ids with:
#   handouts show back-spasms
# Build it with:
#   handouts build {folder}selection.yaml
topic: back-spasms
language: en
brand: brand.yaml         # relative to this file
detail: full              # full, or brief (one page)
profile: standard         # standard, large (18 pt) or greyscale
# patient: Ana Diaz       # or use --patient; printed on the page only
# date: 2026-11-24        # or use --date today
sections:                 # leave out `sections` for the topic's default handout
  - key-points
  - warning-signs         # required emergency signs are always printed
  - section: home-care
    items: [short-rest, ice-first, heat-after, gentle-stretch, walking, sleep-positions]
  - section: ice-or-heat
    items: [when, how-long, take-care]
notes:
  - Write your own advice here, or use --note when you build.
follow_up: Book a visit in 2 weeks if you are not clearly better.   # printed after "Follow-up:"
# clinician: Dr. Sam Lee  # or use --clinician; printed above the signature line
"""


def write_starter(folder: Path) -> list[Path]:
    """Write brand.yaml and selection.yaml into ``folder``; refuse if either exists."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(Problem(f"'{folder}' is a file; expected a folder to write the starter files in"))
    files = {folder / "brand.yaml": BRAND, folder / "selection.yaml": SELECTION}
    existing = [str(p) for p in files if p.exists() or p.is_symlink()]
    if existing:
        raise InputError(Problem(
            f"{', '.join(existing)} already exist(s); init never overwrites: pick another folder"
        ))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Problem(f"cannot create folder '{folder}' ({exc.strerror or exc})")) from None
    prefix = "" if folder == Path(".") else f"{folder}/"
    for path, text in files.items():
        write_atomic(path, text.format(folder=prefix).encode("utf-8"))
    return list(files)
