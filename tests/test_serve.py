"""`handouts serve` against a running server: its guard, its privacy, and the form's words for the core's problems."""

from __future__ import annotations

import base64
import json
import sys

import pytest

from serving import NOTE, PATIENT, files_hold, form_fields, start

pytest.importorskip("starlette")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    found = start(tmp_path_factory.mktemp("serve"))
    found.launch()
    yield found
    found.stop()


def test_launch_link_becomes_a_strict_cookie_once(tmp_path):
    fresh = start(tmp_path)
    try:
        path = fresh.url.split(fresh.host, 1)[1]
        first = fresh.request("GET", path, cookie=False)
        assert first.status == 303
        cookie = first.getheader("set-cookie")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert fresh.request("GET", path, cookie=False).status == 403  # not reusable
        assert fresh.request("GET", "/", cookie=False).status == 403  # no cookie, no page
        assert fresh.request("GET", "/", headers={"Cookie": "handouts_session=guess"}, cookie=False).status == 403
        fresh.cookie = cookie.split(";")[0]
        assert fresh.request("GET", "/").status == 200
    finally:
        fresh.stop()


def test_foreign_host_is_refused(server):
    assert server.request("GET", "/", headers={"Host": f"evil.example:{server.host.split(':')[1]}"}).status == 403
    assert server.request("GET", "/", headers={"Host": "evil.example"}).status == 403


def test_cross_origin_post_is_refused(server):
    response = server.post("/preview", form_fields(), headers={"Origin": "http://evil.example"})
    assert response.status == 403
    assert server.post("/preview", form_fields(), headers={"Origin": "null"}).status == 403


def test_post_without_the_token_is_refused(server):
    from urllib.parse import urlencode

    assert server.request("POST", "/preview", urlencode(form_fields()).encode()).status == 403
    body = urlencode([("csrf", "wrong"), *form_fields()]).encode()
    assert server.request("POST", "/download", body).status == 403


def test_a_name_in_an_address_is_refused_and_never_echoed(server):
    response = server.request("GET", "/?topic=back-spasms&patient=Zelda+Quintanilla")
    assert response.status == 400
    assert b"Zelda" not in response.body
    assert server.request("GET", "/preview?note=Zelda").status == 400


def test_oversized_bodies_are_refused(server):
    big = [("note", "x" * 70_000)]
    assert server.post("/preview", form_fields() + big).status == 413

    # without a Content-Length, counted as it arrives
    import http.client
    from urllib.parse import urlencode
    conn = http.client.HTTPConnection(server.host, timeout=30)
    body = urlencode([("csrf", server.token), *form_fields(), *big]).encode()
    conn.request("POST", "/preview", body=iter([body[i:i + 8192] for i in range(0, len(body), 8192)]),
                 headers={"Host": server.host, "Cookie": server.cookie, "Origin": f"http://{server.host}",
                          "Content-Type": "application/x-www-form-urlencoded"}, encode_chunked=True)
    assert conn.getresponse().status == 413
    conn.close()


@pytest.mark.parametrize("path", ["/?topic=back-spasms", "/static/serve.css", "/nowhere"])
def test_every_response_carries_the_safety_headers(server, path):
    response = server.request("GET", path)
    assert response.getheader("cache-control") == "no-store"
    csp = response.getheader("content-security-policy")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.getheader("x-content-type-options") == "nosniff"
    assert response.getheader("referrer-policy") == "same-origin"


def test_preview_is_a_pdf_with_the_name_and_a_chart_line_without_it(server):
    response = server.post("/preview", form_fields(patient=PATIENT, note=NOTE))
    assert response.status == 200 and response.getheader("cache-control") == "no-store"
    data = json.loads(response.body)
    assert data["errors"] == {}
    assert base64.b64decode(data["pdf"]).startswith(b"%PDF")
    assert data["record"].startswith("Patient education given: Back spasms v")
    assert "(en)" in data["record"] and "Key points" in data["record"]
    assert "Zelda" not in data["record"] and "Zelda" not in data["name"]


def test_download_names_the_file_without_the_patient(server):
    response = server.post("/download", form_fields(patient=PATIENT, size="large"))
    assert response.status == 200 and response.getheader("content-type") == "application/pdf"
    assert response.getheader("content-disposition") == 'attachment; filename="back-spasms-large.pdf"'
    assert response.body.startswith(b"%PDF")


def test_problems_are_shown_beside_their_field_in_the_form_words(server):
    response = server.post("/preview", form_fields(patient="A" * 81, page_size="b5"))
    data = json.loads(response.body)
    assert "pdf" not in data  # nothing is built until it is fixed
    assert set(data["errors"]) == {"patient", "page_size"}
    text = json.dumps(list(data["errors"].values()))
    assert "--" not in text and "page_size" not in text


def test_a_note_problem_is_beside_its_own_box(server):
    fields = form_fields() + [("note", ""), ("note", "Ice it \u2603\U0001F600 daily")]
    data = json.loads(server.post("/preview", fields).body)
    assert list(data["errors"]) == ["note-1"], data


