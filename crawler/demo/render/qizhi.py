"""旗帜 on people.com.cn: GB2312-declared pages (bytes GBK, as the real site sends), people.cn
chrome, the "（来源：《旗帜》…）" line and editor line inside ``div.rm_txt_con``, a moved
article behind a 301, a dead link and a robots-protected column."""
from __future__ import annotations

from crawler.demo import content
from crawler.demo.content import Placement
from crawler.demo.pages import PRIVATE, Resource
from crawler.demo.render.base import SiteRenderer, cn_date, cn_datetime, link_list, paragraphs_html
from crawler.demo.templating import esc, fill

PER_PAGE = 4
# Linked from the last index page, never served: the crawler must record a 404 and move on.
BROKEN = ("/n1/2020/1101/c433287-31913562.html", "关于进一步加强机关党建工作的几点意见", "2020年11月01日")
PRIVATE_INDEX = "/private/index.html"
IMG = "/img/2020qz/images"


class QizhiSite(SiteRenderer):
    charset_label = "GB2312"
    colours = ((196, 20, 28), (255, 246, 230))
    stylesheet = "/img/2020qz/page2020.css"
    script = "/img/2020qz/main.js"
    static_names = ("qizhi.css", "qizhi.js")

    def layout(self, *, title: str, head_meta: str, body: str, page_id: str) -> str:
        return fill("qizhi/layout.html", page_title=esc(title), head_meta=head_meta, content=body,
                    stylesheet=self.stylesheet, script=self.script, page_id=page_id,
                    logo=self.image(f"{IMG}/logo.png", 150, 30),
                    search_icon=self.image(f"{IMG}/icon01.gif", 16, 16),
                    counter=self.image(f"{IMG}/c.gif", 1, 1),
                    friend_12371=esc(self.url("www12371", "/index.shtml")))

    def hot(self, placement: Placement | None) -> str:
        items = [(p.link_path, p.article.title) for p in self.others(placement, 5, salt="hot")]
        return link_list(items, '        <li><a href="{href}" target="_blank">{text}</a></li>')

    def article_html(self, placement: Placement) -> str:
        article = placement.article
        content_id = placement.path.rsplit("-", 1)[-1].split(".")[0]
        stamp = placement.published

        def figure(n: int, caption: str) -> str:
            src = self.image(f"/NMediaFile/{stamp:%Y/%m%d}/MAIN{stamp:%Y%m%d%H%M}{n:03d}{content_id}.jpg", 64, 40)
            return (f'<p style="text-align: center;"><img src="{src}" width="600" height="375" alt="" /></p>\n'
                    f'<p class="pictext" style="text-align: center;">{caption}</p>')

        body = paragraphs_html(placement, '<p style="text-indent: 2em;">{text}</p>',
                               '<p style="text-indent: 2em;"><strong>{text}</strong></p>', figure)
        note = f"，{article.author_note}" if article.author_note else ""
        related = [(p.link_path, p.article.title) for p in self.others(placement, 4)]
        main = fill("qizhi/article.html", title=esc(article.title), author=esc(article.author),
                    datetime=cn_datetime(stamp), body=body,
                    source_line=esc(f"（来源：{article.source}{note}）"),
                    editor=esc(article.editor), signer=esc(article.signer),
                    related=link_list(related, '        <li><a href="{href}" target="_blank">{text}</a></li>'),
                    hot=self.hot(placement), wx_code=self.image(f"{IMG}/code_wx.png", 58, 58))
        meta = "\n".join(f'<meta name="{k}" content="{esc(v)}" />' for k, v in (
            ("keywords", f"机关党建,{article.title}"), ("description", article.paragraphs[0][:80]),
            ("copyright", "旗帜网版权所有"), ("filetype", "0"), ("publishedtype", "1"), ("pagetype", "1"),
            ("catalogs", "433287"), ("contentid", content_id), ("publishdate", f"{stamp:%Y-%m-%d}"),
            ("author", article.author), ("source", f"来源：{article.source}"), ("sourcetype", "1")))
        return self.layout(title=f"{article.title}--理论·党建--人民网", head_meta=meta, body=main,
                           page_id=content_id)

    def index_pages(self) -> dict[str, str]:
        entries = sorted(((p.link_path, p.article.title, cn_date(p.published), p.published)
                          for p in self.placements), key=lambda e: e[3], reverse=True)
        items = [e[:3] for e in entries] + [BROKEN]
        chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
        paths = ["/index.html"] + [f"/index{n}.html" for n in range(2, len(chunks) + 1)]
        out = {}
        for n, (path, chunk) in enumerate(zip(paths, chunks)):
            rows = "\n".join(f'      <li><a href="{esc(h)}" target="_blank">{esc(t)}</a><em>{d}</em></li>'
                             for h, t, d in chunk)
            main = fill("qizhi/list.html", items=rows, pager=self.pager(paths, n), hot=self.hot(None),
                        wx_code=self.image(f"{IMG}/code_wx.png", 58, 58))
            meta = '<meta name="keywords" content="旗帜,理论,党建,机关党建" />'
            out[path] = self.layout(title="理论·党建--人民网", head_meta=meta, body=main, page_id=f"list{n + 1}")
        out["/"] = out["/index.html"]
        return out

    @staticmethod
    def pager(paths: list[str], current: int) -> str:
        links = [f'<a href="{paths[0]}">首页</a>']
        if current > 0:
            links.append(f'<a href="{paths[current - 1]}">上一页</a>')
        for n, path in enumerate(paths):
            links.append(f'<a class="common_current">{n + 1}</a>' if n == current else f'<a href="{path}">{n + 1}</a>')
        if current < len(paths) - 1:
            links.append(f'<a href="{paths[current + 1]}">下一页</a>')
        links.append(f'<a href="{paths[-1]}">尾页</a>')
        return "".join(links)

    def not_found_html(self) -> str:
        main = fill("qizhi/notfound.html", err_pic=self.image(f"{IMG}/404.png", 120, 64))
        return self.layout(title="404--人民网", head_meta="", body=main, page_id="404")

    def extra_routes(self) -> dict[str, Resource]:
        pages = [r for r in content.restricted() if r.site == self.spec.id]
        rows = "\n".join(f'      <li><a href="{esc(r.path)}">{esc(r.title)}</a><em>{cn_date(r.published)}</em></li>'
                         for r in pages)
        index = self.layout(title="内部参阅--人民网", head_meta="", page_id="private",
                            body=fill("qizhi/private.html", items=rows))
        routes = {PRIVATE_INDEX: self.page(index, kind=PRIVATE)}
        for r in pages:
            body = "\n".join(f'<p style="text-indent: 2em;">{esc(p)}</p>' for p in r.paragraphs)
            main = (f'<div class="layout rm_txt w1000 cf"><div class="rm_txt_tit"><h1>{esc(r.title)}</h1></div>'
                    f'<div class="rm_txt_con cf">\n{body}\n</div></div>')
            routes[r.path] = self.page(self.layout(title=f"{r.title}--内部参阅--人民网", head_meta="",
                                                   body=main, page_id="private"), kind=PRIVATE)
        return routes
