"""Exact duplicates: the same normalized text is the same article, wherever it was published."""
from __future__ import annotations

import hashlib


def text_digest(text: str) -> str:
    """Digest of the normalized body (title excluded: mirrors and farms rewrite titles)."""
    return "sha256:" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
