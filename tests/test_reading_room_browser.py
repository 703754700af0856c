"""The reading room in a real browser: headless Chromium (Debian's, `make browser`) driven by
Selenium against the `serve` command listening on a loopback port, on the demo crawled twice.

What an archivist does, click by click: search by a three-character Chinese query, open the
article, see its copies and why the canonical one was chosen, press verify and read "pass"; open
the watch feed, see the official takedown first, follow the edit's diff; download a capture's WARC
records and read them with warcio. On a copy of the collection with one WARC byte flipped and a
hostile title: verify shows FAIL, the title shows as text and no script runs.

A missing browser fails these tests (naming `make browser`), never skips. With
READING_ROOM_SCREENSHOTS=DIR the pages are also saved there as PNG (`make screenshots` writes the
README's pictures under docs/screenshots/ this way).
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_collection, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = os.environ.get("READING_ROOM_SCREENSHOTS")
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(data: Path):
    """`article-archive serve` on `data` at a free loopback port; its base URL."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "crawler.cli", "serve", "--data-dir", str(data), "--host", "127.0.0.1",
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={k: v for k, v in os.environ.items() if k != "ARTICLE_ARCHIVE_SERVE_TOKEN"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/runs", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None:
                pytest.fail(f"serve exited {server.returncode}: {server.stderr.read()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        stop_server(server, timeout=10)


@pytest.fixture(scope="module")
def served(demo_crawled_twice):
    with serving(demo_crawled_twice.data) as base:
        yield base, demo_crawled_twice.data


@pytest.fixture
def downloads(tmp_path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(downloads):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.fail(f"no headless browser: {', '.join(missing)} missing; run `make browser` (installs Debian's "
                    f"chromium and chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    # headless Chromium drops downloads unless told where they go
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def index_of(data: Path) -> list[dict]:
    return [json.loads(line) for line in (data / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()]


def cjk_run(title: str, length: int) -> str:
    """The first `length` consecutive CJK characters of a title: a query a reader would type."""
    return next(title[i:i + length] for i in range(len(title) - length + 1)
                if all("\u4e00" <= ch <= "\u9fff" for ch in title[i:i + length]))


def shoot(browser, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(SCREENSHOTS) / f"{name}.png"))


def arrive(browser, path: str) -> None:
    """A click starts a navigation: wait until the page at `path` is there."""
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 120).until(EC.url_contains(path))
    WebDriverWait(browser, 120).until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_search_open_see_the_copies_and_verify(served, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    base, data = served
    # the record with the most copies (an official article and its mirrors)
    entry = max(index_of(data), key=lambda e: (len(e["urls"]), e["id"]))
    assert len(entry["urls"]) > 1, "the demo has an article copied by a mirror"
    word = cjk_run(entry["title"], 3)

    browser.get(base + "/")
    browser.find_element(By.ID, "q").send_keys(word)
    browser.find_element(By.ID, "search").click()
    arrive(browser, "?q=")
    assert "条" in browser.find_element(By.ID, "total").text
    shoot(browser, "find")

    browser.find_element(By.CSS_SELECTOR, f'a[href="/r/{entry["id"]}"]').click()
    arrive(browser, f"/r/{entry['id']}")
    assert browser.current_url == f"{base}/r/{entry['id']}"
    shown = browser.find_element(By.ID, "record-text").text
    assert shown.splitlines()[0] == entry["title"]
    assert shown.strip() == (data / "records" / entry["file"]).read_text(encoding="utf-8").strip()
    # the copies, the canonical one marked, and why it was chosen
    rows = browser.find_elements(By.CSS_SELECTOR, "#cluster tbody tr")
    assert sorted(r.find_element(By.CSS_SELECTOR, "td").text.removesuffix(" (canonical)") for r in rows) == \
        sorted(u["url"] if isinstance(u, dict) else u for u in entry["urls"])
    assert [r for r in rows if "canonical" in (r.get_attribute("class") or "")]
    reason = browser.find_element(By.ID, "canonical-reason").text
    assert reason.startswith("why:") and entry["canonical_reason"] in reason
    shoot(browser, "article")

    browser.find_element(By.ID, "verify").click()
    arrive(browser, f"/r/{entry['id']}/verify")
    WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.ID, "verdict")))
    verdict = browser.find_element(By.ID, "verdict").text
    assert verdict.startswith("pass") and "0 fail" in verdict, verdict
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#checks td:first-child")]
    assert cells and set(cells) == {"pass"}
    shoot(browser, "verify")


def test_the_feed_shows_the_takedown_first_and_the_edit_opens_as_a_diff(served, browser):
    from selenium.webdriver.common.by import By

    base, data = served
    browser.get(base + "/watch")
    items = browser.find_elements(By.CSS_SELECTOR, "#changes > li")
    assert items[0].find_element(By.TAG_NAME, "strong").text == "official takedown"
    assert "410" in items[0].text
    shoot(browser, "watch")

    edited = next(i for i in items if i.find_element(By.TAG_NAME, "strong").text == "edited")
    link = edited.find_element(By.PARTIAL_LINK_TEXT, "diff 1 → 2")
    record = link.get_attribute("href").split("/r/")[1].split("/")[0]
    link.click()
    arrive(browser, f"/r/{record}/diff")
    # the demo's edit adds a line: the new side shows it, marked, and the old side has no such line
    with sqlite3.connect(f"file:{data / 'archive.db'}?mode=ro", uri=True) as db:
        old, new = [row[0] for row in db.execute(
            "SELECT v.text FROM versions v JOIN pages p ON p.id = v.page_id JOIN articles a ON a.id = p.article_id "
            "WHERE a.record_name = ? AND p.id = a.canonical_page_id ORDER BY v.number", (record,))][-2:]
    added = next(line for line in new.splitlines() if line not in old.splitlines())
    changed = browser.find_elements(By.CSS_SELECTOR, "#diff tr.insert td.new, #diff tr.replace td.new")
    assert any(added in cell.text for cell in changed), [c.text for c in changed]
    assert browser.find_elements(By.CSS_SELECTOR, "#diff ins")
    shoot(browser, "diff")


def test_a_capture_downloads_as_warc_records_warcio_reads(served, browser, downloads):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from warcio.archiveiterator import ArchiveIterator

    base, data = served
    entry = index_of(data)[0]
    capture = next(c for c in entry["captures"] if c["type"] == "response")
    browser.get(f"{base}/r/{entry['id']}")
    browser.find_element(By.CSS_SELECTOR, "#versions a[href^='/capture/']").click()
    arrive(browser, "/capture/")
    browser.find_element(By.ID, "download").click()
    WebDriverWait(browser, 60).until(lambda _: [p for p in downloads.glob("*.warc.gz")])
    saved = next(downloads.glob("*.warc.gz"))
    records = []
    with saved.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            record.content_stream().read()
            assert record.digest_checker.passed is not False, record.digest_checker.problems
            records.append((record.rec_type, record.rec_headers.get_header("WARC-Record-ID")))
    assert records[0] == ("response", entry["versions"][0]["warc_record_id"])
    assert [kind for kind, _ in records] == ["response", "request"]
    original = (data / "warc" / capture["warc_file"]).read_bytes()
    segment = original[capture["offset"]:capture["offset"] + capture["length"]]
    if capture["record_id"] == records[0][1]:
        assert saved.read_bytes().startswith(segment)  # the archived bytes themselves, not a rewrite


def test_a_flipped_byte_shows_fail_and_a_hostile_title_stays_text(demo_crawled_twice, browser, tmp_path):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    copy = copy_collection(demo_crawled_twice.data, tmp_path / "copy")
    entries = index_of(copy)
    tampered, hostile = entries[0], entries[1]
    capture = next(c for c in tampered["captures"] if c["record_id"] == tampered["versions"][0]["warc_record_id"])
    path = copy / "warc" / capture["warc_file"]
    body = bytearray(path.read_bytes())
    body[capture["offset"] + capture["length"] // 2] ^= 0x01
    path.write_bytes(bytes(body))
    with sqlite3.connect(copy / "archive.db") as db:
        db.execute("UPDATE versions SET title = ?, author = ? WHERE page_id IN (SELECT id FROM pages WHERE "
                   "article_id = (SELECT id FROM articles WHERE record_name = ?))", (EVIL, EVIL, hostile["id"]))

    with serving(copy) as base:
        browser.get(f"{base}/r/{tampered['id']}")
        browser.find_element(By.ID, "verify").click()
        arrive(browser, f"/r/{tampered['id']}/verify")
        WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.ID, "verdict")))
        verdict = browser.find_element(By.ID, "verdict")
        assert verdict.text.startswith("FAIL") and "fail" in (verdict.get_attribute("class") or "")
        assert "FAIL" in [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#checks td:first-child")]

        for path in (f"/r/{hostile['id']}", "/?q=alert"):
            browser.get(base + path)
            with pytest.raises(TimeoutException):  # no script ran: no alert opens
                WebDriverWait(browser, 1.5).until(EC.alert_is_present())
            assert EVIL in browser.find_element(By.TAG_NAME, "main").text, path
            assert not browser.find_elements(By.CSS_SELECTOR, "main img"), path
            assert not browser.find_elements(By.CSS_SELECTOR, "main script"), path
