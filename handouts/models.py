"""The declarative schemas: topic content, brand and selection.

Validated data becomes frozen model objects; nothing downstream of
:mod:`handouts.validate` touches the raw dicts the YAML loader produced.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Literal, Optional, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=KEBAB, max_length=60)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]  # a person's, printed on one line
HexColour = Annotated[str, StringConstraints(pattern=r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]

Detail = Literal["full", "brief"]
Size = Literal["standard", "large"]
Colour = Literal["colour", "greyscale"]
# A print profile is the older one-word shorthand for the two axes, still read everywhere
# (YAML, --profile, CSV); after validation it always names both axes at once.
Profile = Literal["standard", "large", "greyscale", "large-greyscale"]
PROFILE_AXES: dict[str, dict[str, str]] = {
    "standard": {"size": "standard", "colour": "colour"},
    "large": {"size": "large"},
    "greyscale": {"colour": "greyscale"},
    "large-greyscale": {"size": "large", "colour": "greyscale"},
}


def profile_name(size: str, colour: str) -> str:
    """The one-word profile for a size and a colour: 'standard', 'large', 'greyscale' or 'large-greyscale'."""
    parts = [p for p in (size if size != "standard" else "", colour if colour != "colour" else "") if p]
    return "-".join(parts) or "standard"


def with_axes(data: dict) -> dict:
    """``data`` with a valid ``profile`` spelled out as ``size`` and ``colour`` (explicit axes win).

    Applied to each layer before layers are merged, so a later layer's
    profile replaces an earlier layer's axes. An invalid profile is left for
    the schema to report at its own line.
    """
    profile = data.get("profile")
    if not isinstance(profile, str) or profile not in PROFILE_AXES:
        return data
    out = {**PROFILE_AXES[profile], **{k: v for k, v in data.items() if k != "profile"}}
    return out
PageSize = Literal["letter", "a4"]
Tier = Literal["emergency", "urgent", "routine"]
TIERS: tuple[Tier, ...] = ("emergency", "urgent", "routine")


class Model(BaseModel):
    """Base of every schema: immutable, unknown keys rejected."""

    # defer_build: a schema is built when its model first validates, so a command pays only for the ones it uses
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


# --- topic content -----------------------------------------------------------


def _known_figure(value: str) -> str:
    """A pose of the figure library (:mod:`handouts.pdf.figures`), or a problem naming the known ones."""
    from .errors import did_you_mean
    from .pdf.poses import POSE_IDS

    if value not in POSE_IDS:  # every pose named, not a shortened list: the author picks one from it
        raise ValueError(f"unknown figure '{value}'{did_you_mean(value, POSE_IDS)} "
                         f"(known figures: {', '.join(sorted(POSE_IDS))})")
    return value


Figure = Annotated[Id, AfterValidator(_known_figure)]  # a pose of the figure library


def _region(value: str) -> str:
    from .coding import known_region

    return known_region(value)


def _code(value: str) -> str:
    from .coding import code_shape

    return code_shape(value)


Region = Annotated[str, AfterValidator(_region)]  # where in the body: one of coding.REGIONS
Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10), AfterValidator(_code)]  # ICD-10-CM


class Item(Model):
    """One pickable piece of content: a paragraph, a bullet, a step."""

    id: Id
    title: Line
    summary: Line  # one line, printed in brief handouts and key points
    body: Text  # the fuller text, printed in full handouts
    # How to do it safely: printed with the item in every detail level, so no preset can
    # keep the advice and lose its caution.
    caution: Optional[Text] = None

    def text(self, detail: Detail) -> str:
        return self.body if detail == "full" else self.summary

    def patient_text(self) -> str:
        """Everything a patient may read of this item, for readability scoring."""
        return " ".join(t for t in (sentence(self.title), self.summary, self.body, self.caution) if t)


class Step(Item):
    """An item of prose, a list or a checklist, which may show a small picture beside its words."""

    figure: Optional[Figure] = None  # printed at the item's right, as large as its words are tall


class WarningItem(Item):
    """A warning sign, with how urgently the patient must act on it."""

    tier: Tier
    required: bool = False  # emergency items a selection cannot drop silently


class TableRow(Model):
    """One row of a table section: a label and one cell per remaining column."""

    id: Id
    title: Line
    cells: tuple[Line, ...] = Field(min_length=1)

    def patient_text(self) -> str:
        return " ".join(sentence(text) for text in (self.title, *self.cells))


class TrackerRow(Model):
    """One row of a tracker: what the patient writes in each day, and a short hint on how."""

    id: Id
    title: Line
    hint: Optional[Line] = None  # printed small under the title: "0 = no pain, 10 = worst pain"

    def patient_text(self) -> str:
        return " ".join(sentence(text) for text in (self.title, self.hint) if text)


class Question(Model):
    """A question a patient may ask at the next visit, with lines under it to write the answer on."""

    id: Id
    title: Line  # the question as printed

    def patient_text(self) -> str:
        return sentence(self.title)


AnyItem = Union[Item, TableRow, TrackerRow, Question]


class ExerciseItem(Item):
    """An exercise: its picture, numbered steps, how much and how often, and when to stop or ask first."""

    figure: Figure  # the picture beside the steps
    steps: tuple[Line, ...] = Field(min_length=2, max_length=5)
    hold: Optional[Line] = None  # how long to hold each time
    repeat: Optional[Line] = None  # how many times each session
    how_often: Line  # sessions: "2 times a day"
    stop_if: Line  # safety text: printed with the exercise in every detail level
    ask_first: Line  # "ask us before starting if ...": also printed in every detail level

    def patient_text(self) -> str:
        lines = (self.title, self.summary, self.body, *self.steps, self.hold, self.repeat, self.how_often,
                 self.stop_if, self.ask_first)
        return " ".join(sentence(line) for line in lines if line)


class _Section(Model):
    id: Id
    heading: Line
    if typing.TYPE_CHECKING:  # each kind declares its items; a field here would reorder the fields
        items: tuple[AnyItem, ...]

    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    def item(self, item_id: str) -> AnyItem | None:
        return next((item for item in self.items if item.id == item_id), None)


class TextSection(_Section):
    kind: Literal["text"]
    items: tuple[Step, ...] = Field(min_length=1)


class ListSection(_Section):
    kind: Literal["list"]
    items: tuple[Step, ...] = Field(min_length=1)


class SummarySection(_Section):
    kind: Literal["summary"]
    items: tuple[Item, ...] = Field(min_length=1)


class ChecklistSection(_Section):
    kind: Literal["checklist"]
    items: tuple[Step, ...] = Field(min_length=1)


class WarningsSection(_Section):
    kind: Literal["warnings"]
    items: tuple[WarningItem, ...] = Field(min_length=1)


class ExercisesSection(_Section):
    kind: Literal["exercises"]
    items: tuple[ExerciseItem, ...] = Field(min_length=1)


class TableSection(_Section):
    kind: Literal["table"]
    columns: tuple[Line, ...] = Field(min_length=2, max_length=5)
    items: tuple[TableRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _cells_fit_columns(self):
        want = len(self.columns) - 1
        for row in self.items:
            if len(row.cells) != want:
                raise ValueError(
                    f"row '{row.id}': expected {want} cells (one per column after the first), "
                    f"got {len(row.cells)}"
                )
        return self


class TrackerSection(_Section):
    """A grid the patient fills in by pen: one row per item, one column per day, and a row for the dates."""

    kind: Literal["tracker"]
    intro: Line  # one line above the grid: how to fill it in
    days: int = Field(7, ge=1, le=7, strict=True)  # columns; more would not fit across a page in large print
    items: tuple[TrackerRow, ...] = Field(min_length=1, max_length=8)  # more would not fit on one page


class QuestionsSection(_Section):
    """Questions to ask at the next visit, each with lines to write on, and lines for the patient's own."""

    kind: Literal["questions"]
    lines: int = Field(2, ge=1, le=4, strict=True)  # ruled lines under each question
    own_lines: int = Field(3, ge=1, le=6, strict=True)  # ruled lines at the end for the patient's own questions
    items: tuple[Question, ...] = Field(min_length=1)


