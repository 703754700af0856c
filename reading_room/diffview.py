"""A side-by-side diff of two versions' record texts: rows of (old line, new line), with the
changed characters marked. Plain data: the template escapes every piece."""
from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass
class Side:
    number: int | None            # line number, None for a gap
    parts: list[tuple[str, bool]]  # (text, changed)


@dataclass
class Row:
    kind: str  # equal | replace | delete | insert
    old: Side
    new: Side


def _char_parts(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    old, new = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            old.append((a[i1:i2], op != "equal"))
        if j2 > j1:
            new.append((b[j1:j2], op != "equal"))
    return old, new


def _equal(a: list[str], b: list[str], i: int, j: int) -> Row:
    return Row("equal", Side(i + 1, [(a[i], False)]), Side(j + 1, [(b[j], False)]))


def side_by_side(a: list[str], b: list[str], context: int | None = 2) -> list[Row]:
    """The rows of the diff; runs of more than 2 × `context` equal lines are folded into one
    `skip` row (None: show everything)."""
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pairs = list(zip(range(i1, i2), range(j1, j2)))
            if context is not None and len(pairs) > 2 * context + 1:
                # context next to a change on either side: a line added at the end of the new text
                # follows the last line of the old one
                changed_before, changed_after = i1 > 0 or j1 > 0, i2 < len(a) or j2 < len(b)
                head = pairs[:context] if changed_before else []
                tail = pairs[-context:] if changed_after and context else []
                gap = f"… {len(pairs) - len(head) - len(tail)} unchanged lines …"
                rows += [_equal(a, b, i, j) for i, j in head]
                rows.append(Row("skip", Side(None, [(gap, False)]), Side(None, [(gap, False)])))
                rows += [_equal(a, b, i, j) for i, j in tail]
            else:
                rows += [_equal(a, b, i, j) for i, j in pairs]
        elif op == "replace":
            n = max(i2 - i1, j2 - j1)
            for k in range(n):
                i, j = i1 + k, j1 + k
                if i < i2 and j < j2:
                    old, new = _char_parts(a[i], b[j])
                    rows.append(Row("replace", Side(i + 1, old), Side(j + 1, new)))
                elif i < i2:
                    rows.append(Row("delete", Side(i + 1, [(a[i], True)]), Side(None, [])))
                else:
                    rows.append(Row("insert", Side(None, []), Side(j + 1, [(b[j], True)])))
        elif op == "delete":
            for i in range(i1, i2):
                rows.append(Row("delete", Side(i + 1, [(a[i], True)]), Side(None, [])))
        else:
            for j in range(j1, j2):
                rows.append(Row("insert", Side(None, []), Side(j + 1, [(b[j], True)])))
    return rows


def unified(a: list[str], b: list[str], name_a: str, name_b: str) -> list[str]:
    return list(difflib.unified_diff(a, b, name_a, name_b, lineterm="", n=1))
