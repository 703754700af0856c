"""The check behind `article-archive verify` and the reading room's verify button: one function, so
that the two can never answer differently.

Each record's versions (WARC digests, and the text derived again from the archived bytes with the
settings recorded beside it) and record file; then every WARC file against the fixity manifest;
with `every_record`, every record of every WARC file too (what `verify --all` adds).
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from archive.verify import Check, verify_fixity, verify_records, verify_warc_records


def verify_checks(session: Session, data_dir: Path, keys: list[str] | None, *, rederive: bool = True,
                  every_record: bool = False) -> list[Check]:
    """`keys`: record ids, numbers or URLs; None for every record. NotFound names a key that matches
    no record."""
    derive = None
    if rederive:
        from crawler.replay import rederive_digest
        from pipelines.store.site_chrome import lists_by_digest

        derive = partial(rederive_digest, chrome_lists=lists_by_digest(session))
    checks = verify_records(session, data_dir / "warc", data_dir / "records", keys, derive)
    checks += verify_fixity(data_dir / "warc")
    if every_record:
        checks += verify_warc_records(data_dir / "warc")
    return checks


def verdict(check: Check) -> str:
    return {True: "pass", False: "FAIL", None: "not checked"}[check.passed]
