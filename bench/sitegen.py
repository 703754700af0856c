"""A static Chinese news site for the throughput benchmark: N article pages of ~12 KB, UTF-8.

Layout (all paths absolute, served as static files):

    /index.html, /index2.html ... /indexK.html   channel list pages, 50 articles each, pagination
    /a/1.html ... /a/N.html                      article pages
    /static/site.css, /robots.txt                (robots.txt allows everything)

Every article page has what a real Chinese news site puts around the text: a top navigation bar
(10 channel links), a breadcrumb, a headline, a byline line (date, 来源, 作者), 8-11 body paragraphs
(~2,000 characters), an editor line, previous / next links, a related-articles block (18 links)
and a site-wide hot list (18 links, shared by blocks of 100 pages as on real sites): about 50
links per page, nearly all of them to pages the crawler has already seen.

The text is generated, never copied: words of 2-4 characters are cut from the paragraphs of
../shared/seeds/*.txt (converted to Simplified script when OpenCC is importable, pinyin
annotations dropped) plus a built-in list, then strung into sentences with a seeded RNG, so
every article is distinct (no duplicate clusters) and the same N always gives the same bytes.

    python bench/sitegen.py DIR [--pages N] [--seeds DIR]
"""
from __future__ import annotations

import argparse
import html
import math
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

PER_INDEX = 50
RELATED = 18
HOT = 18
NAV_CHANNELS = 10

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

BUILTIN_WORDS = """
坚持 发展 改革 开放 人民 群众 经济 社会 建设 推进 全面 深化 加强 党的 领导 制度 体系 治理 能力 现代化
高质量 创新 协调 绿色 共享 乡村 振兴 城市 基层 组织 干部 学习 教育 实践 理论 思想 工作 会议 强调 指出
部署 落实 政策 措施 项目 企业 市场 科技 人才 教育 医疗 卫生 文化 旅游 生态 环境 保护 安全 稳定 民生
就业 收入 消费 投资 产业 制造业 服务业 数字 网络 平台 数据 基础设施 交通 水利 能源 农业 粮食 生产 统筹
协同 区域 合作 国际 交流 对外 开放 营商 环境 优化 服务 效率 质量 标准 规范 监督 检查 问题 整改 责任
目标 任务 举措 成效 经验 做法 机制 体制 法治 依法 公平 正义 法律 法规 条例 规定 意见 方案 规划 年度
""".split()

