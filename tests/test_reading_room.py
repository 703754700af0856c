"""The reading room (`article-archive serve`): a read-only web view of a collection.

A real collection (the bundled demo crawled twice: one official article edited, one taken down),
the real app through Starlette's TestClient; no mocks."""
from __future__ import annotations

import gzip
import html
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
RAW_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"


# ---- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data_dir(demo_crawled_twice) -> Path:
    return demo_crawled_twice.data


def make_client(d: Path, token: str | None = None):
    from starlette.testclient import TestClient

    from reading_room.app import create_app
    from reading_room.readonly import open_read_only

    return TestClient(create_app(open_read_only(d), token=token))


@pytest.fixture(scope="module")
def client(data_dir):
    return make_client(data_dir)


@pytest.fixture(scope="module")
def index(data_dir) -> list[dict]:
    return [json.loads(line) for line in (data_dir / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def watch(client) -> list[dict]:
    response = client.get("/api/watch", params={"run": "all"})
    assert response.status_code == 200
    return response.json()["changes"]


def copy_collection(data_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".lock"))
    return copy


def text_of(page: str) -> str:
    """What a person reads: tags off, entities decoded, whitespace folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def record_of(index: list[dict], record_id: str) -> dict:
    return next(e for e in index if e["id"] == record_id)


def uuid_of(record_id: str) -> str:
    return re.search(r"[0-9a-f-]{36}", record_id).group(0)


# ---- find -------------------------------------------------------------------------------------

@pytest.mark.slow
def test_find_a_two_character_query_finds_the_article(client, index):
    entry = next(e for e in index if e["title"] and re.search(r"[\u4e00-\u9fff]{2}", e["title"]))
    word = re.search(r"[\u4e00-\u9fff]{2}", entry["title"]).group(0)
    found = client.get("/api/find", params={"q": word, "limit": 100}).json()
    assert entry["id"] in [h["record"] for h in found["hits"]]
    assert found["total"] == len(found["hits"]) >= 1
    page = client.get("/", params={"q": word})
    assert page.status_code == 200
    assert f"/r/{entry['id']}" in page.text
    assert re.search(rf"共 <strong>{found['total']}</strong> 条", page.text)
    assert html.escape(word) in page.text or word in page.text  # the form keeps the query


@pytest.mark.slow
def test_find_counts_and_pages_newest_first(client, index):
    everything = client.get("/api/find", params={"limit": 100}).json()
    assert everything["total"] == len(index) == len(everything["hits"])
    first = client.get("/api/find", params={"limit": 5, "page": 1}).json()
    second = client.get("/api/find", params={"limit": 5, "page": 2}).json()
    assert first["total"] == second["total"] == len(index)
    assert (first["offset"], second["offset"], len(first["hits"]), len(second["hits"])) == (0, 5, 5, 5)
    assert not {h["record"] for h in first["hits"]} & {h["record"] for h in second["hits"]}
    dates = [h["published"] for h in everything["hits"] if h["published"]]
    assert dates == sorted(dates, reverse=True)
    page = client.get("/", params={"limit": 5, "page": 2})
    assert 'rel="prev"' in page.text and 'rel="next"' in page.text
    assert client.get("/", params={"from": "not a date"}).status_code == 400


# ---- article, versions, diff ------------------------------------------------------------------

@pytest.mark.slow
def test_article_page_shows_the_record_file_byte_for_byte(client, data_dir, index):
    for entry in index[:5]:
        page = client.get(f"/r/{entry['id']}")
        assert page.status_code == 200
        shown = re.search(r'<pre class="record" id="record-text"[^>]*>(.*?)</pre>', page.text, re.S).group(1)
        assert html.unescape(shown).encode("utf-8") == (data_dir / "records" / entry["file"]).read_bytes()
        for capture in entry["captures"]:
            assert html.escape(capture["record_id"]) in page.text
            assert f"/capture/{uuid_of(capture['record_id'])}.warc.gz" in page.text
        for version in entry["versions"]:
            assert version["text_digest"] in page.text
        assert html.escape(entry["canonical_reason"]) in page.text
        assert client.get(f"/r/{entry['seq']}").text == page.text  # the number is the same page
    data = client.get(f"/api/r/{index[0]['id']}").json()
    assert data["text"] == (data_dir / "records" / index[0]["file"]).read_text(encoding="utf-8")
    assert data["captures"] == index[0]["captures"] and data["canonical_reason"] == index[0]["canonical_reason"]
    assert client.get(f"/r/{index[0]['id']}", headers={"Accept": "application/json"}).json() == data


@pytest.mark.slow
def test_diff_between_the_two_versions_of_the_edited_article(client, data_dir, watch):
    edit = next(c for c in watch if c["kind"] == "edited")
    with sqlite3.connect(data_dir / "archive.db") as db:
        old, new = [row[0] for row in db.execute(
            "SELECT v.text FROM versions v JOIN pages p ON p.id = v.page_id WHERE p.url = ? ORDER BY v.number",
            (edit["url"],))][-2:]
    added = [line for line in new.splitlines() if line not in old.splitlines()]
    assert added, "the demo's edit adds a line"
    a, b = f"{edit['url']}@{edit['versions'][0]}", f"{edit['url']}@{edit['versions'][1]}"
    page = client.get(f"/r/{edit['record']}/diff", params={"a": a, "b": b})
    assert page.status_code == 200
    assert added[0] in text_of(page.text)
    assert '<tr class="insert">' in page.text or '<tr class="replace">' in page.text
    data = client.get(f"/api/r/{edit['record']}/diff", params={"a": a, "b": b}).json()
    assert f"+{added[0]}" in data["unified"] and not data["identical"]
    # the article's page offers both versions to compare
    article = client.get(f"/r/{edit['record']}").text
    assert html.escape(a) in article and html.escape(b) in article
    assert client.get(f"/r/{edit['record']}/diff", params={"a": a, "b": "http://x/@9"}).status_code == 404


# ---- proof: verify, WARC records, the raw payload ---------------------------------------------

@pytest.mark.slow
def test_verify_passes_on_the_collection(client, index):
    record = index[0]["id"]
    page = client.get(f"/r/{record}/verify")
    assert page.status_code == 200
    assert re.search(r'<p id="verdict" class="pass">pass:', page.text)
    data = client.get(f"/api/r/{record}/verify").json()
    assert data["passed"] and data["summary"]["fail"] == 0
    assert data["checks"][0]["subject"] == f"record {record}" and data["checks"][0]["verdict"] == "pass"
    assert any(c["subject"].startswith("WARC file ") for c in data["checks"])  # fixity, as `verify ID`
    # the same verdicts as the command line's `verify ID --json`
    cli = run_cli("verify", record, "--json", "--data-dir", str(client.app.state.room.data_dir))
    assert cli.returncode == 0, cli.stderr
    assert [(c["subject"], c["passed"]) for c in json.loads(cli.stdout)] == \
        [(c["subject"], c["passed"]) for c in data["checks"]]


@pytest.mark.slow
def test_verify_fails_after_a_byte_of_the_warc_file_is_flipped(data_dir, index, tmp_path):
    copy = copy_collection(data_dir, tmp_path)
    entry = index[0]
    version = entry["versions"][0]
    capture = next(c for c in entry["captures"] if c["record_id"] == version["warc_record_id"])
    path = copy / "warc" / capture["warc_file"]
    data = bytearray(path.read_bytes())
    data[capture["offset"] + capture["length"] // 2] ^= 0x01
    path.write_bytes(bytes(data))
    client = make_client(copy)
    result = client.get(f"/api/r/{entry['id']}/verify").json()
    assert not result["passed"]
    failed = [c for c in result["checks"] if c["verdict"] == "FAIL"]
    assert {c["subject"] for c in failed} >= {f"record {entry['id']}", f"WARC file {capture['warc_file']}"}
    page = client.get(f"/r/{entry['id']}/verify").text
    assert '<p id="verdict" class="fail">FAIL:' in page and '<td class="fail">FAIL</td>' in page


@pytest.mark.slow
def test_capture_download_is_the_exact_warc_records(client, data_dir, index, tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    capture = next(c for c in index[0]["captures"] if c["type"] == "response")
    response = client.get(f"/capture/{uuid_of(capture['record_id'])}.warc.gz")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/warc")
    assert "attachment" in response.headers["content-disposition"]
    body = response.content
    original = (data_dir / "warc" / capture["warc_file"]).read_bytes()
    assert body.startswith(original[capture["offset"]:capture["offset"] + capture["length"]])
    records = []
    for record in ArchiveIterator(io.BytesIO(body), check_digests=True):
        record.content_stream().read()
        assert record.digest_checker.passed is not False, record.digest_checker.problems
        records.append((record.rec_type, record.rec_headers.get_header("WARC-Record-ID")))
    assert records[0] == ("response", capture["record_id"])
    with sqlite3.connect(data_dir / "archive.db") as db:
        request_id = db.execute("SELECT request_record_id FROM captures WHERE warc_record_id = ?",
                                (capture["record_id"],)).fetchone()[0]
    assert ("request", request_id) in records
    saved = tmp_path / "capture.warc.gz"
    saved.write_bytes(body)
    gzip.decompress(body)  # every member is whole
    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run([str(warcio), "check", "-v", str(saved)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout and "fail" not in check.stdout.lower()


@pytest.mark.slow
def test_raw_payload_is_sandboxed(client, index):
    capture = next(c for c in index[0]["captures"] if c["type"] == "response")
    uuid = uuid_of(capture["record_id"])
    raw = client.get(f"/capture/{uuid}/raw")
    assert raw.status_code == 200
    assert raw.headers["content-security-policy"] == RAW_CSP
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert raw.headers["content-type"].startswith("text/html")
    assert b"<html" in raw.content.lower()
    page = client.get(f"/capture/{uuid}")
    assert page.status_code == 200
    assert re.search(rf'<iframe[^>]*\bsandbox\b[^>]*src="/capture/{uuid}/raw"', page.text)
    assert "make pywb" in page.text and "scripts" in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # the app's own pages run no script
    data = client.get(f"/api/capture/{uuid}").json()
    assert data["record_id"] == capture["record_id"] and data["warc_file"] == capture["warc_file"]
    assert [s["record_type"] for s in data["warc_records"]] == ["response", "request"]


# ---- watch, atom, runs ------------------------------------------------------------------------

@pytest.mark.slow
def test_watch_ranks_the_official_takedown_first(client, watch):
    kinds = [c["kind"] for c in watch]
    assert kinds[0] == "taken down" and watch[0]["official"] and watch[0]["detail"].startswith("410")
    edited = kinds.index("edited")
    assert edited < kinds.index("first seen")
    assert watch[edited]["share_changed"] > 0 and watch[edited]["versions"] == [1, 2]
    page = client.get("/watch")
    assert page.status_code == 200
    assert page.text.index("official takedown") < page.text.index("edited")
    assert f"/r/{watch[edited]['record']}/diff?" in page.text
    run2 = client.get("/api/watch", params={"run": 2}).json()["changes"]
    assert {c["kind"] for c in run2} == {"taken down", "edited"}
    latest = client.get("/api/watch").json()  # unless told, the latest run's
    assert latest["runs_shown"] == [2] and latest["changes"] == run2
    assert len(watch) == len(run2) + len(client.get("/api/watch", params={"run": 1}).json()["changes"])
    site = watch[0]["source"]
    assert all(c["source"] == site for c in client.get("/api/watch", params={"site": site}).json()["changes"])
    assert client.get("/watch", params={"run": "x"}).status_code == 400


@pytest.mark.slow
def test_watch_atom_feed_parses(client, watch):
    response = client.get("/watch.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(watch)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip()
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
    assert entries[0].findtext(f"{ATOM}title").startswith("official takedown")


@pytest.mark.slow
def test_runs_page(client):
    runs = client.get("/api/runs").json()["runs"]
    assert [r["id"] for r in runs] == [1, 2] and runs[1]["changed"] == 1 and runs[1]["gone"] == 1
    page = client.get("/runs")
    assert page.status_code == 200 and '<table id="runs">' in page.text and "/watch?run=2" in page.text


# ---- hostile input ----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_hostile_title_and_text_show_as_text(data_dir, index, tmp_path):
    copy = copy_collection(data_dir, tmp_path)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    entry = index[0]
    with sqlite3.connect(copy / "archive.db") as db:
        db.execute("UPDATE versions SET title = ?, author = ?, text = text || ? WHERE page_id IN "
                   "(SELECT id FROM pages WHERE article_id = (SELECT id FROM articles WHERE record_name = ?))",
                   (evil, evil, "\n" + evil, entry["id"]))
    client = make_client(copy)
    for path in (f"/r/{entry['id']}", "/?q=alert", f"/r/{entry['id']}/diff"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<script>" not in page.text and "<img src=x" not in page.text, path
        assert "&lt;script&gt;" in page.text, path
        assert "script-src" not in page.headers["content-security-policy"]
    shown = re.search(r'<pre class="record" id="record-text"[^>]*>(.*?)</pre>', client.get(f"/r/{entry['id']}").text,
                      re.S).group(1)
    assert html.unescape(shown).startswith(evil + "\n") and html.unescape(shown).endswith(evil + "\n")


@pytest.mark.slow
def test_unknown_and_malformed_ids_give_a_404_page(client):
    for path in ("/r/999999", "/r/abc", "/r/<script>", "/r/001_zzzz", "/r/1;DROP%20TABLE", "/api/r/999999",
                 "/capture/not-a-uuid", "/capture/00000000-0000-0000-0000-000000000000",
                 "/capture/00000000-0000-0000-0000-000000000000.warc.gz",
                 "/capture/00000000-0000-0000-0000-000000000000/raw", "/r/999999/verify", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.text and "<script>" not in response.text, path


# ---- read-only --------------------------------------------------------------------------------

@pytest.mark.slow
def test_browsing_never_writes_the_database(data_dir, index, tmp_path):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from archive.models import CrawlRun

    copy = copy_collection(data_dir, tmp_path)
    database = copy / "archive.db"
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    records_before = {p.name: p.read_bytes() for p in (copy / "records").iterdir()}
    client = make_client(copy)
    entry = index[0]
    capture = uuid_of(entry["captures"][0]["record_id"])
    for path in ("/", "/?q=党建", f"/r/{entry['id']}", f"/r/{entry['id']}/diff", f"/r/{entry['id']}/verify",
                 f"/capture/{capture}", f"/capture/{capture}.warc.gz", f"/capture/{capture}/raw", "/watch",
                 "/watch.atom", "/runs", "/api/watch"):
        assert client.get(path).status_code == 200, path
    collection = client.app.state.room.collection
    with pytest.raises(OperationalError, match="readonly|read-only|query_only"):
        with collection.engine.begin() as connection:
            connection.execute(text("DELETE FROM articles"))
    with pytest.raises(OperationalError):
        with collection.session() as session:
            session.add(CrawlRun())
            session.commit()
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert {p.name: p.read_bytes() for p in (copy / "records").iterdir()} == records_before


# ---- the token, and `serve` refusing --------------------------------------------------------------

@pytest.mark.slow
def test_a_token_is_required_on_every_request(data_dir):
    client = make_client(data_dir, token="s3cret-token")
    for path in ("/", "/runs", "/api/runs", "/watch.atom", "/static/style.css"):
        assert client.get(path).status_code == 401, path
    assert client.get("/runs", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/runs", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert client.get("/runs?token=wrong").status_code == 401
    first = client.get("/runs?token=s3cret-token", follow_redirects=False)
    assert first.status_code == 303 and "token" not in first.headers["location"]
    assert "httponly" in first.headers["set-cookie"].lower()
    assert client.get("/runs").status_code == 200  # the cookie it set
    client.cookies.clear()
    assert client.get("/runs").status_code == 401
    feed = client.get("/watch.atom?token=s3cret-token", follow_redirects=False)  # feed readers keep no cookie
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert client.get("/api/runs?token=s3cret-token", follow_redirects=False).status_code == 200


def serve(*argv: str) -> subprocess.CompletedProcess:
    """`article-archive serve ...` (not started when refused)."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", "serve", *argv], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1],
                          env={k: v for k, v in os.environ.items() if k != "ARTICLE_ARCHIVE_SERVE_TOKEN"})


