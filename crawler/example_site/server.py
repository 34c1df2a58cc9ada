"""The example site's local HTTP server: static files with ``{BASE}`` filled in, and fault routes.

``ExampleSiteServer`` (a ``ThreadingHTTPServer``) binds to an IPv4 loopback address only. It
serves a built site's files with ``{BASE}`` replaced by ``http://<Host header>``, redirects
``/?p=<post id>`` to the article, and answers the fault routes (``FAULTS``, not linked from
any page). It counts requests by path in ``hits``.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
import socket
import struct
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.example_site.manifest import BASE, MANIFEST, load_manifest

FAULTS = {
    "/faults/flaky": "500 on the first request (?fail=N: the first N, at most 10), then 200 "
    "with an article page; counted per server and per full URL (add ?key=... to isolate)",
    "/faults/missing": "404",
    "/faults/redirect-chain": "302 -> /faults/redirect-chain/2 (302) -> "
    "/faults/redirect-chain/3 (301) -> the newest article",
    "/faults/redirect-loop": "302 -> /faults/redirect-loop/b, which redirects back, forever",
    "/faults/slow": "sleeps ?seconds=N (default 10, at most 30), then 200 with an article",
    "/faults/truncated": "declares a Content-Length larger than the body it sends, then closes",
    "/faults/huge": "streams a body larger than ?bytes=N (default 1 MiB, at most 256 MiB) "
    "with a Content-Length, or chunked with ?chunked=1",
    "/faults/reset": "resets the connection (TCP RST) without a response",
    "/faults/rate-limited": "429 with Retry-After: 1 the first time (per full URL), then 200",
    "/faults/retry-after": "?status=429 (or 503) with Retry-After: ?after=... (seconds or an "
    "HTTP-date; default 1) the first ?fail=N times (default 1, at most 10) per full URL, "
    "then 200 with an article",
    "/faults/gzip-bomb": "200 with Content-Encoding: gzip: a small body that inflates to "
    "?bytes=N (default 64 MiB, at most 1 GiB) of white space after an article's start",
}
ROBOTS_FAULTS = {
    "500": "/robots.txt answers 500 Internal Server Error, every time",
    "reset": "/robots.txt resets the connection (TCP RST), every time",
    "404": "/robots.txt answers 404 Not Found with an HTML page that says 'Disallow: /'",
}
_MAX_FLAKY_FAILURES = 10
_MAX_SLOW_SECONDS = 30.0
_DEFAULT_SLOW_SECONDS = 10.0
_MAX_HUGE_BYTES = 256 * 1024 * 1024
_DEFAULT_HUGE_BYTES = 1024 * 1024
_MAX_BOMB_BYTES = 1024 * 1024 * 1024
_DEFAULT_BOMB_BYTES = 64 * 1024 * 1024
_HUGE_CHUNK = (b"<p>" + b"filler text of an oversized page " * 60 + b"</p>\n") * 32

_CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".rss": "application/rss+xml; charset=UTF-8",
    ".atom": "application/atom+xml; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
}
_INDEX_FILES = ("index.html", "index.rss", "index.atom")
_HOST_RE = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
_MISSING_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en-US"><head><title>Page not found</title></head>'
    b"<body><h1>Oops! That page can&rsquo;t be found.</h1></body></html>\n"
)


def resolve_path(root: Path, url_path: str) -> Path | None:
    """The file that serves ``url_path`` (no query), or None (missing, or outside the site)."""
    parts = [p for p in unquote(url_path).split("/") if p]
    if any(p in {".", ".."} or "\\" in p or "\x00" in p for p in parts):
        return None
    if parts == [MANIFEST]:
        return None
    base = root.joinpath(*parts)
    candidates = [base / name for name in _INDEX_FILES] if url_path.endswith("/") else [base]
    for candidate in candidates:
        if candidate.suffix in _CONTENT_TYPES and candidate.is_file():
            return candidate
    return None


def render_file(path: Path, base_url: str) -> bytes:
    """A site file as the server sends it: ``{BASE}`` replaced by ``base_url`` (no slash)."""
    return path.read_bytes().replace(BASE.encode(), base_url.rstrip("/").encode())


class ExampleSiteServer(ThreadingHTTPServer):
    """Serves a built site and the fault routes; counts requests in ``hits`` (by path)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((_loopback(host), port), _Handler)
        self.root = root.resolve()
        self.manifest = load_manifest(self.root) if (self.root / MANIFEST).is_file() else None
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.fault_counts: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.log_requests = False
        self.robots_fault: str | None = None  # a key of ROBOTS_FAULTS
        self._resets: set[int] = set()
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def post_paths(self) -> dict[int, str]:
        if self.manifest is None:
            return {}
        return {a.post_id: a.path for a in self.manifest.articles}

    def sample_article(self, base_url: str) -> bytes:
        """The newest article's page, served by the fault routes that end in a 200."""
        if self.manifest is not None and self.manifest.articles:
            path = resolve_path(self.root, self.manifest.articles[0].path)
            if path is not None:
                return render_file(path, base_url)
        return _MISSING_PAGE.replace(b"Page not found", b"Sample article")

    def count(self, key: str) -> int:
        """How many times ``key`` was counted, this time included."""
        with self.lock:
            self.fault_counts[key] += 1
            return self.fault_counts[key]

    def mark_reset(self, request: socket.socket) -> None:
        with self.lock:
            self._resets.add(id(request))

    def shutdown_request(self, request: Any) -> None:
        with self.lock:
            reset = id(request) in self._resets
            self._resets.discard(id(request))
        if reset:  # close without the FIN of shutdown(): with SO_LINGER 0, the peer gets RST
            self.close_request(request)
        else:
            super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client that went away: not worth a traceback
        super().handle_error(request, client_address)

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="example-site", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving (wakes sleeping fault handlers) and close the socket."""
        self.stopping.set()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self.server_close()


def _loopback(host: str) -> str:
    address = "127.0.0.1" if host == "localhost" else host
    try:
        ok = ipaddress.IPv4Address(address).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"the example site binds to an IPv4 loopback address only, not {host!r}")
    return address


def _query_number(query: dict[str, list[str]], name: str, default: float) -> float:
    """A finite number from the query string, else ``default``."""
    try:
        value = float(query.get(name, [str(default)])[0])
    except ValueError:
        return default
    return value if math.isfinite(value) else default


class _Handler(BaseHTTPRequestHandler):
    server: ExampleSiteServer
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 60  # idle keep-alive connections end after a minute
    # Headers and body go out in two writes: with Nagle's algorithm the body waited for the
    # client's delayed ACK of the headers, 40 ms a response on a keep-alive connection.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log_requests:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    # --- plumbing ---
    def base_url(self) -> str:
        host = self.headers.get("Host", "")
        return f"http://{host}" if _HOST_RE.fullmatch(host) else self.server.base_url

    def send(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "text/html; charset=UTF-8",
        headers: Sequence[tuple[str, str]] = (),
        head: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def redirect(self, status: int, target: str) -> None:
        self.send(status, headers=[("Location", self.base_url() + target)])

    def respond(self, *, head: bool) -> None:
        split = urlsplit(self.path)
        with self.server.lock:
            self.server.hits[split.path] += 1
        try:
            if split.path == "/robots.txt" and self.server.robots_fault is not None:
                self.robots_fault(self.server.robots_fault)
            elif split.path == "/faults" or split.path.startswith("/faults/"):
                if head:
                    self.send(HTTPStatus.METHOD_NOT_ALLOWED, headers=[("Allow", "GET")], head=True)
                else:
                    self.fault(split.path, parse_qs(split.query))
            else:
                self.static(split.path, parse_qs(split.query), head=head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def static(self, path: str, query: dict[str, list[str]], *, head: bool) -> None:
        if path == "/" and query.get("p", [""])[0].isdecimal():
            target = self.server.post_paths().get(int(query["p"][0]))
            if target is not None:
                self.redirect(HTTPStatus.MOVED_PERMANENTLY, target)
                return
        found = resolve_path(self.server.root, path)
        if found is None and not path.endswith("/") and resolve_path(self.server.root, path + "/"):
            self.redirect(HTTPStatus.MOVED_PERMANENTLY, path + "/")
            return
        if found is None:
            self.send(HTTPStatus.NOT_FOUND, _MISSING_PAGE, head=head)
            return
        body = render_file(found, self.base_url())
        self.send(HTTPStatus.OK, body, content_type=_CONTENT_TYPES[found.suffix], head=head)

    # --- faults ---
    def fault(self, path: str, query: dict[str, list[str]]) -> None:
        routes: dict[str, Callable[[dict[str, list[str]]], None]] = {
            "/faults/flaky": self.flaky,
            "/faults/missing": lambda _: self.send(HTTPStatus.NOT_FOUND, _MISSING_PAGE),
            "/faults/redirect-chain": lambda _: self.redirect(302, "/faults/redirect-chain/2"),
            "/faults/redirect-chain/2": lambda _: self.redirect(302, "/faults/redirect-chain/3"),
            "/faults/redirect-chain/3": self.chain_end,
            "/faults/redirect-loop": lambda _: self.redirect(302, "/faults/redirect-loop/b"),
            "/faults/redirect-loop/b": lambda _: self.redirect(302, "/faults/redirect-loop"),
            "/faults/slow": self.slow,
            "/faults/truncated": self.truncated,
            "/faults/huge": self.huge,
            "/faults/reset": self.reset,
            "/faults/rate-limited": self.rate_limited,
            "/faults/retry-after": self.retry_after,
            "/faults/gzip-bomb": self.gzip_bomb,
        }
        route = routes.get(path.rstrip("/") or path)
        if route is None:
            self.send(HTTPStatus.NOT_FOUND, _MISSING_PAGE)
        else:
            route(query)

    def flaky(self, query: dict[str, list[str]]) -> None:
        failures = max(0, min(_MAX_FLAKY_FAILURES, int(_query_number(query, "fail", 1))))
        if self.server.count(self.path) <= failures:
            self.send(HTTPStatus.INTERNAL_SERVER_ERROR, b"<h1>Internal Server Error</h1>\n")
        else:
            self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))

    def chain_end(self, _query: dict[str, list[str]]) -> None:
        manifest = self.server.manifest
        target = manifest.articles[0].path if manifest and manifest.articles else "/"
        self.redirect(HTTPStatus.MOVED_PERMANENTLY, target)

    def slow(self, query: dict[str, list[str]]) -> None:
        seconds = _query_number(query, "seconds", _DEFAULT_SLOW_SECONDS)
        if self.server.stopping.wait(max(0.0, min(_MAX_SLOW_SECONDS, seconds))):
            self.close_connection = True
            return
        self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))

    def truncated(self, _query: dict[str, list[str]]) -> None:
        body = self.server.sample_article(self.base_url())
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def huge(self, query: dict[str, list[str]]) -> None:
        limit = int(
            max(0, min(_MAX_HUGE_BYTES, _query_number(query, "bytes", _DEFAULT_HUGE_BYTES)))
        )
        total = limit + len(_HUGE_CHUNK) // 2
        chunked = query.get("chunked", ["0"])[0] not in {"", "0", "false", "no"}
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total and not self.server.stopping.is_set():  # bounded by ``total``
            piece = _HUGE_CHUNK[: total - sent]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def reset(self, _query: dict[str, list[str]]) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.server.mark_reset(self.connection)
        self.close_connection = True

    def rate_limited(self, _query: dict[str, list[str]]) -> None:
        if self.server.count(self.path) == 1:
            self.send(
                HTTPStatus.TOO_MANY_REQUESTS,
                b"<h1>Too Many Requests</h1>\n",
                headers=[("Retry-After", "1")],
            )
        else:
            self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))

    def retry_after(self, query: dict[str, list[str]]) -> None:
        failures = max(0, min(_MAX_FLAKY_FAILURES, int(_query_number(query, "fail", 1))))
        status = 503 if query.get("status", [""])[0] == "503" else 429
        after = query.get("after", ["1"])[0]
        if self.server.count(self.path) <= failures:
            headers = [("Retry-After", after)] if _HEADER_VALUE_RE.fullmatch(after) else []
            self.send(status, b"<h1>Please come back later</h1>\n", headers=headers)
        else:
            self.send(HTTPStatus.OK, self.server.sample_article(self.base_url()))

    def gzip_bomb(self, query: dict[str, list[str]]) -> None:
        size = int(max(0, min(_MAX_BOMB_BYTES, _query_number(query, "bytes", _DEFAULT_BOMB_BYTES))))
        body = _gzip_bomb(size)
        headers = [("Content-Encoding", "gzip")]
        self.send(HTTPStatus.OK, body, headers=headers)

    def robots_fault(self, fault: str) -> None:
        if fault == "reset":
            self.reset({})
        elif fault == "404":  # an error page is not rules, whatever its text says
            self.send(HTTPStatus.NOT_FOUND, b"<h1>Not Found</h1>\nUser-agent: *\nDisallow: /\n")
        else:
            self.send(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                b"<h1>Internal Server Error</h1>\n",
                content_type="text/plain; charset=UTF-8",
            )


_HEADER_VALUE_RE = re.compile(r"[\x20-\x7e]{0,100}")


@functools.cache
def _gzip_bomb(size: int) -> bytes:
    """An article's start then ``size`` bytes of spaces, gzipped (about 1,000 times smaller)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    parts = [compressor.compress(b"<!DOCTYPE html>\n<html><body><article><p>")]
    block = b" " * (1024 * 1024)
    for start in range(0, size, len(block)):
        parts.append(compressor.compress(block[: size - start]))
    parts.append(compressor.flush())
    return b"".join(parts)


def start_server(
    root: Path, host: str = "127.0.0.1", port: int = 0
) -> tuple[ExampleSiteServer, str]:
    """Serve ``root`` in a background thread: the server (call ``stop()``) and its base URL."""
    server = ExampleSiteServer(root, host, port)
    server.start()
    return server, server.base_url


@contextmanager
def running_server(root: Path) -> Iterator[tuple[ExampleSiteServer, str]]:
    """``start_server`` as a context manager that stops the server on exit."""
    server, base_url = start_server(root)
    try:
        yield server, base_url
    finally:
        server.stop()


def serve(root: Path, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False) -> None:
    """Serve ``root`` until killed, after printing ``serving http://HOST:PORT/``."""
    server = ExampleSiteServer(root, host, port)
    server.log_requests = verbose
    print(f"serving {server.base_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()
