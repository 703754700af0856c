"""Serve the bundled demo sites on loopback, one port per site.

    with DemoSites() as sites:
        Path("sources.toml").write_text(sites.sources_toml())
        ...crawl...
        sites.edit("qizhi", path, new_paragraphs)   # then crawl again

Pages are rendered once at start, when the ports are known, because they link to each
other by absolute URL. Article pages answer conditional requests (ETag, Last-Modified)
and, on the sites that say so in the catalogue, gzip.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import gzip
import logging
import threading

from crawler.demo import catalog, content
from crawler.demo.catalog import SITE_IDS, SiteSpec
from crawler.demo.content import Placement
from crawler.demo.handler import QuietHandler, QuietServer
from crawler.demo.pages import ARTICLE, Resource, redirect
from crawler.demo.render import RENDERERS, SiteRenderer

logger = logging.getLogger(__name__)

SOURCES_HEADER = ("# Demo sites served on loopback by crawler.demo.server.DemoSites.\n"
                  "# Ports are chosen when the sites start: regenerate this file for every run.\n")


@dataclasses.dataclass
class _SiteState:
    spec: SiteSpec
    base: str
    renderer: SiteRenderer
    routes: dict[str, Resource]           # replaced wholesale on mutation, never edited in place
    placements: dict[str, Placement]      # article path → current copy
    not_found: Resource
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


class _SiteServer(QuietServer):
    state: _SiteState


class _DemoHandler(QuietHandler):
    server: _SiteServer

    def version_string(self) -> str:
        return self.server.state.spec.server

    def do_GET(self) -> None:
        self.respond(head_only=False)

    def do_HEAD(self) -> None:
        self.respond(head_only=True)

    def respond(self, *, head_only: bool) -> None:
        state = self.server.state
        resource = state.routes.get(self.request_path(), state.not_found)
        gzippable = state.spec.gzip and resource.compressible
        use_gzip = gzippable and _accepts_gzip(self.headers.get("Accept-Encoding", ""))
        headers = _headers(resource, gzippable=gzippable, use_gzip=use_gzip)
        if resource.status == 200 and self.not_modified(resource):
            self.write(304, b"", [h for h in headers if h[0] != "Content-Type"], head_only=True)
            return
        body = resource.body
        if use_gzip:
            body = gzip.compress(body, compresslevel=6, mtime=0)  # mtime=0: identical bytes every time
            headers.append(("Content-Encoding", "gzip"))
        self.write(resource.status, body, headers, head_only=head_only)

    def not_modified(self, resource: Resource) -> bool:
        """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only counts without it."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            if not resource.etag:
                return False
            wanted = resource.etag.strip('"')
            for tag in (t.strip() for t in if_none_match.split(",")):
                if tag == "*" or tag.removeprefix("W/").strip('"').removesuffix("-gzip") == wanted:
                    return True
            return False
        since_text = self.headers.get("If-Modified-Since")
        if not since_text or resource.last_modified is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(since_text)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        return resource.last_modified.replace(microsecond=0) <= since


def _headers(resource: Resource, *, gzippable: bool, use_gzip: bool) -> list[tuple[str, str]]:
    headers = [("Content-Type", resource.content_type)]
    if resource.location:
        headers.append(("Location", resource.location))
    if gzippable:
        headers.append(("Vary", "Accept-Encoding"))
    if resource.etag:
        # A gzip body is another representation, so it gets its own (related) tag.
        headers.append(("ETag", resource.etag[:-1] + '-gzip"' if use_gzip else resource.etag))
        headers.append(("Cache-Control", "max-age=60"))
    if resource.last_modified:
        headers.append(("Last-Modified", _http_date(resource.last_modified)))
    return headers


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _http_date(when: dt.datetime) -> str:
    return email.utils.format_datetime(when.astimezone(dt.timezone.utc), usegmt=True)


