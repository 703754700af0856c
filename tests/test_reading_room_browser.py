"""The reading room in a real browser: headless Chromium (Debian's, `make browser`) driven by
Selenium against the `serve` command listening on a loopback port. Search, open the article,
press verify, read "pass". A missing browser fails this test (naming `make browser`), never skips."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(demo_crawled_twice):
    data = demo_crawled_twice.data
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
        yield base, data
    finally:
        stop_server(server, timeout=10)


@pytest.fixture
def browser():
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
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.slow
def test_search_open_the_article_and_verify_it_in_a_browser(served, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    def arrive(path: str) -> None:  # a click starts a navigation; wait until the page is there
        WebDriverWait(browser, 120).until(EC.url_contains(path))
        WebDriverWait(browser, 120).until(lambda b: b.execute_script("return document.readyState") == "complete")

    base, data = served
    entry = json.loads((data / "records" / "index.jsonl").read_text(encoding="utf-8").splitlines()[0])
    word = next(entry["title"][i:i + 2] for i in range(len(entry["title"]) - 1)
                if all("\u4e00" <= ch <= "\u9fff" for ch in entry["title"][i:i + 2]))

    browser.get(base + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys(word)
    browser.find_element(By.ID, "search").click()
    arrive("?q=")
    assert "条" in browser.find_element(By.ID, "total").text

    browser.find_element(By.CSS_SELECTOR, f'a[href="/r/{entry["id"]}"]').click()
    arrive(f"/r/{entry['id']}")
    assert browser.current_url == f"{base}/r/{entry['id']}"
    shown = browser.find_element(By.ID, "record-text").text
    assert shown.splitlines()[0] == entry["title"]
    assert shown.strip() == (data / "records" / entry["file"]).read_text(encoding="utf-8").strip()

    browser.find_element(By.ID, "verify").click()
    arrive(f"/r/{entry['id']}/verify")
    WebDriverWait(browser, 120).until(EC.presence_of_element_located((By.ID, "verdict")))
    verdict = browser.find_element(By.ID, "verdict").text
    assert verdict.startswith("pass"), verdict
    assert "0 fail" in verdict
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#checks td:first-child")]
    assert cells and set(cells) == {"pass"}
