"""Keyword-stuffing lines: the SEO keyword line a content farm prints above an article, tag clouds,
"相关搜索 / 热门搜索" runs and keyword lists, told apart from titles, headings, bylines, list items
and sentences by measured features of the line, not by what its words are.

A keyword line is a run of short noun-like segments between separators (spaces, commas, 、, ;, |),
with no sentence punctuation, few function characters (的 了 是 在…), one kind of separator used
throughout, six segments or more, and segments that repeat one another (党建论文 机关党建论文
党建论文范文). A title or slogan has two or three segments; a byline a label, names and colons; a
sentence function characters and a full stop; an enumeration inside prose ends in 。.

The weights are a logistic regression fitted on tests/data/spam_lines/lines.tsv (384 lines, 109
keyword lines; real lines from ../shared/seeds and ../shared/corpus pages, and lines written for
the purpose) by tests/data/spam_lines/fit.py, which prints the figures below. Held out by origin
(leave-one-origin-out: each page's lines, and the written lines as one group, scored by a model
fitted without them), at the threshold below:

    precision 0.978, recall 0.807 (88 of 109 keyword lines found, 2 other lines taken)
    real lines 0.962 / 0.758, written lines 1.000 / 0.884

The lines missed are short lists (3 to 5 terms: "辟谣,外泄,账号", "标签 苹果 劳动维权 中国"), which
nothing but their meaning tells from a slogan ("守初心 担使命 找差距 抓落实") or a table header;
the two taken are a credits line ("Feat.尹道贤,金锺国,朴孝信,赵PD") and a headline of comma-separated
phrases. Threshold 0.7, fixed before measuring: a line removed by mistake is text lost from the
record, a keyword line kept is noise, so a line goes only when the odds are better than 7 to 3.
The L2 penalty (0.3) was chosen by the same cross-validation among 0.03, 0.1, 0.3, 1 and 3.
Features are scaled to about 0..1 so that the weights can be compared. Lines the features cannot
read are never taken (eligible()): fewer than three segments, mostly Latin, Hangul or Thai words
(there a space separates words, not keywords), table rows.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from . import metadata

__all__ = ["FEATURES", "THRESHOLD", "segments", "features", "score", "eligible", "is_keyword_stuffing"]

# Separators between keywords. "/" is not one: it joins the parts of a name (传感/MEMS, 纸尿裤/尿不湿).
_SEPARATOR = re.compile(r"\s*(?:[,，、;；|｜]|>>|»|\s)+\s*")
_SEPARATOR_KIND = re.compile(r"[,，、;；|｜]|>>|»")
# Sentence ends: a keyword list has none (";" and "；" separate keywords, so they do not count).
_SENTENCE_END = re.compile(r"[。！？!]|\?(?=\s|$)|\.(?=\s|$)")
# Characters of grammar rather than of names: a run of nouns has few of them.
_FUNCTION_CHARS = re.compile("[的了是在和与对把被就也都而将为着所以之这那们我你他她它从向于因但并或]")
_WORD = re.compile(r"\w")  # a segment of punctuation only ("/", "➨➨") is no keyword
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")  # Han and kana
# "标签：", "热门搜索 :", "关键词 >>": a short label before the list is not one of its segments.
_LABEL = re.compile(r"^[^\s,，、;；|｜:：。]{1,8}\s*(?:[:：]|>>|»)\s*")
_MANY = 12        # more segments than this count as this many
_MANY_MIN = 6     # a title or slogan has fewer segments, a tag cloud more
_READ = 300       # what a line is, its first 300 characters show (a 5,000-character paragraph is read no further)

FEATURES = ("segments", "many_segments", "mean_length", "sentence_end", "function_chars", "echo",
            "one_separator", "list_separators", "names", "colons", "single_chars")

# Fitted by tests/data/spam_lines/fit.py on every eligible line of tests/data/spam_lines/lines.tsv.
WEIGHTS = {
    "segments": 2.1510,
    "many_segments": 2.5222,
    "mean_length": -3.4334,
    "sentence_end": -4.8072,
    "function_chars": -2.8105,
    "echo": 1.1629,
    "one_separator": 3.4273,
    "list_separators": 1.9983,
    "names": -1.0496,
    "colons": -1.8981,
    "single_chars": -0.7161,
}
BIAS = -4.8948
THRESHOLD = 0.7
MIN_SEGMENTS = 3


def segments(line: str) -> list[str]:
    """The line's segments between separators, without a short label in front ("标签：")."""
    return [part for part in _SEPARATOR.split(_LABEL.sub("", line.strip())) if _WORD.search(part)]


