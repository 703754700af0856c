"""The frontier of a crawl split over processes (`crawl --processes N`), shared through Redis.

Each process (a *shard*) owns the URLs whose canonical key hashes to it: it alone fetches them,
so it can tell a new URL from a seen one with its own in-memory set, as a one-process crawl does,
and no link costs a round trip to a shared seen-set. A link a shard finds to a URL another shard
owns is handed over: appended to the owner's inbox list, at most once per URL and sender, in one
pipelined write per owner every POLL_SECONDS. Each shard takes its inbox in batches on the same
timer and schedules what it has not seen.

The crawl ends when every shard is idle (nothing scheduled, nothing downloading) and every inbox is
empty. A shard marks itself idle and checks that condition in one Lua script, and taking a batch
from an inbox marks it busy in the same atomic step, so the condition can never hold while a URL
is on its way: a shard only hands URLs over while it is busy, and a busy shard is not idle. The
first shard to find the condition true sets the `done` key to "finished"; the others see it on
their next poll. A shard that stops for any other reason (--max-duration, --max-pages, a full
disk, Ctrl-C, a crash seen by the parent) sets `done` to "stop:<reason>", and every shard stops:
its inbox then holds URLs nobody will fetch this run, and the run says so in its status.
"""
from __future__ import annotations

import logging
import zlib
from collections import defaultdict

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from crawler.url_identity import url_key
from crawler.errors import FrontierError

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.01
TAKE_BATCH = 1000
KEY_TTL_SECONDS = 7 * 24 * 3600  # a run whose parent was killed leaves nothing in Redis for long

# Take up to ARGV[2] messages from this shard's inbox; taking any marks the shard busy. Returns
# the messages and the `done` key's value ('' while the crawl goes on).
_TAKE = """
local batch = redis.call('LPOP', KEYS[1], ARGV[2])
if batch then redis.call('SREM', KEYS[2], ARGV[1]) else batch = {} end
return {batch, redis.call('GET', KEYS[3]) or ''}
"""

# Mark this shard idle unless its inbox holds work; when every shard is idle and every inbox
# empty, the crawl is over. 0: work waiting, 1: idle (others busy), 2: the crawl is finished.
_IDLE = """
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if redis.call('SCARD', KEYS[2]) < tonumber(ARGV[2]) then return 1 end
for i = 4, #KEYS do
  if redis.call('LLEN', KEYS[i]) > 0 then return 1 end
end
redis.call('SET', KEYS[3], 'finished', 'NX', 'EX', ARGV[3])
return 2
"""



