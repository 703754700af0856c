"""A crawl's derivation processes: the store process, the text workers, and the pipes between them.

They are started before the crawl's own imports when the run knows it will derive text
(crawler.runner calls `prestart`): importing and warming up the text pipeline (OpenCC, pypinyin,
trafilatura) and the store (SQLAlchemy) takes these processes about two CPU seconds, which then
overlap the second the reactor process spends importing Scrapy and Twisted on its own core,
instead of competing with its first fetches. The store process waits for its configuration (a
StoreConfig, built from the crawler's settings) as its first message. No Scrapy here.
"""
from __future__ import annotations

import fcntl
import logging
import multiprocessing
import signal
import time
from contextlib import contextmanager

from pipelines.store_process import StoreConfig, serve
from pipelines.workers import text_pool, worker_count

logger = logging.getLogger(__name__)

# Room for a few dozen events in the store's pipe (Linux's default pipe holds two of them).
STORE_PIPE_BYTES = 1 << 20


class DeriveProcesses:
    """The store process and a pool of `workers` text workers (0: one per core) that send it each
    page's event; started at once."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = worker_count(workers)
        spawn = multiprocessing.get_context("spawn")  # forking a process with a reactor and threads is unsafe
        inbox, self.to_store = spawn.Pipe(duplex=False)
        _widen_pipe(self.to_store)
        self.from_store, outbox = spawn.Pipe(duplex=False)
        self.send_lock = spawn.Lock()  # one worker's message stays whole while another writes
        self.store = spawn.Process(target=serve, args=(inbox, outbox), name="article-archive store")
        with _signals_ignored():
            self.store.start()
            self.pool = text_pool(self.workers, (self.to_store, self.send_lock))
        # Only the store process reads the pipe: with this process's copy of its end closed, a
        # worker writing to a store process that died gets an error instead of waiting for ever.
        inbox.close()
        outbox.close()

    def configure(self, config: StoreConfig) -> None:
        with self.send_lock:
            self.to_store.send(("config", config))

    def finish(self) -> dict:
        """Once every text job is done (every event is in the pipe): tell the store process to
        finish and wait for its counts; {} when it ended without them. Blocking is fine here: the
        crawl is over, and the run's row and records wait for these counts."""
        started = time.monotonic()
        try:
            with self.send_lock:
                self.to_store.send(("finish",))
            while True:
                if self.from_store.poll(1.0):
                    message = self.from_store.recv()
                    if message[0] == "done":
                        return message[1]
                elif not self.store.is_alive():
                    break
        except (EOFError, OSError):  # its end of the pipe closed: it is gone
            pass
        self.store.join(timeout=1)
        logger.error("the store process ended without its counts (exit code %s, after %.0f s of finishing); the "
                     "pages it had not stored will be processed on the next run", self.store.exitcode,
                     time.monotonic() - started)
        return {}

    def close(self) -> None:
        """For processes that were never configured (the crawl stopped before its spider opened):
        the workers stop, and the store process, its pipe closed, leaves having stored nothing."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.to_store.close()
        self.from_store.close()
        self.store.join(timeout=10)


# Started by `prestart` before the crawl's imports, taken by the crawl's DerivePipeline when its
# spider opens. A module slot rather than a setting: Scrapy deep-copies its settings per crawler.
_prestarted: DeriveProcesses | None = None


def prestart(workers: int = 0) -> DeriveProcesses:
    global _prestarted
    _prestarted = DeriveProcesses(workers)
    return _prestarted


def take(workers: int = 0) -> DeriveProcesses:
    """The prestarted processes if there are some with that many workers, else new ones."""
    global _prestarted
    ready, _prestarted = _prestarted, None
    if ready is not None and ready.workers != worker_count(workers):
        ready.close()
        ready = None
    return ready or DeriveProcesses(workers)


def discard_prestarted() -> None:
    """After the crawl: prestarted processes that no spider took are stopped."""
    global _prestarted
    ready, _prestarted = _prestarted, None
    if ready is not None:
        ready.close()


def _widen_pipe(connection) -> None:
    """The store process stores a batch at a time (~0.1 s for 50 new articles); with the default
    64 KiB pipe, the text workers block on their next event meanwhile, and a core stands idle.
    Linux only (F_SETPIPE_SZ); capped by /proc/sys/fs/pipe-max-size, 1 MiB by default."""
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        return
    try:
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, STORE_PIPE_BYTES)
    except OSError as exc:  # a lower system limit: the default size works, only slower
        logger.debug("store pipe left at its default size: %s", exc)


@contextmanager
def _signals_ignored():
    """Processes started in here ignore Ctrl-C and SIGTERM from their first instruction (an ignored
    signal stays ignored across exec, and Python then installs no handler of its own). Both reach
    the whole process group; Scrapy's first one finishes the crawl gracefully, which needs the text
    workers and the store process to go on deriving what was fetched. A second Ctrl-C kills the
    reactor, and they leave with it (pipelines.workers._exit_with_parent, pipelines.store_process.serve)."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
