"""Blocks of chrome recognisable only as a run of lines, or by where they sit on the page.

- ranked hot lists ("- 163675成龙参观…": rank 1, 63675 views) and channel-tagged link lists
  ("- 【 军事 】 香港警察装备…"), anywhere;
- site menus and reaction buttons ("- 科技 / - 军事 / - 汽车") below the article's last sentence,
  and the short leftovers around them there ("热点新闻", "加载更多新闻");
- contact footers ("地 址：… / 电 话：… / 传 真：…") as the last lines of the page;
- a blog's sidebar of links ("汉网[汉民族服饰]") above the article.

A list inside the article is content: menus count only below the last sentence and not after a
line that introduces a list ("…如下："), contact lines only as the page's last block.
"""
from __future__ import annotations

import re

from . import metadata
from ._shapes import is_sentence

_RANKED = re.compile(r"^[-–•·*]\s*(?P<digits>\d{3,10})\D")
_RANKED_MIN = 4         # ranks 1, 2, 3, 4 at least
_TAGGED = re.compile(r"^[-–•·*]\s*【\s*(?P<word>[^【】\s]{1,4})\s*】\s*\S")
_TAGGED_MIN = 3
_MENU_ITEM = re.compile(r"^[-–•·*]\s*(?P<word>[^\s，,。：:；;！!？?、]{1,4})$")
_CHANNELS = frozenset(
    "推荐 要闻 新闻 国内 国际 社会 娱乐 体育 财经 股票 基金 理财 时尚 科技 数码 手机 军事 汽车 房产 家居 教育 健康 "
    "旅游 游戏 视频 图片 直播 文化 历史 读书 彩票 女人 亲子 公益 政务 评论 专题 原创 热点 本地 美食 星座 育儿 "
    "NBA 中超 CBA 视觉 图集".split())
_REACTIONS = frozenset("好文 钦佩 喜欢 泪奔 可爱 思考 感动 愤怒 搞笑 难过 无聊 震惊 点赞".split())
_MENU_MIN = 4
_INTRO = re.compile(r"[:：]$")        # "…如下：" introduces the list that follows
_TAIL_SHORT = 20                      # leftovers around menus below the article: "热点新闻", "+"
_CONTACT = re.compile(
    r"^(?:[※*•·-]\s*)?(?:" + "|".join(r"\s*".join(label) for label in (
        "地址", "通讯地址", "邮编", "邮政编码", "电话", "联系电话", "客服电话", "服务热线", "传真", "电子信箱", "电子邮箱",
        "邮箱", "网址")) + r"|e-?mail)\s*[:：]\s*[^。；;！!？?]{1,60}$", re.I)
_CONTACT_PERSON = re.compile(r"^(?:[※*•·-]\s*)?联\s*系\s*人\s*[:：]")
_CONTACT_MIN = 3
# "汉网[汉民族服饰]"; not a citation mark ("[13]", "[14-15]") nor a title's "[组图]" or "[编辑]"
_DIRECTORY = re.compile(r"^[^\[\]【】。，,]{2,30}\[(?![\d\s\-–,]+\])(?P<site>[^\[\]]{2,20})\]$")
_NOT_SITES = frozenset({"编辑", "组图", "多图", "视频", "图片", "图文"})
_DIRECTORY_MIN = 3


def page_lists(probes: list[str], dropped: dict[int, str]) -> dict[int, str]:
    """Lines of bottom menus and contact footers, by index, with the rule's name.

    `dropped`: the lines other rules remove, with their rule; they are not article text here.
    Below the last sentence, once a menu or a ranked list is there, the short lines around it go
    too, metadata lines ("责任编辑：…") apart.
    """
    last = max((i for i, p in enumerate(probes) if i not in dropped and is_sentence(p)), default=-1)
    tail = [i for i in range(last + 1, len(probes)) if i not in dropped]
    drop = _menus(probes, tail)
    if drop or {"ranked-list", "channel-link-list"} & {dropped.get(i) for i in range(last + 1, len(probes))}:
        drop.update({i: "after-page-lists" for i in tail if i not in drop and len(probes[i]) <= _TAIL_SHORT
                     and metadata.parse_line(probes[i], probes[i], in_header=False) is None})
    drop.update(_contact_footer(probes, [i for i in range(len(probes)) if i not in dropped and i not in drop]))
    return drop