def test_serve_refuses_a_missing_or_empty_data_dir(tmp_path):
    missing = serve("--data-dir", str(tmp_path / "nothing"), "--port", "1")
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "no collection" in missing.stderr
    empty = serve("--data-dir", str(tmp_path), "--port", "1")
    assert empty.returncode == 2 and "no collection database" in empty.stderr
    assert not (tmp_path / "archive.db").exists()  # nothing made


def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    result = serve("--data-dir", str(tmp_path), "--host", "0.0.0.0")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--token" in result.stderr


def test_serve_is_a_subcommand_of_article_archive():
    from crawler.cli import build_parser
    from crawler.cli.serve import cmd_serve, is_loopback

    args = build_parser().parse_args(["serve", "--data-dir", "x", "--database-url", "sqlite:///y"])
    assert (args.host, args.port, args.token, args.database_url, args.func) == \
        ("127.0.0.1", 8000, None, "sqlite:///y", cmd_serve)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")


@pytest.mark.slow
@pytest.mark.postgres
def test_a_postgresql_collection_is_read_only_too(tmp_path):
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import DBAPIError

    from reading_room.readonly import NoCollection, open_read_only
    from tests.conftest import fresh_postgres_database

    with fresh_postgres_database() as empty:
        (tmp_path / "empty").mkdir()
        with pytest.raises(NoCollection, match="empty"):
            open_read_only(tmp_path / "empty", empty)
        engine = create_engine(empty)
        try:
            with engine.connect() as connection:
                assert inspect(connection).get_table_names() == []  # no schema made
        finally:
            engine.dispose()
    with fresh_postgres_database() as url:
        d = tmp_path / "pg"
        result = run_cli("demo", "--data-dir", str(d), "--database-url", url)
        assert result.returncode == 0, result.stderr[-3000:]
        from starlette.testclient import TestClient

        from reading_room.app import create_app

        collection = open_read_only(d, url)
        client = TestClient(create_app(collection))
        entry = json.loads((d / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()[0])
        page = client.get(f"/r/{entry['id']}")
        assert page.status_code == 200
        shown = re.search(r'<pre class="record" id="record-text"[^>]*>(.*?)</pre>', page.text, re.S).group(1)
        assert html.unescape(shown) == (d / "records" / entry["file"]).read_text(encoding="utf-8")
        assert client.get("/api/find", params={"limit": 100}).json()["total"] >= 1
        assert client.get(f"/api/r/{entry['id']}/verify").json()["passed"]
        with pytest.raises(DBAPIError, match="read-only transaction"):
            with collection.engine.begin() as connection:
                connection.execute(text("DELETE FROM crawl_runs"))
        collection.release()
