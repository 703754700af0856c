"""CDXJ index and WACZ package of a collection made by a real crawl of a loopback site.

Every line of the index must lead, by file and offset, to the WARC record it names; every file of
the package must have the hash and size datapackage.json claims; and py-wacz's validator, where it
is installed, must accept the package and reject a tampered one.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import surt
from warcio.archiveiterator import ArchiveIterator

from archive.index import collection_warc_files, write_cdxj
from archive.wacz import write_wacz
from archive.warcread import read_record_at
from crawler.cli import package as cli_package
from crawler.runner import collection_lock
from tests.archived_site import ARTICLES, Collection, crawled_collection
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

CDXJ_LINE = re.compile(r"^(\S+) (\d{14}) (\{.*\})$")


@pytest.fixture(scope="session")
def collection(tmp_path_factory) -> Collection:
    return crawled_collection(tmp_path_factory)


@pytest.fixture(scope="session")
def records_index(collection) -> list[dict]:
    text = (collection.data_dir / "records" / "index.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="session")
def wacz_path(collection, tmp_path_factory) -> Path:
    return write_wacz(collection.data_dir, tmp_path_factory.mktemp("wacz") / "collection.wacz", title="测试合集")


def parse_cdxj(text: str) -> list[tuple[str, str, dict]]:
    lines = []
    for line in text.splitlines():
        match = CDXJ_LINE.match(line)
        assert match, f"not a CDXJ line: {line!r}"
        lines.append((match[1], match[2], json.loads(match[3])))
    return lines


def make_parser() -> argparse.ArgumentParser:
    """The command line as crawler/cli.py builds it, with only our two commands registered."""
    parser = argparse.ArgumentParser(prog="article-archive")
    parser.add_argument("--data-dir", type=Path)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    cli_package.add_parsers(parser.add_subparsers(dest="command", required=True), common)
    return parser


# -- CDXJ ---------------------------------------------------------------------------------------

def test_the_crawl_archived_every_article(collection, records_index):
    assert len(collection.warc_files) >= 1
    assert sorted(e["canonical_url"] for e in records_index) == sorted(collection.url(a.path) for a in ARTICLES)


def test_cdxj_is_sorted_surt_keyed_and_points_at_the_records(collection, tmp_path):
    out = tmp_path / "sub" / "index.cdxj"
    count = write_cdxj(collection.warc_files, out)
    text = out.read_text(encoding="utf-8")
    lines = parse_cdxj(text)
    assert count == len(lines) > 0
    raw = text.encode("utf-8").splitlines()
    assert raw == sorted(raw), "pywb binary-searches the index: it must be in byte order"
    by_url = {}
    for key, ts, fields in lines:
        assert set(fields) >= {"url", "mime", "digest", "length", "offset", "filename"}
        assert key == surt.surt(fields["url"])
        record = read_record_at(collection.data_dir / "warc" / fields["filename"], int(fields["offset"]))
        assert record.url == fields["url"]
        assert record.record_type in ("response", "revisit", "metadata")
        assert record.warc_headers["WARC-Payload-Digest"] == fields["digest"]
        assert record.digest_passed is not False
        assert record.date.replace("-", "").replace("T", "").replace(":", "")[:14] == ts
        if record.record_type == "response":
            assert int(fields["status"]) == record.status
        by_url[fields["url"]] = fields
    for article in ARTICLES:  # each article page, as the site served it, is in the index
        fields = by_url[collection.url(article.path)]
        assert (fields["status"], fields["mime"]) == ("200", "text/html")
        record = read_record_at(collection.data_dir / "warc" / fields["filename"], int(fields["offset"]))
        assert record.body == collection.files[article.path]
    assert not any(l for l in lines if l[2].get("mime") == "application/warc-fields"), "warcinfo is not indexed"


def test_cdxj_agrees_with_the_provenance_in_the_records_index(collection, records_index, tmp_path):
    out = tmp_path / "index.cdxj"
    write_cdxj(collection.warc_files, out)
    indexed = {(f["filename"], int(f["offset"]), int(f["length"])) for _, _, f in parse_cdxj(out.read_text("utf-8"))}
    for entry in records_index:
        for capture in entry["captures"]:
            assert (capture["warc_file"], capture["offset"], capture["length"]) in indexed


def test_cdxj_is_replaced_atomically_or_not_at_all(collection, tmp_path):
    out = tmp_path / "index.cdxj"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(OSError):
        write_cdxj([*collection.warc_files, tmp_path / "missing.warc.gz"], out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["index.cdxj"], "no temporary file is left behind"
    assert write_cdxj(collection.warc_files, out) > 0
    assert out.read_text(encoding="utf-8") != "old\n"
    assert write_cdxj([], tmp_path / "empty.cdxj") == 0


def test_open_warc_files_are_not_indexed(tmp_path):
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    for name in ("b.warc.gz", "a.warc.gz", "c.warc.gz.open", "manifest-sha256.txt"):
        (warc_dir / name).write_bytes(b"")
    assert [p.name for p in collection_warc_files(tmp_path)] == ["a.warc.gz", "b.warc.gz"]


def test_index_command(collection, tmp_path, capsys):
    out = tmp_path / "cli.cdxj"
    args = make_parser().parse_args(["index", "--data-dir", str(collection.data_dir), "--out", str(out)])
    assert args.func(args) == 0
    assert str(out) in capsys.readouterr().out
    assert len(parse_cdxj(out.read_text("utf-8"))) > 0
    empty = make_parser().parse_args(["--data-dir", str(tmp_path / "none"), "index"])
    assert empty.func(empty) == 2
    assert "no WARC files" in capsys.readouterr().err


# -- WACZ ---------------------------------------------------------------------------------------

def test_wacz_layout_and_compression(wacz_path, collection):
    with zipfile.ZipFile(wacz_path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    warcs = {f"archive/{p.name}" for p in collection.warc_files}
    records = {f"records/{p.name}" for p in (collection.data_dir / "records").iterdir()}
    assert set(infos) == warcs | records | {"indexes/index.cdx", "pages/pages.jsonl", "datapackage.json",
                                            "datapackage-digest.json"}
    assert "records/index.jsonl" in records and len(records) == len(ARTICLES) + 1
    for name in warcs:  # replay tools read WARC records by offset straight out of the zip
        assert infos[name].compress_type == zipfile.ZIP_STORED


def test_datapackage_hashes_and_sizes_match_the_bytes(wacz_path):
    with zipfile.ZipFile(wacz_path) as zf:
        contents = {name: zf.read(name) for name in zf.namelist()}
    package_bytes = contents.pop("datapackage.json")
    digest = json.loads(contents.pop("datapackage-digest.json"))
    assert digest == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
    package = json.loads(package_bytes)
    assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
    assert package["title"] == "测试合集" and package["software"].startswith("article-archive ")
    datetime.strptime(package["created"], "%Y-%m-%dT%H:%M:%SZ")
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == set(contents), "every file, and only those, is listed"
    for path, data in contents.items():
        assert resources[path]["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), path
        assert resources[path]["bytes"] == len(data), path
    assert len({r["name"] for r in package["resources"]}) == len(resources)


def test_packaged_index_points_at_records_in_the_packaged_warcs(wacz_path, collection):
    with zipfile.ZipFile(wacz_path) as zf:
        lines = parse_cdxj(zf.read("indexes/index.cdx").decode("utf-8"))
        warcs = {name.split("/", 1)[1]: zf.read(name) for name in zf.namelist() if name.startswith("archive/")}
    assert lines
    for key, ts, fields in lines:
        stream = io.BytesIO(warcs[fields["filename"]])
        stream.seek(int(fields["offset"]))
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == fields["url"]
        assert record.rec_headers.get_header("WARC-Payload-Digest") == fields["digest"]
    urls = {f["url"] for _, _, f in lines}
    assert {collection.url(a.path) for a in ARTICLES} <= urls


def test_pages_list_every_article_at_a_capture_in_the_index(wacz_path, collection, records_index):
    with zipfile.ZipFile(wacz_path) as zf:
        header, *pages = [json.loads(l) for l in zf.read("pages/pages.jsonl").decode("utf-8").splitlines()]
        captures = {(f["url"], ts) for _, ts, f in parse_cdxj(zf.read("indexes/index.cdx").decode("utf-8"))}
        record_texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".txt")}
    assert header["format"] == "json-pages-1.0" and header["id"] == "pages"
    titles = {collection.url(a.path): a.title for a in ARTICLES}
    assert sorted(p["url"] for p in pages) == sorted(titles)
    for page in pages:
        assert page["title"] == titles[page["url"]]  # the GBK page's title too, decoded
        ts = datetime.strptime(page["ts"], "%Y-%m-%dT%H:%M:%SZ").strftime("%Y%m%d%H%M%S")
        assert (page["url"], ts) in captures, "a page opens at a capture the index has"
        assert page["text"] == record_texts[f"records/{page['record']}.txt"]
    assert {p["record"] for p in pages} == {e["id"] for e in records_index}


def test_packaged_records_are_the_collections_records(wacz_path, collection):
    with zipfile.ZipFile(wacz_path) as zf:
        for path in (collection.data_dir / "records").iterdir():
            assert zf.read(f"records/{path.name}") == path.read_bytes()


def test_package_of_an_empty_collection_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="no WARC files"):
        write_wacz(tmp_path, tmp_path / "x.wacz")
    assert not (tmp_path / "x.wacz").exists()


def test_package_command_default_path_and_lock(collection, capsys):
    data_dir = collection.data_dir
    from crawler.errors import CollectionLocked

    args = make_parser().parse_args(["package", "--data-dir", str(data_dir), "--title", "t"])
    with collection_lock(data_dir):  # a crawl is running: the package waits for a consistent state
        with pytest.raises(CollectionLocked, match="another run"):  # cli.main prints it in one line, exit 2
            args.func(args)
    assert args.func(args) == 0
    default = data_dir / f"{data_dir.resolve().name}.wacz"
    assert str(default) in capsys.readouterr().out
    with zipfile.ZipFile(default) as zf:
        assert json.loads(zf.read("datapackage.json"))["title"] == "t"
    default.unlink()


# -- py-wacz's validator ------------------------------------------------------------------------

def wacz_command() -> list[str]:
    """py-wacz from the project's virtualenv, else from the replay tools' one (.venv-pywb)."""
    if importlib.util.find_spec("wacz") is not None:
        return [sys.executable, "-m", "wacz"]
    tool = ROOT / ".venv-pywb" / "bin" / "wacz"
    if tool.exists():
        return [str(tool)]
    pytest.skip("py-wacz is not installed (pip install 'wacz>=0.5'): its validator cannot run")


def wacz_validate(path: Path) -> subprocess.CompletedProcess:
    # A separate process: importing py-wacz changes cdxj-indexer's defaults for the whole process.
    return subprocess.run([*wacz_command(), "validate", "-f", str(path)], capture_output=True, text=True,
                          timeout=120)


def test_wacz_validator_accepts_the_package(wacz_path):
    result = wacz_validate(wacz_path)
    # `wacz validate` exits 0 either way; its verdict is the last line it prints.
    assert "Validation succeeded" in result.stdout, result.stdout + result.stderr


def test_wacz_validator_rejects_a_tampered_record(wacz_path, tmp_path):
    tampered = tmp_path / "tampered.wacz"
    with zipfile.ZipFile(wacz_path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("records/0"):
                data = data.replace("。".encode("utf-8"), b".", 1)  # one character of one record
            dst.writestr(info, data)
    result = wacz_validate(tampered)
    assert "Validation failed" in result.stdout and "hash" in result.stdout.lower(), result.stdout
