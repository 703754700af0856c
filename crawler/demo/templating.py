"""A very small template filler for the page files under ``sites/templates/``.

``{{name}}`` is replaced by a value the caller has already escaped or built as HTML;
a missing value is an error, so a typo cannot silently leave a hole in a page. (Not
string.Template: the pages carry inline JavaScript full of ``$``.)
"""
from __future__ import annotations

import functools
import html
import re
from importlib import resources

_FIELD = re.compile(r"\{\{(\w+)\}\}")


@functools.cache
def template(name: str) -> str:
    return resources.files("crawler.demo").joinpath("sites", "templates", name).read_text(encoding="utf-8")


def fill(name: str, **values: str) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"template {name} needs {key!r}")
        return values[key]

    return _FIELD.sub(value, template(name))


def esc(text: str) -> str:
    return html.escape(text, quote=True)
