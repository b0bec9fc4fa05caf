"""The Starlette app: routes as plain functions over the core's request, check and render."""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request as WebRequest
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import build as pipeline
from .. import library
from ..check import Checked, check
from ..errors import HandoutsError, Problem
from ..readability import note_hint, rules_for, score
from ..request import Layer, Request, output_name
from . import presets as saved
from .form import FormState, errors, record_line, topic_or_none
from .page import page
from .security import BodyTooLarge, Secrets

STATIC = Path(__file__).parent / "static"


@dataclasses.dataclass
class Settings:
    brand: Path | None
    presets: Path
    keys: Secrets


def create_app(settings: Settings) -> Starlette:
    """The app; wrap it in security.Guard before serving it."""

    async def index(request: WebRequest) -> Response:
        query = request.query_params.get("q", "")
        topic_id = request.query_params.get("topic") or ""
        state, notice, problems = None, "", {}
        topic = topic_or_none(topic_id, "en") if topic_id else None
        if topic is not None:
            state = FormState.default(topic)
            name = request.query_params.get("preset")
            if name:
                state, notice, problems = _load_preset(name, topic, state)
                topic = topic_or_none(state.topic, "en") or topic
        return _page(query, topic, state, problems, notice)

    def _load_preset(name: str, topic, state):
        try:
            checked = check(Request.for_target(str(saved.path_of(settings.presets, name))), printing=False)
        except HandoutsError as exc:
            return state, "", errors(exc.problems, state)
        if checked.problems or checked.selection is None:
            return state, "", errors(checked.problems, state)
        found = topic_or_none(checked.selection.topic, "en") or topic
        return FormState.from_selection(checked.selection, found), f"Loaded preset '{name}'.", {}

    def _page(query, topic, state, problems, notice="", status=200) -> HTMLResponse:
        langs = library.languages(topic.id) if topic is not None else []
        topics = library.search(query) if query.strip() else library.summaries()
        html = page(topics=topics, query=query, topic=topic, state=state, languages=langs,
                    presets=saved.names(settings.presets), token=settings.keys.form, errors=problems, notice=notice)
        return HTMLResponse(html, status_code=status)

    async def posted(request: WebRequest) -> tuple[FormState, Request] | Response:
        try:
            form = await request.form(max_files=0, max_fields=400)
        except BodyTooLarge:
            return PlainTextResponse("The form is too large to send.", status_code=413)
        if not settings.keys.form_ok(form.get("csrf")):
            return PlainTextResponse("This form has expired; reload the page.", status_code=403)
        state = FormState.from_form(form, form.getlist)
        topic = topic_or_none(state.topic, state.language or "en") or topic_or_none(state.topic, "en")
        overrides = dataclasses.replace(state.overrides(topic), brand=settings.brand)
        return state, Request((Layer(overrides),))

    async def preview(request: WebRequest) -> Response:
        got = await posted(request)
        if isinstance(got, Response):
            return got
        state, req = got
        checked = _checked(req)
        levels = _levels(state)
        if checked.problems or not checked.handouts:
            return JSONResponse({"errors": errors(checked.problems, state), "levels": levels})
        pdf = pipeline.render(*checked.handouts)
        assert checked.selection is not None
        topics = {h.topic.language: h.topic for h in checked.handouts}
        return JSONResponse({"errors": {}, "levels": levels, "record": record_line(checked.selection, topics),
                             "name": output_name(checked.selection), "pdf": base64.b64encode(pdf).decode()})

    async def download(request: WebRequest) -> Response:
        got = await posted(request)
        if isinstance(got, Response):
            return got
        state, req = got
        checked = _checked(req)
        if checked.problems or not checked.handouts or checked.selection is None:
            return _page("", topic_or_none(state.topic, "en"), state, errors(checked.problems, state), status=422)
        name = output_name(checked.selection)
        return Response(pipeline.render(*checked.handouts), media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    async def save_preset(request: WebRequest) -> Response:
        got = await posted(request)
        if isinstance(got, Response):
            return got
        state, req = got
        form = await request.form()
        name = str(form.get("preset_name", "")).strip()
        topic = topic_or_none(state.topic, "en")
        checked = check(req, printing=False)
        problems = list(checked.problems)
        if topic is None:
            problems.append(Problem(f"unknown topic '{state.topic}'", where="topic"))
        try:
            path = saved.path_of(settings.presets, name)
        except HandoutsError as exc:
            problems += exc.problems
        if problems or topic is None:
            return _page("", topic, state, errors(problems, state), status=422)
        saved.save(path.parent, name, state.preset(topic))
        return RedirectResponse(f"/?topic={state.topic}&preset={name}", status_code=303)

    def _checked(req: Request) -> Checked:
        try:
            return check(req)
        except HandoutsError as exc:
            return Checked(tuple(exc.problems))

    routes = [Route("/", index), Route("/preview", preview, methods=["POST"]),
              Route("/download", download, methods=["POST"]), Route("/preset", save_preset, methods=["POST"]),
              Mount("/static", StaticFiles(directory=STATIC), name="static")]
    return Starlette(routes=routes)


def _levels(state: FormState) -> list[str]:
    """The reading level of each note box, as it is typed: a score and the hint, never the words."""
    language = state.language or "en"
    rules = rules_for(language)
    out = []
    for note in state.notes:
        if not note.strip() or rules is None:
            out.append("")
            continue
        result = score(note, language)
        scale = "grade" if language.startswith("en") else rules.main.name
        hint = note_hint(note, language)
        out.append(f"Reading level: {scale} {result.main:g}" + (f"; {hint}" if hint else ""))
    return out
