"""Start the server on a loopback address, print its one-time address, open the browser."""

from __future__ import annotations

import socket
import webbrowser
from pathlib import Path

import click
import uvicorn

from .app import Settings, create_app
from .security import Guard, Secrets


def serve(brand: Path | None, presets: Path, port: int = 0, ipv6: bool = False, open_browser: bool = True) -> None:
    """Serve until Ctrl-C. Port 0 picks a free one. No access log: a request line is never written anywhere."""
    host = "::1" if ipv6 else "127.0.0.1"
    sock = socket.socket(socket.AF_INET6 if ipv6 else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        from ..errors import InputError
        raise InputError(f"--port {port}: cannot listen there ({exc.strerror}); choose another port or 0") from None
    sock.listen(64)  # connections wait in the queue until uvicorn accepts them
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ipv6 else host
    hosts = {f"{shown}:{port}", f"localhost:{port}"}
    keys = Secrets()
    app = Guard(create_app(Settings(brand, presets, keys)), hosts, keys)
    url = f"http://{shown}:{port}/?launch={keys.launch}"
    click.echo(f"handouts serve: open {url}", err=False)
    click.echo("This address works once, in one browser; press Ctrl-C to stop.")
    if open_browser:
        webbrowser.open(url)
    config = uvicorn.Config(app, access_log=False, log_level="warning", server_header=False, date_header=False,
                            lifespan="off", limit_concurrency=20)
    uvicorn.Server(config).run(sockets=[sock])
