"""`handouts serve` in Debian's Chromium, driven by Playwright (the system browser; nothing is downloaded)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from conftest import pdf_pages_text
from serving import NOTE, PATIENT, files_hold, start

pytest.importorskip("starlette")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
UNTICKED = ("key-points", "keep-moving")  # in the default handout; the flow unticks it


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (.ci/run installs it with apt)")
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    with sync_api.sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield found
        found.close()


@pytest.fixture
def served(tmp_path):
    server = start(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    previews: list = []
    opened.on("response", lambda r: previews.append(r) if r.url.endswith("/preview") else None)
    opened.previews = previews  # type: ignore[attr-defined]
    opened.goto(served.url)
    yield opened
    context.close()


def latest_preview(page, settle: float = 0.6, limit: float = 20) -> dict:
    """The JSON of the last preview once no new one has arrived for ``settle`` seconds."""
    deadline = time.monotonic() + limit
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if len(page.previews) != count:
            count, since = len(page.previews), time.monotonic()
        elif count and time.monotonic() - since > settle and "Updating" not in page.inner_text("#status"):
            return json.loads(page.previews[-1].body())
    raise AssertionError("the preview did not settle")


def pdf_text(data: dict, folder: Path) -> str:
    assert data.get("pdf"), data.get("errors")
    path = folder / "preview.pdf"
    path.write_bytes(base64.b64decode(data["pdf"]))
    return " ".join(" ".join(pdf_pages_text(path)).split())


def spanish(section_id: str, item_id: str | None = None) -> str:
    from handouts import library

    section = library.load_topic("back-spasms", "es").section(section_id)
    assert section is not None
    if item_id is None:
        return section.heading
    item = section.item(item_id)
    return item.summary or item.title  # type: ignore[union-attr]  (a key point prints its summary)


def check_handout(data: dict, folder: Path) -> None:
    text = pdf_text(data, folder)
    assert PATIENT in text and NOTE in text
    for section_id in ("key-points", "warning-signs", "home-care", "exercises"):
        assert " ".join(spanish(section_id).split()) in text
    assert spanish("key-points", "common-not-serious") in text
    assert spanish(*UNTICKED) not in text
    assert "(en)" not in data["record"] and "(es)" in data["record"] and PATIENT not in data["record"]


def test_search_untick_personalise_preview_and_preset(page, served, tmp_path):
    page.fill("#q", "spasm")
    visible = page.locator("#topic-list li:visible")
    assert visible.count() == 1 and "Back spasms" in visible.inner_text()
    page.click("#topic-list li:visible a")
    latest_preview(page)
    page.uncheck(f"#i-{UNTICKED[0]}-{UNTICKED[1]}")
    page.fill("#patient", PATIENT)
    assert page.input_value("#date")  # today, once a name is typed
    page.fill("#note-0", NOTE)
    page.check("input[name=size][value=large]")
    page.check("input[name=language][value=es]")
    data = latest_preview(page)
    check_handout(data, tmp_path)
    assert "large print" in data["record"]
    assert page.locator("#pdf").get_attribute("src").startswith("blob:")
    assert page.inner_text("#level-0").startswith("Reading level")

    page.fill("#preset_name", "same-as-last")
    page.click("#save-preset")
    page.wait_for_selector("text=Loaded preset 'same-as-last'.")
    saved = (served.presets / "same-as-last.yaml").read_text()
    assert PATIENT not in saved and NOTE not in saved
    assert not page.is_checked(f"#i-{UNTICKED[0]}-{UNTICKED[1]}")
    assert page.is_checked("input[name=size][value=large]") and page.is_checked("input[name=language][value=es]")
    assert page.input_value("#patient") == ""  # a preset never brings a name back

    latest_preview(page)
    page.wait_for_timeout(1500)  # the PDF viewer draws its first page
    shot = Path(tempfile.gettempdir()) / "handouts-serve-1280x800.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    served.stop()
    assert PATIENT not in served.out + served.err and files_hold(served.workdir, PATIENT) == []


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until ``selector`` has the focus (a bounded loop)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_same_flow_by_keyboard_alone(page, tmp_path):
    tab_to(page, "#q")
    page.keyboard.type("spasm")
    tab_to(page, "#topic-list li:not([hidden]) a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?topic=back-spasms")
    latest_preview(page)
    tab_to(page, f"#i-{UNTICKED[0]}-{UNTICKED[1]}")
    page.keyboard.press("Space")
    tab_to(page, "input[name=size]:checked")
    page.keyboard.press("ArrowDown")  # standard -> large
    tab_to(page, "input[name=language]:checked")
    page.keyboard.press("ArrowDown")  # English -> Español
    tab_to(page, "#patient")
    page.keyboard.type(PATIENT)
    tab_to(page, "#note-0")
    page.keyboard.type(NOTE)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    check_handout(latest_preview(page), tmp_path)
    tab_to(page, "#preset_name")
    page.keyboard.type("by-keyboard")
    tab_to(page, "#save-preset")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Loaded preset 'by-keyboard'.")


def test_every_control_is_labelled_and_fits_a_tablet(page):
    page.goto(page.url.split("?")[0] + "?topic=back-spasms")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
    assert unlabelled == []
    for width, height in ((1280, 800), (820, 1180)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_problem_shows_beside_its_field_and_no_preview_is_built(page):
    page.click("#topic-list a >> text=Back spasms")
    latest_preview(page)
    page.fill("#patient", "A" * 81)
    data = latest_preview(page)
    assert "pdf" not in data
    assert "at most 80 characters" in page.inner_text("#error-patient")
    assert "Fix the marked fields" in page.inner_text("#status")
