"""The private Scrapy and Twisted internals crawler/download_handler.py relies on are still there.

An upgrade of Scrapy or Twisted that moves one of them must fail here, naming it, rather than
silently letting oversized header blocks through (or breaking every download)."""
from __future__ import annotations

import inspect



def test_the_private_classes_and_states_the_header_limit_uses_exist():
    from scrapy.core.downloader.handlers import http11
    from twisted.web import _newclient

    for name in ("_LenientHTTP11ClientFactory", "_LenientHTTP11ClientProtocol", "_LenientHTTPClientParser"):
        assert hasattr(http11, name), f"scrapy.core.downloader.handlers.http11.{name} is gone"
    for state in ("STATUS", "HEADER"):
        assert hasattr(_newclient, state), f"twisted.web._newclient.{state} is gone"
    parser = http11._LenientHTTPClientParser
    assert issubclass(parser, _newclient.HTTPClientParser) and callable(getattr(parser, "lineReceived", None)), \
        "the lenient parser no longer receives lines (lineReceived)"
    # the protocol keeps the parser it made for a request as self._parser, which the handler retypes
    assert "self._parser" in inspect.getsource(_newclient.HTTP11ClientProtocol.request), \
        "HTTP11ClientProtocol.request no longer keeps its parser in self._parser"
    factory_init = inspect.signature(http11._LenientHTTP11ClientFactory.__init__)
    assert list(factory_init.parameters)[1:3] == ["quiescentCallback", "metadata"], \
        f"_LenientHTTP11ClientFactory takes {list(factory_init.parameters)} now"


# Run in a process of its own: the handler needs an installed reactor, which this test process must
# not install for the others.
POOL_FACTORY = """
import json
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.core.downloader.handlers.http11 import _LenientHTTP11ClientFactory
from scrapy.utils.test import get_crawler
from crawler.download_handler import LimitedHTTP11DownloadHandler, _LimitedHTTP11ClientProtocol
found = {}
for limit in (4096, 0):
    handler = LimitedHTTP11DownloadHandler(get_crawler(settings_dict={"ARCHIVE_MAX_HEADER_BYTES": limit}))
    pool = getattr(handler, "_pool", None)
    factory = getattr(pool, "_factory", None)
    if factory is None:
        found[limit] = "HTTP11DownloadHandler no longer keeps an HTTPConnectionPool with a _factory in _pool"
    elif limit == 0:
        found[limit] = factory is _LenientHTTP11ClientFactory
    else:
        protocol = factory(lambda _: None, None).buildProtocol(None)
        found[limit] = isinstance(protocol, _LimitedHTTP11ClientProtocol) and protocol.max_header_bytes == limit
print(json.dumps(found))
"""


def test_the_handler_puts_its_factory_in_scrapys_connection_pool_and_only_with_a_limit():
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run([sys.executable, "-c", POOL_FACTORY], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"4096": True, "0": True}
