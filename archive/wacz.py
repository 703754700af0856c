"""WACZ 1.1.1 packages of a collection: its WARC files, their CDXJ index, a page list and the records.

    archive/<name>.warc.gz     the WARC files, stored (not deflated): replay tools seek into them
    indexes/index.cdx          CDXJ index of those files (archive.index)
    pages/pages.jsonl          one line per archived article page (url, ts, title, record, text)
    records/NNN_<hash>.txt     the clean records and records/index.jsonl, their provenance
    datapackage.json           every file above with its sha256 and size (Frictionless data package)
    datapackage-digest.json    the sha256 of datapackage.json

A package is self-describing and checkable offline: each file's hash is in datapackage.json, whose
own hash is in datapackage-digest.json. It opens in ReplayWeb.page and in pywb
(`wb-manager add --unpack-wacz COLL FILE.wacz`).

Why written here rather than by py-wacz's `wacz create`: that command takes WARC files, a pages
list and a log directory, and places extra files only under `logs/`; the records and their
index.jsonl, which are what an archivist cites, belong beside the WARC files under `records/`,
listed and hashed in datapackage.json. The parts that are hard to get right are libraries
already: the CDXJ index is cdxj-indexer's (the one py-wacz uses), and every package the tests
write is checked by py-wacz's own validator (`wacz validate`, tests/test_index_wacz.py).
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import zipfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from archive.fileio import atomic_file
from archive.index import collection_warc_files, write_cdxj
from archive.records import INDEX as RECORDS_INDEX

logger = logging.getLogger(__name__)

WACZ_VERSION = "1.1.1"
PAGES_PATH = "pages/pages.jsonl"
INDEX_PATH = "indexes/index.cdx"
RECORDS_DIR = "records"
_CHUNK = 1 << 20


class _HashingWriter:
    """Passes bytes on to a zip member while counting and hashing them: each file is read once."""

    def __init__(self, out) -> None:
        self.out = out
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.out.write(data)


def _resource(path: str, sha256_hex: str, size: int) -> dict:
    # `name` as py-wacz writes it (lower-cased base name); Frictionless wants it lower case.
    return {"name": Path(path).name.lower(), "path": path, "hash": f"sha256:{sha256_hex}", "bytes": size}


def _add_file(zf: zipfile.ZipFile, source: Path, arcname: str, compress: int) -> dict:
    info = zipfile.ZipInfo.from_file(source, arcname)  # knows the size, so zip64 is chosen when needed
    info.compress_type = compress
    with source.open("rb") as src, zf.open(info, "w") as dst:
        writer = _HashingWriter(dst)
        shutil.copyfileobj(src, writer, _CHUNK)
    return _resource(arcname, writer.sha256.hexdigest(), writer.size)


def _add_bytes(zf: zipfile.ZipFile, data: bytes, arcname: str, when: datetime) -> dict:
    info = zipfile.ZipInfo(arcname, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)
    return _resource(arcname, hashlib.sha256(data).hexdigest(), len(data))


def _iso_seconds(moment: str) -> str:
    """An ISO time as RFC 3339 UTC to the second: the precision of CDXJ timestamps, so a page's
    `ts` names exactly the capture a replay tool finds."""
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _page_capture(entry: dict, url: str) -> dict | None:
    """The capture a page entry should open at: the one its latest version was derived from, so the
    replayed page is the one the record's text came from; else the latest successful capture."""
    versions = sorted((v for v in entry.get("versions", []) if v["url"] == url), key=lambda v: v["number"])
    captures = [c for c in entry.get("captures", []) if c["url"] == url]
    if versions:
        derived = next((c for c in captures if c["record_id"] == versions[-1]["warc_record_id"]), None)
        if derived is not None:
            return derived
    ok = [c for c in captures if c["status"] == 200 and c["type"] == "response"]
    return max(ok, key=lambda c: c["time"]) if ok else None


