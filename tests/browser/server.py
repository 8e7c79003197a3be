"""A small static file server for the browser checks and the benchmark (binds a free port on 127.0.0.1).

Content types as a static host sends them (``.mjs`` as JavaScript, ``.wasm`` as application/wasm) and the cache
headers the site expects: files under a versioned Pyodide path are immutable, everything else is revalidated.
It records every request path, and can pretend some files are missing (``missing``) to test error messages.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".json": "application/json",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}  # noqa: RUF012
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        if "/assets/pyodide/" in path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_response(self, code: int, message: str | None = None) -> None:
        self._jol_code = code
        super().send_response(code, message)

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.requests.append(self.path)
        if any(path.endswith(name) for name in self.server.missing):
            self.send_error(404, "File not found")
            return None
        file = super().send_head()
        size = os.fstat(file.fileno()).st_size if hasattr(file, "fileno") else 0
        with self.server.lock:
            self.server.transfers.append((path, getattr(self, "_jol_code", 0), size))
        return file


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    requests: list[str]
    transfers: list[tuple[str, int, int]]
    missing: set[str]
    lock: threading.Lock


class StaticServer:
    """``with StaticServer(site_dir) as server: server.url`` — serves ``site_dir`` until the block ends."""

    def __init__(self, root: Path, missing: set[str] | None = None) -> None:
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.httpd.requests = []
        self.httpd.transfers = []
        self.httpd.missing = set(missing or ())
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    @property
    def requests(self) -> list[str]:
        with self.httpd.lock:
            return list(self.httpd.requests)

    def take_transfers(self) -> list[tuple[str, int, int]]:
        """(path, HTTP status, body bytes) of every response since the last call (304s send no body)."""
        with self.httpd.lock:
            transfers, self.httpd.transfers = self.httpd.transfers, []
        return transfers

    @property
    def missing(self) -> set[str]:
        return self.httpd.missing

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
