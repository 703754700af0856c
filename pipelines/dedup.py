"""Exact duplicates: the same normalized text is the same article, wherever it was published."""
from __future__ import annotations

from archive.digests import text_digest

__all__ = ["text_digest"]
