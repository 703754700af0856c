"""A Traditional-script mirror (seeds 000 and 003): pages are written in Simplified, then every
text node goes through OpenCC s2t with the pinyin of each converted character appended.
The share line is the mirror's own Traditional text and carries no annotations."""
from __future__ import annotations

from crawler.demo.content import Placement
from crawler.demo.hanzi import annotate_html, to_traditional
from crawler.demo.render.base import SiteRenderer, link_list, paginate, paragraphs_html
from crawler.demo.templating import esc, fill

PER_PAGE = 4
COLUMN = "/dangjian/index.html"
SHARE = ('<div class="share"><span class="share_t">分享讓更多人看到</span> '
         '<a href="javascript:void(0)" class="s_wx"></a><a href="javascript:void(0)" class="s_wb"></a></div>')


def column_path(n: int) -> str:
    return COLUMN if n == 0 else f"/dangjian/index_{n}.html"  # TRS numbering: index, index_1, ...


class MirrorSite(SiteRenderer):
    colours = ((153, 0, 0), (255, 250, 240))
    stylesheet = "/res/css/djzx.css"
    script = "/res/js/djzx.js"
    static_names = ("mirror.css", "mirror.js")

    def layout(self, *, title: str, body: str, description: str = "") -> str:
        meta = f'<meta name="description" content="{esc(to_traditional(description))}">' if description else ""
        page = fill("mirror/layout.html", page_title=esc(title), head_meta=meta, content=body,
                    stylesheet=self.stylesheet, script=self.script,
                    logo=self.image("/res/images/logo_djzx.png", 140, 32))
        return annotate_html(page).replace("<!--share-->", SHARE)

    def article_html(self, placement: Placement) -> str:
        article = placement.article
        stamp = placement.published
        folder = placement.path.rsplit("/", 1)[0]

        def figure(n: int, caption: str) -> str:
            src = self.image(f"{folder}/W0{stamp:%Y%m%d%H%M}{n:02d}.jpg", 64, 40)
            return (f'<p style="text-align:center"><img src="{src}" width="600" height="375" alt=""></p>\n'
                    f'<p style="text-align:center">{caption}</p>')

        body = paragraphs_html(placement, "<p>{text}</p>", "<p><strong>{text}</strong></p>", figure)
        if article.author_note.startswith("作者系"):
            note = f"<p>（作者：{esc(article.author)}，系{esc(article.role)}）</p>"
        else:
            note = f"<p>（{esc(article.author_note)}）</p>" if article.author_note else ""
        origin = ""
        if placement.origin in self.bases:
            origin_url = esc(self.url(placement.origin, self.origin_path(placement)))
            origin = f'<p class="yuanwen">原文链接：<a href="{origin_url}" target="_blank">{origin_url}</a></p>'
        related = [(p.path, p.article.title) for p in self.others(placement, 4)]
        main = fill("mirror/article.html", title=esc(article.title), source=esc(article.source),
                    author=esc(article.author), datetime=f"{stamp:%Y-%m-%d %H:%M}", body=body, note=note,
                    origin=origin, related=link_list(related, '        <li><a href="{href}">{text}</a></li>'))
        return self.layout(title=f"{article.title}--党建在线", body=main, description=article.paragraphs[0][:80])

    def origin_path(self, placement: Placement) -> str:
        """Where the credited site serves the same article."""
        for other in self.everywhere.get(placement.origin, ()):
            if other.article.id == placement.article.id:
                return other.path
        return "/"

    def index_pages(self) -> dict[str, str]:
        chunks = paginate(self.placements, PER_PAGE)
        out = {}
        for n, chunk in enumerate(chunks):
            main = fill("mirror/list.html", heading="机关党建", items=self.rows(chunk), pager=self.pager(len(chunks), n))
            out[column_path(n)] = self.layout(title="机关党建--党建在线", body=main)
        newest = paginate(self.placements, len(self.placements))[0]
        home = fill("mirror/list.html", heading="最新文章", items=self.rows(newest),
                    pager=f'<a href="{COLUMN}">机关党建栏目</a>')
        out["/index.html"] = self.layout(title="党建在线", body=home)
        out["/"] = out["/index.html"]
        return out

    @staticmethod
    def rows(chunk: tuple[Placement, ...]) -> str:
        return "\n".join(f'      <li><a href="{esc(p.path)}">{esc(p.article.title)}</a>'
                         f'<span>{p.published:%Y-%m-%d}</span></li>' for p in chunk)

    @staticmethod
    def pager(count: int, current: int) -> str:
        links = [f'<a href="{column_path(current - 1)}">上一页</a>'] if current else []
        links.extend(f"<span>{n + 1}</span>" if n == current else f'<a href="{column_path(n)}">{n + 1}</a>'
                     for n in range(count))
        if current < count - 1:
            links.append(f'<a href="{column_path(current + 1)}">下一页</a>')
        return " ".join(links)

    def not_found_html(self) -> str:
        return self.layout(title="页面不存在--党建在线", body=fill("mirror/notfound.html"))