Section = Annotated[
    Union[TextSection, ListSection, SummarySection, ChecklistSection, WarningsSection, TableSection,
          ExercisesSection, TrackerSection, QuestionsSection],
    Field(discriminator="kind"),
]
SECTION_KINDS = ("text", "list", "summary", "checklist", "warnings", "table", "exercises", "tracker", "questions")
# What a translation must keep as its source has it, per kind (besides its sections' and items' ids).
LAYOUT_KEYS = ("days", "lines", "own_lines")


def _section_shorthand(value):
    # `- key-points` is short for `- section: key-points`
    return {"section": value} if isinstance(value, str) else value


class SectionChoice(Model):
    """A section picked for a handout, with the items picked from it."""

    section: Id
    items: Optional[tuple[Id, ...]] = None  # None: every item of the section
    remove_required: tuple[Id, ...] = ()  # required warnings dropped on purpose


Choice = Annotated[SectionChoice, BeforeValidator(_section_shorthand)]


class Source(Model):
    title: Line
    publisher: Optional[Line] = None
    url: Optional[Line] = None
    accessed: Optional[dt.date] = None
    note: Optional[Line] = None


class Review(Model):
    status: Literal["not-reviewed", "reviewed"]
    note: Optional[Line] = None
    reviewed_by: Optional[Line] = None
    reviewed_on: Optional[dt.date] = None
    next_review: Optional[dt.date] = None

    @model_validator(mode="after")
    def _reviewed_says_by_whom(self):
        if self.status == "reviewed" and not (self.reviewed_by and self.reviewed_on):
            raise ValueError("status 'reviewed' needs reviewed_by and reviewed_on")
        return self