class DemoSites:
    """The five demo sites, each on its own loopback port."""

    def __init__(self, ports: dict[str, int] | None = None, host: str = "127.0.0.1") -> None:
        unknown = set(ports or {}) - set(SITE_IDS)
        if unknown:
            raise ValueError(f"unknown demo site ids: {sorted(unknown)}")
        self.host = host
        self._wanted_ports = dict(ports or {})
        self.ports: dict[str, int] = {}
        self._servers: dict[str, _SiteServer] = {}

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> DemoSites:
        if self._servers:
            raise RuntimeError("demo sites already started")
        try:
            for site in SITE_IDS:
                self._servers[site] = _SiteServer((self.host, self._wanted_ports.get(site, 0)), _DemoHandler)
        except OSError:
            self._close_all()
            raise
        self.ports = {site: server.port for site, server in self._servers.items()}
        bases = {site: self.base_url(site) for site in SITE_IDS}
        everything = content.placements()
        for site, server in self._servers.items():
            server.state = self._render(catalog.SITES[site], bases, everything)
        for site, server in self._servers.items():
            server.start_background(f"demo-{site}")
        logger.info("demo sites up: %s", ", ".join(f"{s}={b}" for s, b in bases.items()))
        return self

    def stop(self) -> None:
        self._close_all()

    def _close_all(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers = {}

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @staticmethod
    def _render(spec: SiteSpec, bases: dict[str, str], everything: dict[str, tuple[Placement, ...]]) -> _SiteState:
        renderer = RENDERERS[spec.id](spec, bases, everything)
        return _SiteState(spec=spec, base=bases[spec.id], renderer=renderer, routes=renderer.build(),
                          placements={p.path: p for p in everything[spec.id]}, not_found=renderer.not_found())

    # -- what a crawl needs to know ----------------------------------------------------------
    def base_url(self, site_id: str) -> str:
        if site_id not in self.ports:
            raise KeyError(f"site {site_id!r} is not running")
        return f"http://{self.host}:{self.ports[site_id]}"

    def sources_toml(self, patterns: bool = True) -> str:
        """The sources file of the running sites; without `patterns`, start URLs and domains only."""
        return catalog.sources_toml({site: self.base_url(site) for site in SITE_IDS}, header=SOURCES_HEADER,
                                    patterns=patterns)

    def article_urls(self) -> dict[str, list[str]]:
        """Site id → every article URL a correct crawl archives: final URLs after redirects,
        answering 200, outside robots.txt exclusions."""
        out = {}
        for site in SITE_IDS:
            state = self._state(site)
            out[site] = sorted(state.base + path for path, res in state.routes.items()
                               if res.kind == ARTICLE and res.status == 200
                               and not path.startswith(state.spec.disallowed))
        return out

    def distinct_articles(self) -> int:
        return len({p.article.id for copies in content.placements().values() for p in copies})

    def placement(self, url: str) -> Placement:
        """The article copy served at ``url`` (title, paragraphs as served, article id, date):
        what a correct pipeline should turn that page into, before script conversion."""
        for site in SITE_IDS:
            state = self._state(site)
            if url.startswith(state.base + "/"):
                path = url[len(state.base):]
                if path in state.placements:
                    return state.placements[path]
        raise KeyError(f"no article at {url}")

    # -- mutations between crawls ------------------------------------------------------------
    def edit(self, site_id: str, path: str, new_paragraphs: list[str]) -> None:
        """Serve new text at an article path, with a new ETag and a later Last-Modified."""
        state = self._state(site_id)
        if path not in state.placements:
            raise KeyError(f"{path} is not an article on {site_id}")
        if not new_paragraphs:
            raise ValueError("an article needs at least one paragraph")
        with state.lock:
            placement = dataclasses.replace(state.placements[path],
                                            article=state.placements[path].article.revised(list(new_paragraphs)))
            previous = state.routes.get(path)
            now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            if previous is not None and previous.last_modified is not None:
                # HTTP dates have one-second resolution: make sure the change is visible.
                now = max(now, previous.last_modified.replace(microsecond=0) + dt.timedelta(seconds=1))
            state.placements = {**state.placements, path: placement}
            state.routes = {**state.routes, path: state.renderer.article(placement, modified=now)}

    def delete(self, site_id: str, path: str, status: int = 404) -> None:
        """Answer ``path`` with the site's error page and ``status`` (404, 410, ...)."""
        if not 400 <= status <= 599:
            raise ValueError(f"delete needs an error status, not {status}")
        state = self._state(site_id)
        with state.lock:
            state.routes = {**state.routes, path: state.renderer.not_found(status)}

    def redirect(self, site_id: str, path: str, to_path: str) -> None:
        """Answer ``path`` with a 301 to ``to_path`` on the same site."""
        state = self._state(site_id)
        with state.lock:
            state.routes = {**state.routes, path: redirect(state.base + to_path)}

    def _state(self, site_id: str) -> _SiteState:
        if site_id not in self._servers:
            raise KeyError(f"site {site_id!r} is not running")
        return self._servers[site_id].state
