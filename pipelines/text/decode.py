"""Bytes → text: decide the charset of an HTML page and check that the decoding is plausible.

Evidence, strongest first: a byte-order mark; the bytes being valid UTF-8 (GBK or Latin text is
practically never valid UTF-8 by accident); the HTTP header; each real `<meta>` declaration (a
`charset=` inside a script, a comment or a `<script charset>` attribute is not one); an XML
declaration. Every declared candidate is decoded and verified (replacement characters, control and
private-use characters, Latin mojibake, rare-hanzi mojibake); when none passes, candidates
from detection (charset-normalizer plus the usual Chinese codecs) are scored the same way and the
best wins. Never raises: empty or binary bodies come back with confidence 0.
"""
from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

logger = logging.getLogger(__name__)

# Declarations are looked for in the head; a page that declares its charset after 64 KiB of
# markup is not worth the scan on every page.
_PRESCAN_BYTES = 65536
# Minimum plausibility for a declared charset to be believed without looking further.
_ACCEPT_QUALITY = 0.9
# Below this many non-ASCII bytes, valid UTF-8 is weak evidence (b"\xc3\xa9" is also GBK "茅").
_UTF8_MIN_EVIDENCE = 16

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels browsers treat as a superset (WHATWG Encoding Standard): decoding with the superset
# keeps the characters a GB2312/Big5/Latin-1 page really contains but its label does not cover.
_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "ms936": "gb18030",
    "windows-936": "gb18030", "euc-cn": "gb18030", "euccn": "gb18030", "csgb2312": "gb18030",
    "gb_2312-80": "gb18030", "gb_2312": "gb18030", "gb2312-80": "gb18030", "chinese": "gb18030",
    "iso-ir-58": "gb18030", "csiso58gb231280": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cn-big5": "big5hkscs", "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "korean": "cp949",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    # a meta tag cannot really mean UTF-16: it was read as ASCII (a BOM is handled before labels)
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}

# Text codecs Python knows but no web page is written in; decoding with them would be an attack
# surface (escape sequences) or nonsense.
_NOT_PAGE_CHARSETS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7",
                                "utf-16", "utf-32", "palmos", "undefined"})

_STRIP_BEFORE_PRESCAN = re.compile(
    rb"<!--.*?(?:-->|\Z)|<script\b.*?(?:</script\s*>|\Z)|<style\b.*?(?:</style\s*>|\Z)",
    re.IGNORECASE | re.DOTALL)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET_ATTR = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)

# Plausibility signals, counted with C-speed regexes on at most _SAMPLE_CHARS of text: a wrong
# codec garbles a page evenly, so three windows of a long page tell as much as all of it.
_SAMPLE_CHARS = 150_000
_ASCII_BYTES = bytes(range(128))
# replacement char, C0/C1 controls (except tab/newlines), private use area: a wrong codec's debris
# ([\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]), counted in two parts: the ASCII controls in
# the page's ASCII bytes (`translate` deletes every other byte), the rest among its non-ASCII characters
_DEBRIS_ASCII = bytes([*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20), 0x7f])
_NOT_DEBRIS_BYTES = bytes(b for b in range(128) if b not in _DEBRIS_ASCII)
_DEBRIS_NON_ASCII = re.compile(r"[\ufffd\x80-\x9f\ue000-\uf8ff]")
# UTF-8 read as Latin-1/cp1252 ("Ã©", "â€™") and CJK double bytes read as Latin-1 ("ÖÐ¹ú"):
# genuine Latin text has its accented letters one at a time between ASCII letters.
# Written as one character class first and the choice after it, so that the regex engine can skip
# ahead to candidate characters: the same matches as
#   [\u00c2\u00c3\u00e2][\u0080-\u00bf\u2018-\u203a\u20ac\u0152-\u0178]|[\u00a1-\u00ff]{3,}
# at an eighth of the cost on CJK text.
_LATIN_MOJIBAKE = re.compile(r"[\u00a1-\u00ff]"
                             r"(?:(?<=[\u00c2\u00c3\u00e2])[\u0080-\u00bf\u2018-\u203a\u20ac\u0152-\u0178]"
                             r"|[\u00a1-\u00ff]{2,})")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_LATIN1_LETTER = re.compile(r"[\u00a1-\u00ff]")
_MULTIBYTE = frozenset({"utf-8", "gb18030", "big5hkscs", "big5", "cp950", "cp932", "shift_jis", "euc_jp",
                        "cp949", "euc_kr", "johab", "iso2022_jp", "iso2022_kr", "hz"})
