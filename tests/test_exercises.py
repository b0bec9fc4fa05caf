"""The exercises kind: its schema, its pictures, and how every detail level and size prints it."""

from __future__ import annotations

import math

import pytest
import yaml
from reportlab.graphics.shapes import Drawing, Group, Rect, Shape
from reportlab.lib import colors
from test_pdf import text_runs, words

from conftest import REPO, pdf_pages_text
from handouts import build, library
from handouts.check import printed_texts
from handouts.models import ExerciseItem, ExercisesSection
from handouts.pdf import figures, sections
from handouts.pdf.pen import Pen
from handouts.pdf.poses import POSE_IDS, POSES
from handouts.pdf.styles import styles_for
from handouts.request import Overrides, Request

SELECTION = REPO / "tests" / "selections" / "exercises.yaml"
TOPIC = library.load_topic("back-spasms")
SECTION = next(s for s in TOPIC.sections if isinstance(s, ExercisesSection))
LABELS = ("Hold:", "Repeat:", "How often:", "Stop if:", "Ask us before you start if:")


def lines_of(item: ExerciseItem, detail: str) -> list[str]:
    """What an exercise must print at a level of detail, each text whole."""
    out = [item.title, *item.steps, item.how_often, item.stop_if, item.ask_first]
    out += [text for text in (item.hold, item.repeat) if text]
    return out + ([item.body] if detail == "full" else [])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The exercises built at each detail level and size: name -> PDF path."""
    folder = tmp_path_factory.mktemp("exercises")
    out = {}
    for name, overrides in {"full": Overrides(), "brief": Overrides(detail="brief"),
                            "large": Overrides(size="large"),
                            "large-grey": Overrides(size="large", colour="greyscale", detail="brief")}.items():
        path = folder / f"{name}.pdf"
        path.write_bytes(build.build(Request.for_target(str(SELECTION), overrides)))
        out[name] = path
    return out


# --- the schema ------------------------------------------------------------------------------


def edit(path, item_id: str, key: str, value) -> int:
    """Set (or, with None, remove) ``key`` of the exercise ``item_id`` in place; return the item's line."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    section = next(s for s in data["sections"] if s["kind"] == "exercises")
    item = next(i for i in section["items"] if i["id"] == item_id)
    if value is None:
        item.pop(key)
    else:
        item[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.strip() == "- id: exercises")
    return next(n for n, line in enumerate(lines, 1) if n > start and line.strip() == f"- id: {item_id}")


def test_an_unknown_figure_is_one_error_at_its_line_naming_the_known_poses(run, topic_copy):
    edit(topic_copy / "en.yaml", "cat-cow", "figure", "cat-cows")
    result = run("check", "-q", topic_copy / "en.yaml")
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if "figure" in line]
    lines = (topic_copy / "en.yaml").read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(lines, 1) if text.strip() == "figure: cat-cows")
    assert f"en.yaml:{at}:" in line and ".figure: unknown figure 'cat-cows'" in line
    assert "did you mean 'cat-cow'?" in line
    assert all(pose in line for pose in POSE_IDS), "the known poses are not named"
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("steps, expected", [(None, "expected a value for 'steps'"),
                                             (["Lie on your back."], "expected at least 2 entries, got 1"),
                                             ([f"Step {n}." for n in range(6)], "expected at most 5 entries")])
def test_steps_are_required_two_to_five(run, topic_copy, steps, expected):
    line = edit(topic_copy / "en.yaml", "pelvic-tilt", "steps", steps)
    result = run("check", "-q", topic_copy / "en.yaml")
    assert result.exit_code == 1
    problems = [p for p in result.stderr.splitlines() if expected in p]
    assert problems, result.stderr
    assert any(f"en.yaml:{n}:" in problems[0] for n in range(line, line + 40))


@pytest.mark.parametrize("key", ["stop_if", "ask_first", "how_often"])
def test_an_exercise_without_its_safety_or_amount_line_is_refused(run, topic_copy, key):
    edit(topic_copy / "en.yaml", "knee-rolls", key, None)
    result = run("check", "-q", topic_copy / "en.yaml")
    assert result.exit_code == 1
    assert f"expected a value for '{key}'" in result.stderr


