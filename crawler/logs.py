"""The command's log handler: one place for the CLI and each process of a split crawl (which
imports it from here, not from the CLI that starts it)."""
from __future__ import annotations

import logging
import sys


class _QuietStartup(logging.Filter):
    """Drops Scrapy's start-up inventory (versions, enabled components, settings, stats dump) below
    WARNING: noise in a scheduled job's log. A filter on our handler, because Scrapy resets the
    levels of its loggers when a crawl starts."""

    NOISY = ("scrapy.middleware", "scrapy.addons", "scrapy.utils.log", "scrapy.extensions.telnet",
             "scrapy.crawler", "scrapy.statscollectors", "alembic")

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or not record.name.startswith(self.NOISY)


def setup_logging(verbose: bool, label: str | None = None) -> None:
    """The command's log handler; `label` names the process of a split crawl in each line."""
    handler = logging.StreamHandler(sys.stderr)
    # On a terminal a progress line shows the crawl (crawler/progress.py); the log keeps to warnings.
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING if sys.stderr.isatty() else logging.INFO)
    where = f"[{label}] " if label else ""
    handler.setFormatter(logging.Formatter(f"%(asctime)s %(levelname)s {where}%(name)s: %(message)s"))
    if not verbose:
        handler.addFilter(_QuietStartup())
    # force: a forked crawl process replaces the handler it inherited with its labelled one
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)


class _SayStopping(logging.Filter):
    """Scrapy notes a Ctrl-C or SIGTERM at INFO, which a terminal's handler (WARNING) drops: the
    person who pressed it then waits for the requests in flight in silence. This says at once, as a
    warning, what is happening and how to stop sooner."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and str(record.msg).startswith("Received %(signame)s, shutting down"):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = ("received %(signame)s: stopping, finishing the requests in flight and writing the "
                          "records (press Ctrl-C again to stop at once; the next run derives what is left)")
        return True


logging.getLogger("scrapy.crawler").addFilter(_SayStopping())
