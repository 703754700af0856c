"""The reading room's web application (Starlette): pages as server-rendered HTML that needs no
JavaScript, each also as JSON (under /api/… or with `Accept: application/json`).

Everything archived is hostile input: templates autoescape, record ids and WARC record ids in
paths are validated before any query, and every page carries a Content-Security-Policy that allows
no script at all. The app only reads: its engine cannot write (reading_room.readonly).
"""
from __future__ import annotations

import hmac
import json
import re
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from archive.collection import Collection
from archive.errors import NotFound

PAGE_SIZE = 20
WATCH_PAGE = 500  # the watch page shows the most important changes; filters by run or source narrow it
FEED_RUNS = 5  # the Atom feed: the changes of the last five runs
RECORD_KEY = re.compile(r"\d{1,9}|\d{3,9}_[0-9a-f]{16}")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
SITE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
TOKEN_COOKIE = "reading_room_token"

PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
RAW_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
STATIC = Path(__file__).parent / "static"


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _jinja() -> Environment:
    env = Environment(loader=PackageLoader("reading_room", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["uuid"] = _uuid
    env.filters["known"] = lambda v: "—" if v is None or v == "" else v
    env.filters["time"] = lambda v: (v.isoformat() if isinstance(v, datetime) else str(v or ""))[:19].replace("T", " ")
    env.filters["pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1, default=_json_default)
    env.globals["q"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")})
    return env


def _uuid(record_id: str | None) -> str:
    from reading_room.proof import uuid_of

    return uuid_of(record_id) or ""


class ReadingRoom:
    """The app's state: the one read-only Collection of the process and the templates."""

    def __init__(self, collection: Collection, token: str | None = None) -> None:
        self.collection = collection
        self.data_dir = collection.data_dir
        self.token = token
        self.templates = _jinja()

    # ---- rendering ------------------------------------------------------------------------------

    def wants_json(self, request: Request) -> bool:
        if request.url.path.startswith("/api/"):
            return True
        accept = request.headers.get("accept", "")
        first = accept.split(",")[0].split(";")[0].strip().lower()
        return first == "application/json"

    def render(self, request: Request, template: str, data: dict, status: int = 200, **context) -> Response:
        if self.wants_json(request):
            body = json.dumps(data, ensure_ascii=False, default=_json_default, indent=1)
            return Response(body, status, media_type="application/json")
        html = self.templates.get_template(template).render(request=request, data=data, **context)
        return HTMLResponse(html, status, headers={"Content-Security-Policy": PAGE_CSP,
                                                   "X-Content-Type-Options": "nosniff",
                                                   "Referrer-Policy": "no-referrer"})

    def error(self, request: Request, status: int, message: str) -> Response:
        return self.render(request, "error.html", {"error": message, "status": status}, status,
                           title=f"{status}")

    # ---- pages ----------------------------------------------------------------------------------

    def find(self, request: Request) -> Response:
        params = request.query_params
        words = (params.get("q") or "").strip()[:200] or None
        source = (params.get("source") or "").strip() or None
        site = (params.get("site") or "").strip()[:200] or None
        author = (params.get("author") or "").strip()[:100] or None
        published_from = (params.get("from") or "").strip() or None
        published_to = (params.get("to") or "").strip() or None
        problems = []
        for name, value in (("from", published_from), ("to", published_to)):
            if value and not DATE.fullmatch(value):
                problems.append(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)")
        if source and not SITE_ID.fullmatch(source):
            problems.append("source: not a source id")
        try:
            page = max(1, min(int(params.get("page") or 1), 100_000))
            limit = max(1, min(int(params.get("limit") or PAGE_SIZE), 100))
        except ValueError:
            page, limit = 1, PAGE_SIZE
        from archive.search import search, sources

        with self.collection.session() as session:
            source_menu = sources(session)
            results = None
            if not problems:
                results = search(session, words=words, source=source, site=site, published_from=published_from,
                                 published_to=published_to, author=author, offset=(page - 1) * limit,
                                 limit=limit)
        form = {"q": words, "source": source, "site": site, "author": author, "from": published_from,
                "to": published_to}
        data = {"query": form, "page": page, "problems": problems,
                "sources": source_menu,
                "total": results.total if results else 0,
                "offset": results.offset if results else 0, "limit": results.limit if results else PAGE_SIZE,
                "hits": [asdict(h) for h in results.hits] if results else []}
        pages = -(-data["total"] // limit) if results else 0
        return self.render(request, "find.html", data, 400 if problems else 200, form=form, pages=pages,
                           limit=limit if limit != PAGE_SIZE else None,
                           title="查找 Find")

    def _article(self, session, key: str):
        from archive.provenance import find_article

        if not RECORD_KEY.fullmatch(key):
            raise NotFound(f"{key[:80]!r} is not a record id (NNN_<16 hex>) or number")
        article = find_article(session, key)
        canonical = next((p for p in article.pages if p.id == article.canonical_page_id), None)
        if canonical is None or not canonical.versions:
            raise NotFound(f"record {article.record_name} has no canonical version yet")
        return article, canonical

    def article(self, request: Request) -> Response:
        from archive.provenance import show
        from archive.records import record_text

        key = request.path_params["key"]
        with self.collection.session() as session:
            article, canonical = self._article(session, key)
            info = show(session, article.record_name)
            text = record_text(canonical.versions[-1])
            by_url = {p.url: p for p in article.pages}
            versions = [{**v, "source": by_url[v["url"]].source_id} for v in info["versions"]]
        data = {**info, "text": text}
        choices = [f"{v['url']}@{v['number']}" for v in versions]
        default_a, default_b = _default_pair(versions)
        return self.render(request, "article.html", data, title=info["title"] or info["id"], versions=versions,
                           choices=choices, default_a=default_a, default_b=default_b)

    def diff(self, request: Request) -> Response:
        from archive.records import record_text

        from reading_room.diffview import side_by_side, unified

        key = request.path_params["key"]
        with self.collection.session() as session:
            article, canonical = self._article(session, key)
            versions = {f"{p.url}@{v.number}": v for p in article.pages for v in p.versions}
            listed = [{"url": p.url, "number": v.number} for p in sorted(article.pages, key=lambda p: p.url)
                      for v in p.versions]
            default_a, default_b = _default_pair(listed)
            a_key = request.query_params.get("a") or default_a
            b_key = request.query_params.get("b") or default_b
            missing = [k for k in (a_key, b_key) if k not in versions]
            if missing:
                raise NotFound(f"record {article.record_name} has no version {missing[0][:300]!r} "
                               f"(give a=URL@N and b=URL@M, as listed on the record's page)")
            a, b = versions[a_key], versions[b_key]
            old, new = record_text(a).splitlines(), record_text(b).splitlines()
            data = {"id": article.record_name, "a": {"version": a_key, "fetched_at": a.fetched_at,
                                                     "text_digest": a.text_digest, "warc_record_id": a.warc_record_id},
                    "b": {"version": b_key, "fetched_at": b.fetched_at, "text_digest": b.text_digest,
                          "warc_record_id": b.warc_record_id},
                    "identical": a.text_digest == b.text_digest and a.title == b.title,
                    "unified": unified(old, new, a_key, b_key)}
            full = request.query_params.get("context") == "all"
            rows = side_by_side(old, new, None if full else 2)
            title = a.title or article.record_name
        return self.render(request, "diff.html", data, title=f"差异 {title}", rows=rows,
                           choices=list(versions), full=full)

    def verify(self, request: Request) -> Response:
        from crawler.proof import verdict, verify_checks

        key = request.path_params["key"]
        rederive = request.query_params.get("rederive", "1") != "0"
        with self.collection.session() as session:
            article, _ = self._article(session, key)
            checks = verify_checks(session, self.data_dir, [article.record_name], rederive=rederive)
            name, title = article.record_name, None
        items = [{"subject": c.subject, "verdict": verdict(c), "passed": c.passed, "problems": c.problems}
                 for c in checks]
        passed = not any(c.passed is False for c in checks)
        data = {"id": name, "passed": passed, "rederive": rederive, "checks": items,
                "summary": {"pass": sum(c.passed is True for c in checks),
                            "fail": sum(c.passed is False for c in checks),
                            "not_checked": sum(c.passed is None for c in checks)}}
        return self.render(request, "verify.html", data, title=f"核验 verify {name}", name=title)

    def capture(self, request: Request) -> Response:
        from archive.models import Page
        from sqlalchemy import or_, select

        from reading_room.proof import capture_segments, find_capture

        name = request.path_params["name"]
        if name.endswith(".warc.gz"):
            return self.capture_download(request, name.removesuffix(".warc.gz"))
        with self.collection.session() as session:
            capture = find_capture(session, name)
            pages = session.scalars(select(Page).where(or_(Page.url == capture.url,
                                                           Page.canonical_url == capture.url))).all()
            records = sorted({p.article.record_name for p in pages if p.article and p.article.record_name})
            _, segments = capture_segments(self.data_dir, capture)
            data = {"url": capture.url, "time": capture.fetched_at, "status": capture.status,
                    "type": capture.record_type, "content_type": capture.content_type, "run": capture.run_id,
                    "source": capture.source_id, "warc_file": capture.warc_filename, "offset": capture.warc_offset,
                    "length": capture.warc_length, "record_id": capture.warc_record_id,
                    "request_record_id": capture.request_record_id, "payload_digest": capture.payload_digest,
                    "block_digest": capture.block_digest, "ip_address": capture.ip_address,
                    "location": capture.location, "refers_to": capture.refers_to, "records": records,
                    "warc_records": [asdict(s) for s in segments]}
        return self.render(request, "capture.html", data, title=f"capture {capture.warc_record_id}",
                           uuid=_uuid(capture.warc_record_id))

    def capture_download(self, request: Request, uuid: str) -> Response:
        from reading_room.proof import capture_warc_bytes, find_capture

        with self.collection.session() as session:
            capture = find_capture(session, uuid)
        body = capture_warc_bytes(self.data_dir, capture)
        filename = f"capture-{_uuid(capture.warc_record_id)}.warc.gz"
        return Response(body, media_type="application/warc", headers={
            "Content-Disposition": f'attachment; filename="{filename}"', "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox"})

    def capture_raw(self, request: Request) -> Response:
        from reading_room.proof import archived_response, find_capture, raw_payload

        with self.collection.session() as session:
            capture = find_capture(session, request.path_params["name"])
            record = archived_response(session, self.data_dir, capture)
        try:
            body = raw_payload(record)
        except Exception as exc:  # an archived payload that does not decode: say so, never crash
            return PlainTextResponse(f"the archived payload cannot be decoded: {type(exc).__name__}", 422,
                                     headers={"Content-Security-Policy": RAW_CSP, "X-Content-Type-Options": "nosniff"})
        content_type = record.header("Content-Type") or "application/octet-stream"
        if not re.fullmatch(r"[\x20-\x7e]{1,200}", content_type):
            content_type = "application/octet-stream"
        return Response(body, 200, headers={
            "Content-Type": content_type, "Content-Security-Policy": RAW_CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})

    def watch(self, request: Request) -> Response:
        """The latest run's changes unless told (`run=N`, `run=all`); the Atom feed, the last
        FEED_RUNS runs' (a reader that polls less often than the crawl runs misses none)."""
        from archive.changes import runs

        from reading_room.watch import atom_feed, ranked_changes

        site, run, problems = self._watch_filters(request)
        feed = request.url.path.endswith(".atom")
        with self.collection.session() as session:
            all_runs = runs(session)
            if run == "all":
                run_ids = None
            elif run is not None:
                run_ids = [run]
            else:
                run_ids = [r["id"] for r in all_runs[-(FEED_RUNS if feed else 1):]]
            items = [] if problems else ranked_changes(session, run_ids=run_ids, site=site)
        if feed:
            if problems:
                return PlainTextResponse("; ".join(problems), 400)
            base = str(request.base_url)
            shown = "every run" if run_ids is None else ", ".join(f"run {r}" for r in run_ids) or "no run yet"
            xml = atom_feed(items, base_url=base, self_url=str(request.url.remove_query_params("token")),
                            title="article-archive watch" + (f": {site}" if site else "") + f" ({shown})")
            return Response(xml, media_type="application/atom+xml; charset=utf-8")
        shown = items[:WATCH_PAGE]
        data = {"site": site, "run": run, "runs_shown": run_ids, "problems": problems, "total": len(items),
                "changes": [i.to_dict() for i in shown]}
        return self.render(request, "watch.html", data, 400 if problems else 200, title="变动 Watch",
                           items=shown, runs=all_runs)

    def _watch_filters(self, request: Request) -> tuple[str | None, int | str | None, list[str]]:
        problems = []
        site = (request.query_params.get("site") or request.query_params.get("source") or "").strip() or None
        if site and not SITE_ID.fullmatch(site):
            problems.append("site: not a source id")
        run: int | str | None = None
        if raw := (request.query_params.get("run") or "").strip():
            if raw == "all":
                run = "all"
            elif raw.isdigit() and len(raw) < 10:
                run = int(raw)
            else:
                problems.append(f"run: {raw[:20]!r} is not a run number (or 'all')")
        return site, run, problems

    def runs(self, request: Request) -> Response:
        from archive.changes import runs

        with self.collection.session() as session:
            rows = runs(session)
        return self.render(request, "runs.html", {"runs": rows}, title="抓取 Runs")

    def style(self, request: Request) -> Response:
        return Response((STATIC / "style.css").read_bytes(), media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "max-age=3600"})


def _default_pair(versions: list[dict]) -> tuple[str | None, str | None]:
    """The two versions a diff shows unless told: the last two of the URL with the most versions."""
    by_url: dict[str, list[int]] = {}
    for v in versions:
        by_url.setdefault(v["url"], []).append(v["number"])
    if not by_url:
        return None, None
    url, numbers = max(by_url.items(), key=lambda item: (len(item[1]), item[0]))
    numbers.sort()
    if len(numbers) < 2:
        return f"{url}@{numbers[-1]}", f"{url}@{numbers[-1]}"
    return f"{url}@{numbers[-2]}", f"{url}@{numbers[-1]}"


class TokenGate:
    """With a token, every request needs it: `Authorization: Bearer T`, or the cookie that
    `?token=T` sets once (the URL is then given again without it; the Atom feed, downloads and
    /api/ take `?token=T` on every request, as feed readers and scripts keep no cookies).
    401 otherwise."""

    def __init__(self, app, token: str) -> None:
        self.app, self.token = app, token

    def _ok(self, candidate: str | None) -> bool:
        return bool(candidate) and hmac.compare_digest(candidate.encode(), self.token.encode())

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if self._ok(bearer) or self._ok(request.cookies.get(TOKEN_COOKIE)):
            return await self.app(scope, receive, send)
        if self._ok(request.query_params.get("token")):
            path = request.url.path
            if path.endswith((".atom", ".warc.gz")) or path.startswith("/api/"):
                # a feed reader or a script: the token in its URL is how it keeps asking
                return await self.app(scope, receive, send)
            response = RedirectResponse(str(request.url.remove_query_params("token")), 303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return await response(scope, receive, send)
        response = PlainTextResponse("401: this reading room needs its token (Authorization: Bearer, or ?token=)",
                                     401, headers={"WWW-Authenticate": "Bearer"})
        return await response(scope, receive, send)


def create_app(collection: Collection, token: str | None = None) -> Starlette:
    """The app over an opened read-only Collection (reading_room.readonly.open_read_only)."""
    room = ReadingRoom(collection, token)

    def page(method):
        def endpoint(request: Request) -> Response:
            try:
                return method(request)
            except NotFound as exc:
                return room.error(request, 404, str(exc))
        return endpoint

    routes = []
    for path, method in (("/", room.find), ("/find", room.find), ("/r/{key}", room.article),
                         ("/r/{key}/diff", room.diff), ("/r/{key}/verify", room.verify),
                         ("/capture/{name}", room.capture), ("/watch", room.watch), ("/runs", room.runs)):
        routes.append(Route(path, page(method)))
        if path != "/":
            routes.append(Route("/api" + path, page(method)))
    routes += [Route("/api/find", page(room.find)), Route("/capture/{name}/raw", page(room.capture_raw)),
               Route("/watch.atom", page(room.watch)), Route("/static/style.css", room.style)]

    async def not_found(request: Request, exc: HTTPException) -> Response:
        return room.error(request, exc.status_code, exc.detail if exc.status_code != 404 else
                          f"nothing at {request.url.path[:200]}")

    async def server_error(request: Request, exc: Exception) -> Response:
        return room.error(request, 500, "the reading room failed on this page; the server log says why")

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, 500: server_error})
    app.state.room = room
    if token:
        app.add_middleware(TokenGate, token=token)
    return app