# --- the topic, in both languages ------------------------------------------------------------


def test_the_topic_has_exercises_right_after_home_care_and_one_with_its_picture_in_the_default():
    ids = TOPIC.section_ids()
    assert ids[ids.index("home-care") + 1] == "exercises"
    assert "exercises" in [c.section for c in TOPIC.default_selection]  # a picture to act on (PEMAT items 15, 26)
    assert 4 <= len(SECTION.items) <= 6


def test_spanish_has_the_same_exercises_figures_and_steps():
    es = library.load_topic("back-spasms", "es")
    theirs = es.section("exercises")
    assert isinstance(theirs, ExercisesSection)
    shape = [(i.id, i.figure, len(i.steps), i.hold is None, i.repeat is None) for i in SECTION.items]
    assert [(i.id, i.figure, len(i.steps), i.hold is None, i.repeat is None) for i in theirs.items] == shape


def test_a_translation_with_another_figure_or_step_count_is_refused(run, topic_copy):
    edit(topic_copy / "es.yaml", "cat-cow", "figure", "bridge")
    edit(topic_copy / "es.yaml", "walking-plan", "steps", ["Camine 5 minutos.", "Sume 1 minuto cada día."])
    result = run("check", "-q", topic_copy / "es.yaml")
    assert result.exit_code == 1
    assert "item 'cat-cow': expected figure 'cat-cow' as in en, got 'bridge'" in result.stderr
    assert "item 'walking-plan': expected 4 steps as in en, got 2" in result.stderr


def test_check_passes_on_the_topic_with_its_exercises(run):
    result = run("check", REPO / "content" / "back-spasms")
    assert result.exit_code == 0, result.stderr
    assert "section exercises" in result.stderr + result.stdout
    assert result.stderr.splitlines()[-1].endswith(": 0 error(s), 0 warning(s): ok")


# --- printing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, detail", [("full", "full"), ("brief", "brief"), ("large", "full"),
                                          ("large-grey", "brief")])
def test_every_exercise_prints_its_steps_amounts_and_safety_lines(built, name, detail):
    text = words(" ".join(pdf_pages_text(built[name])))
    for item in SECTION.items:
        missing = [line for line in lines_of(item, detail) if words(line) not in text]
        assert missing == [], f"{item.id} in {name}"
    assert all(label in text for label in LABELS)
    if detail == "brief":
        assert not any(words(item.body) in text for item in SECTION.items), "brief prints the body"


def test_the_brief_checks_the_glyphs_of_what_it_prints():
    [handout] = build.ready(Request.for_target(str(SELECTION), Overrides(detail="brief"))).handouts
    base = ("sections", TOPIC.section_ids().index("exercises"))
    keys = {loc[4:] for loc, _ in printed_texts(handout) if loc[:2] == base and len(loc) > 4}
    assert {("stop_if",), ("ask_first",), ("steps", 0), ("how_often",)} <= keys and ("body",) not in keys


@pytest.mark.parametrize("name", ["full", "large", "large-grey"])
def test_an_exercise_is_never_split_over_a_page(built, name):
    pages = [words(page) for page in pdf_pages_text(built[name])]
    assert len(pages) > 2, "the exercises fit on too few pages to test this"
    detail = "brief" if name == "large-grey" else "full"
    for item in SECTION.items:
        holding = [n for n, page in enumerate(pages) if all(words(line) in page for line in lines_of(item, detail))]
        assert len(holding) == 1, f"{item.id} is not whole on one page of {name}"


def test_large_print_exercise_text_is_at_least_16_points(built):
    texts = [words(t) for item in SECTION.items for t in lines_of(item, "full")] + list(LABELS)
    runs = [r for r in text_runs(built["large"]) if len(r.text) >= 4 and any(r.text in t for t in texts)]
    assert len(runs) > 40
    assert [(r.size, r.text) for r in runs if r.size < 16] == []


# --- the pictures -----------------------------------------------------------------------------


def pen(size: str, colour: str) -> Pen:
    [handout] = build.ready(Request.for_target(str(SELECTION))).handouts
    styles = styles_for(size, colour, "atkinson-hyperlegible", "#1f4e79", "#9c2a00")
    return Pen(styles, handout.strings, 500, "full", handout.brand.brand)


