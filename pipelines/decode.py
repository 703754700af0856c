"""Bytes → text: decide the charset of an HTML page (placeholder, to be replaced)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str
    method: str
    confidence: float
    declared: dict = field(default_factory=dict)
    replacements: int = 0


def decode_html(body: bytes, http_charset: str | None = None) -> Decoded:
    charset = (http_charset or "utf-8").lower()
    if charset in {"gb2312", "gbk"}:
        charset = "gb18030"
    text = body.decode(charset, errors="replace")
    return Decoded(text, charset, "http-header" if http_charset else "default", 0.5,
                   {"http": http_charset}, text.count("\ufffd"))
