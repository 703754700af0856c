"""Replay through pywb, run as a real server on loopback, of a collection made by a real crawl.

Three pywb collections over the same crawl, so that each way in is proven on its own:
  warcs  the WARC files added with `wb-manager add` (pywb indexes them itself)
  ours   the WARC files with *our* CDXJ index (archive.index), nothing re-indexed by pywb
  wacz   our WACZ package added with `wb-manager add --unpack-wacz` (pywb takes the package's index)
The crawled site is stopped before pywb starts: whatever comes back came from the archive.

pywb cannot share the project's virtualenv (it pins Werkzeug, redis and brotlipy, which would replace
the `brotli` module Scrapy uses), so it lives in its own: `make pywb` creates .venv-pywb.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.index import write_cdxj
from archive.wacz import write_wacz
from tests.archived_site import ARTICLES, Collection, crawled_collection
from tests.conftest import ROOT, stop_server

pytestmark = pytest.mark.slow

PYWB_VENV = ROOT / ".venv-pywb"
COLLECTIONS = ("warcs", "ours", "wacz")


def pywb_tool(name: str) -> str:
    """A pywb command from .venv-pywb (or $PYWB_BIN, or PATH); skips the test when there is none."""
    for directory in (os.environ.get("PYWB_BIN"), str(PYWB_VENV / "bin")):
        if directory and (Path(directory) / name).exists():
            return str(Path(directory) / name)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"pywb's `{name}` is not installed: run `make pywb` (creates {PYWB_VENV.name}) "
                    "or set PYWB_BIN to a directory holding wb-manager and wayback")
    return found


def run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@dataclass(frozen=True)
class Replay:
    base: str                # http://127.0.0.1:PORT, pywb's root
    collection: Collection   # what was crawled, and the bytes the site served


@pytest.fixture(scope="module")
def pywb(tmp_path_factory) -> Iterator[Replay]:
    """pywb serving the three collections on a loopback port; stopped when the module is done."""
    wb_manager, wayback = pywb_tool("wb-manager"), pywb_tool("wayback")
    collection = crawled_collection(tmp_path_factory)  # crawled only once pywb is known to be there
    root = tmp_path_factory.mktemp("pywb")
    # capture files only, as the README says: pywb would index the derived-text `conversion` records
    # under the page URLs too (our own CDXJ leaves them out)
    warcs = [str(p) for p in collection.warc_files if "-derived-" not in p.name]
    run([wb_manager, "init", "warcs"], root)
    run([wb_manager, "add", "warcs", *warcs], root)
    run([wb_manager, "init", "ours"], root)
    for warc in collection.warc_files:
        shutil.copy2(warc, root / "collections" / "ours" / "archive")
    write_cdxj(collection.warc_files, root / "collections" / "ours" / "indexes" / "index.cdxj")
    package = write_wacz(collection.data_dir, root / "collection.wacz")
    run([wb_manager, "init", "wacz"], root)
    run([wb_manager, "add", "--unpack-wacz", "wacz", str(package)], root)

    port = free_port()
    log = (root / "wayback.log").open("wb")
    server = subprocess.Popen([wayback, "--bind", "127.0.0.1", "--port", str(port), "--directory", str(root)],
                              cwd=root, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"pywb exited ({server.returncode}):\n{(root / 'wayback.log').read_text()[-3000:]}")
            try:
                if fetch(base + "/", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"pywb did not answer on {base} within 60 s")
            time.sleep(0.2)
        yield Replay(base, collection)
    finally:
        stop_server(server, timeout=15)
        log.close()


def capture_timestamp(pywb: Replay, coll: str, url: str) -> str:
    """The capture's 14-digit timestamp, as pywb's own CDX API lists it."""
    status, _, body = fetch(f"{pywb.base}/{coll}/cdx?url={url}&output=json")
    assert status == 200 and body.strip(), f"{coll}: pywb has no capture of {url}"
    lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    assert all(line["status"] == "200" for line in lines)
    return lines[-1]["timestamp"]


@pytest.mark.parametrize("coll", COLLECTIONS)
def test_archived_articles_come_back_byte_for_byte(pywb, coll):
    collection = pywb.collection
    for article in ARTICLES:
        url = collection.url(article.path)
        ts = capture_timestamp(pywb, coll, url)
        status, headers, body = fetch(f"{pywb.base}/{coll}/{ts}id_/{url}")
        assert status == 200, f"{coll} {url}: {status}"
        assert body == collection.files[article.path], f"{coll} {url}: not the bytes the site served"
        assert headers.get("Memento-Datetime"), "pywb answered as a replay, not as a proxy"
        assert article.title.encode(article.charset) in body


@pytest.mark.parametrize("coll", COLLECTIONS)
def test_replayed_page_is_rewritten_in_its_own_charset(pywb, coll):
    article = next(a for a in ARTICLES if a.charset == "gbk")
    url = pywb.collection.url(article.path)
    status, _, body = fetch(f"{pywb.base}/{coll}/{capture_timestamp(pywb, coll, url)}mp_/{url}")
    assert status == 200
    assert b"wombat" in body, "mp_ is pywb's rewritten replay, with its client-side rewriter injected"
    assert article.paragraphs[0].encode("gbk") in body  # the GBK text survives rewriting


@pytest.mark.parametrize("coll", COLLECTIONS)
def test_what_was_never_archived_is_not_found(pywb, coll):
    status, _, _ = fetch(f"{pywb.base}/{coll}/2026id_/{pywb.collection.url('/a99.html')}")
    assert status == 404