_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str          # Python codec actually used
    # how it was chosen: "bom" | "http-header" | "meta" | "xml-declaration" | "utf-8-valid" (valid UTF-8
    # with no usable declaration) | "detected" | "empty" | "binary"
    method: str
    confidence: float     # 0..1
    # what the response said: {"http": str|None, "meta": [str, ...], "xml": str|None, "bom": str|None}
    declared: dict = field(default_factory=dict)
    replacements: int = 0  # U+FFFD in text


@lru_cache(maxsize=1)
def _common_hanzi() -> re.Pattern[str]:
    """The ~3,755 most frequent Simplified (GB2312 level 1) and ~5,400 most frequent Traditional
    (Big5 level 1) characters. Correctly decoded Chinese prose is almost all made of them; UTF-8
    read as GBK, or Big5 read as GBK, lands mostly in the rare rows."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        chars.update(bytes(b for t in range(0xA1, 0xFF) for b in (lead, t)).decode("gb2312", "ignore"))
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xA4, 0xC7):
        chars.update(bytes(b for t in trails for b in (lead, t)).decode("big5", "ignore"))
    chars = {c for c in chars if _HANZI.match(c)}
    return re.compile("[" + "".join(sorted(chars)) + "]")


@lru_cache(maxsize=1)
def _rare_hanzi() -> re.Pattern[str]:
    """The _HANZI characters _common_hanzi() does not list: counting these few is cheaper than
    counting the common ones, and every hanzi is one or the other."""
    common = _common_hanzi()
    rare = [cp for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)) for cp in range(lo, hi + 1)
            if not common.match(chr(cp))]
    ranges: list[list[int]] = []
    for cp in rare:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return re.compile("[" + "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + "]")


def normalize_label(label: str | None) -> str | None:
    """Map a declared charset label to the Python text codec to decode with, or None if unusable."""
    if not label:
        return None
    in_header = _CHARSET_PARAM.search(label)  # a whole Content-Type value: 'text/html; charset=GBK'
    name = (in_header.group(1) if in_header else label).strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        info = codecs.lookup(name)
        b"a".decode(info.name)  # rejects bytes-to-bytes codecs ("base64", "zlib") and UTF-32
    except (LookupError, ValueError):
        return None
    if info.name in _NOT_PAGE_CHARSETS:
        return None
    return _SUPERSETS.get(info.name.replace("_", "-"), info.name)


def sniff_bom(body: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    return None


def prescan_declarations(body: bytes) -> tuple[list[str], str | None]:
    """Charset labels from `<meta>` tags (in document order) and the XML declaration."""
    head = body[:_PRESCAN_BYTES]
    xml = _XML_DECL.match(head)
    visible = _STRIP_BEFORE_PRESCAN.sub(b" ", head)
    metas = []
    for tag in _META_TAG.finditer(visible):
        found = _CHARSET_ATTR.search(tag.group(0))
        if found:
            metas.append(found.group(1).decode("ascii", "replace"))
    return metas, (xml.group(1).decode("ascii", "replace") if xml else None)


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    window = _SAMPLE_CHARS // 3
    middle = len(text) // 2 - window // 2
    return text[:window] + text[middle:middle + window] + text[-window:]


def plausibility(text: str) -> float:
    """1.0 for text that looks correctly decoded, towards 0.0 the more debris and mojibake it has."""
    text = _sample(text)
    # Most of a page is ASCII markup, and every count below but two is of non-ASCII characters: they
    # are counted in the non-ASCII characters alone (a sixth of the page), with the same results.
    rest = _ASCII_RUNS.sub("", text)
    non_ascii = len(rest)
    if not non_ascii:
        return 1.0
    # debris: the ASCII controls counted in the page's ASCII bytes, the rest in `rest`
    bad = len(text.encode("ascii", "ignore").translate(None, _NOT_DEBRIS_BYTES)) + len(_DEBRIS_NON_ASCII.findall(rest))
    if _LATIN1_LETTER.search(rest):  # mojibake needs its neighbours: counted in the whole text
        bad += sum(map(len, _LATIN_MOJIBAKE.findall(text)))
    hanzi = len(_HANZI.findall(rest))
    # Japanese and Korean legitimately use characters outside the Chinese frequency lists
    if hanzi >= 20 and len(_KANA_HANGUL.findall(rest)) < hanzi / 10:
        rare = len(_rare_hanzi().findall(rest))  # = hanzi - the common ones
        # a few percent of rare characters is normal (names, classical text); more is mojibake
        bad += max(0, rare - hanzi // 12) * 2
    return max(0.0, 1.0 - bad / non_ascii)


def _decode(body: bytes, codec: str) -> str:
    try:
        return body.decode(codec, errors="replace")
    except (LookupError, ValueError):
        return body.decode("utf-8", errors="replace")


def _declared_candidates(http: str | None, metas: list[str], xml: str | None) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for label, how in [(http, "http-header"), *((m, "meta") for m in metas), (xml, "xml-declaration")]:
        codec = normalize_label(label)
        if codec and codec not in seen:
            seen[codec] = how
    return [(codec, how) for codec, how in seen.items()]


def _agreement(codec: str, http: str | None, metas: list[str], xml: str | None) -> int:
    return sum(normalize_label(label) == codec for label in (http, *metas, xml))


def _looks_binary(body: bytes) -> bool:
    sample = body[:4096]
    # text in an ASCII-compatible charset has no NUL bytes; UTF-16 without a BOM is not served as HTML
    return sample.count(0) > len(sample) // 100 or (b"<" not in sample and plausibility(
        sample.decode("utf-8", "replace")) < 0.5 and plausibility(sample.decode("gb18030", "replace")) < 0.5)


def _detected(body: bytes, tried: dict[str, float]) -> tuple[str, float]:
    """Best codec by plausibility among detection's guess, the usual suspects and the declarations."""
    from charset_normalizer import from_bytes  # imported lazily: only mis-declared pages need it

    candidates = [*tried, "gb18030", "big5hkscs", "utf-8", "cp1252"]
    guess = from_bytes(body[:_PRESCAN_BYTES * 4]).best()
    codec = normalize_label(guess.encoding) if guess is not None else None
    if codec:
        candidates.insert(0, codec)
    for codec in candidates:
        if codec not in tried:
            tried[codec] = plausibility(_decode(body, codec))
    order = {c: i for i, c in reversed(list(enumerate(candidates)))}
    # A clean multi-byte decoding is falsifiable evidence; a single-byte codec decodes any bytes
    # (charset-normalizer reads some GBK pages as Kazakh ptcp154), so it only wins when nothing
    # multi-byte is plausible.
    best = max(tried, key=lambda c: (tried[c] >= _ACCEPT_QUALITY, c in _MULTIBYTE, tried[c], -order[c]))
    return best, tried[best]