def _rank_fits(digits: str, rank: int) -> bool:
    """"163675" is rank 1 and 63675 views; the count needs two digits at least."""
    return digits.startswith(str(rank)) and len(digits) - len(str(rank)) >= 2


def link_lists(probes: list[str]) -> dict[int, str]:
    """Lists of other articles, anywhere: ranked hot lists and channel-tagged lists."""
    return {**_ranked_lists(probes), **_tagged_lists(probes)}


def _ranked_lists(probes: list[str]) -> dict[int, str]:
    """Runs of list items numbered 1, 2, 3… with a view count glued to the rank ("- 239523女子…").

    Counts that are all the same ("- 1000元 / - 2000元…") are price tiers, not views: kept.
    """
    drop: dict[int, str] = {}
    run: list[tuple[int, str]] = []
    for index, probe in enumerate([*probes, ""]):
        match = _RANKED.match(probe)
        if match and _rank_fits(match["digits"], len(run) + 1):
            run.append((index, match["digits"][len(str(len(run) + 1)):]))
            continue
        if len(run) >= _RANKED_MIN and len({count for _, count in run}) > 1:
            drop.update({i: "ranked-list" for i, _ in run})
        run = [(index, match["digits"][1:])] if match and _rank_fits(match["digits"], 1) else []
    return drop


def _tagged_lists(probes: list[str]) -> dict[int, str]:
    """Runs of list items tagged with a channel: "- 【 军事 】 香港警察装备水平可否跻身世界前列"."""
    drop: dict[int, str] = {}
    run: list[int] = []
    for index, probe in enumerate([*probes, ""]):
        match = _TAGGED.match(probe)
        if match and match["word"].upper() in _CHANNELS:
            run.append(index)
            continue
        if len(run) >= _TAGGED_MIN:
            drop.update(dict.fromkeys(run, "channel-link-list"))
        run = []
    return drop


def _menus(probes: list[str], tail: list[int]) -> dict[int, str]:
    """Runs of one-word list items below the last sentence that are mostly channel names
    ("- 推荐 / - 娱乐 / - 体育") or reaction buttons ("- 好文 / - 钦佩")."""
    drop: dict[int, str] = {}
    runs: list[list[int]] = []
    for index in tail:
        if not _MENU_ITEM.match(probes[index]):
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        words = [_MENU_ITEM.match(probes[i])["word"] for i in run]
        after_intro = run[0] > 0 and _INTRO.search(probes[run[0] - 1])
        if len(run) < _MENU_MIN or after_intro:
            continue
        for vocabulary, name in ((_CHANNELS, "channel-menu"), (_REACTIONS, "reaction-buttons")):
            if sum(w.upper() in vocabulary for w in words) >= 0.75 * len(words):
                drop.update(dict.fromkeys(run, name))
    return drop


def _contact_footer(probes: list[str], kept: list[int]) -> dict[int, str]:
    """The page's last lines when they are only address, phone, fax and mail lines, three at
    least. After a "联系人：" line they are a notice's contact, and stay."""
    start = len(kept)
    while start > 0 and _CONTACT.match(probes[kept[start - 1]]):
        start -= 1
    block = kept[start:]
    if len(block) < _CONTACT_MIN or (start > 0 and _CONTACT_PERSON.match(probes[kept[start - 1]])):
        return {}
    return dict.fromkeys(block, "contact-footer")


def header_directory(probes: list[str]) -> set[int]:
    """A blog's sidebar of links above the article: three lines at least shaped "汉网[汉民族服饰]".

    The lines from the first such line up to the header's last line go; that last line, right
    above the article's first sentence, is its title or heading and stays.
    """
    hits = [i for i, p in enumerate(probes) if (m := _DIRECTORY.match(p)) and m["site"] not in _NOT_SITES]
    if len(hits) < _DIRECTORY_MIN:
        return set()
    return set(range(hits[0], max(hits[-1] + 1, len(probes) - 1)))