def pictures(pen: Pen) -> list:
    [handout] = build.ready(Request.for_target(str(SELECTION))).handouts
    part = next(p for p in handout.sections if p.kind == "exercises")
    return [block._cellvalues[0][0] for block in sections.exercises(pen, part)]


def test_large_print_scales_the_pictures_with_the_type():
    standard, large = pictures(pen("standard", "colour")), pictures(pen("large", "colour"))
    assert 1.3 * 72 <= standard[0].width <= 1.7 * 72
    for small, big in zip(standard, large, strict=True):  # larger, but leaving the large words their room
        assert big.width == pytest.approx(18 * sections.FIGURE_WIDTH_LARGE) and big.width > small.width
        assert big.height > small.height


def shapes(node):
    """Every shape of a drawing, with the transform it is drawn under."""
    for child in node.contents if isinstance(node, Group) else ():
        if isinstance(child, Group):
            yield from shapes(child)
        elif isinstance(child, Shape):
            yield child


def test_greyscale_pictures_use_no_colour():
    for drawing in pictures(pen("standard", "greyscale")):
        used = [c for shape in shapes(drawing) for c in (getattr(shape, "strokeColor", None),
                                                          getattr(shape, "fillColor", None)) if c is not None]
        assert used
        assert [c for c in used if not (c.red == c.green == c.blue)] == []


def test_colour_pictures_use_the_brand_primary():
    used = {c.hexval() for d in pictures(pen("standard", "colour")) for s in shapes(d)
            for c in (getattr(s, "strokeColor", None),) if c is not None}
    assert "0x1f4e79" in used


@pytest.mark.parametrize("pose_id", POSE_IDS)
@pytest.mark.parametrize("width", [1.5 * 72, 2.3 * 72])
def test_every_pose_draws_inside_its_box(pose_id, width):
    ink = figures.Ink(*(styles_for("standard", "colour", "atkinson-hyperlegible", "#1f4e79", "#9c2a00").primary,) * 3)
    drawing = figures.figure(pose_id, width, ink)
    [group] = drawing.contents
    scale, _, _, _, dx, dy = group.transform
    for (x, y), reach in POSES[pose_id].points():
        assert -0.01 <= dx + (x - reach) * scale and dx + (x + reach) * scale <= width + 0.01, (pose_id, x)
        assert -0.01 <= dy + (y - reach) * scale and dy + (y + reach) * scale <= drawing.height + 0.01, (pose_id, y)
    x0, y0, x1, y1 = drawing.getBounds()
    assert x0 >= -0.01 and y0 >= -0.01 and x1 <= width + 0.01 and y1 <= drawing.height + 0.01


def _length(body, a: str, b: str) -> float:
    (ax, ay), (bx, by) = body.joints[a], body.joints[b]
    return math.hypot(bx - ax, by - ay)


@pytest.mark.parametrize("pose_id", POSE_IDS)
def test_every_body_keeps_human_proportions(pose_id):
    for body in POSES[pose_id].bodies:
        assert set(body.joints) == set(figures.JOINTS)
        for prefix in ("", "far_"):
            thigh, shin = (_length(body, prefix + a, prefix + b) for a, b in (("hip", "knee"), ("knee", "ankle")))
            upper, fore = (_length(body, prefix + a, prefix + b) for a, b in (("shoulder", "elbow"), ("elbow", "hand")))
            assert thigh == pytest.approx(shin, rel=0.05), (prefix, "thigh", thigh, "shin", shin)
            assert upper == pytest.approx(fore, rel=0.2), (prefix, "upper arm", upper, "forearm", fore)
        (hx, hy), (fx, fy), (nx, ny) = body.joints["hip"], body.joints["far_hip"], body.joints["neck"]
        if body.top_view:  # seen from above, the spine ends between the hips
            hx, hy = (hx + fx) / 2, (hy + fy) / 2
        assert math.hypot(nx - hx, ny - hy) == pytest.approx(figures.TORSO)


def test_a_standing_figure_is_about_seven_and_a_half_heads_tall():
    [body] = POSES["walking"].bodies
    top = body.joints["head"][1] + figures.HEAD_R
    assert 7.0 <= top / (2 * figures.HEAD_R) <= 8.0


