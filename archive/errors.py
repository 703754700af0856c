"""What can go wrong on the archive floor that a person must act on: one tree, one base.

Each message is one line saying what and what to do; the CLI catches ArchiveError once and prints
it (exit 2). Programming errors are not in this tree: they keep their tracebacks.
"""
from __future__ import annotations


class ArchiveError(Exception):
    """The collection cannot be used as asked; the message says why in one line."""


class DatabaseUnavailable(ArchiveError):
    """The collection's database cannot be reached or its URL is not one SQLAlchemy can open."""


class SchemaOutdated(ArchiveError):
    """The database holds an older schema than this release uses."""


class RebuildIncomplete(ArchiveError):
    """The collection is being rebuilt, or a rebuild was killed before it finished."""


class NotFound(ArchiveError, LookupError):
    """No record or URL matches what was asked for."""
