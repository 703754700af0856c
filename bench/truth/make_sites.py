"""Write sites.json: a site id per page, for leave-one-site-out cross-validation.

    .venv/bin/python bench/truth/make_sites.py [--check]

Keys are "<corpus>/<file name>" for zh-articles (original/*.html), cjk-newspaper (html/*),
multilingual-snippets (html/*) and web-pages-other (article/html/*). Values:

* web-pages-other: the host of article/urls.json's URL for the page, "www." removed (as asked).
* multilingual-snippets: the registrable domain of the page's URL in evaldata_subset.json (for a
  web.archive.org capture, of the archived URL).
* zh-articles, cjk-newspaper: the registrable domain of the page's own URL, taken from, in order,
  the capture wrapper some browsers saved (<text id="http://...">), <link rel=canonical>, og:url;
  failing those, the registrable domain most frequent among the absolute URLs of the page's
  href/src attributes (third-party infrastructure left out); HAND overrides what that finds.

Registrable domain = public suffix + one label (tldextract's bundled list, no network), so
cn.news.yahoo.com, cn.ent.yahoo.com and cn.biz.yahoo.com, which share one template, are one site.
`registrable()` is importable to group web-pages-other's hosts the same way
(e.g. nasional.kompas.com / otomotif.kompas.com).
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus")
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# zh-articles pages whose HTML names no URL and whose link hosts point elsewhere or nowhere.
# (None needed at the time of writing: every page is resolved by a URL or its link hosts; checked
# by hand against each page's visible site name — see RULES.md.)
HAND: dict[str, str] = {}

# hosts of share buttons, counters, ICP/registration badges, schema URLs: never the site itself
THIRD_PARTY = {
    "w3.org", "baidu.com", "bdimg.com", "bdstatic.com", "weibo.com", "www.gov.cn",
    "miit.gov.cn", "conac.cn", "umeng.com", "bshare.cn", "cnzz.com", "google.com",
    "googleapis.com", "googletagmanager.com", "google-analytics.com", "facebook.com",
    "twitter.com", "jiathis.com", "51.la", "qq.com", "macromedia.com", "adobe.com",
    "microsoft.com", "mozilla.org", "apple.com",
}


def registrable(host_or_url: str) -> str:
    host = urlsplit(host_or_url).hostname if "//" in host_or_url else host_or_url
    ext = _EXTRACT(host or "")
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}".lower()
    return (host or "").lower().removeprefix("www.")


def host(url: str) -> str:
    h = urlsplit(url if "//" in url else "http://" + url).hostname or ""
    return h.lower().removeprefix("www.")


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def own_url(html: str) -> str | None:
    for pat in (r'<text id="(https?://[^"]+)"',
                r'<link[^>]+rel=["\']canonical["\'][^>]*href=["\']([^"\']+)',
                r'<link[^>]+href=["\']([^"\']+)["\'][^>]*rel=["\']canonical',
                r'property=["\']og:url["\'][^>]*content=["\']([^"\']+)',
                r'content=["\']([^"\']+)["\'][^>]*property=["\']og:url'):
        m = re.search(pat, html, re.I)
        if m and m.group(1).strip() and not m.group(1).startswith("/"):
            return m.group(1).strip()
        if m and m.group(1).startswith("//"):
            return "http:" + m.group(1)
    return None


def link_site(html: str) -> str | None:
    counts = Counter()
    for url in re.findall(r'(?:href|src)\s*=\s*["\']?(https?://[^"\'\s>]+)', html, re.I):
        dom = registrable(url)
        if dom and dom not in THIRD_PARTY:
            counts[dom] += 1
    return counts.most_common(1)[0][0] if counts else None


def page_site(path: Path) -> tuple[str | None, str]:
    html = decode(path.read_bytes())
    url = own_url(html)
    if url:
        return registrable(url), "url"
    site = link_site(html)
    return site, "links" if site else "none"


def build() -> tuple[dict[str, str], dict[str, str]]:
    sites, how = {}, {}
    for corpus, folder in (("zh-articles", "zh-articles/original"), ("cjk-newspaper", "cjk-newspaper/html")):
        for p in sorted((CORPUS / folder).glob("*.html")):
            key = f"{corpus}/{p.name}"
            site, h = page_site(p)
            if key in HAND:
                site, h = HAND[key], "hand"
            sites[key], how[key] = site or "unknown", h
    ev = json.loads((CORPUS / "multilingual-snippets/evaldata_subset.json").read_text(encoding="utf-8"))
    by_file = {v["file"]: url for url, v in ev.items()}
    for p in sorted((CORPUS / "multilingual-snippets/html").glob("*.html")):
        url = by_file[p.name]
        m = re.match(r"https?://web\.archive\.org/web/\d+[a-z_]*/(.+)", url)
        sites[f"multilingual-snippets/{p.name}"] = registrable(m.group(1) if m else url)
        how[f"multilingual-snippets/{p.name}"] = "evaldata url"
    urls = json.loads((CORPUS / "web-pages-other/article/urls.json").read_text(encoding="utf-8"))
    for p in sorted((CORPUS / "web-pages-other/article/html").glob("*.html")):
        sites[f"web-pages-other/{p.name}"] = host(urls[p.stem])
        how[f"web-pages-other/{p.name}"] = "urls.json host"
    return sites, how


def main(argv: list[str]) -> int:
    sites, how = build()
    if "--check" in argv:
        for k, v in sites.items():
            if not k.startswith(("multilingual", "web-pages")):
                print(f"{how[k]:6s} {v:24s} {k}")
    text = "{\n" + ",\n".join(f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sites.items()) + "\n}\n"
    (HERE / "sites.json").write_text(text, encoding="utf-8")
    c = Counter(k.split("/")[0] for k in sites)
    print(f"wrote sites.json: {len(sites)} pages ({', '.join(f'{k} {n}' for k, n in c.items())}), "
          f"{len(set(sites.values()))} sites")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
