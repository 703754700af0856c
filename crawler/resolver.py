"""A DNS resolver that refuses names resolving to loopback, private or link-local addresses."""
from __future__ import annotations

import logging

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler.netsafety import is_public_address, private_hosts_allowed
from crawler.sources import load_sources

logger = logging.getLogger(__name__)


class SafeResolver(CachingThreadedResolver):
    """Checks the address a name resolves to, so a public name pointing at 127.0.0.1 is refused too.

    The resolver belongs to the process, not to one crawl, and Scrapy makes it before any spider:
    the hosts allowed to be private are the process's, taken from the sources file named in the
    ARCHIVE_SOURCES setting when the resolver is made and from the spider's own sources file when it
    loads one (`scrapy crawl articles -a sources=FILE`): one set, whichever door the file came in
    by. Without either, every non-public address is refused.
    """

    allowed_private: frozenset[str] = frozenset()  # the process's (class-wide): see allow_private_of
    # Names refused so far (lower case -> the address), so the download handler can turn Twisted's
    # bare "no results for hostname lookup" into a refusal that says why and is not retried.
    refused: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        path = crawler.settings.get("ARCHIVE_SOURCES")
        if path:
            cls.allow_private_of(load_sources(path))
        return resolver

    @classmethod
    def allow_private_of(cls, sources) -> None:
        """Let the hosts a sources file allows to be private resolve to private addresses."""
        cls.allowed_private = cls.allowed_private | frozenset(h.lower() for h in private_hosts_allowed(sources))

    def getHostByName(self, name: str, timeout=()):
        return super().getHostByName(name, timeout).addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        if is_public_address(address):
            return address
        if name.lower() in self.allowed_private:  # the class-wide set, unless an instance has its own
            return address
        logger.warning("refused %s: it resolves to the non-public address %s", name, address)
        SafeResolver.refused[name.lower()] = address
        raise DNSLookupError(f"{name} resolves to non-public address {address}: refused")
