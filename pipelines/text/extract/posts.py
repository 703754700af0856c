"""Pages of several posts: a forum thread (a first post and its replies) or a blog page that shows
several entries in full. The article is one post: the one the page's title names, else the first
(a thread's opening post; the reply list never).

A post list is found by its shape, not by a site's class names: two or more sibling elements of
the same kind (tag, first class name, id without its digits: `post_1234` and `post_1240` are one
kind), each holding a short line with its own date or time (the post's header) and some prose, which
together hold most of the page's prose. Paragraph wrappers repeat too, but carry no date each; teaser and related-news lists carry
dates but little prose, and an article above them holds more prose than they do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .blocks import Block, is_prose
from .byline import is_link_text
from .html import _norm

# a date or a time of day in the post's own header: '发表于 2023-5-12 10:32', '2023年05月12日', '10:32'
_STAMP = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\b\d{1,2}:\d{2}\b")
_DIGITS = re.compile(r"\d+")
_MIN_POSTS = 2
_MIN_THREAD = 3
_NAMED_SHARE = 0.5
# posts are containers; rows, cells and paragraphs that repeat with dates are tables and chronologies
_POST_TAGS = frozenset({"div", "article", "section", "li", "dl"})
_STAMP_LINE = 80
# the list holds at least this share of the page's prose characters
_PROSE_SHARE = 0.6


@dataclass(frozen=True)
class PostList:
    posts: list[etree._Element]
    chosen: etree._Element
    why: str   # "title" | "first"


def _kind(el: etree._Element) -> tuple[str, str, str]:
    classes = (el.get("class") or "").split()
    return (el.tag, classes[0] if classes else "", _DIGITS.sub("", el.get("id") or ""))


def find_posts(root: etree._Element, blocks: list[Block], title: str | None) -> PostList | None:
    """The page's post list and the post that is the article, or None for a page of one article."""
    prose_chars: dict[etree._Element, int] = {}
    stamped: set[etree._Element] = set()   # elements holding a short line with a date or time
    total = 0
    for block in blocks:
        if block.link_chars < 0.3 * len(block.text) and is_prose(block.text):
            total += len(block.text)
            for el in (block.owner, *block.owner.iterancestors()):
                prose_chars[el] = prose_chars.get(el, 0) + len(block.text)
        elif len(block.text) <= _STAMP_LINE and _STAMP.search(block.text):
            stamped.update((block.owner, *block.owner.iterancestors()))
    if not total:
        return None
    best: list[etree._Element] | None = None
    for parent in {el.getparent() for el in prose_chars if el.getparent() is not None}:
        groups: dict[tuple[str, str, str], list[etree._Element]] = {}
        for child in parent:
            if child.tag in _POST_TAGS and prose_chars.get(child):
                groups.setdefault(_kind(child), []).append(child)
        for group in groups.values():
            posts = [el for el in group if el in stamped]
            if len(posts) < _MIN_POSTS or len(posts) < 0.8 * len(group):
                continue
            if sum(prose_chars[el] for el in posts) >= _PROSE_SHARE * total and (
                    best is None or len(posts) > len(best)):
                best = posts
    if best is None:
        return None
    named = _named_by_title(best, title)
    if named is not None:
        # a heading section and a body section of one kind (`section.pageContent` twice) are one
        # article cut in two, not two posts: the post the title names holds a post's share of prose
        if prose_chars[named] < _NAMED_SHARE * max(prose_chars[el] for el in best):
            return None
        return PostList(best, named, "title")
    # with no title to go by, a thread: an opening post and at least two replies
    return PostList(best, best[0], "first") if len(best) >= _MIN_THREAD else None


def _named_by_title(posts: list[etree._Element], title: str | None) -> etree._Element | None:
    """The post whose own heading is the page's title (a blog page that shows several entries)."""
    flat = _norm(title or "")
    if len(flat) < 4:
        return None
    for post in posts:
        for heading in post.iter("h1", "h2", "h3", "h4"):
            text = _norm(heading.text_content())
            if text and (text == flat or (len(text) >= 4 and text in flat and len(text) >= 0.6 * len(flat))):
                return post
    return None


_HANDLE = re.compile(r"^[^\s|｜]{2,20}$")


def post_author(post: etree._Element) -> str | None:
    """The handle of a post's writer: forum software links it first in the post's header, before
    the avatar's badges, counts and the post itself ('山城老周', '南窗小院'). The first link with a
    name-like text: 2 to 20 characters, no spaces, not only digits, not a navigation word."""
    for link in post.iter("a"):
        text = link.text_content().strip()
        if _HANDLE.match(text) and not text.isdigit() and not is_link_text(text):
            return text
    return None


def keep_one_post(found: PostList) -> int:
    """Remove every other post of the list from the tree, in place; returns how many."""
    removed = 0
    for post in found.posts:
        if post is not found.chosen:
            post.drop_tree()
            removed += 1
    return removed
