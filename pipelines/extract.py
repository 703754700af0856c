"""Main-text extraction from decoded HTML (placeholder, to be replaced)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    title: str | None
    author: str | None
    published: str | None
    text: str
    method: str


def extract_article(html: str, url: str | None = None, *, body_selector: str | None = None,
                    title_selector: str | None = None) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True)
    if doc is None:
        return Extracted(None, None, None, "", "none")
    return Extracted(doc.title, doc.author, doc.date, doc.text or "", "trafilatura")