class TranslationOf(Model):
    """Which version of which language a translation follows."""

    language: LangCode
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]


class Topic(Model):
    """A topic in one language: metadata and its ordered sections."""

    id: Id
    language: LangCode
    translation_of: Optional[TranslationOf] = None  # absent in the source language
    title: Line
    subtitle: Optional[Line] = None
    # What the topic covers: required in the built-in library (see validate.library_problems),
    # optional in a clinic's own topic files.
    region: Optional[Region] = None
    codes: tuple[Code, ...] = ()
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    updated: dt.date
    review: Review
    sources: tuple[Source, ...] = Field(min_length=1)
    default_selection: tuple[Choice, ...] = Field(min_length=1)
    brief_selection: Optional[tuple[Choice, ...]] = None
    sections: tuple[Section, ...] = Field(min_length=1)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @field_validator("codes")
    @classmethod
    def _codes_once(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise ValueError(f"code {', '.join(twice)} is listed more than once; keep one")
        return codes

    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def preset(self, detail: Detail) -> tuple[tuple, str]:
        """What a handout holds when the clinician picks nothing, and the key it is under."""
        if detail == "brief" and self.brief_selection:
            return self.brief_selection, "brief_selection"
        return self.default_selection, "default_selection"


# --- brand -------------------------------------------------------------------


class Colors(Model):
    primary: HexColour = "#1f4e79"
    accent: HexColour = "#9c2a00"


FontFamily = Literal["atkinson-hyperlegible", "dejavu-sans"]
FONT_FAMILIES = typing.get_args(FontFamily)


def _font_choice(value):
    # One clear message instead of one per branch of the union.
    if isinstance(value, dict) or value in FONT_FAMILIES:
        return value
    from .errors import did_you_mean

    raise ValueError(
        f"expected {' or '.join(FONT_FAMILIES)}, or your own files as 'regular: file.ttf' "
        f"(and 'bold: file.ttf'), got {value!r}{did_you_mean(str(value), FONT_FAMILIES)}"
    )


class FontFiles(Model):
    """The clinic's own TrueType faces, relative to the brand file."""

    regular: Line
    bold: Optional[Line] = None  # default: the regular face


def _words_kind(value) -> str:
    return "languages" if isinstance(value, dict) else "text"


# A brand's words: one text for every language, or one per language ({en: ..., es: ...}).
Words = Annotated[
    Union[Annotated[Line, Tag("text")], Annotated[dict[LangCode, Line], Field(min_length=1), Tag("languages")]],
    Discriminator(_words_kind),
]
WORDS = ("clinic", "address", "footer", "after_hours")  # the brand's fields that may differ by language


def in_language(words: str | dict[str, str], language: str | None = None) -> str:
    """The text of ``words`` for ``language`` (or its base language), else the first one given."""
    if isinstance(words, str):
        return words
    if language and (language in words or language.split("-")[0] in words):
        return words.get(language) or words[language.split("-")[0]]
    return next(iter(words.values()))


class Brand(Model):
    """A clinic's look and contact details."""

    clinic: Words
    logo: Optional[Line] = None  # PNG or JPEG, relative to the brand file
    colors: Colors = Colors()
    phone: Optional[Line] = None
    address: Optional[Words] = None
    website: Optional[Line] = None
    email: Optional[Line] = None
    footer: Optional[Words] = None
    after_hours: Optional[Words] = None  # who to call when the clinic is closed, in the urgent tier
    page_size: PageSize = "letter"
    # a bundled family, or the clinic's own .ttf files
    font: Annotated[Union[FontFamily, FontFiles], BeforeValidator(_font_choice)] = "atkinson-hyperlegible"
    qr_code: bool = False  # a QR code to the website, with the address printed under it
    country: Optional[Annotated[str, StringConstraints(max_length=60)]] = None  # ISO 3166 alpha-2, e.g. US, GB
    emergency_number: Optional[Annotated[str, StringConstraints(min_length=1, max_length=12)]] = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        from .emergency import country_code

        return None if value is None else country_code(value)

    @model_validator(mode="after")
    def _says_its_emergency_number(self) -> "Brand":
        # 911 printed because nobody said otherwise could send a patient abroad to a dead line.
        if self.country is None and self.emergency_number is None:
            raise ValueError("expected the clinic's country or its emergency number, found neither; add "
                             "'country: GB' or 'emergency_number: \"999\"' (the number the handout says to call "
                             "in an emergency)")
        return self

    def emergency(self) -> str:
        """The number the emergency tier prints: the brand's own, else its country's."""
        from .emergency import number_for

        if self.emergency_number:
            return self.emergency_number
        assert self.country is not None  # the model requires one of the two
        return number_for(self.country)

    def languages(self) -> list[str]:
        """The languages the brand's per-language texts name, in the order first written."""
        found = [lang for key in WORDS if isinstance(words := getattr(self, key), dict) for lang in words]
        return list(dict.fromkeys(found))

    def local(self, language: str) -> "LocalBrand":
        """The brand as a handout in ``language`` prints it: one text per field, the emergency number found."""
        values = dict(self)
        values.update({key: in_language(values[key], language) for key in WORDS if values[key] is not None})
        values["emergency_number"] = self.emergency()
        return LocalBrand.model_construct(**values)

    def texts(self):
        """(loc, text) of everything in this brand that is printed, in every language."""
        for key in ("clinic", "phone", "address", "website", "email", "footer", "after_hours", "emergency_number"):
            value = getattr(self, key)
            if isinstance(value, dict):
                yield from (((key, lang), text) for lang, text in value.items())
            elif value:
                yield (key,), value


class LocalBrand(Brand):
    """A brand in one handout's language (see :meth:`Brand.local`): every text one string."""

    clinic: Line
    address: Optional[Line] = None
    footer: Optional[Line] = None
    after_hours: Optional[Line] = None
    emergency_number: str = ""


# --- selection ---------------------------------------------------------------


class Selection(Model):
    """A clinician's choices for one handout: a saved preset or one patient's."""

    topic: Id
    language: LangCode = "en"
    also_in: tuple[LangCode, ...] = ()  # the same handout again in these languages, each from a new page
    detail: Detail = "full"
    size: Size = "standard"
    colour: Colour = "colour"
    # derived from size and colour, and accepted as their shorthand; never dumped, so that
    # merging layers of choices merges the axes
    profile: Profile = Field("standard", exclude=True)
    page_size: Optional[PageSize] = None  # default: the brand's
    brand: Optional[Line] = None  # a brand file, relative to the selection file

    @model_validator(mode="before")
    @classmethod
    def _profile_sets_axes(cls, data):
        if not isinstance(data, dict):
            return data
        data = with_axes(data)
        if "profile" in data:  # invalid: the schema reports it
            return data
        size, colour = data.get("size", "standard"), data.get("colour", "colour")
        if isinstance(size, str) and isinstance(colour, str):
            data = {**data, "profile": profile_name(size, colour)}
        return data
    patient: Optional[Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]] = None
    date: Optional[dt.date] = None
    sections: Optional[tuple[Choice, ...]] = None  # None: the topic's default selection
    notes: tuple[Text, ...] = ()
    follow_up: Optional[Line] = None
    clinician: Optional[Name] = None  # printed in the closing block; a line to write it on when not given

    def texts(self):
        """(loc, text) of everything in this selection that is printed."""
        if self.patient:
            yield ("patient",), self.patient
        for index, note in enumerate(self.notes):
            yield ("notes", index), note
        if self.follow_up:
            yield ("follow_up",), self.follow_up
        if self.clinician:
            yield ("clinician",), self.clinician