def connect(url: str):
    """A Redis client for `url`, checked with a PING: a crawl that cannot share its frontier
    must fail before it starts, with the address it tried."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise FrontierError(f"cannot reach the shared frontier at {url}: {exc} "
                            "(--processes N needs Redis; set --frontier-url)") from exc
    return client


def keys(namespace: str, shards: int) -> dict[str, object]:
    return {"inboxes": [f"{namespace}:inbox:{i}" for i in range(shards)],
            "idle": f"{namespace}:idle", "done": f"{namespace}:done"}


def shard_of(url: str, shards: int) -> int:
    """The shard that owns `url`: by its canonical key, the same one the spider dedupes on, so
    every spelling of a URL goes to one owner."""
    return zlib.crc32(url_key(url).encode("utf-8")) % shards


def stop_all(client, namespace: str, reason: str) -> None:
    """Ask every shard to stop (unless the crawl has finished already)."""
    client.set(keys(namespace, 0)["done"], f"stop:{reason}", nx=True, ex=KEY_TTL_SECONDS)


def clear(client, namespace: str, shards: int) -> None:
    k = keys(namespace, shards)
    client.delete(*k["inboxes"], k["idle"], k["done"])


class ShardFrontier:
    """One shard's side of the shared frontier; the spider asks it who owns each new URL."""

    def __init__(self, crawler, spider, client, namespace: str, shard: int, shards: int) -> None:
        self.crawler = crawler
        self.spider = spider
        self.client = client
        self.namespace = namespace
        self.shard = shard
        self.shards = shards
        k = keys(namespace, shards)
        self.inboxes: list[str] = k["inboxes"]
        self.idle_key: str = k["idle"]
        self.done_key: str = k["done"]
        self._take = client.register_script(_TAKE)
        self._idle = client.register_script(_IDLE)
        self._outbox: dict[int, list[str]] = defaultdict(list)
        self._loop = None
        self._closing = False   # this shard is stopping
        self._finished = False  # ... because the whole crawl is done

    @classmethod
    def from_crawler(cls, crawler, spider) -> ShardFrontier:
        s = crawler.settings
        frontier = cls(crawler, spider, connect(s.get("ARCHIVE_FRONTIER_URL")), s.get("ARCHIVE_FRONTIER_KEY"),
                       s.getint("ARCHIVE_SHARD"), s.getint("ARCHIVE_SHARDS"))
        crawler.signals.connect(frontier.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(frontier.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(frontier.spider_closed, signal=signals.spider_closed)
        return frontier

    # -- ownership ----------------------------------------------------------------------------------
    def owns(self, url: str) -> bool:
        return shard_of(url, self.shards) == self.shard

    def hand_over(self, kind: str, url: str, source_id: str | None, depth: int) -> None:
        """Queue a new URL for its owner; sent with the next poll. Tab-separated fields, the URL
        last, so that it arrives whole whatever it holds."""
        self._outbox[shard_of(url, self.shards)].append(f"{kind}\t{source_id or ''}\t{depth}\t{url}")
        self.crawler.stats.inc_value("frontier/handed_over")

    # -- the timer ----------------------------------------------------------------------------------
    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self._loop = task.LoopingCall(self._poll)
        self._loop.start(POLL_SECONDS, now=False).addErrback(
            lambda failure: logger.error("frontier poll stopped: %s", failure.getErrorMessage()))

    def _poll(self) -> None:
        if self._closing:
            return
        try:
            self._flush()
            batch, done = self._take(keys=[self.inboxes[self.shard], self.idle_key, self.done_key],
                                     args=[self.shard, TAKE_BATCH])
            for message in batch:
                kind, source_id, depth, url = message.decode("utf-8").split("\t", 3)
                self.crawler.stats.inc_value("frontier/received")
                self.spider.receive(kind, url, source_id or None, int(depth))
        except Exception as exc:  # redis.RedisError, socket errors, a bad message: this shard could
            # neither take work nor see the crawl end, so it stops (and the others with it)
            self._stop_self(f"the shared frontier failed: {exc}", "frontier_failed")
            return
        if done:
            done = done.decode("utf-8")
            self._finished = done == "finished"
            self._stop_self(None, "finished" if self._finished else done.removeprefix("stop:"))

    def _flush(self) -> None:
        if not self._outbox:
            return
        pipe = self.client.pipeline(transaction=False)
        for owner, messages in self._outbox.items():
            pipe.rpush(self.inboxes[owner], *messages)
            pipe.expire(self.inboxes[owner], KEY_TTL_SECONDS)
        pipe.execute()
        self._outbox.clear()

    # -- the end ------------------------------------------------------------------------------------
    def spider_idle(self, spider) -> None:
        """Nothing scheduled or downloading here: unless the whole crawl is done, wait for more."""
        if self._finished:
            return  # the engine closes the spider with reason "finished"
        if self._closing:
            raise DontCloseSpider  # a close with its own reason is under way
        try:
            self._flush()  # what this shard found must be in the inboxes before it says it is idle
            state = self._idle(keys=[self.inboxes[self.shard], self.idle_key, self.done_key, *self.inboxes],
                               args=[self.shard, self.shards, KEY_TTL_SECONDS])
        except Exception as exc:
            self._stop_self(f"the shared frontier failed: {exc}", "frontier_failed")
            return
        if state == 2:
            logger.info("shard %d/%d: every shard is idle and every inbox empty: the crawl is finished",
                        self.shard, self.shards)
            self._closing = self._finished = True
            return
        raise DontCloseSpider

    def _stop_self(self, error: str | None, reason: str) -> None:
        if self._closing:
            return
        self._closing = True
        if error:
            logger.error("shard %d/%d: %s: stopping (what was fetched is archived)", self.shard, self.shards, error)
        from scrapy.utils.defer import _schedule_coro

        _schedule_coro(self.crawler.engine.close_spider_async(reason=reason))

    def spider_closed(self, spider, reason: str) -> None:
        self._closing = True
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if reason != "finished":  # this shard stopped early: the others stop too
            try:
                stop_all(self.client, self.namespace, reason)
            except Exception as exc:
                logger.error("shard %d/%d: cannot tell the other shards to stop: %s", self.shard, self.shards, exc)
        left = sum(map(len, self._outbox.values()))
        if left:
            logger.warning("shard %d/%d stopped with %d URLs for other shards not handed over",
                           self.shard, self.shards, left)
