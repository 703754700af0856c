"""What can stop a crawl before or while it starts, that a person must act on: one tree, one base.

Each message is one line; the CLI catches CrawlerError (and archive.errors.ArchiveError) once and
prints it (exit 2).
"""
from __future__ import annotations


class CrawlerError(Exception):
    """The crawl cannot run as asked; the message says why in one line."""


class SourcesError(CrawlerError, ValueError):
    """The sources file is missing, unreadable or invalid."""


class CollectionLocked(CrawlerError):
    """Another run holds this collection's lock."""


class DataDirError(CrawlerError):
    """The data directory cannot be created or written."""


class FrontierError(CrawlerError):
    """The shared frontier (Redis) cannot be reached or used."""


class SplitCrawlError(CrawlerError):
    """A split crawl cannot start as asked."""
