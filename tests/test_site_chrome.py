"""Page chrome learned per source: counted over the demo farm's articles, removed from their texts,
carried in the WARC files, re-derived by verify and reproduced by reprocess."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoSites
from pipelines.store.site_chrome import URI_PREFIX, LearnedChrome, list_digest, repeated_lines
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

SLOGAN = "普文库，陪您写好每一篇材料。"  # the demo farm's own line under every article


# -- counting (pure) ---------------------------------------------------------------------------

def article(*own: str) -> list[str]:
    return ["本网讯 机关党建工作要突出政治功能，提升组织力。", *own]


def test_a_line_in_most_articles_is_learned_and_a_rare_one_is_not():
    articles = [article(f"第{i}篇文章自己的段落，讲的是不同的事情。", "扫码关注本站，每日推送精选文章")
                for i in range(8)]
    articles[0].append("（以下简称“两个机制”）是本文的关键。")
    found, total = repeated_lines(articles)
    assert total == 8
    assert "扫码关注本站，每日推送精选文章" in found
    assert not any("第" in line and "篇文章" in line for line in found), "each article's own text stays"
    assert "（以下简称“两个机制”）是本文的关键。" not in found


def test_copies_of_one_article_count_once_and_few_articles_teach_nothing():
    # one article copied to many URLs is one article: its lines are not chrome however many copies
    assert repeated_lines([article("独有的一段话。")]) == (set(), 1)
    three = [article(f"第{i}篇。", "本站口号") for i in range(3)]
    assert repeated_lines(three) == (set(), 3), "fewer than MIN_ARTICLES articles: nothing is learned"


def test_a_list_travels_as_a_warc_payload_and_checks_its_digest():
    learned = LearnedChrome("farm", (SLOGAN, "扫码关注本站"), 8)
    uri, payload, content_type = learned.warc_record()
    assert uri == URI_PREFIX + "farm" and content_type == "application/json"
    assert LearnedChrome.from_warc_payload(payload) == LearnedChrome("farm", tuple(sorted(learned.lines)), 8)
    forged = json.loads(payload)
    forged["lines"].append("正文里的一句话。")
    with pytest.raises(ValueError, match="digest"):
        LearnedChrome.from_warc_payload(json.dumps(forged).encode())


# -- end to end on the demo sites --------------------------------------------------------------

@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """The demo sites crawled twice into one collection: the list is learned at the end of run 1
    and applied from the start of run 2."""
    data = tmp_path_factory.mktemp("learned")
    with DemoSites() as sites:
        sources = data / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        first = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources))
        assert first.returncode == 0, first.stdout + first.stderr[-3000:]
        shutil.copytree(data / "records", data.parent / "records-after-run-1")
        second = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--refetch-all")
        assert second.returncode == 0, second.stdout + second.stderr[-3000:]
    return data


def db(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / "archive.db")


def test_the_farm_slogan_is_learned_and_no_record_keeps_it(collection):
    with db(collection) as conn:
        lists = conn.execute("SELECT source_id, lines, learned_from FROM site_chrome").fetchall()
        farm_pages = conn.execute("SELECT COUNT(*) FROM pages WHERE source_id = 'farm'").fetchone()[0]
    assert [(source, json.loads(lines)) for source, lines, _ in lists] == [("farm", [SLOGAN])], \
        "only the farm repeats a line the rules do not know; the official sites teach nothing"
    assert lists[0][2] >= 4
    assert farm_pages >= 4
    records = list((collection / "records").glob("*.txt"))
    assert records and not any(SLOGAN in path.read_text(encoding="utf-8") for path in records)


def test_each_farm_text_is_derived_again_from_the_same_capture(collection):
    with db(collection) as conn:
        rows = conn.execute(
            "SELECT p.url, v.number, v.warc_record_id, v.fetched_at, v.settings, v.text, v.report FROM versions v "
            "JOIN pages p ON p.id = v.page_id WHERE p.source_id = 'farm' ORDER BY p.url, v.number").fetchall()
    by_url: dict[str, list] = {}
    for row in rows:
        by_url.setdefault(row[0], []).append(row)
    assert by_url
    digest = list_digest([SLOGAN])
    for url, versions in by_url.items():
        first, latest = versions[0], versions[-1]
        assert SLOGAN in first[5] and "site_chrome" not in json.loads(first[4]), url
        assert SLOGAN not in latest[5], url
        assert json.loads(latest[4])["site_chrome"] == digest, url
        assert (latest[2], latest[3]) == (first[2], first[3]), "same response record, same capture time"
        assert any(step.get("why") == "site-repeated-line" for step in json.loads(latest[6])), url
    with db(collection) as conn:  # the official sites' texts were never derived again
        others = conn.execute("SELECT COUNT(*) FROM versions v JOIN pages p ON p.id = v.page_id "
                              "WHERE p.source_id != 'farm' AND v.settings LIKE '%site_chrome%'").fetchone()[0]
    assert others == 0


def test_show_names_the_list_a_version_was_derived_with(collection):
    with db(collection) as conn:
        url = conn.execute("SELECT url FROM pages WHERE source_id = 'farm' ORDER BY url LIMIT 1").fetchone()[0]
    shown = run_cli("--data-dir", str(collection), "show", url, "--json")
    assert shown.returncode == 0, shown.stderr[-2000:]
    farm = [v for v in json.loads(shown.stdout)["versions"] if v["url"] == url]
    assert [bool(v.get("site_chrome")) for v in farm] == [False, True]
    assert farm[1]["site_chrome"] == list_digest([SLOGAN])
    text = run_cli("--data-dir", str(collection), "show", url)
    assert "with site chrome list sha256:" in text.stdout


def test_the_warc_files_carry_the_list(collection):
    found: dict[str, list[str]] = {}
    for path in sorted((collection / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.rec_type == "metadata" and uri.startswith(URI_PREFIX):
                    learned = LearnedChrome.from_warc_payload(record.content_stream().read())
                    found.setdefault(path.name, []).append(learned.digest)
    derived = [name for name in found if "-derived-" in name]
    captures_of_run_2 = [name for name in found if "-derived-" not in name]
    assert derived, "the list learned at the end of run 1 is written beside the texts derived with it"
    assert captures_of_run_2, "run 2 applied the list from the start: its capture files carry it"
    assert {d for digests in found.values() for d in digests} == {list_digest([SLOGAN])}


def test_verify_re_derives_with_the_list_and_fails_without_it(collection, tmp_path):
    result = run_cli("--data-dir", str(collection), "verify", "--all")
    assert result.returncode == 0, result.stdout[-3000:]
    copy = tmp_path / "copy"
    shutil.copytree(collection, copy)
    with db(copy) as conn:
        conn.execute("DELETE FROM site_chrome")
    broken = run_cli("--data-dir", str(copy), "verify", "--all")
    assert broken.returncode != 0
    lines = broken.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FAIL")]
    problems = [line.strip() for line in lines if line.startswith("  ")]
    with db(copy) as conn:
        farm_articles = conn.execute("SELECT COUNT(DISTINCT article_id) FROM pages WHERE source_id = 'farm'").fetchone()[0]
    assert len(failed) == farm_articles, "exactly the records with a farm text derived with the list"
    assert problems and all("site chrome list sha256:" in p and "/fanwen/" in p for p in problems), problems


def test_reprocess_learns_the_same_list_and_rebuilds_the_same_records(collection, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(collection, copy)
    (copy / "archive.db").unlink()
    shutil.rmtree(copy / "records")
    result = run_cli("--data-dir", str(copy), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    originals = {p.name: p.read_bytes() for p in (collection / "records").iterdir()}
    rebuilt = {p.name: p.read_bytes() for p in (copy / "records").iterdir()}
    assert rebuilt == originals
    with db(copy) as conn:
        assert [json.loads(lines) for (lines,) in conn.execute("SELECT lines FROM site_chrome")] == [[SLOGAN]]