def test_removing_a_required_sign_is_the_clinicians_decision(server):
    fields = [f for f in form_fields() if f != ("item", "warning-signs:fever")] + [("remove", "warning-signs:fever")]
    data = json.loads(server.post("/preview", fields).body)
    assert data["errors"] == {} and data["pdf"]


def test_a_preset_is_saved_without_patient_details_and_loads(server):
    fields = [f for f in form_fields() if f != ("item", "key-points:keep-moving")]
    response = server.post("/preset", fields + [("patient", PATIENT), ("note", NOTE), ("size", "large"),
                                                ("preset_name", "same-as-last")])
    assert response.status == 303
    saved = (server.presets / "same-as-last.yaml").read_text()
    assert "size: large" in saved and "keep-moving" not in saved
    assert "Zelda" not in saved and "mailbox" not in saved
    page = server.request("GET", "/?topic=back-spasms&preset=same-as-last").body.decode()
    assert "Loaded preset" in page
    assert 'value="key-points:keep-moving">' in page and 'value="key-points:common-not-serious" checked' in page
    assert 'name="size" value="large" checked' in page


def test_a_bad_preset_name_is_shown_beside_its_field(server):
    response = server.post("/preset", form_fields(preset_name="../../etc"))
    assert response.status == 422
    assert 'data-error-for="preset" aria-live="polite"><li>' in response.body.decode()


def test_nothing_patient_related_is_left_behind(tmp_path):
    fresh = start(tmp_path)
    fresh.launch()
    fresh.post("/preview", form_fields(patient=PATIENT, note=NOTE))
    fresh.post("/download", form_fields(patient=PATIENT, note=NOTE))
    fresh.post("/preview", form_fields(patient="B" * 81, note=NOTE))  # an error page echoes only into the page
    fresh.request("GET", "/?patient=Zelda+Quintanilla")
    fresh.stop()
    for text in ("Zelda", "Quintanilla", "mailbox"):
        assert text not in fresh.out and text not in fresh.err
        assert files_hold(tmp_path, text) == []


def test_without_the_extra_serve_says_how_to_install_it(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "handouts.serve.server", None)
    result = run("serve", "--no-browser")
    assert result.exit_code == 1
    assert result.stderr == ("Error: handouts serve needs the web extra; install it with: "
                             "pip install 'handouts[serve]'\n")


def test_library_search_matches_title_and_subtitle_words():
    from handouts import library

    assert [s.id for s in library.search("SPASM")] == ["back-spasms"]
    assert "ankle-sprain" in [s.id for s in library.search("rolled ankle")]
    assert library.search("no such topic anywhere") == []
    assert len(library.summaries("en")) == len(library.topic_ids())


def test_the_topic_list_is_grouped_by_region_and_every_value_is_escaped():
    from handouts import library
    from handouts.library import TopicSummary
    from handouts.serve.form import FormState
    from handouts.serve.page import page

    topics = [TopicSummary("a-b", "<script>x</script>", "Neck & back", "back", (), ("en",), "en", "1.0", "reviewed"),
              TopicSummary("c-d", "Ankle", "", "ankle-foot", (), ("en",), "en", "1.0", "reviewed")]
    topic = library.load_topic("back-spasms")
    state = FormState.default(topic)
    state.patient, state.notes = '"><img src=x onerror=alert(1)>', ["</textarea><script>1</script>"]
    grouped = page(topics=topics, query="", topic=topic, state=FormState.default(topic), languages=["en"], presets=[],
                   token="t", errors={})
    assert grouped.index("<h3>Back</h3>") < grouped.index("<h3>Ankle and foot</h3>")
    html = page(topics=topics, query="<q>", topic=topic, state=state, languages=["en", "es"], presets=[],
                token="t", errors={"patient": ["<b>bad</b>"]})
    assert "<h3>" not in html.split('id="find"')[1].split("</ul></section>")[0]  # a search's hits: best first, flat
    for raw in ("<script>x", "<img src=x", "</textarea><script>", "<b>bad", 'value="<q>"'):
        assert raw not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;/textarea&gt;" in html and "&lt;b&gt;bad" in html


def test_a_bug_answers_500_and_logs_its_kind_only(capsys):
    import asyncio

    from handouts.serve.security import Guard, Secrets

    async def broken(scope, receive, send):
        raise ValueError(f"cannot draw {PATIENT}")

    keys = Secrets()
    sent: list = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"",
             "headers": [(b"host", b"127.0.0.1:1"), (b"cookie", f"handouts_session={keys.session}".encode())]}
    asyncio.run(Guard(broken, {"127.0.0.1:1"}, keys)(scope, receive, send))
    assert sent[0]["status"] == 500 and PATIENT.encode() not in sent[1]["body"]
    err = capsys.readouterr().err
    assert err == "handouts serve: internal error (ValueError); please report it\n"
