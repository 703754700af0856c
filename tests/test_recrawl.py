"""Scheduled re-crawls against demo sites that change between two crawls: unchanged pages become
revisit records, edited ones new versions with a diff, deleted and moved ones are recorded as such."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoSites
from tests.conftest import ROOT, copy_collection, later_versions_from_new_captures, run_cli

pytestmark = pytest.mark.slow

NEW_SENTENCE = "这是第二次抓取之前新增的一句话，用来检验版本管理。"


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    data = tmp_path_factory.mktemp("recrawl")
    with DemoSites() as sites:
        sources = data / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        first = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
        assert first.returncode == 0, first.stderr[-2000:]
        records_before = {p.name: p.read_text(encoding="utf-8") for p in (data / "records").glob("*.txt")}
        edited, deleted, moved, target = sites.article_urls()["qizhi"][:4]
        paragraphs = sites.placement(edited).article.paragraphs
        sites.edit("qizhi", urlsplit(edited).path, [*paragraphs[:2], NEW_SENTENCE, *paragraphs[2:]])
        sites.delete("qizhi", urlsplit(deleted).path, status=410)
        sites.redirect("qizhi", urlsplit(moved).path, urlsplit(target).path)
        second = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--refetch-all", "--json")
    assert second.returncode == 0, second.stderr[-2000:]
    return {"data": data, "summary": json.loads(second.stdout), "records_before": records_before,
            "edited": edited, "deleted": deleted, "moved": moved}


def db(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / "archive.db")


def test_unchanged_pages_are_revisits_not_versions(changed):
    summary = changed["summary"]
    assert summary["unchanged"] >= 40 and summary["changed"] == 1 and summary["new"] == 0
    assert later_versions_from_new_captures(changed["data"]) == 1


def test_revisit_records_carry_the_right_headers(changed):
    data = changed["data"]
    originals, revisits = {}, []
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                h = record.rec_headers
                if h.get_header("WARC-Type") == "response":
                    originals[h.get_header("WARC-Record-ID")] = h
                elif h.get_header("WARC-Type") == "revisit":
                    revisits.append((h, record.http_headers))
    assert len(revisits) >= 40
    profiles = {h.get_header("WARC-Profile") for h, _ in revisits}
    assert "http://netpreserve.org/warc/1.1/revisit/server-not-modified" in profiles
    assert "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest" in profiles
    for h, http in revisits:
        original = originals[h.get_header("WARC-Refers-To")]
        assert h.get_header("WARC-Refers-To-Target-URI") == original.get_header("WARC-Target-URI")
        assert h.get_header("WARC-Refers-To-Date") == original.get_header("WARC-Date")
        assert h.get_header("WARC-Payload-Digest") == original.get_header("WARC-Payload-Digest")
        if h.get_header("WARC-Profile").endswith("server-not-modified"):
            assert http.get_statuscode() == "304"


def test_warc_files_still_pass_warcio_check(changed):
    files = sorted((changed["data"] / "warc").glob("*.warc.gz"))
    result = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, files)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_edited_page_has_a_new_version_and_a_diff(changed):
    result = run_cli("--data-dir", str(changed["data"]), "history", changed["edited"], "--json")
    info = json.loads(result.stdout)
    assert [v["number"] for v in info["versions"]] == [1, 2]
    assert any(line.startswith("+") and NEW_SENTENCE[:10] in line for line in info["versions"][1]["diff"])
    assert len(info["captures"]) == 2


def test_record_keeps_its_name_and_shows_the_new_text(changed):
    after = {p.name: p.read_text(encoding="utf-8") for p in (changed["data"] / "records").glob("*.txt")}
    assert set(after) == set(changed["records_before"])
    rewritten = [name for name in after if after[name] != changed["records_before"][name]]
    assert len(rewritten) == 1 and NEW_SENTENCE[:10] in after[rewritten[0]]


def test_deleted_and_moved_pages_are_recorded_not_dropped(changed):
    with db(changed["data"]) as conn:
        status = dict(conn.execute("SELECT url, last_status FROM pages"))
        article_count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert status[changed["deleted"]] == 410
    assert status[changed["moved"]] == 301
    assert changed["summary"]["gone"] >= 1
    assert len(list((changed["data"] / "records").glob("*.txt"))) == article_count


def test_crawl_runs_rows_count_the_changes(changed):
    with db(changed["data"]) as conn:
        rows = conn.execute("SELECT status, fetched, changed, gone FROM crawl_runs ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["finished", "finished"]
    assert rows[1][1] > 0 and rows[1][2] == 1 and rows[1][3] >= 1


def test_second_concurrent_run_exits_at_once(changed, tmp_path):
    from crawler.runner import collection_lock

    with collection_lock(changed["data"]):
        result = run_cli("--data-dir", str(changed["data"]), "crawl", "--sources",
                         str(changed["data"] / "sources.toml"), timeout=60)
    assert result.returncode == 2 and "another run is using" in result.stderr


def test_changes_lists_each_transition_once_in_the_run_it_happened(changed):
    data = changed["data"]
    result = run_cli("--data-dir", str(data), "changes", "--run", "2", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    second = json.loads(result.stdout)
    by_url = {(c["url"], c["kind"]): c for c in second}
    edited = by_url[(changed["edited"], "edited")]
    assert edited["detail"].startswith("+1 -0 lines") and edited["record"]
    assert by_url[(changed["deleted"], "taken down")]["detail"] == "410"
    moved = by_url[(changed["moved"], "taken down")]
    assert moved["detail"].startswith("30") and "->" in moved["detail"]
    assert not [c for c in second if c["kind"] == "first seen"]  # nothing new on the second run
    assert {c["run_id"] for c in second} == {2}
    first = json.loads(run_cli("--data-dir", str(data), "changes", "--run", "1", "--json").stdout)
    assert {c["kind"] for c in first} == {"first seen"}  # a 404 that never was a page is no takedown
    assert changed["edited"] in {c["url"] for c in first}
    text = run_cli("--data-dir", str(data), "changes", "--site", "qizhi")
    assert "taken down" in text.stdout and "edited" in text.stdout and "1 edited" in text.stderr
    runs = json.loads(run_cli("--data-dir", str(data), "runs", "--json").stdout)
    assert [(r["id"], r["status"]) for r in runs] == [(1, "finished"), (2, "finished")]
    assert runs[1]["changed"] == 1


def test_the_demos_second_run_shows_an_edit_and_a_takedown(demo_crawled_twice, tmp_path):
    """`make demo` twice: the second run names the article edited and the one taken down since."""
    first, second = demo_crawled_twice.runs
    assert "edited:" not in first.stdout and "taken down:" not in first.stdout
    # `make demo` says how to read the collection in a browser
    hint = next(line for line in first.stdout.splitlines() if line.startswith("read it in a browser: "))
    command = hint.removeprefix("read it in a browser: ").split(" --data-dir ")[0]
    assert f" --data-dir {demo_crawled_twice.data} serve " in hint
    # the name when the shell finds this venv's command, else a path that runs it from here
    assert command == "article-archive" or (ROOT / command).resolve() == Path(sys.executable).with_name(
        "article-archive").resolve(), hint
    data = copy_collection(demo_crawled_twice.data, tmp_path / "demo")
    assert "versions: 1 changed" in second.stdout
    named = [line.strip() for line in second.stdout.splitlines() if line.startswith("  ")]
    assert [line.split(":")[0] for line in named] == ["edited", "taken down"], second.stdout
    assert "(410)" in named[1] and named[0].split()[1] != named[1].split()[2]
    listed = json.loads(run_cli("--data-dir", str(data), "changes", "--run", "2", "--json").stdout)
    assert sorted(c["kind"] for c in listed) == ["edited", "taken down"]
    third = run_cli("--data-dir", str(data), "demo")  # nothing changed since: nothing named, nothing gone again
    assert third.returncode == 0 and "edited:" not in third.stdout and "taken down:" not in third.stdout
    def gone(summary: str) -> int:  # 'versions: 1 changed, 43 unchanged; 1 pages gone'
        line = next(line for line in summary.splitlines() if line.startswith("versions:"))
        return int(line.split("; ")[1].split()[0])

    assert [gone(run.stdout) for run in (first, second, third)] == [0, 1, 0]  # a 404 that never was a page, or a page already gone, is no new loss