def sentence(text: str) -> str:
    """A title as a sentence: for readability formulas, and run-in headings in print."""
    text = text.strip()
    return text if re.search(r"[.!?:]$", text) else text + "."


# --- batch manifest ----------------------------------------------------------


class JobDefaults(Model):
    """Settings every job of a manifest starts from."""

    topic: Optional[Id] = None
    language: Optional[LangCode] = None
    detail: Optional[Detail] = None
    size: Optional[Size] = None
    colour: Optional[Colour] = None
    profile: Optional[Profile] = Field(default=None, exclude=True)  # shorthand for size and colour, spelled out
    page_size: Optional[PageSize] = None
    brand: Optional[Line] = None  # relative to the manifest

    @model_validator(mode="before")
    @classmethod
    def _profile_sets_axes(cls, data):
        return with_axes(data) if isinstance(data, dict) else data


class Job(JobDefaults):
    """One handout: a selection file and/or inline choices, with overrides."""

    selection: Optional[Line] = None  # a selection file, relative to the manifest
    output: Optional[Line] = None  # file name inside the output folder
    also_in: Optional[tuple[LangCode, ...]] = None
    patient: Optional[Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]] = None
    date: Optional[dt.date] = None
    sections: Optional[tuple[Choice, ...]] = None
    notes: tuple[Text, ...] = ()
    follow_up: Optional[Line] = None
    clinician: Optional[Name] = None


class Matrix(Model):
    """Every combination of selections x languages x profiles x details."""

    selections: tuple[Line, ...] = Field(min_length=1)  # selection files or topic ids
    languages: tuple[LangCode, ...] = ()
    profiles: tuple[Profile, ...] = ()
    sizes: tuple[Size, ...] = ()
    colours: tuple[Colour, ...] = ()
    details: tuple[Detail, ...] = ()
    output: Line = "{selection}-{language}-{profile}-{detail}.pdf"


class Manifest(Model):
    """A batch: defaults, then explicit jobs and/or a matrix of them."""

    defaults: JobDefaults = JobDefaults()
    jobs: tuple[Job, ...] = ()
    matrix: Optional[Matrix] = None

    @model_validator(mode="after")
    def _has_work(self):
        if not self.jobs and self.matrix is None:
            raise ValueError("expected 'jobs:' (a list) or 'matrix:', found neither")
        return self
