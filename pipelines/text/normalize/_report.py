"""Report entries: one small JSON-serialisable dict per change, so an archivist can see what
normalization removed or converted, and why."""
from __future__ import annotations

_MAX_TEXT = 80


def shorten(text: str, limit: int = _MAX_TEXT) -> str:
    """Keep report entries small: index.jsonl holds one report per record."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def change(step: str, action: str, text: str, why: str, **extra: str | int) -> dict:
    entry: dict = {"step": step, "action": action, "text": shorten(text), "why": why}
    entry.update(extra)
    return entry
