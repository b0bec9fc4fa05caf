"""A real `handouts serve` process for the serve tests: started on a free port, stopped by itself."""

from __future__ import annotations

import http.client
import os
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PATIENT, NOTE = "Zelda Quintanilla", "Walk to the mailbox twice a day"


@dataclass
class Server:
    proc: subprocess.Popen
    url: str  # the one-time launch address
    workdir: Path
    presets: Path
    out: str = ""
    err: str = ""
    cookie: str = ""
    token: str = ""
    host: str = field(init=False)

    def __post_init__(self):
        self.host = urlsplit(self.url).netloc

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                cookie: bool = True) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection(self.host, timeout=30)
        sent = {"Host": self.host}
        if cookie and self.cookie:
            sent["Cookie"] = self.cookie
        if method == "POST":
            sent.update({"Origin": f"http://{self.host}", "Content-Type": "application/x-www-form-urlencoded"})
        sent.update(headers or {})
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        conn.close()
        return response

    def launch(self) -> http.client.HTTPResponse:
        """Open the launch link once: keep the session cookie and the form's token."""
        path = self.url.split(self.host, 1)[1]
        response = self.request("GET", path, cookie=False)
        self.cookie = response.getheader("set-cookie", "").split(";")[0]
        page = self.request("GET", "/?topic=back-spasms")
        found = re.search(r'name="csrf" value="([^"]+)"', page.body.decode())  # type: ignore[attr-defined]
        self.token = found.group(1) if found else ""
        return response

    def post(self, path: str, fields: list[tuple[str, str]], **extra) -> http.client.HTTPResponse:
        return self.request("POST", path, urlencode([("csrf", self.token), *fields]).encode(), **extra)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                out, err = self.proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                out, err = self.proc.communicate(timeout=15)
            self.out += out
            self.err += err


def start(workdir: Path, *args: str) -> Server:
    """`handouts serve --no-browser` in ``workdir``; its first line gives the address (waited for 30 s at most)."""
    presets = workdir / "presets"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "handouts", "serve", "--no-browser", "--presets", str(presets),
                             *args], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    deadline = time.monotonic() + 30
    line = ""
    assert proc.stdout is not None
    while time.monotonic() < deadline and "http://" not in line:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            line = proc.stdout.readline()
        if proc.poll() is not None:
            break
    if "http://" not in line:
        proc.kill()
        raise AssertionError(f"handouts serve did not start: {proc.communicate()}")
    return Server(proc, line.split("open ", 1)[1].strip(), workdir, presets, out=line)


def form_fields(topic_id: str = "back-spasms", **values: str) -> list[tuple[str, str]]:
    """The default handout of a topic as the form posts it, with some fields set."""
    from handouts import library
    from handouts.serve.form import FormState

    state = FormState.default(library.load_topic(topic_id))
    fields = [("topic", topic_id)] + [("item", f"{s}:{i}") for s, i in sorted(state.items)]
    return fields + list(values.items())


def files_hold(folder: Path, text: str) -> list[Path]:
    """Files under ``folder`` whose bytes contain ``text``."""
    return [p for p in folder.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]