def decode_html(body: bytes, http_charset: str | None = None) -> Decoded:
    """Decode an HTML response body; see the module docstring for the order of evidence."""
    body = bytes(body or b"")
    metas, xml = prescan_declarations(body)
    bom = sniff_bom(body)
    declared = {"http": http_charset, "meta": metas, "xml": xml, "bom": bom[0] if bom else None}
    if not body.strip():
        return Decoded("", "utf-8", "empty", 0.0, declared, 0)
    if bom:
        text = body[bom[1]:].decode(bom[0], errors="replace")
        return Decoded(text, bom[0], "bom", 1.0, declared, text.count("\ufffd"))
    if _looks_binary(body):
        text = body.decode("utf-8", errors="replace")
        logger.debug("body looks binary; decoded as UTF-8 with replacements")
        return Decoded(text, "utf-8", "binary", 0.0, declared, text.count("\ufffd"))
    result = _decide(body, http_charset, metas, xml)
    return Decoded(*result, declared=declared, replacements=result[0].count("\ufffd"))


def _decide(body: bytes, http: str | None, metas: list[str], xml: str | None) -> tuple[str, str, str, float]:
    candidates = _declared_candidates(http, metas, xml)
    try:
        utf8 = body.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and len(body.translate(None, _ASCII_BYTES)) >= _UTF8_MIN_EVIDENCE:
        how = next((h for c, h in candidates if c == "utf-8"), "utf-8-valid")
        return utf8, "utf-8", how, 1.0 if how != "utf-8-valid" else 0.95
    tried: dict[str, float] = {}
    for codec, how in candidates:
        text = _decode(body, codec)
        quality = tried[codec] = plausibility(text)
        if quality >= _ACCEPT_QUALITY:
            agree = _agreement(codec, http, metas, xml)
            return text, codec, how, round(quality * (0.99 if agree > 1 else 0.95), 3)
        logger.debug("declared charset %s (%s) fails verification: plausibility %.2f", codec, how, quality)
    if utf8 is not None:  # pure ASCII or a little valid UTF-8 and no usable declaration
        return utf8, "utf-8", "utf-8-valid", 0.9
    codec, quality = _detected(body, tried)
    return _decode(body, codec), codec, "detected", round(quality * 0.85, 3)
