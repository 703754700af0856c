"""The software that derived a record, for its provenance."""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata

from pipelines.text.neardup import SCHEME

PACKAGES = ("article-archive", "trafilatura", "readability-lxml", "opencc", "pypinyin", "charset-normalizer", "lxml", "scrapy", "warcio")


@lru_cache(maxsize=1)
def software_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["opencc-config"] = "t2s.json (per source: s2tw.json, s2hk.json)"
    versions["minhash"] = SCHEME  # signatures of different schemes are not comparable
    return versions
