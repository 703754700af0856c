"""A site that misbehaves on purpose, for crawler tests (not part of the demo sources).

Routes (every route ignores query parameters it does not know, so `?copy=N` makes another URL
for the same fault; `/?copies=N` is an index linking every fault N times that way):
    /                      index linking everything below
    /article/1.html, /article/2.html   ordinary UTF-8 article pages
    /status/<code>         answers <code>; 429 and 503 carry Retry-After: 1
    /slow?seconds=N        sleeps N seconds (at most 60), then answers 200
    /empty                 200 with an empty body
    /binary                random (fixed-seed) bytes served as text/html
    /gbk-nocharset         a GBK article page with no charset in header or markup
    /redirect-loop         302 → /redirect-loop/b → 302 → /redirect-loop
    /truncated             Content-Length promises more than is sent, then the connection closes
    /drip?interval=S       a small page sent one byte every S seconds (default 1)
    /reset                 half an article page, then the connection is reset (TCP RST)
    /redirect-offsite      302 → /redirect-offsite/2 → 302 → a page on another host:port
                           (FaultSite(offsite=URL), by default the same server as `localhost`)
    /redirect-chain/<n>    302 → /redirect-chain/<n+1>, up to /redirect-chain/50, which answers 200
    /calendar/YYYY/MM      a month page linking the next month, forever
    /list?sid=X            a list page linking itself with a new random session id
    /huge?mb=N&chunked=1   N MiB (default 2, at most 1024) of valid HTML, with Content-Length or chunked
    /bomb?mb=N             ~N/1000 MiB of gzip (Content-Encoding: gzip) inflating to N MiB
                           (default 512, at most 4096), sent whatever the request accepts
    /doc.pdf               a real one-page PDF, application/pdf
    /nested                20,000 nested divs with an article inside, unclosed tags
    /unknown-charset       a GBK article page labelled `charset=x-unknown-cp`
    /big-headers?kb=N&line=M   N header lines of 1 KiB each (default 1024) and, with `line`, one
                           header line of M KiB; then a small page
    /links?n=N             N links (default 100, at most 100,000) to /item/<i>
    /item/<i>              a tiny page
    /entities              entity expansion (billion laughs), external entities (file:, http:),
                           a title that looks like a path, file: links; an article inside
    /xxe-probe             what /entities' external entity points at: nothing may ever fetch it

`FaultSite.hits` counts every request by path and query, so a test can prove that something was
*not* fetched.
"""
from __future__ import annotations

import collections
import functools
import json
import random
import re
import secrets
import socket
import struct
import threading
import time
import zlib
from http import HTTPStatus

from crawler.demo import assets, content
from crawler.demo.handler import QuietHandler, QuietServer
from crawler.demo.templating import esc, fill

ARTICLES = {"/article/1.html": "three-meetings-one-lesson", "/article/2.html": "digital-party-building"}
GBK_ARTICLE = "community-service"
RESET_ARTICLE = "model-organs"
NESTED_ARTICLE = "investigation-basic-skill"
UNKNOWN_CHARSET_ARTICLE = "youth-study-groups"
ENTITIES_ARTICLE = "discipline-ecology"
UNKNOWN_CHARSET = "x-unknown-cp"
FAULT_LINKS = ("/status/500", "/status/503", "/status/429", "/status/404", "/status/403", "/slow?seconds=1",
               "/empty", "/binary", "/gbk-nocharset", "/redirect-loop", "/truncated")
# Faults added for the limits: each is archived (whole, or marked truncated) or refused with a log line.
MORE_FAULT_LINKS = ("/drip", "/reset", "/redirect-offsite", "/calendar/2024/01", "/list", "/huge?mb=2",
                    "/huge?mb=2&chunked=1", "/bomb", "/doc.pdf", "/nested", "/unknown-charset",
                    "/big-headers?kb=1024", "/entities")
BINARY = random.Random(20240601).randbytes(8192)   # stable bytes, so archived digests are stable
TRUNCATED_CLAIM = 4096
MAX_SLEEP = 60.0
NESTED_DEPTH = 20_000
HUGE_DEFAULT_MB, HUGE_MAX_MB = 2, 1024
BOMB_DEFAULT_MB, BOMB_MAX_MB = 512, 4096
BIG_HEADERS_DEFAULT_KB = 1024
LINKS_DEFAULT, LINKS_MAX = 100, 100_000
MIB = 1 << 20
_CALENDAR = re.compile(r"^/calendar/(\d{4})/(\d{2})$")
_ITEM = re.compile(r"^/item/(\d{1,9})$")
_CHAIN = re.compile(r"^/redirect-chain/(\d{1,6})$")
REDIRECT_CHAIN_END = 50
_SID = re.compile(r"^[0-9a-f]{32}$")


