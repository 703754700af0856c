"""共产党员网 (12371.cn style, UTF-8) and its mobile mirror, which serves the same paths on
another host: mobile chrome (手机版, 欢迎使用手机浏览, 打印 纠错, 微信扫一扫 ×, 收听本文),
paragraphs indented with ideographic spaces and, on some pages, a trailing SEO spam line."""
from __future__ import annotations

import email.utils
import functools
import hashlib
from collections.abc import Callable
from importlib import resources
from xml.sax.saxutils import escape as xml_escape

from crawler.demo import pages
from crawler.demo.content import Placement
from crawler.demo.pages import Resource
from crawler.demo.render.base import SiteRenderer, link_list, paginate, paragraphs_html
from crawler.demo.templating import esc, fill

PER_PAGE = 4
COLUMN = "/djyj/index.shtml"
IMG = "/special/images"


def column_path(n: int) -> str:
    return COLUMN if n == 0 else f"/djyj/index_{n + 1}.shtml"


def page_id(placement: Placement) -> str:
    return placement.path.rsplit("/", 1)[-1].split(".")[0]


@functools.cache
def _places() -> tuple[str, ...]:
    text = resources.files("crawler.demo").joinpath("sites", "places.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def seo_spam(seed: str, count: int = 41) -> str:
    """The injected place-name line of seed 001, in a stable order per page."""
    places = list(_places())
    digest = hashlib.sha256(seed.encode()).digest()
    order = sorted(range(len(places)), key=lambda i: (digest[i % len(digest)], i))
    return "| ".join(places[i] for i in order[:count]) + "|"


class PortalSite(SiteRenderer):
    """www12371: the desktop site, with sitemap.xml and an RSS feed."""

    colours = ((204, 0, 0), (255, 236, 204))
    stylesheet = "/special/css/dyw_2019.css"
    script = "/special/js/dyw_common.js"
    static_names = ("portal.css", "portal.js")
    template_dir = "portal"

    def layout(self, *, title: str, head_meta: str, body: str, page_id: str, path: str) -> str:
        return fill("portal/layout.html", page_title=esc(title), head_meta=head_meta, content=body,
                    stylesheet=self.stylesheet, script=self.script, page_id=page_id,
                    logo=self.image(f"{IMG}/logo_dyw.png", 165, 35),
                    mobile_url=esc(self.url("m12371", path)),
                    friend_qizhi=esc(self.url("qizhi", "/index.html")))

    def hot(self, placement: Placement | None) -> str:
        return link_list([(p.path, p.article.title) for p in self.others(placement, 6, salt="hot")],
                         '        <li><a href="{href}" target="_blank">{text}</a></li>')

    def figure(self, placement: Placement) -> Callable[[int, str], str]:
        def render(n: int, caption: str) -> str:
            src = self.image(placement.path.replace(".shtml", f"_{n}.jpg"), 64, 40)
            return (f'<p style="text-align:center;"><img src="{src}" width="600" height="375" alt=""></p>\n'
                    f'<p style="text-align:center;" class="pic_title">{caption}</p>')
        return render

    def article_html(self, placement: Placement) -> str:
        article = placement.article
        body = paragraphs_html(placement, '<p style="text-indent:2em;">{text}</p>',
                               '<p style="text-indent:2em;"><strong>{text}</strong></p>', self.figure(placement))
        note = f'<p style="text-indent:2em;">（{esc(article.author_note)}）</p>' if article.author_note else ""
        related = [(p.path, p.article.title) for p in self.others(placement, 4)]
        main = fill("portal/article.html", title=esc(article.title), author=esc(article.author),
                    datetime=f"{placement.published:%Y-%m-%d %H:%M}", source=esc(article.source),
                    page_id=page_id(placement), body=body, note=note, editor=esc(article.editor),
                    print_icon=self.image(f"{IMG}/ico_print.gif", 16, 16),
                    wx_code=self.image(f"{IMG}/ewm_dyw.png", 50, 50),
                    related=link_list(related, '        <li><a href="{href}" target="_blank">{text}</a></li>'),
                    hot=self.hot(placement))
        meta = "\n".join(f'<meta name="{k}" content="{esc(v)}">' for k, v in (
            ("keywords", f"{article.title},党建研究"), ("description", article.paragraphs[0][:80]),
            ("author", article.author), ("publishdate", f"{placement.published:%Y-%m-%d}")))
        return self.layout(title=f"{article.title}_共产党员网", head_meta=meta, body=main,
                           page_id=page_id(placement), path=placement.path)

    def index_pages(self) -> dict[str, str]:
        chunks = paginate(self.placements, PER_PAGE)
        out = {}
        for n, chunk in enumerate(chunks):
            rows = "\n".join(f'      <li><a href="{esc(p.path)}" target="_blank">{esc(p.article.title)}</a>'
                             f'<span class="date">{p.published:%Y-%m-%d}</span></li>' for p in chunk)
            main = fill("portal/list.html", items=rows, pager=self.pager(len(chunks), n), hot=self.hot(None))
            out[column_path(n)] = self.layout(title="党建研究_共产党员网", head_meta="", body=main,
                                              page_id=f"djyj{n + 1}", path=column_path(n))
        newest = paginate(self.placements, 6)[0]
        focus = newest[0]
        item = '      <li><a href="{href}">{text}</a></li>'
        main = fill("portal/home.html", focus_href=esc(focus.path), focus_title=esc(focus.article.title),
                    focus_img=self.image(f"{IMG}/focus_{page_id(focus)}.jpg", 96, 56),
                    news=link_list([(p.path, p.article.title) for p in newest], item),
                    column=link_list([(p.path, p.article.title) for p in chunks[0]], item))
        out["/index.shtml"] = self.layout(title="共产党员网", body=main, page_id="index", path="/index.shtml",
                                          head_meta='<meta name="keywords" content="共产党员网,党建">')
        out["/"] = out["/index.shtml"]
        return out

    @staticmethod
    def pager(count: int, current: int) -> str:
        links = [f'<a href="{column_path(0)}">首页</a>']
        if current > 0:
            links.append(f'<a href="{column_path(current - 1)}">上一页</a>')
        links.extend(f'<span class="cur">{n + 1}</span>' if n == current else f'<a href="{column_path(n)}">{n + 1}</a>'
                     for n in range(count))
        if current < count - 1:
            links.append(f'<a href="{column_path(current + 1)}">下一页</a>')
        links.append(f'<a href="{column_path(count - 1)}">末页</a>')
        return " ".join(links)

    def not_found_html(self) -> str:
        main = fill("portal/notfound.html", err_pic=self.image(f"{IMG}/404.png", 120, 60))
        return self.layout(title="页面不存在_共产党员网", head_meta="", body=main, page_id="404", path="/")

    def extra_routes(self) -> dict[str, Resource]:
        return {"/sitemap.xml": pages.asset(self.sitemap().encode("utf-8"), "application/xml"),
                "/rss/djyj.xml": pages.asset(self.rss().encode("utf-8"), "application/rss+xml; charset=utf-8")}

    def sitemap(self) -> str:
        rows = [f"  <url><loc>{xml_escape(self.base + p.path)}</loc><lastmod>{p.published:%Y-%m-%d}</lastmod>"
                f"<changefreq>never</changefreq></url>" for p in self.placements]
        rows.insert(0, f"  <url><loc>{xml_escape(self.base + COLUMN)}</loc><changefreq>daily</changefreq></url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n")

    def rss(self) -> str:
        items = []
        for p in paginate(self.placements, len(self.placements))[0]:
            items.append(
                "  <item>\n"
                f"   <title>{xml_escape(p.article.title)}</title>\n"
                f"   <link>{xml_escape(self.base + p.path)}</link>\n"
                f"   <guid isPermaLink=\"true\">{xml_escape(self.base + p.path)}</guid>\n"
                f"   <description>{xml_escape(p.article.paragraphs[0][:120])}</description>\n"
                f"   <pubDate>{email.utils.format_datetime(p.published)}</pubDate>\n"
                "  </item>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n <channel>\n'
                "  <title>党建研究_共产党员网</title>\n"
                f"  <link>{xml_escape(self.base + COLUMN)}</link>\n"
                "  <description>共产党员网党建研究栏目</description>\n  <language>zh-cn</language>\n"
                + "\n".join(items) + "\n </channel>\n</rss>\n")


class MobilePortalSite(PortalSite):
    """m12371: same paths as www12371, mobile chrome, canonical link to the desktop page."""

    colours = ((204, 0, 0), (250, 250, 250))
    stylesheet = "/special/m/css/m_dyw.css"
    script = "/special/m/js/m_dyw.js"
    static_names = ("mobile.css", "mobile.js")

    def layout(self, *, title: str, head_meta: str, body: str, page_id: str, path: str) -> str:
        canonical = f'<link rel="canonical" href="{esc(self.url("www12371", path))}">'
        return fill("mobile/layout.html", page_title=esc(title), head_meta=head_meta + "\n" + canonical,
                    content=body, stylesheet=self.stylesheet, script=self.script, page_id=page_id,
                    logo=self.image("/special/m/images/m_logo.png", 150, 32),
                    desktop_url=esc(self.url("www12371", path)))

    def article_html(self, placement: Placement) -> str:
        article = placement.article
        body = paragraphs_html(placement, "<p>　　{text}</p>", "<p>　　<strong>{text}</strong></p>",
                               self.figure(placement))
        note = f"<p>　　（{esc(article.author_note)}）</p>" if article.author_note else ""
        spam = f"<p>{esc(seo_spam(placement.path))}</p>" if placement.seo_spam else ""
        related = [(p.path, p.article.title) for p in self.others(placement, 4)]
        main = fill("mobile/article.html", title=esc(article.title), author=esc(article.author),
                    date=f"{placement.published:%Y-%m-%d}", source=esc(article.source),
                    page_id=page_id(placement), body=body, note=note, spam=spam, editor=esc(article.editor),
                    related=link_list(related, '    <li><a href="{href}">{text}</a></li>'))
        meta = f'<meta name="description" content="{esc(article.paragraphs[0][:80])}">'
        return self.layout(title=f"{article.title}_共产党员网", head_meta=meta, body=main,
                           page_id=page_id(placement), path=placement.path)

    def index_pages(self) -> dict[str, str]:
        chunks = paginate(self.placements, PER_PAGE)
        out = {}
        for n, chunk in enumerate(chunks):
            rows = "\n".join(f'    <li><a href="{esc(p.path)}">{esc(p.article.title)}</a>'
                             f'<span>{p.published:%m-%d}</span></li>' for p in chunk)
            main = fill("mobile/list.html", items=rows, pager=self.pager(len(chunks), n))
            out[column_path(n)] = self.layout(title="党建研究_共产党员网手机版", head_meta="", body=main,
                                              page_id=f"djyj{n + 1}", path=column_path(n))
        rows = "\n".join(f'    <li><a href="{esc(p.path)}">{esc(p.article.title)}</a></li>'
                         for p in paginate(self.placements, 6)[0])
        home = fill("mobile/list.html", items=rows, pager=f'<a href="{COLUMN}">党建研究 更多&gt;&gt;</a>')
        out["/index.shtml"] = self.layout(title="共产党员网手机版", head_meta="", body=home,
                                          page_id="index", path="/index.shtml")
        out["/"] = out["/index.shtml"]
        return out

    def not_found_html(self) -> str:
        return self.layout(title="页面不存在_共产党员网手机版", head_meta="", path="/",
                           body=fill("mobile/notfound.html"), page_id="404")

    def extra_routes(self) -> dict[str, Resource]:
        return {}