def _bigrams(token: str) -> set[str]:
    return {token[i:i + 2] for i in range(len(token) - 1)}


def _echo(parts: list[str]) -> float:
    """Share of segments sharing a two-character run with another segment (党建论文 / 党建工作)."""
    if len(parts) < 2:
        return 0.0
    grams = [_bigrams(p.lower()) for p in parts]
    counts = Counter(g for gs in grams for g in gs)
    return sum(any(counts[g] > 1 for g in gs) for gs in grams) / len(parts)


def features(line: str) -> dict[str, float]:
    """The measured features of one line (its first _READ characters), each scaled to about 0..1."""
    line = line.strip()[:_READ]
    parts = segments(line)
    n = len(parts)
    han = _HAN.findall(line)
    kinds = Counter(_SEPARATOR_KIND.findall(line))
    gaps = max(n - 1, 0)
    # Spaces count as a separator kind only where no other separator stands between two segments.
    spaces = gaps - sum(kinds.values())
    if spaces > 0:
        kinds[" "] = spaces
    return {
        "segments": math.log(min(n, _MANY)) / math.log(_MANY) if n else 0.0,
        "many_segments": float(n >= _MANY_MIN),
        "mean_length": min(sum(map(len, parts)) / n, 30) / 30 if n else 0.0,
        "sentence_end": float(bool(_SENTENCE_END.search(line))),
        "function_chars": min(1.0, 5 * len(_FUNCTION_CHARS.findall(line)) / len(han)) if han else 0.0,
        "echo": _echo(parts),
        "one_separator": max(kinds.values()) / sum(kinds.values()) if kinds else 0.0,
        "list_separators": sum(v for k, v in kinds.items() if k not in (" ", "、")) / gaps if gaps else 0.0,
        "names": sum(2 <= len(p) <= 4 and metadata.is_bare_name(p) for p in parts) / n if n else 0.0,
        "colons": min(1.0, sum(p.count(":") + p.count("：") for p in parts) / 2),
        "single_chars": sum(len(p) == 1 for p in parts) / n if n else 0.0,
    }


def score(line: str) -> float:
    """Probability (0..1) that the line is a keyword-stuffing line."""
    values = features(line)
    z = BIAS + sum(WEIGHTS[name] * values[name] for name in FEATURES)
    return 1 / (1 + math.exp(-z))


def eligible(line: str) -> bool:
    """Lines the model may take at all: three segments at least (two are a title, a name and a
    date, a pair of links), half of them written in Han or kana (the features read Chinese: in
    English, Korean or Thai a space separates words and a comma clauses, not keywords), and not a
    table row ("| 2004年 | SBS | …", as trafilatura prints tables: content)."""
    stripped = line.strip()[:_READ]
    if stripped.startswith(("|", "｜")) or not _CJK.search(stripped) or len(_SEPARATOR.findall(stripped)) < 2:
        return False
    parts = segments(stripped)
    return len(parts) >= MIN_SEGMENTS and 2 * sum(bool(_CJK.search(p)) for p in parts) >= len(parts)


def is_keyword_stuffing(line: str) -> bool:
    """True for a line of juxtaposed keywords (SEO keyword line, tag cloud, search terms)."""
    return eligible(line) and score(line) >= THRESHOLD
