"""Canonical URLs: one spelling per article address, so copies of a URL are recognised.

Why not w3lib's `canonicalize_url` here (it is used for the crawl's own URL identity, in
crawler/url_identity.py, where the form lives only for one run): this form is *stored* — in
`pages.canonical_url`, in each record's name (its hash) and in what `show` looks a pasted URL up
by. w3lib sorts query arguments and re-encodes percent-escapes, which this function leaves as the
site wrote them, and knows nothing of mirror hosts, index files or Chinese portals' tracking
parameters. Switching would give new pages another form than the stored ones for the same address;
it takes a schema revision that recomputes the column, and is not worth it while the two agree on
what they both do (lower-case scheme and host, default port, fragment)."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {"spm", "from", "share", "share_token", "isappinstalled", "scene", "srcid", "ref",
                   "fbclid", "gclid", "wfr", "tt_from", "timestamp"}
INDEX_FILES = ("index.html", "index.htm", "index.shtml", "default.html", "default.htm")


def canonical_url(url: str, host_aliases: dict[str, str] | None = None) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port, no
    trailing `index.html`; hosts listed in `host_aliases` (a mirror's netloc → the main netloc)
    are replaced, so `m.` mirrors map onto the pages they copy."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    if (scheme, netloc.rsplit(":", 1)[-1]) in (("http", "80"), ("https", "443")):
        netloc = netloc.rsplit(":", 1)[0]
    netloc = (host_aliases or {}).get(netloc, netloc)
    path = parts.path or "/"
    for name in INDEX_FILES:
        if path.endswith("/" + name):
            path = path[: -len(name)]
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def mirror_aliases(sources) -> dict[str, str]:
    """Netlocs of mirror sources → the netloc of the source they mirror (for canonical URLs)."""
    aliases = {}
    for source in sources.sources:
        if source.mirror_of:
            main = sources.by_id(source.mirror_of).allowed_domains[0]
            aliases.update({domain: main for domain in source.allowed_domains})
    return aliases