def page_lines(entries: list[dict], texts: dict[str, str], packaged_warcs: set[str]) -> list[dict]:
    """pages.jsonl entries: every URL of every record whose capture is in the package."""
    pages = []
    for entry in entries:
        for n, seen in enumerate(entry.get("urls", [])):
            capture = _page_capture(entry, seen["url"])
            if capture is None or capture["warc_file"] not in packaged_warcs:
                logger.warning("record %s: no packaged capture of %s; left out of the page list",
                               entry["id"], seen["url"])
                continue
            page = {"id": f"{entry['id']}-{n}", "url": seen["url"], "ts": _iso_seconds(capture["time"]),
                    "title": entry.get("title") or seen["url"], "record": entry["id"],
                    "canonical": seen["url"] == entry.get("canonical_url")}
            if entry["id"] in texts:
                page["text"] = texts[entry["id"]]  # the clean record: full-text search in ReplayWeb.page
            pages.append(page)
    return pages


def read_records_index(records_dir: Path) -> list[dict]:
    path = records_dir / RECORDS_INDEX
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _software() -> str:
    try:
        version = metadata.version("article-archive")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        version = "unknown"
    return f"article-archive {version}"


def write_wacz(data_dir: Path, out_path: Path, title: str | None = None) -> Path:
    """Package the collection in `data_dir` as a WACZ file at `out_path` (replaced atomically)."""
    data_dir, out_path = Path(data_dir), Path(out_path)
    warc_files = collection_warc_files(data_dir)
    if not warc_files:
        raise FileNotFoundError(f"no WARC files in {data_dir / 'warc'}: nothing to package")
    records_dir = data_dir / RECORDS_DIR
    entries = read_records_index(records_dir)
    record_files = [records_dir / e["file"] for e in entries]
    missing = [p.name for p in record_files if not p.exists()]
    if missing:  # a package that silently lacks records would prove less than it claims
        raise FileNotFoundError(f"records listed in {records_dir / RECORDS_INDEX} are missing: {missing[:5]}")
    texts = {e["id"]: p.read_text(encoding="utf-8") for e, p in zip(entries, record_files)}
    created = datetime.now(timezone.utc).replace(microsecond=0)
    out_path.parent.mkdir(parents=True, exist_ok=True)

    resources: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, atomic_file(out_path, "wb") as fh, \
            zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
        for warc in warc_files:
            resources.append(_add_file(zf, warc, f"archive/{warc.name}", zipfile.ZIP_STORED))
        index = Path(tmp) / "index.cdx"
        lines = write_cdxj(warc_files, index)
        resources.append(_add_file(zf, index, INDEX_PATH, zipfile.ZIP_DEFLATED))

        pages = page_lines(entries, texts, {w.name for w in warc_files})
        header = {"format": "json-pages-1.0", "id": "pages", "title": "Archived articles"}
        if any("text" in p for p in pages):
            header["hasText"] = True
        pages_jsonl = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in [header, *pages])
        resources.append(_add_bytes(zf, pages_jsonl.encode("utf-8"), PAGES_PATH, created))

        for path in ([*record_files, records_dir / RECORDS_INDEX] if entries else []):
            resources.append(_add_file(zf, path, f"{RECORDS_DIR}/{path.name}", zipfile.ZIP_DEFLATED))

        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": title or data_dir.resolve().name,
            "description": f"{len(warc_files)} WARC files, {lines} index lines, {len(pages)} pages, "
                           f"{len(entries)} records",
            "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "software": _software(),
            "resources": resources,
        }
        package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
        _add_bytes(zf, package_bytes, "datapackage.json", created)
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
        _add_bytes(zf, json.dumps(digest, indent=2).encode("utf-8"), "datapackage-digest.json", created)
    logger.info("packaged %s: %d WARC files, %d pages, %d records", out_path, len(warc_files), len(pages),
                len(entries))
    return out_path
