"""Verification: are the WARC files intact, and does every record still follow from their bytes?

Each check returns `passed` True, False, or None for "not checked" (with the reason), plus the
problems found; the command line turns them into an exit code.
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.exceptions import ArchiveLoadFailed

from archive.digests import file_sha256, text_digest
from archive.models import Article, Capture, Version
from archive.provenance import find_article
from archive.records import record_text
from archive.warc import MANIFEST, OPEN_SUFFIX
from archive.warcread import ArchivedRecord, iter_records, read_record_at

logger = logging.getLogger(__name__)

# Re-derives a version's text digest from its archived response and the settings it was made with.
Rederive = Callable[[ArchivedRecord, dict], str]


@dataclass
class Check:
    subject: str
    passed: bool | None = True
    problems: list[str] = field(default_factory=list)

    def fail(self, problem: str) -> None:
        self.passed = False
        self.problems.append(problem)


def verify_fixity(warc_dir: Path) -> list[Check]:
    """Each WARC file against the SHA-256 recorded when it was closed."""
    manifest_path = warc_dir / MANIFEST
    listed: dict[str, str] = {}
    if manifest_path.exists():
        for line in manifest_path.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if name:
                listed[name] = digest
    checks = []
    for name, digest in sorted(listed.items()):
        check = Check(f"WARC file {name}")
        path = warc_dir / name
        if not path.exists():
            check.fail("missing: listed in the fixity manifest, not on disk")
        elif file_sha256(path) != digest:
            check.fail(f"SHA-256 differs from the fixity manifest ({digest[:16]}…): the file changed after it was closed")
        checks.append(check)
    for path in sorted(warc_dir.glob("*.warc.gz*")):
        if path.name not in listed:
            reason = "still open (being written, or left by a killed run)" if path.name.endswith(OPEN_SUFFIX) \
                else "not in the fixity manifest"
            checks.append(Check(f"WARC file {path.name}", None, [f"not checked: {reason}"]))
    return checks


def verify_warc_records(warc_dir: Path) -> list[Check]:
    """The block and payload digests of every record of every closed WARC file, in one streaming
    pass a file: the records no version derives from (index pages, robots.txt, redirects, revisits,
    warcinfo) are evidence too. One check a file, naming each record that fails."""
    checks = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        check = Check(f"WARC records of {path.name}")
        count = 0
        try:
            for record in iter_records(path):
                count += 1
                if record.digest_passed is False:
                    check.fail(f"{record.record_type} record {record.record_id} ({record.url or '-'}) at offset "
                               f"{record.offset} fails its digests: " + "; ".join(map(str, record.digest_problems)))
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            check.fail(f"unreadable after record {count} ({type(exc).__name__}): {_printable(str(exc))}")
        check.subject += f" ({count} records)"
        checks.append(check)
    return checks


def _printable(text: str, limit: int = 160) -> str:
    """An exception's message without the raw bytes some of them quote: warcio's 'Unknown archive
    format, first line: [...]' repeats the damaged bytes themselves, escaped."""
    if text.startswith("Unknown archive format"):
        return "no WARC record starts there: the bytes are neither a gzip member nor a WARC header"
    shown = "".join(ch if ch.isprintable() else "?" for ch in text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def verify_records(session: Session, warc_dir: Path, records_dir: Path, keys: Iterable[str] | None = None,
                   rederive: Rederive | None = None) -> list[Check]:
    if keys:
        articles = [find_article(session, key) for key in keys]
    else:
        articles = list(session.scalars(select(Article).where(Article.seq.is_not(None)).order_by(Article.seq)))
    return [_verify_article(session, article, warc_dir, records_dir, rederive) for article in articles]


def _verify_article(session: Session, article: Article, warc_dir: Path, records_dir: Path,
                    rederive: Rederive | None) -> Check:
    check = Check(f"record {article.record_name}")
    for page in article.pages:
        for version in page.versions:
            _verify_version(session, version, page.url, warc_dir, rederive, check)
    canonical = next((p for p in article.pages if p.id == article.canonical_page_id), None)
    record_file = records_dir / f"{article.record_name}.txt"
    if canonical is None or not canonical.versions:
        check.fail("no canonical version to compare the record file with")
    elif not record_file.exists():
        check.fail(f"record file {record_file.name} is missing")
    elif record_file.read_text(encoding="utf-8") != record_text(canonical.versions[-1]):
        check.fail(f"record file {record_file.name} differs from the stored text")
    return check


def _verify_version(session: Session, version: Version, url: str, warc_dir: Path, rederive: Rederive | None,
                    check: Check) -> None:
    where = f"version {version.number} of {url}"
    if text_digest(version.text) != version.text_digest:
        check.fail(f"{where}: stored text does not match its digest (changed after derivation)")
    capture = session.scalars(select(Capture).where(Capture.warc_record_id == version.warc_record_id)).first()
    if capture is None:
        check.fail(f"{where}: no capture row for WARC record {version.warc_record_id}")
        return
    path = warc_dir / capture.warc_filename
    if not path.exists():
        check.fail(f"{where}: WARC file {capture.warc_filename} is missing")
        return
    try:
        record = read_record_at(path, capture.warc_offset)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        check.fail(f"{where}: cannot read {capture.warc_filename}@{capture.warc_offset} "
                   f"({type(exc).__name__}): {_printable(str(exc))}")
        return
    if record.record_id != capture.warc_record_id:
        check.fail(f"{where}: {capture.warc_filename}@{capture.warc_offset} holds {record.record_id}, "
                   f"not {capture.warc_record_id}")
        return
    if record.digest_passed is False:
        check.fail(f"{where}: WARC record {record.record_id} fails its digests: " + "; ".join(
            str(p) for p in record.digest_problems))
        return
    if rederive is not None:
        try:
            derived = rederive(record, version.settings or {})
        except Exception as exc:  # a payload that no longer decodes is a failure, not a crash
            check.fail(f"{where}: re-deriving the text failed: {type(exc).__name__}: {exc}")
            return
        if derived != version.text_digest:
            check.fail(f"{where}: text re-derived from {record.record_id} differs from the stored text")
