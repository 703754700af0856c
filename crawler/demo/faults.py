"""A site that misbehaves on purpose, for crawler tests (not part of the demo sources).

Routes:
    /                      index linking everything below
    /article/1.html, /article/2.html   ordinary UTF-8 article pages
    /status/<code>         answers <code>; 429 and 503 carry Retry-After: 1
    /slow?seconds=N        sleeps N seconds (at most 60), then answers 200
    /empty                 200 with an empty body
    /binary                random (fixed-seed) bytes served as text/html
    /gbk-nocharset         a GBK article page with no charset in header or markup
    /redirect-loop         302 → /redirect-loop/b → 302 → /redirect-loop
    /truncated             Content-Length promises more than is sent, then the connection closes
"""
from __future__ import annotations

import json
import random
import time
from http import HTTPStatus

from crawler.demo import assets, content
from crawler.demo.handler import QuietHandler, QuietServer
from crawler.demo.templating import esc, fill

ARTICLES = {"/article/1.html": "three-meetings-one-lesson", "/article/2.html": "digital-party-building"}
GBK_ARTICLE = "community-service"
FAULT_LINKS = ("/status/500", "/status/503", "/status/429", "/status/404", "/status/403", "/slow?seconds=1",
               "/empty", "/binary", "/gbk-nocharset", "/redirect-loop", "/truncated")
BINARY = random.Random(20240601).randbytes(8192)   # stable bytes, so archived digests are stable
TRUNCATED_CLAIM = 4096
MAX_SLEEP = 60.0


def article_page(article_id: str, *, charset_meta: str) -> str:
    article = content.articles()[article_id]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    return fill("faults/article.html", charset_meta=charset_meta, title=esc(article.title),
                author=esc(article.author), source=esc(article.source),
                date=f"{article.published:%Y-%m-%d}", body=body)


def index_page() -> str:
    articles = "\n".join(f'<li><a href="{path}">{esc(content.articles()[aid].title)}</a></li>'
                         for path, aid in ARTICLES.items())
    faults = "\n".join(f'<li><a href="{esc(link)}">{esc(link)}</a></li>' for link in FAULT_LINKS)
    return fill("faults/index.html", articles=articles, faults=faults)


class _FaultHandler(QuietHandler):
    server: QuietServer

    def do_GET(self) -> None:
        self.route(head_only=False)

    def do_HEAD(self) -> None:
        self.route(head_only=True)

    def route(self, *, head_only: bool) -> None:
        path = self.request_path()
        if path == "/":
            self.html(200, index_page().encode("utf-8"), head_only=head_only)
        elif path in ARTICLES:
            page = article_page(ARTICLES[path], charset_meta='<meta charset="utf-8">')
            self.html(200, page.encode("utf-8"), head_only=head_only)
        elif path.startswith("/status/"):
            self.status(path.removeprefix("/status/"), head_only=head_only)
        elif path == "/slow":
            self.slow(head_only=head_only)
        elif path == "/empty":
            self.write(200, b"", [("Content-Type", "text/html; charset=utf-8")], head_only=head_only)
        elif path == "/binary":
            self.write(200, BINARY, [("Content-Type", "text/html")], head_only=head_only)
        elif path == "/gbk-nocharset":
            page = article_page(GBK_ARTICLE, charset_meta="").encode("gbk")
            self.write(200, page, [("Content-Type", "text/html")], head_only=head_only)
        elif path in ("/redirect-loop", "/redirect-loop/b"):
            target = "/redirect-loop/b" if path == "/redirect-loop" else "/redirect-loop"
            self.write(302, b"", [("Location", self.absolute(target)), ("Content-Type", "text/html")],
                       head_only=head_only)
        elif path == "/truncated":
            self.truncated(head_only=head_only)
        elif path == "/style.css":
            self.write(200, assets.static_text("farm.css").encode("utf-8"), [("Content-Type", "text/css")],
                       head_only=head_only)
        elif path == "/robots.txt":
            self.write(200, b"User-agent: *\nDisallow:\n", [("Content-Type", "text/plain")], head_only=head_only)
        else:
            self.html(404, b"<html><body><h1>404 Not Found</h1></body></html>", head_only=head_only)

    def html(self, status: int, body: bytes, *, head_only: bool) -> None:
        self.write(status, body, [("Content-Type", "text/html; charset=utf-8")], head_only=head_only)

    def absolute(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def status(self, text: str, *, head_only: bool) -> None:
        if not text.isdigit() or not 200 <= int(text) <= 599:
            self.html(404, b"<html><body><h1>404 Not Found</h1></body></html>", head_only=head_only)
            return
        code = int(text)
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Unknown"
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if code in (429, 503):
            headers.append(("Retry-After", "1"))
        if code in (301, 302, 303, 307, 308):
            headers.append(("Location", self.absolute("/")))
        body = f"<html><body><h1>{code} {phrase}</h1></body></html>".encode("ascii")
        self.write(code, body, headers, head_only=head_only)

    def slow(self, *, head_only: bool) -> None:
        params = dict(p.partition("=")[::2] for p in self.request_query().split("&") if p)
        try:
            seconds = min(max(float(params.get("seconds", "1")), 0.0), MAX_SLEEP)
        except ValueError:
            seconds = 1.0
        time.sleep(seconds)
        body = f"<html><body><h1>slow</h1><p>waited {seconds:g} seconds</p></body></html>".encode("ascii")
        self.html(200, body, head_only=head_only)

    def truncated(self, *, head_only: bool) -> None:
        page = article_page(ARTICLES["/article/1.html"], charset_meta='<meta charset="utf-8">').encode("utf-8")
        body = page[:TRUNCATED_CLAIM // 4]
        self.close_connection = True
        self.write(200, body, [("Content-Type", "text/html; charset=utf-8"), ("Connection", "close")],
                   head_only=head_only, length=TRUNCATED_CLAIM)
        self.wfile.flush()


class FaultSite:
    """One loopback port answering the fault routes above."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host = host
        self._wanted_port = port
        self.port = 0
        self._server: QuietServer | None = None

    def start(self) -> FaultSite:
        if self._server is not None:
            raise RuntimeError("fault site already started")
        self._server = QuietServer((self.host, self._wanted_port), _FaultHandler)
        self.port = self._server.port
        self._server.start_background("demo-faults")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FaultSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def base_url(self, site_id: str = "faults") -> str:
        if self._server is None:
            raise RuntimeError("fault site is not running")
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url() + path

    def sources_toml(self) -> str:
        """A sources entry that sends a crawler through every fault (for crawler tests)."""
        base = self.base_url()
        return "\n".join([
            "[[source]]", 'id = "faults"', 'name = "fault site (tests)"', 'priority = "farm"',
            f"start_urls = [{json.dumps(base + '/')}]",
            f"allowed_domains = [{json.dumps(base.split('://', 1)[1])}]",
            # The crawler matches patterns against path and query together.
            r"article_patterns = ['^/(article/\d+\.html|status/\d+|slow(\?seconds=[\d.]+)?|empty|binary|"
            r"gbk-nocharset|redirect-loop(/b)?|truncated)$']",
            "follow_patterns = ['^/$']", 'script = "zh-Hans"', 'mirror_of = ""',
            "allow_private_addresses = true"]) + "\n"
