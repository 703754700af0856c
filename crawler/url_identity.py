"""When two URLs are the same page to the crawl: session ids dropped, then w3lib's canonical form.

The spider dedupes on `url_key`, and a split crawl gives each key one owner (crawler.frontier). A
page that links itself with a new session id every time (`?sid=<random>`) is one URL.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url


# Parameters that only ever carry a session (Heritrix strips the same in its canonicalization).
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sessionid", "session_id", "sessid", "cfid", "cftoken"})
# Parameters that carry a session only when the value looks like a random token: `sid=3` is
# often a section id on Chinese portals, `sid=9f86d081884c7d659a2feaa0c55ad015` is not.
TOKEN_PARAMS = frozenset({"sid", "session", "sess"})
_TOKEN = re.compile(r"[0-9a-fA-F]{16,}|(?=[A-Za-z0-9_-]{24,}$)(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]+")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*", re.IGNORECASE)


def _is_session_param(name: str, value: str) -> bool:
    name = name.lower()
    return (name in SESSION_PARAMS or name.startswith("aspsessionid")
            or (name in TOKEN_PARAMS and _TOKEN.fullmatch(value) is not None))


def url_key(url: str) -> str:
    """The form URLs are told apart by: session ids dropped, then w3lib's canonical form. The
    spider dedupes on it, and a split crawl gives each key one owner."""
    return canonicalize_url(strip_session_ids(url))


def strip_session_ids(url: str) -> str:
    """The URL without session-id parameters (query, or `;jsessionid=` in the path); the same
    string when there are none."""
    if "?" not in url and ";" not in url:
        return url
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_session_param(k, v)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))