def article_page(article_id: str, *, charset_meta: str) -> str:
    article = content.articles()[article_id]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    return fill("faults/article.html", charset_meta=charset_meta, title=esc(article.title),
                author=esc(article.author), source=esc(article.source),
                date=f"{article.published:%Y-%m-%d}", body=body)


def with_copy(link: str, copy: int) -> str:
    return link + ("&" if "?" in link else "?") + f"copy={copy}"


def index_page(copies: int = 0) -> str:
    """The index; with `copies` N > 0, every article and fault is linked N times (`?copy=i`)."""
    def links(paths, label) -> str:
        hrefs = list(paths) if not copies else [with_copy(p, i) for p in paths for i in range(1, copies + 1)]
        return "\n".join(f'<li><a href="{esc(h)}">{esc(label(h))}</a></li>' for h in hrefs)

    titles = {path: content.articles()[aid].title for path, aid in ARTICLES.items()}
    articles = links(ARTICLES, lambda h: titles[h.split("?", 1)[0]])
    faults = links(FAULT_LINKS + MORE_FAULT_LINKS, lambda h: h)
    return fill("faults/index.html", articles=articles, faults=faults)


# -- page bodies ------------------------------------------------------------------------------------

def calendar_page(year: int, month: int) -> str:
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    days = "".join(f"<td>{d}</td>" + ("</tr><tr>" if d % 7 == 0 else "") for d in range(1, 29))
    return fill("faults/calendar.html", year=f"{year:04d}", month=f"{month:02d}",
                next=f"/calendar/{next_year:04d}/{next_month:02d}", days=days)


def list_page(sid: str) -> str:
    return fill("faults/list.html", sid=esc(sid), next=f"/list?sid={secrets.token_hex(16)}")


def nested_page() -> bytes:
    article = content.articles()[NESTED_ARTICLE]
    paragraphs = "".join(f"<p>{esc(p)}" for p in article.paragraphs)  # no </p>: unclosed on purpose
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(article.title)}_深层嵌套</title>'
            f'</head>\n<body>\n' + '<div class="wrap">' * NESTED_DEPTH +
            f'<article><h1>{esc(article.title)}</h1><div class="content">{paragraphs}'
            f'<span><b><i>未闭合的标签<table><tr><td>单元格' + "\n").encode("utf-8")


def entities_page(probe_url: str) -> bytes:
    """Entity expansion and external entities in an internal DTD subset, plus hostile names."""
    article = content.articles()[ENTITIES_ARTICLE]
    laughs = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html [\n" + "\n".join(laughs) + "\n"
            '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
            f'<!ENTITY net SYSTEM "{esc(probe_url)}">\n'
            f'<!ENTITY % remote SYSTEM "{esc(probe_url)}?dtd=1"> %remote;\n]>\n'
            '<html><head><meta charset="utf-8"><title>../../../../tmp/article-archive-escape</title>\n'
            '<link rel="stylesheet" href="file:///etc/passwd"><script src="file:///etc/hostname"></script>'
            '</head>\n'
            '<body><div class="main"><h1>../../../../tmp/article-archive-escape</h1>\n'
            '<p>&lol9;</p><p>&xxe;</p><p>&net;</p>\n'
            '<div class="content">\n' + paragraphs + "\n</div>\n"
            '<a href="file:///etc/passwd">passwd</a> <a href="javascript:alert(1)">js</a>\n'
            '<img src="file:///etc/shadow"><iframe src="data:text/html,&lt;b&gt;x&lt;/b&gt;"></iframe>\n'
            "</div></body></html>\n").encode("utf-8")


def drip_page() -> bytes:
    return b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>drip</title></head><body><p>' + \
        "一个字节一个字节地发送的页面。".encode("utf-8") + b"</p></body></html>\n"


