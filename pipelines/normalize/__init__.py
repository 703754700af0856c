"""Text normalization: pinyin annotations, script, page chrome, metadata (placeholder)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Normalized:
    title: str | None
    paragraphs: list[str]
    original_paragraphs: list[str]
    metadata: dict[str, str] = field(default_factory=dict)
    report: list[dict] = field(default_factory=list)
    script: str = "simplified"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def normalize(text: str, *, title: str | None = None, script_target: str = "zh-Hans",
              site_chrome: frozenset[str] = frozenset()) -> Normalized:
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return Normalized(title, paragraphs, list(paragraphs))


def clean_record(text: str, *, script_target: str = "zh-Hans") -> Normalized:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return normalize("\n".join(lines[1:]), title=lines[0] if lines else None, script_target=script_target)
