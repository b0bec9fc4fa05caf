"""The words the tool itself prints, kept as one catalogue file per language."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from pydantic import Field

from .errors import InputError, Problem, did_you_mean, one_of
from .models import Line, Model

LOCALES = Path(__file__).resolve().parent / "locales"


class Strings(Model):
    """Every string a handout's chrome needs; a missing one is an error, never a fallback."""

    language_name: Line
    default_clinic: Line  # the header when no brand is given
    date_format: Line
    months: tuple[Line, ...] = Field(min_length=12, max_length=12)
    prepared_for: Line
    prepared_on: Line
    tier_emergency: Line
    tier_urgent: Line
    tier_urgent_phone: Line
    after_hours: Line  # under 'Call us today', when the brand says nothing of its own
    tier_routine: Line
    removed_required: Line
    notes_heading: Line
    follow_up_heading: Line
    follow_up_blank: Line
    clinician: Line  # the label before the clinician's name, or the line to write it on
    signature: Line
    tracker_day: Line  # a tracker's column heading: {day} is 1, 2, ...
    tracker_date: Line  # the tracker's row to write each day's date in
    questions_own: Line  # before the lines for the patient's own questions
    page: Line
    version_reviewed: Line
    version_not_reviewed: Line
    disclaimer: Line
    clinic_phone: Line
    caution_label: Line  # before an item's caution
    # labels of an exercise (section kind 'exercises'): its amounts, and its two safety lines
    exercise_hold: Line
    exercise_repeat: Line
    exercise_how_often: Line
    exercise_stop_if: Line
    exercise_ask_first: Line

    def date(self, value: dt.date) -> str:
        """A date in this language's own format."""
        return self.date_format.format(
            day=value.day, month=self.months[value.month - 1], year=value.year
        )


def catalogue_languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yaml"))


def catalogue_path(language: str) -> Path:
    return LOCALES / f"{language}.yaml"


@functools.lru_cache(maxsize=None)
def strings_for(language: str) -> Strings:
    """The catalogue of ``language``, validated, once per process."""
    from .validate import validate
    from .yamlload import load_yaml

    base = language.split("-")[0]
    available = catalogue_languages()
    if base not in available:
        raise InputError(
            Problem(
                f"no catalogue of handout words for language '{language}'"
                f"{did_you_mean(base, available)} (have: {one_of(available)}); "
                f"add handouts/locales/{base}.yaml"
            )
        )
    path = catalogue_path(base)
    return validate(load_yaml(path, f"handouts/locales/{base}.yaml"), Strings)
