"""Script detection and conversion with OpenCC.

Conversion runs only when the text needs it: t2s on a Simplified text is not a no-op (it turns
the surname 於 into 于 and can touch 乾 and 著), so the script is detected first, and in a mostly
Simplified text the characters that are also standard Simplified are kept as written. Japanese
(kana in the running text) is left alone; the kana share is measured on the prose lines only, so a
Japanese banner or language switch the extractor let into a Chinese article does not decide it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import opencc

from ._shapes import is_sentence

SIMPLIFIED, TRADITIONAL, MIXED = "simplified", "traditional", "mixed"

# Characters t2s changes that are also standard Simplified (通用规范汉字表): 乾隆, 於 (surname),
# 著作, 瞭望, 宫商角徵羽, 慰藉, 夥 (many), 昇 (surname), 幺麼. Their presence proves nothing.
SIMPLIFIED_TOO = frozenset("乾於著瞭徵藉夥昇麼")
# Characters s2t changes that are also ordinary Traditional (皇后, 若干, 台灣, 公里, 范仲淹...):
# they prove nothing either, and keep a Traditional text from looking mixed.
TRADITIONAL_TOO = frozenset(
    "丑么于云伙余党冲准几凶划匀占厘台叶吁吃后咸夸岳峰干并床征恒愿斗朴杰涌淀温游灶猫皂秘税筑粽群脱腊范"
    "葱辟郁采里霉")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))  # the same characters as _HAN
# Japanese writes kanji in forms OpenCC takes for Traditional (業, 歴): a text with kana is left alone.
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_KANA_SHARE = 0.05
_PROSE_MIN = 80  # a line this long is running text even without a full stop
_CONFIGS = {"zh-Hans": "t2s", "zh-TW": "s2tw", "zh-HK": "s2hk"}
TARGETS = ("keep", *_CONFIGS)


@lru_cache(maxsize=8)
def converter(config: str) -> opencc.OpenCC:
    """One OpenCC instance per config: loading its dictionaries costs far more than converting."""
    return opencc.OpenCC(config)


def _char_kind(char: str) -> str | None:
    if char not in SIMPLIFIED_TOO and converter("t2s").convert(char) != char:
        return TRADITIONAL
    if char not in TRADITIONAL_TOO and converter("s2t").convert(char) != char:
        return SIMPLIFIED
    return None


@lru_cache(maxsize=1)
def _kind_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Character classes of the Han characters _char_kind calls Traditional, and Simplified.

    Built once per process from _char_kind itself (~60 ms); counting a text's matches is then
    a regex scan instead of a Counter and a lookup per distinct character."""
    kinds: dict[str, list[int]] = {TRADITIONAL: [], SIMPLIFIED: []}
    for lo, hi in _HAN_RANGES:
        for cp in range(lo, hi + 1):
            kind = _char_kind(chr(cp))
            if kind:
                kinds[kind].append(cp)
    return _char_class(kinds[TRADITIONAL]), _char_class(kinds[SIMPLIFIED])


def _char_class(codepoints: list[int]) -> re.Pattern[str]:
    ranges: list[list[int]] = []
    for cp in codepoints:  # ascending
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    if not ranges:
        return re.compile("(?!)")
    return re.compile("[" + "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + "]")


def evidence(text: str) -> Counter:
    """How many characters of the text are written only in Traditional, and only in Simplified."""
    traditional, simplified = _kind_patterns()
    kinds: Counter = Counter()
    if n := len(traditional.findall(text)):
        kinds[TRADITIONAL] = n
    if n := len(simplified.findall(text)):
        kinds[SIMPLIFIED] = n
    return kinds


def detect(text: str) -> str:
    """"simplified", "traditional" or "mixed"; a text without Han characters counts as simplified."""
    return _script(evidence(text))


def _script(kinds: Counter) -> str:
    if not kinds[TRADITIONAL]:
        return SIMPLIFIED
    return MIXED if kinds[SIMPLIFIED] else TRADITIONAL


def needs_conversion(script: str, target: str) -> bool:
    if target == "keep":
        return False
    if target == "zh-Hans":
        return script != SIMPLIFIED
    return script != TRADITIONAL


_KEEP_SPLIT = re.compile(f"([{''.join(sorted(SIMPLIFIED_TOO))}])")


@dataclass(frozen=True)
class Plan:
    """What to do with every piece of one document, decided once from the whole of it."""
    script: str
    config: str | None  # OpenCC config, None for no conversion
    protect: bool       # keep the characters that are standard Simplified too
    reason: str = ""    # why this plan, for the report

    def apply(self, text: str) -> str:
        if self.config is None:
            return text
        cc = converter(self.config)
        if not self.protect:
            return cc.convert(text)
        return "".join(part if part in SIMPLIFIED_TOO else cc.convert(part) for part in _KEEP_SPLIT.split(text))


def is_japanese(text: str) -> bool:
    kana = len(_KANA.findall(text))
    return kana > 0 and kana >= _KANA_SHARE * (kana + len(_HAN.findall(text)))


def prose(text: str) -> str:
    """The lines of running text (a sentence, or a paragraph of _PROSE_MIN characters), or the whole
    text when it has none: what the article is written in, without its headings and leftovers."""
    lines = [line for line in text.split("\n") if is_sentence(line) or len(line) >= _PROSE_MIN]
    return "\n".join(lines) if lines else text


def plan(text: str, target: str) -> Plan:
    """Detect the script of the whole document and decide how to convert it to `target`."""
    kinds = evidence(text)
    script = _script(kinds)
    if not needs_conversion(script, target):
        return Plan(script, None, False, "target-met" if target != "keep" else "keep")
    if is_japanese(prose(text)):  # a kana banner line left in a Chinese text does not make it Japanese
        return Plan(script, None, False, "japanese-kana")
    # A Simplified text with a few stray Traditional characters keeps 乾隆 and the surname 於;
    # a Traditional text converts them like every other character.
    protect = target == "zh-Hans" and kinds[SIMPLIFIED] > kinds[TRADITIONAL]
    return Plan(script, _CONFIGS[target], protect, f"{script}-input")
