"""URL patterns generalized from example URLs: what `sources suggest` writes into a [[source]] table.

A URL's path and query are cut into tokens: runs of digits, runs of letters, and single other
characters. URLs whose token sequences have the same shape (same length, digits where digits,
letters where letters, the same punctuation) form a group, and a group becomes one regular
expression, position by position:

- letters that are the same in every URL of the group stay literal (`/fanwen/`, `.html`, `ARTI`),
  letters that differ become `[A-Za-z]+`;
- digits become `\\d+`, but `\\d{3}` or `\\d{4}` where every URL of a group of several has that many
  there (a year, a month and day: the width is the shape, where ids and page numbers grow); one or
  two digits that are the same in every URL of a group of several stay literal (`/n1/`), while a
  longer constant (a year, a channel number) does not: the next year's articles must match too;
- anything else is escaped.

A pattern that would also match one of the URLs it must not (an index page's, for an article
pattern) is made strict — digit counts exact, letters literal — and dropped if it still does.
Pure functions: no I/O.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

_TOKEN = re.compile(r"\d+|[A-Za-z]+|[^A-Za-z\d]")
_LITERAL_DIGITS = 2


@dataclass(frozen=True)
class Pattern:
    regex: str
    count: int                 # example URLs it stands for
    examples: tuple[str, ...]  # the first three


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


def _tokens(path: str) -> list[str]:
    return _TOKEN.findall(path)


def _shape(tokens: list[str]) -> tuple[str, ...]:
    return tuple("9" if t.isdigit() else "a" if t.isalpha() else t for t in tokens)


def _escape(text: str) -> str:
    """re.escape, leaving the characters a URL path is full of and a regex reads literally anyway."""
    return "".join(c if c in "-_/~%=&" else re.escape(c) for c in text)


def _position(values: list[str], strict: bool, words: bool) -> str:
    first = values[0]
    if first.isdigit():
        lengths = {len(v) for v in values}
        if strict:
            return rf"\d{{{len(first)}}}" if len(lengths) == 1 else rf"\d{{{min(lengths)},{max(lengths)}}}"
        if len(values) > 1 and len(set(values)) == 1 and len(first) <= _LITERAL_DIGITS:
            return first
        if len(values) > 1 and lengths in ({3}, {4}):  # a year, a month and day: their width is the shape
            return rf"\d{{{len(first)}}}"
        return r"\d+"  # ids and page numbers grow; one example says nothing about which digits stay
    if first.isalpha():
        distinct = sorted(set(values))
        if len(distinct) == 1:
            return _escape(first)
        return "(?:" + "|".join(map(_escape, distinct)) + ")" if strict or words else "[A-Za-z]+"
    return _escape(first)


def _regex(group: list[list[str]], strict: bool = False, words: bool = False) -> str:
    return "^" + "".join(_position([tokens[i] for tokens in group], strict, words)
                         for i in range(len(group[0]))) + "$"


def generalize(urls: Iterable[str], avoid: Iterable[str] = (), words: bool = False) -> tuple[list[Pattern], list[str]]:
    """Patterns covering `urls` (matched against path and query, as a sources file's are) that match
    none of `avoid`; and the URLs no pattern could cover without matching one of those. `words`:
    letters that differ within a group are listed (`(?:djyj|news)`) rather than generalized: an index
    page's channel names are few and known, where an article's section may be new."""
    paths = {path_and_query(url): url for url in urls}
    avoided = [path_and_query(url) for url in avoid]
    groups: dict[tuple[str, ...], list[str]] = {}
    for path in sorted(paths):
        groups.setdefault(_shape(_tokens(path)), []).append(path)
    patterns: dict[str, list[str]] = {}
    uncovered = []
    for members in groups.values():
        tokens = [_tokens(path) for path in members]
        for strict in (False, True):
            regex = _regex(tokens, strict, words)
            if not any(re.search(regex, other) for other in avoided):
                patterns.setdefault(regex, []).extend(paths[m] for m in members)
                break
        else:
            uncovered.extend(paths[m] for m in members)
    found = [Pattern(regex, len(examples), tuple(examples[:3])) for regex, examples in patterns.items()]
    return sorted(found, key=lambda p: (-p.count, p.regex)), uncovered
