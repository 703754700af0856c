"""A puapp-style content farm (GBK): the title behind a 标题 label, the text behind 范文,
a 随便看 block, the site blurb, copyright and 更新时间 footer. Its copies carry small
edits, and three pages get the charset wrong on purpose (see ``CONTENT_TYPES``)."""
from __future__ import annotations

from crawler.demo.content import Placement
from crawler.demo.render.base import SiteRenderer, link_list, paginate
from crawler.demo.templating import esc, fill

PER_PAGE = 4
META_GBK = '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />'
# charset mode → (Content-Type header, <meta> in the page). The bytes are GBK every time.
CONTENT_TYPES = {
    "declared": ("text/html; charset=gbk", META_GBK),
    "none": ("text/html", ""),                                     # nothing declared anywhere
    "header-latin1": ("text/html; charset=ISO-8859-1", META_GBK),  # server default overrides the page
    "header-utf8": ("text/html; charset=utf-8", ""),               # wrong header, no meta to correct it
}


def list_path(n: int) -> str:
    return f"/fanwen/list_{n + 1}.html"


class FarmSite(SiteRenderer):
    charset_label = "gbk"
    colours = ((0, 102, 153), (238, 246, 250))
    stylesheet = "/static/css/style.css"
    script = "/static/js/common.js"
    static_names = ("farm.css", "farm.js")

    def content_type(self, charset_mode: str) -> str:
        return CONTENT_TYPES[charset_mode][0]

    def layout(self, *, title: str, body: str, updated: str, keywords: str, description: str,
               charset_mode: str = "declared") -> str:
        return fill("farm/layout.html", charset_meta=CONTENT_TYPES[charset_mode][1], page_title=esc(title),
                    keywords=esc(keywords), description=esc(description), content=body, updated=updated,
                    stylesheet=self.stylesheet, script=self.script,
                    logo=self.image("/static/images/logo.gif", 100, 25))

    def random_links(self, placement: Placement | None) -> str:
        return link_list([(p.path, p.article.title) for p in self.others(placement, 6)],
                         '      <li><a href="{href}" target="_blank">{text}</a></li>')

    def article_html(self, placement: Placement) -> str:
        article = placement.article
        # Farms paste text as one block: lines indented with ideographic spaces, split by <br />.
        body = "<br />\n".join(f"　　{esc(p)}" for p in article.paragraphs) + "<br />"
        note = f"（作者：{esc(article.author)}，{esc(article.role)}）<br />" if article.role else \
            f"（作者：{esc(article.author)}）<br />"
        editor = f"责任编辑 / {esc(article.editor.replace(' ', ''))}" if article.editor else ""
        main = fill("farm/article.html", title=esc(article.title), body=body, note=note, editor=editor,
                    random=self.random_links(placement))
        return self.layout(title=f"{article.title}_范文大全_普文库", body=main,
                           updated=f"{placement.published:%Y/%m/%d %H:%M:%S}", charset_mode=placement.charset,
                           keywords=f"{article.title},范文,机关党建", description=article.paragraphs[0][:100])

    def index_pages(self) -> dict[str, str]:
        chunks = paginate(self.placements, PER_PAGE)
        newest = paginate(self.placements, len(self.placements))[0]
        updated = f"{newest[0].published:%Y/%m/%d %H:%M:%S}"
        out = {}
        for n, chunk in enumerate(chunks):
            main = fill("farm/list.html", heading="范文大全", items=self.rows(chunk),
                        pager=self.pager(len(chunks), n), random=self.random_links(None))
            out[list_path(n)] = self.layout(title=f"范文大全_第{n + 1}页_普文库", body=main, updated=updated,
                                            keywords="范文大全,范文", description="范文大全")
        main = fill("farm/list.html", heading="最新范文", items=self.rows(newest),
                    pager=f'<a href="{list_path(0)}">更多范文&gt;&gt;</a>', random=self.random_links(None))
        out["/index.html"] = self.layout(title="普文库_范文大全_免费论文范文下载", body=main, updated=updated,
                                         keywords="范文,论文,作文", description="普文库提供各类范文、论文免费阅读")
        out["/"] = out["/index.html"]
        return out

    @staticmethod
    def rows(chunk: tuple[Placement, ...]) -> str:
        return "\n".join(f'      <li><span>{p.published:%Y-%m-%d}</span><a href="{esc(p.path)}" target="_blank">'
                         f'{esc(p.article.title)}</a></li>' for p in chunk)

    @staticmethod
    def pager(count: int, current: int) -> str:
        links = [f'<a href="{list_path(current - 1)}">上一页</a>'] if current else []
        links.extend(f"<b>{n + 1}</b>" if n == current else f'<a href="{list_path(n)}">{n + 1}</a>'
                     for n in range(count))
        if current < count - 1:
            links.append(f'<a href="{list_path(current + 1)}">下一页</a>')
        return " ".join(links)

    def not_found_html(self) -> str:
        return self.layout(title="页面不存在_普文库", body=fill("farm/notfound.html"),
                           updated="2024/12/22 16:16:22", keywords="", description="")