def huge_blocks(mb: int) -> tuple[bytes, bytes, bytes, int]:
    """Head, one repeated block, tail, and how many blocks make about `mb` MiB of valid HTML."""
    head = (b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>' + "超大页面".encode("utf-8") +
            b'</title></head>\n<body><div class="content">\n')
    tail = b"</div></body></html>\n"
    paragraphs = content.articles()["party-affairs-cadres"].paragraphs
    block = "".join(f"<p>{esc(p)}</p>\n" for p in paragraphs).encode("utf-8")
    count = max(1, -(-(mb * MIB - len(head) - len(tail)) // len(block)))
    return head, block, tail, count


@functools.lru_cache(maxsize=4)
def gzip_bomb(mb: int) -> bytes:
    """A gzip member that inflates to `mb` MiB of HTML (mostly spaces), built in well under a second:
    one fully flushed deflate block for 1 MiB of spaces, repeated (each copy stands alone)."""
    head, tail = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>bomb</title></head><body><p>', \
        b"</p></body></html>\n"
    chunk = b" " * MIB
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    one = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = one.compress(chunk) + one.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = last.compress(tail) + last.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    chunk_crc_state = crc
    for _ in range(mb):
        chunk_crc_state = zlib.crc32(chunk, chunk_crc_state)
    crc = zlib.crc32(tail, chunk_crc_state)
    size = len(head) + mb * MIB + len(tail)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"   # gzip, deflate, no name, mtime 0, max compression
    return header + start + block * mb + end + struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)


@functools.cache
def tiny_pdf() -> bytes:
    """A valid one-page PDF 1.4 (catalog, pages, page, content stream, font; exact xref offsets)."""
    text = b"BT /F1 18 Tf 36 72 Td (article-archive fault site) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(params.get(name, default)), low), high)
    except ValueError:
        return default


# -- the server -------------------------------------------------------------------------------------

class _FaultServer(QuietServer):
    offsite: str | None = None

    def __init__(self, address, handler) -> None:
        self.hits: collections.Counter[str] = collections.Counter()
        self.hits_lock = threading.Lock()
        super().__init__(address, handler)


class _FaultServer6(_FaultServer):
    address_family = socket.AF_INET6


class _FaultHandler(QuietHandler):
    server: _FaultServer

    def do_GET(self) -> None:
        self.route(head_only=False)

    def do_HEAD(self) -> None:
        self.route(head_only=True)

    def params(self) -> dict[str, str]:
        return dict(p.partition("=")[::2] for p in self.request_query().split("&") if p)

    def route(self, *, head_only: bool) -> None:
        with self.server.hits_lock:
            self.server.hits[self.path] += 1
        path = self.request_path()
        if path == "/":
            copies = _int_param(self.params(), "copies", 0, 0, 100)
            self.html(200, index_page(copies).encode("utf-8"), head_only=head_only)
        elif path in ARTICLES:
            page = article_page(ARTICLES[path], charset_meta='<meta charset="utf-8">')
            self.html(200, page.encode("utf-8"), head_only=head_only)
        elif path.startswith("/status/"):
            self.status(path.removeprefix("/status/"), head_only=head_only)
        elif path == "/slow":
            self.slow(head_only=head_only)
        elif path == "/empty":
            self.write(200, b"", [("Content-Type", "text/html; charset=utf-8")], head_only=head_only)
        elif path == "/binary":
            self.write(200, BINARY, [("Content-Type", "text/html")], head_only=head_only)
        elif path == "/gbk-nocharset":
            page = article_page(GBK_ARTICLE, charset_meta="").encode("gbk")
            self.write(200, page, [("Content-Type", "text/html")], head_only=head_only)
        elif path in ("/redirect-loop", "/redirect-loop/b"):
            target = "/redirect-loop/b" if path == "/redirect-loop" else "/redirect-loop"
            self.redirect(self.absolute(target), head_only=head_only)
        elif path == "/truncated":
            self.truncated(head_only=head_only)
        elif path == "/drip":
            self.drip(head_only=head_only)
        elif path == "/reset":
            self.reset(head_only=head_only)
        elif path == "/redirect-offsite":
            self.redirect(self.absolute("/redirect-offsite/2"), head_only=head_only)
        elif path == "/redirect-offsite/2":
            self.redirect(self.offsite_url(), head_only=head_only)
        elif (hop := _CHAIN.match(path)) is not None:
            number = int(hop.group(1))
            if number < REDIRECT_CHAIN_END:
                self.redirect(self.absolute(f"/redirect-chain/{number + 1}"), head_only=head_only)
            else:
                self.html(200, b"<html><body><p>end of the redirect chain</p></body></html>", head_only=head_only)
        elif _CALENDAR.match(path):
            self.calendar(path, head_only=head_only)
        elif path == "/list":
            sid = self.params().get("sid", "")
            self.html(200, list_page(sid if _SID.match(sid) else "").encode("utf-8"), head_only=head_only)
        elif path == "/huge":
            self.huge(head_only=head_only)
        elif path == "/bomb":
            body = gzip_bomb(_int_param(self.params(), "mb", BOMB_DEFAULT_MB, 1, BOMB_MAX_MB))
            self.write(200, body, [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                       head_only=head_only)
        elif path == "/doc.pdf":
            self.write(200, tiny_pdf(), [("Content-Type", "application/pdf")], head_only=head_only)
        elif path == "/nested":
            self.html(200, nested_page(), head_only=head_only)
        elif path == "/unknown-charset":
            page = article_page(UNKNOWN_CHARSET_ARTICLE, charset_meta="").encode("gbk")
            self.write(200, page, [("Content-Type", f"text/html; charset={UNKNOWN_CHARSET}")], head_only=head_only)
        elif path == "/big-headers":
            self.big_headers(head_only=head_only)
        elif path == "/links":
            count = _int_param(self.params(), "n", LINKS_DEFAULT, 0, LINKS_MAX)
            items = "\n".join(f'<li><a href="/item/{i}">条目 {i}</a></li>' for i in range(1, count + 1))
            self.html(200, fill("faults/links.html", count=str(count), items=items).encode("utf-8"),
                      head_only=head_only)
        elif (item := _ITEM.match(path)) is not None:
            self.html(200, fill("faults/item.html", number=item.group(1)).encode("utf-8"), head_only=head_only)
        elif path == "/entities":
            self.html(200, entities_page(self.absolute("/xxe-probe")), head_only=head_only)
        elif path == "/style.css":
            self.write(200, assets.static_text("farm.css").encode("utf-8"), [("Content-Type", "text/css")],
                       head_only=head_only)
        elif path == "/robots.txt":
            self.write(200, b"User-agent: *\nDisallow:\n", [("Content-Type", "text/plain")], head_only=head_only)
        else:
            self.html(404, b"<html><body><h1>404 Not Found</h1></body></html>", head_only=head_only)

    def html(self, status: int, body: bytes, *, head_only: bool) -> None:
        self.write(status, body, [("Content-Type", "text/html; charset=utf-8")], head_only=head_only)

    def host_port(self) -> str:
        host, port = self.server.server_address[:2]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def absolute(self, path: str) -> str:
        return f"http://{self.host_port()}{path}"

    def offsite_url(self) -> str:
        if self.server.offsite:
            return self.server.offsite
        return f"http://localhost:{self.server.server_address[1]}/article/1.html"  # another host:port string

    def redirect(self, location: str, *, head_only: bool) -> None:
        self.write(302, b"", [("Location", location), ("Content-Type", "text/html")], head_only=head_only)

    def status(self, text: str, *, head_only: bool) -> None:
        if not text.isdigit() or not 200 <= int(text) <= 599:
            self.html(404, b"<html><body><h1>404 Not Found</h1></body></html>", head_only=head_only)
            return
        code = int(text)
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Unknown"
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if code in (429, 503):
            headers.append(("Retry-After", "1"))
        if code in (301, 302, 303, 307, 308):
            headers.append(("Location", self.absolute("/")))
        body = f"<html><body><h1>{code} {phrase}</h1></body></html>".encode("ascii")
        self.write(code, body, headers, head_only=head_only)

    def slow(self, *, head_only: bool) -> None:
        try:
            seconds = min(max(float(self.params().get("seconds", "1")), 0.0), MAX_SLEEP)
        except ValueError:
            seconds = 1.0
        time.sleep(seconds)
        body = f"<html><body><h1>slow</h1><p>waited {seconds:g} seconds</p></body></html>".encode("ascii")
        self.html(200, body, head_only=head_only)

    def truncated(self, *, head_only: bool) -> None:
        page = article_page(ARTICLES["/article/1.html"], charset_meta='<meta charset="utf-8">').encode("utf-8")
        body = page[:TRUNCATED_CLAIM // 4]
        self.close_connection = True
        self.write(200, body, [("Content-Type", "text/html; charset=utf-8"), ("Connection", "close")],
                   head_only=head_only, length=TRUNCATED_CLAIM)
        self.wfile.flush()

    def _start(self, status: int, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def drip(self, *, head_only: bool) -> None:
        """Headers at once, then the body one byte at a time; ends when the client hangs up."""
        try:
            interval = min(max(float(self.params().get("interval", "1")), 0.01), 10.0)
        except ValueError:
            interval = 1.0
        body = drip_page()
        self._start(200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        if head_only:
            return
        self.close_connection = True
        for i in range(len(body)):
            if i:
                time.sleep(interval)
            self.wfile.write(body[i:i + 1])   # raises once the client is gone: the thread ends

    def reset(self, *, head_only: bool) -> None:
        """Promise a whole page, send half, then abort the connection with a TCP reset."""
        page = article_page(RESET_ARTICLE, charset_meta='<meta charset="utf-8">').encode("utf-8")
        self._start(200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))])
        if head_only:
            return
        self.wfile.write(page[: len(page) // 2])
        time.sleep(0.2)   # let the half arrive before the reset (a reset may discard unread data)
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.wfile.close()
        self.connection.close()   # with SO_LINGER 0: RST instead of FIN

    def calendar(self, path: str, *, head_only: bool) -> None:
        year, month = (int(g) for g in _CALENDAR.match(path).groups())
        if not (1900 <= year <= 9999 and 1 <= month <= 12):
            self.html(404, b"<html><body><h1>404 Not Found</h1></body></html>", head_only=head_only)
            return
        self.html(200, calendar_page(year, month).encode("utf-8"), head_only=head_only)

    def huge(self, *, head_only: bool) -> None:
        params = self.params()
        head, block, tail, count = huge_blocks(_int_param(params, "mb", HUGE_DEFAULT_MB, 1, HUGE_MAX_MB))
        chunked = params.get("chunked") == "1"
        headers = [("Content-Type", "text/html; charset=utf-8")]
        headers.append(("Transfer-Encoding", "chunked") if chunked else
                       ("Content-Length", str(len(head) + count * len(block) + len(tail))))
        self._start(200, headers)
        if head_only:
            return
        for part in (head, *([block] * count), tail):   # a generator would do; the list is of references
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def big_headers(self, *, head_only: bool) -> None:
        params = self.params()
        kb = _int_param(params, "kb", BIG_HEADERS_DEFAULT_KB, 0, 100_000)
        line_kb = _int_param(params, "line", 0, 0, 100_000)
        filler = "x" * 1000
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for i in range(kb):
            self.send_header(f"X-Filler-{i:06d}", filler)
        if line_kb:
            self.send_header("X-Long", "y" * (line_kb * 1024))
        body = b"<html><body><p>big headers</p></body></html>"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)


class FaultSite:
    """One loopback port answering the fault routes above.

    `offsite`: where /redirect-offsite/2 points (a URL on another host:port, e.g. a second
    FaultSite); by default this server under the name `localhost`, which no source allows.
    `host="::1"` serves on IPv6 loopback.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", offsite: str | None = None) -> None:
        self.host = host
        self.offsite = offsite
        self._wanted_port = port
        self.port = 0
        self._server: _FaultServer | None = None

    def start(self) -> FaultSite:
        if self._server is not None:
            raise RuntimeError("fault site already started")
        server_class = _FaultServer6 if ":" in self.host else _FaultServer
        self._server = server_class((self.host, self._wanted_port), _FaultHandler)
        self._server.offsite = self.offsite
        self.port = self._server.port
        self._server.start_background("demo-faults")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FaultSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def hits(self) -> collections.Counter[str]:
        """Requests served so far, by path and query (a copy)."""
        if self._server is None:
            raise RuntimeError("fault site is not running")
        with self._server.hits_lock:
            return collections.Counter(self._server.hits)

    @property
    def netloc(self) -> str:
        if self._server is None:
            raise RuntimeError("fault site is not running")
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def base_url(self, site_id: str = "faults") -> str:
        return f"http://{self.netloc}"

    def url(self, path: str) -> str:
        return self.base_url() + path

    def sources_toml(self, *, copies: int = 0, source_id: str = "faults", allow_private: bool = True) -> str:
        """A sources entry that sends a crawler through every fault (for crawler tests).

        Every fault route is an article pattern, with any query (`?copy=N`, `?mb=N`...), so each is
        fetched as an article and reaches the text pipeline. `copies` > 0 starts at `/?copies=N`,
        the index that links every fault N times.
        """
        start = self.url("/" if not copies else f"/?copies={copies}")
        return "\n".join([
            "[[source]]", f"id = {json.dumps(source_id)}", 'name = "fault site (tests)"', 'priority = "farm"',
            f"start_urls = [{json.dumps(start)}]",
            f"allowed_domains = [{json.dumps(self.netloc)}]",
            # The crawler matches patterns against path and query together.
            r"article_patterns = ['^/(article/\d+\.html|status/\d+|slow|empty|binary|gbk-nocharset|"
            r"redirect-loop(/b)?|truncated|drip|reset|redirect-offsite(/\d+)?|redirect-chain/\d+|"
            r"calendar/\d{4}/\d{2}|list|huge|bomb|doc\.pdf|nested|unknown-charset|big-headers|links|item/\d+|"
            r"entities)(\?[^#]*)?$']",
            r"follow_patterns = ['^/(\?copies=\d+)?$']", 'script = "zh-Hans"', 'mirror_of = ""',
            f"allow_private_addresses = {'true' if allow_private else 'false'}"]) + "\n"