@pytest.mark.parametrize("pose_id, near, far", [("walking", "knee", "far_knee")])
def test_knees_bend_forward_when_walking(pose_id, near, far):
    [body] = POSES[pose_id].bodies
    for knee, hip, ankle in ((near, "hip", "ankle"), (far, "far_hip", "far_ankle")):
        (hx, hy), (kx, ky), (ax, ay) = body.joints[hip], body.joints[knee], body.joints[ankle]
        # the knee lies ahead of (right of, facing right) the line from hip to ankle
        assert (ax - hx) * (ky - hy) - (ay - hy) * (kx - hx) > 0, knee


# --- a picture beside a step ------------------------------------------------------------------


def home_care(detail: str, size: str = "standard"):
    """The brief's home-care step with its picture: (the flowable, the pen that drew it)."""
    [handout] = build.ready(Request.for_target("back-spasms", Overrides(detail=detail, size=size))).handouts
    part = next(p for p in handout.sections if p.section.id == "home-care")
    styles = styles_for(size, "colour", "atkinson-hyperlegible", "#1f4e79", "#9c2a00")
    drawn = Pen(styles, handout.strings, 500, detail, handout.brand.brand)
    heat = [i for i, item in enumerate(part.items) if item.id == "heat-after"]
    return sections.checklist(drawn, part)[heat[0]], drawn


@pytest.mark.parametrize("detail, size", [("full", "standard"), ("brief", "standard"), ("brief", "large")])
def test_the_heat_step_shows_its_warm_pack_beside_its_words_and_caution(detail, size):
    block, drawn = home_care(detail, size)
    [[words, picture]] = block._cellvalues
    assert isinstance(picture, Drawing) and picture.width == drawn.s.body.fontSize * sections.STEP_FIGURE_WIDTH
    assert len(words) == 2, "the caution is not in the cell beside the picture"
    block.wrap(500, 10_000)
    tall = sum(f.wrap(500 - picture.width, 10_000)[1] + f.getSpaceAfter() for f in words)
    assert picture.height <= max(tall, drawn.s.body.fontSize * sections.STEP_FIGURE_TALL[0])  # adds no height


def test_the_warm_pack_is_drawn_in_the_accent_over_the_body():
    drawing = figures.figure("warm-pack", 60, figures.Ink(colors.black, colors.red, colors.white), 90)
    kinds = [type(shape).__name__ for shape in shapes(drawing)]
    assert kinds.index("Rect") > kinds.index("Circle"), "the pack is hidden under the body"
    assert [s.fillColor for s in shapes(drawing) if isinstance(s, Rect)] == [colors.red]


def set_step_figure(path, section_id: str, item_id: str, value: str) -> int:
    """Give the step ``item_id`` the figure ``value``; return the line it is on."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    section = next(s for s in data["sections"] if s["id"] == section_id)
    next(i for i in section["items"] if i["id"] == item_id)["figure"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip() == f"figure: {value}")


def test_an_unknown_step_figure_is_named_at_its_line(run, topic_copy):
    at = set_step_figure(topic_copy / "en.yaml", "home-care", "short-rest", "warm-packs")
    result = run("check", "-q", topic_copy / "en.yaml")
    assert result.exit_code == 1
    assert f"en.yaml:{at}:" in result.stderr and "unknown figure 'warm-packs'" in result.stderr
    assert "did you mean 'warm-pack'?" in result.stderr


def test_a_figure_on_a_key_point_is_refused_where_nothing_would_draw_it(run, topic_copy):
    at = set_step_figure(topic_copy / "en.yaml", "key-points", "keep-moving", "walking")
    result = run("check", "-q", topic_copy / "en.yaml")
    assert result.exit_code == 1
    assert f"en.yaml:{at}:" in result.stderr and "figure" in result.stderr


def test_a_translation_with_another_step_figure_is_refused(run, topic_copy):
    set_step_figure(topic_copy / "es.yaml", "home-care", "heat-after", "walking")
    result = run("check", "-q", topic_copy / "es.yaml")
    assert result.exit_code == 1
    assert "item 'heat-after': expected figure 'warm-pack' as in en, got figure 'walking'" in result.stderr
