"""What a demo URL answers with: a status, bytes and the headers that describe them.

Resources are immutable; a site's state is a mapping from path to Resource, and mutations
between crawls swap entries in that mapping.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

ARTICLE, INDEX, ASSET, ERROR, REDIRECT, PRIVATE = "article", "index", "asset", "error", "redirect", "private"


@dataclasses.dataclass(frozen=True)
class Resource:
    status: int
    body: bytes
    content_type: str                  # the full Content-Type header value, charset or not
    kind: str = ASSET
    location: str = ""                 # absolute URL for redirects
    last_modified: dt.datetime | None = None
    etag: str = ""                     # quoted strong validator, "" when not conditional

    @property
    def compressible(self) -> bool:
        return self.content_type.startswith(("text/", "application/javascript", "application/xml",
                                             "application/rss+xml"))


def html(text: str, *, encoding: str, content_type: str, kind: str, status: int = 200,
         last_modified: dt.datetime | None = None) -> Resource:
    """An HTML page. Article pages get ETag and Last-Modified so conditional GETs work."""
    body = text.encode(encoding)
    etag = ""
    if kind == ARTICLE and status == 200:
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    return Resource(status=status, body=body, content_type=content_type, kind=kind,
                    last_modified=last_modified if etag else None, etag=etag)


def asset(body: bytes, content_type: str) -> Resource:
    return Resource(status=200, body=body, content_type=content_type, kind=ASSET)


def redirect(location: str, status: int = 301) -> Resource:
    body = (f'<html><head><title>{status} Moved Permanently</title></head><body>'
            f'<h1>Moved Permanently</h1><p>The document has moved <a href="{location}">here</a>.</p>'
            f'</body></html>\n').encode("ascii")
    return Resource(status=status, body=body, content_type="text/html; charset=iso-8859-1",
                    kind=REDIRECT, location=location)
