"""Scrapy's robots.txt middleware, with every request waiting for its host's rules.

Since the middleware became a coroutine (scrapy PR #6802; still so in 2.19), every request that
arrives while its host's robots.txt is still downloading awaits the one shared Deferred through
`maybe_deferred_to_future`. Under the asyncio reactor that turns the Deferred into a Future with
`Deferred.asFuture`, which *consumes* its result: the first waiter gets the parser and every later one gets None, which the middleware
reads as "no robots.txt" — so those requests are fetched unchecked. A crawl meets it whenever
several requests for a new host are in flight at once (several start URLs of one site, or a split
crawl's process receiving a batch of URLs for a host it has not asked yet); it was found as a
split crawl fetching a page under `Disallow: /private/` in one run of five.

Here each later waiter gets a Deferred of its own, fired with the parser and passing it on, as
the middleware did before it became a coroutine.
"""
from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):  # first request for the host, or its rules are known
            return await super().robot_parser(request)
        mine: Deferred[RobotParser | None] = Deferred()

        def relay(parser: RobotParser | None) -> RobotParser | None:
            mine.callback(parser)
            return parser  # unchanged for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)
