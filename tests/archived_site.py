"""A tiny Chinese article site, served on loopback and crawled for real into a collection.

Shared by the index, WACZ and pywb replay tests: one crawl per test session (`crawled_collection`).
The site is stopped once the crawl is over, so anything a test later reads back can only have come
from the archive.
"""
from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_cli

_STYLE = "body{font-family:sans-serif} .nav a{margin-right:1em}"

_NAV = ('<div class="nav"><a href="/index.html">首页</a><a href="/index.html">要闻</a>'
        '<a href="/index.html">政策解读</a><a href="/about.html">关于我们</a></div>')
_FOOTER = ('<div class="footer"><p>版权所有 &copy; 2026 城乡建设周报社</p><p>京ICP备12345678号</p>'
           '<p>违法和不良信息举报电话：010-12345678</p></div>')


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    byline: str
    paragraphs: tuple[str, ...]
    charset: str = "utf-8"


ARTICLES = (
    Article("/a1.html", "多地启动冬季清洁取暖保障工作",
            "2026-11-20 09:30　来源：城乡建设周报　作者：李明",
            ("入冬以来，北方多个省份陆续启动冬季清洁取暖保障工作，各地住房和城乡建设部门提前部署，"
             "确保群众温暖过冬。",
             "据介绍，今年各地共完成老旧供热管网改造一万二千余公里，新增清洁取暖面积约三亿平方米，"
             "农村地区“煤改电”“煤改气”工程覆盖范围进一步扩大。",
             "在供热保障方面，各地建立了供热质量投诉快速处理机制，开通二十四小时服务热线，"
             "对群众反映的室温不达标等问题做到接诉即办。",
             "有关负责人表示，下一步将加强燃料供应监测，做好极端天气应急预案，"
             "确保供热系统安全稳定运行，让人民群众暖暖和和过冬。")),
    Article("/a2.html", "长江流域生态保护修复取得新进展",
            "2026-11-18 15:02　来源：城乡建设周报　作者：王芳",
            ("记者从有关部门获悉，长江流域生态保护修复工作持续推进，流域水质总体保持优良，"
             "干流水质连续多年保持二类标准。",
             "近年来，沿江各地坚持共抓大保护、不搞大开发，累计腾退长江岸线一百六十余公里，"
             "修复湿地面积超过八万公顷，江豚等珍稀物种的出现频次明显增加。",
             "与此同时，长江十年禁渔取得阶段性成效，水生生物资源逐步恢复，"
             "监测到的土著鱼类种类数较禁渔前有所上升。",
             "专家指出，生态修复是一项长期工作，需要持续加强监测评估，"
             "推动上下游、左右岸、干支流协同治理。"),
            charset="gbk"),
    Article("/a3.html", "全国中小学广泛开展阅读推广活动",
            "2026-11-15 10:45　来源：城乡建设周报　作者：张伟",
            ("为培养学生阅读兴趣和习惯，全国各地中小学广泛开展形式多样的阅读推广活动，"
             "书香校园建设不断深入。",
             "各地学校通过设立班级图书角、开展读书分享会、组织亲子共读等方式，"
             "引导学生多读书、读好书，全年累计开展各类阅读活动十万余场。",
             "不少学校还将阅读与课程教学相结合，开设整本书阅读课程，"
             "鼓励学生撰写读书笔记，提升思考和表达能力。",
             "教育部门表示，将继续加大优质图书资源供给，完善学校图书馆建设标准，"
             "推动全民阅读在校园落地生根。")),
)


def article_html(article: Article) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in article.paragraphs)
    page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{article.charset}">'
            f"<title>{article.title}_城乡建设周报</title><style>{_STYLE}</style></head><body>{_NAV}"
            f'<div class="main"><h1>{article.title}</h1><div class="info">{article.byline}</div>'
            f'<div class="article">{body}</div><div class="share">分享到：微信 微博</div></div>'
            f"{_FOOTER}</body></html>")
    return page.encode(article.charset)


def index_html() -> bytes:
    links = "".join(f'<li><a href="{a.path}">{a.title}</a></li>' for a in ARTICLES)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>城乡建设周报</title></head>'
            f"<body>{_NAV}<h2>要闻</h2><ul>{links}</ul>{_FOOTER}</body></html>").encode("utf-8")


def write_site(root: Path) -> dict[str, bytes]:
    """The site's files under `root`; returns path → bytes as served."""
    files = {"/index.html": index_html(),
             "/about.html": '<html><head><meta charset="utf-8"><title>关于我们</title></head><body><p>城乡建设周报社</p>'
                            "</body></html>".encode("utf-8")}
    files.update({a.path: article_html(a) for a in ARTICLES})
    root.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        (root / path.lstrip("/")).write_bytes(data)
    return files


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # keep pytest's output for failures
        pass


@dataclass(frozen=True)
class Collection:
    data_dir: Path
    base_url: str                     # the site as it was crawled (now stopped)
    files: dict[str, bytes]           # path → the bytes the site served

    @property
    def warc_files(self) -> list[Path]:
        return sorted((self.data_dir / "warc").glob("*.warc.gz"))

    def url(self, path: str) -> str:
        return self.base_url + path


@functools.cache
def _build(root: Path) -> Collection:
    site, data = root / "site", root / "data"
    files = write_site(site)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        sources = root / "sources.toml"
        sources.write_text(f"""[[source]]
id = "t"
name = "城乡建设周报"
priority = "official"
start_urls = ["http://127.0.0.1:{port}/index.html"]
allowed_domains = ["127.0.0.1:{port}"]
article_patterns = ['^/a\\d+\\.html$']
allow_private_addresses = true
""", encoding="utf-8")
        result = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    if result.returncode != 0:
        pytest.fail(f"the crawl failed ({result.returncode}):\n{result.stdout}\n{result.stderr[-4000:]}")
    return Collection(data_dir=data, base_url=f"http://127.0.0.1:{port}", files=files)


def crawled_collection(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    """The crawled collection, built once per test session whichever test file asks first."""
    return _build(tmp_path_factory.getbasetemp() / "crawled-collection")
