"""What every demo site renderer shares: the route table it builds, how a page becomes
bytes in the site's encoding, and the images, stylesheet and script each page references.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from crawler.demo import assets, pages
from crawler.demo.catalog import SiteSpec
from crawler.demo.content import Placement
from crawler.demo.pages import ARTICLE, ERROR, INDEX, Resource
from crawler.demo.templating import esc

RGB = tuple[int, int, int]


class SiteRenderer:
    """Builds every route of one site. Subclasses supply the HTML."""

    charset_label = "utf-8"                 # the name the site declares (header and meta)
    colours: tuple[RGB, RGB] = ((200, 16, 46), (255, 255, 255))
    stylesheet = "/css/style.css"
    script = "/js/main.js"
    static_names = ("style.css", "main.js")  # files under sites/static/ behind the two paths

    def __init__(self, spec: SiteSpec, bases: dict[str, str],
                 placements: dict[str, tuple[Placement, ...]]) -> None:
        self.spec = spec
        self.bases = bases
        self.base = bases[spec.id]
        self.everywhere = placements          # every site's copies, for links across sites
        self.placements = placements[spec.id]
        self._assets: dict[str, Resource] = {}

    # -- what subclasses write -------------------------------------------------------------
    def article_html(self, placement: Placement) -> str:
        raise NotImplementedError

    def index_pages(self) -> dict[str, str]:
        """Path → HTML of the home page, column indexes and their pagination."""
        raise NotImplementedError

    def not_found_html(self) -> str:
        raise NotImplementedError

    def extra_routes(self) -> dict[str, Resource]:
        """Feeds, sitemaps, robots-protected pages: whatever only this site has."""
        return {}

    # -- shared machinery ------------------------------------------------------------------
    def build(self) -> dict[str, Resource]:
        routes: dict[str, Resource] = {}
        for placement in self.placements:
            routes[placement.path] = self.article(placement)
            if placement.old_path:
                routes[placement.old_path] = pages.redirect(self.base + placement.path)
        for path, text in self.index_pages().items():
            routes[path] = self.page(text, kind=INDEX)
        routes.update(self.extra_routes())
        routes["/robots.txt"] = pages.asset(self.spec.robots.format(base=self.base).encode("ascii"),
                                            "text/plain")
        css, js = self.static_names
        routes[self.stylesheet] = pages.asset(assets.static_text(css).encode("utf-8"), "text/css")
        routes[self.script] = pages.asset(assets.static_text(js).encode("utf-8"), "application/javascript")
        routes["/favicon.ico"] = pages.asset(assets.favicon(*self.colours), "image/x-icon")
        self.not_found_html()        # the error page is served later, but its images must be routed now
        routes.update(self._assets)  # last: rendering above registered every image it used
        return routes

    def article(self, placement: Placement, modified: dt.datetime | None = None) -> Resource:
        return self.page(self.article_html(placement), kind=ARTICLE, charset_mode=placement.charset,
                         last_modified=modified or placement.published)

    def not_found(self, status: int = 404) -> Resource:
        return self.page(self.not_found_html(), kind=ERROR, status=status)

    def content_type(self, charset_mode: str) -> str:
        """Content-Type header for a page; only the farm overrides it to lie or stay silent."""
        return f"text/html; charset={self.charset_label}"

    def page(self, text: str, *, kind: str, status: int = 200, charset_mode: str = "declared",
             last_modified: dt.datetime | None = None) -> Resource:
        return pages.html(text, encoding=self.spec.encoding, content_type=self.content_type(charset_mode),
                          kind=kind, status=status, last_modified=last_modified)

    def image(self, path: str, width: int, height: int) -> str:
        """Register an image under ``path`` (format from its suffix) and return the path."""
        if path not in self._assets:
            fg, bg = self.colours
            if path.endswith(".png"):
                body, kind = assets.png(width, height, fg, bg), "image/png"
            elif path.endswith(".gif"):
                body, kind = assets.gif(width, height, fg, bg), "image/gif"
            else:
                body, kind = assets.jpeg(width, height, seed=self.spec.id + path), "image/jpeg"
            self._assets[path] = pages.asset(body, kind)
        return path

    def others(self, placement: Placement | None, count: int, salt: str = "") -> list[Placement]:
        """Other articles of this site for related/hot lists, rotated so each page differs."""
        pool = [p for p in self.placements if p is not placement]
        if not pool:
            return []
        key = (placement.path if placement else "") + salt
        start = int(hashlib.md5(key.encode()).hexdigest(), 16) % len(pool)
        return (pool[start:] + pool[:start])[:count]

    def url(self, site: str, path: str = "/") -> str:
        return self.bases[site] + path if site in self.bases else path


def cn_date(when: dt.datetime) -> str:
    return f"{when.year}年{when.month:02d}月{when.day:02d}日"


def cn_datetime(when: dt.datetime) -> str:
    return f"{cn_date(when)}{when:%H:%M}"


def paragraphs_html(placement: Placement, para: str, heading: str,
                    figure: Callable[[int, str], str]) -> str:
    """The article text as HTML, using a site's formats for a paragraph and a heading
    (``{text}``) and its ``figure(number, escaped caption)`` for each picture."""
    article = placement.article
    out = []
    for i, text in enumerate(article.paragraphs):
        out.append((heading if i in article.headings else para).format(text=esc(text)))
        for n, image in enumerate(article.images, start=1):
            if image.after == i:
                out.append(figure(n, esc(image.caption)))
    return "\n".join(out)


def link_list(items: list[tuple[str, str]], item: str) -> str:
    """``items`` of (href, text) through an ``item`` format with {href} and {text}."""
    return "\n".join(item.format(href=esc(href), text=esc(text)) for href, text in items)


def paginate(placements: tuple[Placement, ...], per_page: int) -> list[tuple[Placement, ...]]:
    """Listing pages, newest first, the way CMS column pages list articles."""
    ordered = sorted(placements, key=lambda p: p.published, reverse=True)
    return [tuple(ordered[i:i + per_page]) for i in range(0, len(ordered), per_page)] or [()]

