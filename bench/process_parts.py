#!/usr/bin/env python3
"""Where process_page spends its CPU, part by part, next to plain trafilatura.extract.

    .venv/bin/python bench/process_parts.py [--corpus ../shared/corpus] [--repeat 3]

Pages: zh-articles/original and zh-pages-raw/html (97 real Chinese pages). Each part is timed
inside real process_page calls (module functions wrapped with a CPU timer), so the table adds
up to what process_page costs; "rest of extract" is extract_article minus the parts listed
above it. CPU time (time.process_time), milliseconds per page, best of --repeat runs.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

import pipelines.text.extract as extract  # noqa: E402
import pipelines.text.extract.body  # noqa: E402,F401
import pipelines.text.process as process  # noqa: E402

_spent: collections.Counter = collections.Counter()


def _timed(module, name: str, label: str) -> None:
    inner = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            _spent[label] += time.process_time() - start

    setattr(module, name, wrapper)


def _instrument() -> None:
    _timed(process, "decode_html", "decode")
    _timed(process, "extract_article", "extract_article")
    _timed(process, "normalize", "normalize")
    # each function is wrapped where its caller looks it up (extract_article, or the body module)
    _timed(extract, "parse_html", "parse")
    _timed(extract, "page_blocks", "page_blocks")
    # finding layout tables (turning them is a tag rename)
    _timed(extract.body, "_layout_parts", "unlayout")
    _timed(extract.body, "_trafilatura_text", "trafilatura.bare_extraction")


OURS = ("decode", "parse", "page_blocks", "deepcopy", "unlayout", "rest of extract", "normalize")
ROWS = ("decode", "parse", "page_blocks", "deepcopy", "unlayout", "trafilatura.bare_extraction",
        "rest of extract", "normalize", "ours (sum of the parts but bare_extraction)", "process_page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted((args.corpus / "zh-articles" / "original").iterdir()) \
        + sorted((args.corpus / "zh-pages-raw" / "html").iterdir())
    bodies = [f.read_bytes() for f in files]
    n = len(bodies)
    for body in bodies[:5]:  # warm up: lazy imports, OpenCC and pypinyin dictionaries
        process.process_page(body)
        trafilatura.extract(body)
    _instrument()
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        start = time.process_time()
        for body in bodies:
            trafilatura.extract(body)
        peer = time.process_time() - start
        _spent.clear()
        start = time.process_time()
        for body in bodies:
            process.process_page(body)
        total = time.process_time() - start
        parts = ("parse", "page_blocks", "deepcopy", "unlayout", "trafilatura.bare_extraction")
        row = {k: _spent[k] for k in ("decode", "normalize", *parts)}
        row["rest of extract"] = _spent["extract_article"] - sum(_spent[k] for k in parts)
        row["process_page"] = total
        row["ours (sum of the parts but bare_extraction)"] = sum(row[k] for k in OURS)
        row["trafilatura.extract (peer)"] = peer
        for key, value in row.items():
            best[key] = min(best.get(key, value), value)
    print(f"{n} pages, CPU ms per page, best of {args.repeat}")
    for key in ("trafilatura.extract (peer)", *ROWS):
        print(f"  {key:40s} {1000 * best[key] / n:7.2f}")


if __name__ == "__main__":
    main()