CHANNELS = ["要闻", "时政", "经济", "社会", "文化", "科技", "教育", "健康", "国际", "评论"]
SOURCES = ["新华社", "人民日报", "光明日报", "经济日报", "本报记者", "中国新闻网", "本网", "求是网"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌宇浩凯"

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")


def word_pool(seeds: Path | None = DEFAULT_SEEDS) -> list[str]:
    """2-4 character words: cut from the seed paragraphs (if present) plus a built-in list."""
    words = list(BUILTIN_WORDS)
    texts = sorted(seeds.glob("*.txt")) if seeds and seeds.is_dir() else []
    convert = _t2s()
    cut = random.Random(1)
    for path in texts:
        text = _PINYIN.sub("", path.read_text(encoding="utf-8", errors="replace"))
        for run in _CJK_RUN.findall(convert(text)):
            i = 0
            while i + 2 <= len(run):
                n = cut.choice((2, 2, 2, 3, 4))
                words.append(run[i:i + n])
                i += n
    return sorted(set(words))


def _t2s():
    try:
        import opencc
    except ImportError:
        return lambda s: s
    return opencc.OpenCC("t2s").convert


class Site:
    def __init__(self, pages: int, words: list[str]) -> None:
        self.pages = pages
        self.words = words
        self.indexes = max(1, math.ceil(pages / PER_INDEX))
        rng = random.Random(20240501)
        self.titles = [self._title(rng) for _ in range(pages + 1)]  # 1-based
        start = datetime(2024, 5, 1, 8, 0)
        self.dates = [start - timedelta(minutes=37 * (pages - i)) for i in range(pages + 1)]

    # -- text ---------------------------------------------------------------------------------
    def _title(self, rng: random.Random) -> str:
        return "".join(rng.choices(self.words, k=rng.randint(5, 8)))

    def _sentence(self, rng: random.Random) -> str:
        parts = ["".join(rng.choices(self.words, k=rng.randint(3, 7))) for _ in range(rng.randint(1, 3))]
        return "，".join(parts) + rng.choice("。。。。；！")

    def _paragraph(self, rng: random.Random, chars: int) -> str:
        out, n = [], 0
        while n < chars:
            s = self._sentence(rng)
            out.append(s)
            n += len(s)
        return "".join(out)

    def _name(self, rng: random.Random) -> str:
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    # -- pages ---------------------------------------------------------------------------------
    @staticmethod
    def index_path(k: int) -> str:
        return "/index.html" if k == 1 else f"/index{k}.html"

    def index_of(self, i: int) -> int:
        return (i - 1) // PER_INDEX + 1

    def channel(self, k: int) -> str:
        return CHANNELS[(k - 1) % len(CHANNELS)]

    def _head(self, title: str, description: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n"
            '<meta name="keywords" content="新闻,时政,评论">\n'
            f'<meta name="description" content="{html.escape(description)}">\n'
            '<link rel="stylesheet" href="/static/site.css">\n</head>\n<body>\n')

    def _nav(self) -> str:
        links = "".join(f'<li><a href="{self.index_path(min(k, self.indexes))}">{self.channel(k)}</a></li>'
                        for k in range(1, NAV_CHANNELS + 1))
        return ('<div class="top"><div class="logo"><a href="/index.html">新闻网</a></div>'
                f'<ul class="nav"><li><a href="/index.html">首页</a></li>{links}</ul></div>\n')

    def _footer(self) -> str:
        return ('<div class="footer"><p>版权所有 新闻网 未经书面授权禁止转载</p>'
                '<p>京ICP备00000000号 京公网安备11000002000000号</p></div>\n</body>\n</html>\n')

    def _item(self, j: int) -> str:
        return (f'<li><a href="/a/{j}.html" target="_blank">{self.titles[j]}</a>'
                f'<span>{self.dates[j]:%m-%d}</span></li>')

    def article(self, i: int) -> str:
        rng = random.Random(i * 7919)
        k = self.index_of(i)
        title = self.titles[i]
        paragraphs = [self._paragraph(rng, rng.randint(140, 230)) for _ in range(rng.randint(8, 11))]
        related = rng.sample(range(1, self.pages + 1), min(RELATED, self.pages))
        hot = random.Random(i // 100).sample(range(1, self.pages + 1), min(HOT, self.pages))
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        prev_link = f'<a href="/a/{i - 1}.html">上一篇：{self.titles[i - 1]}</a>' if i > 1 else ""
        next_link = f'<a href="/a/{i + 1}.html">下一篇：{self.titles[i + 1]}</a>' if i < self.pages else ""
        return "".join([
            self._head(f"{title}--{self.channel(k)}--新闻网", paragraphs[0][:60]),
            self._nav(),
            f'<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; '
            f'<a href="{self.index_path(k)}">{self.channel(k)}</a> &gt; 正文</div>\n',
            '<div class="main"><div class="article">\n',
            f"<h1>{title}</h1>\n",
            f'<div class="info"><span>{self.dates[i]:%Y-%m-%d %H:%M}</span> '
            f"<span>来源：{rng.choice(SOURCES)}</span> <span>作者：{self._name(rng)}</span></div>\n",
            f'<div class="content" id="content">\n{body}</div>\n',
            f'<div class="editor">（责任编辑：{self._name(rng)}）</div>\n',
            f'<div class="turn">{prev_link} {next_link}</div>\n</div>\n',
            '<div class="related"><h3>相关文章</h3><ul>', "".join(self._item(j) for j in related), "</ul></div>\n",
            '<div class="hot"><h3>热点排行</h3><ol>', "".join(self._item(j) for j in hot), "</ol></div>\n</div>\n",
            self._footer(),
        ])

    def index(self, k: int) -> str:
        first = (k - 1) * PER_INDEX + 1
        items = "".join(self._item(j) for j in range(first, min(first + PER_INDEX, self.pages + 1)))
        window = sorted({1, self.indexes, *range(max(1, k - 5), min(self.indexes, k + 5) + 1)})
        pager = "".join(f'<a href="{self.index_path(p)}">{p}</a>' for p in window)
        if k < self.indexes:
            pager += f'<a href="{self.index_path(k + 1)}">下一页</a>'
        return "".join([
            self._head(f"{self.channel(k)}--新闻网", f"新闻网{self.channel(k)}频道"),
            self._nav(),
            f'<div class="main"><h2>{self.channel(k)}</h2><ul class="list">{items}</ul>',
            f'<div class="pager">{pager}</div></div>\n',
            self._footer(),
        ])


CSS = "body{font:14px/1.8 sans-serif;margin:0}.top,.footer{background:#c00;color:#fff}.content p{text-indent:2em}\n"
ROBOTS = "User-agent: *\nAllow: /\n"


def generate(root: Path, pages: int, seeds: Path | None = DEFAULT_SEEDS) -> dict:
    """Write the site under `root`; returns its shape (pages, index pages, bytes)."""
    site = Site(pages, word_pool(seeds))
    (root / "a").mkdir(parents=True, exist_ok=True)
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "site.css").write_text(CSS, encoding="utf-8")
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    article_bytes = 0
    for i in range(1, pages + 1):
        data = site.article(i).encode("utf-8")
        article_bytes += len(data)
        (root / "a" / f"{i}.html").write_bytes(data)
    for k in range(1, site.indexes + 1):
        (root / site.index_path(k).lstrip("/")).write_text(site.index(k), encoding="utf-8")
    return {"pages": pages, "index_pages": site.indexes, "article_bytes": article_bytes,
            "mean_article_bytes": article_bytes // max(pages, 1), "words": len(site.words)}


def article_paths(pages: int) -> list[str]:
    return [f"/a/{i}.html" for i in range(1, pages + 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = ap.parse_args()
    print(generate(args.root, args.pages, args.seeds))


if __name__ == "__main__":
    main()
