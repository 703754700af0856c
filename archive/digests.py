"""Digests with their algorithm named, as WARC does (`sha1:<base32>`, `sha256:<hex>`)."""
from __future__ import annotations

import hashlib


def text_digest(text: str) -> str:
    """Digest of a normalized body (title excluded: mirrors and farms rewrite titles)."""
    return "sha256:" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
