"""The reading room's side-by-side diff (reading_room.diffview): pure, fast."""
from __future__ import annotations

from reading_room.diffview import side_by_side


def kinds(rows) -> list[str]:
    return [r.kind for r in rows]


def test_a_line_added_at_the_end_keeps_its_context():
    old = [f"第{i}段。" for i in range(1, 15)]
    rows = side_by_side(old, old + ["（本文于首次归档后修订。）"])
    assert kinds(rows) == ["skip", "equal", "equal", "insert"]
    assert [r.old.number for r in rows[1:3]] == [13, 14]
    assert rows[3].new.parts == [("（本文于首次归档后修订。）", True)]


def test_a_line_added_at_the_start_and_a_change_inside():
    old = [f"第{i}段。" for i in range(1, 21)]
    new = ["导语。"] + old[:9] + ["第10段，改过。"] + old[10:]
    rows = side_by_side(old, new)
    assert kinds(rows) == ["insert", "equal", "equal", "skip", "equal", "equal", "replace", "equal", "equal", "skip"]
    changed = rows[6]
    assert changed.old.number == 10 and changed.new.number == 11
    assert ("，改过", True) in changed.new.parts and ("第10段", False) in changed.new.parts


def test_everything_shown_without_context_and_identical_texts():
    old = [f"第{i}段。" for i in range(1, 15)]
    assert kinds(side_by_side(old, old + ["末。"], None)) == ["equal"] * 14 + ["insert"]
    assert kinds(side_by_side(old, old)) == ["skip"]
    assert side_by_side([], []) == []
