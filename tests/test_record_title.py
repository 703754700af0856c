"""A record's line 1 is its title; a page without one says so (archive.records.NO_TITLE) instead of
letting its first paragraph pass for a headline, and `clean` reads that back as "no title"."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archive.records import NO_TITLE, record_lines

PARAGRAPHS = ["第一段是正文，不是标题，也不能被当成标题。", "第二段也是正文。"]


def test_a_record_without_a_title_says_so_on_line_1():
    assert record_lines(None, PARAGRAPHS).splitlines() == [NO_TITLE, *PARAGRAPHS]
    assert record_lines("真正的标题", PARAGRAPHS).splitlines() == ["真正的标题", *PARAGRAPHS]


def test_clean_keeps_a_record_without_title_without_title(tmp_path: Path):
    short_first = ["短短一行", "这是一段足够长的正文，用来说明第一行虽然很短，但它并不是标题，因为记录说了没有标题。"]
    source = tmp_path / "in" / "001_untitled.txt"
    source.parent.mkdir()
    source.write_text(record_lines(None, short_first), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "crawler.cli", "clean", str(source), "--out", str(out)],
                   check=True, cwd=Path(__file__).resolve().parents[1])
    assert (out / source.name).read_text(encoding="utf-8").splitlines() == [NO_TITLE, *short_first]
