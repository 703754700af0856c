"""The crawler cannot be turned against its own network (crawler/netsafety.py, crawler/resolver.py,
crawler/middlewares/scope.py): loopback, private, link-local and metadata addresses are refused,
in every spelling that reaches it, redirects included, unless a source allows private addresses.

The end-to-end tests point real crawls at fault sites on loopback and check, from the sites' own
request counts, that nothing was fetched at all (not even robots.txt), and that the log says why.
"""
from __future__ import annotations

import json
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from twisted.internet.abstract import isIPAddress, isIPv6Address
from twisted.internet.error import DNSLookupError

from crawler.demo.faults import FaultSite
from crawler.netsafety import is_ip_literal, is_public_address, private_hosts_allowed
from crawler.resolver import SafeResolver
from crawler.sources import parse_sources
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0",
        "-s", "DOWNLOAD_TIMEOUT=5", "--json")


def source_entry(sid: str, start: str, domain: str, *, allow_private: bool) -> str:
    return "\n".join([
        "[[source]]", f"id = {json.dumps(sid)}", f"start_urls = [{json.dumps(start)}]",
        f"allowed_domains = [{json.dumps(domain)}]", "article_patterns = ['^/article/']", "follow_patterns = ['^/$']",
        f"allow_private_addresses = {'true' if allow_private else 'false'}", ""])


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@dataclass
class Crawl:
    data: Path
    result: object
    hits: dict[str, int]
    hits6: dict[str, int]
    port: int
    port6: int | None

    @property
    def summary(self) -> dict:
        return json.loads(self.result.stdout.strip().splitlines()[-1])


NUMERIC = {"decimal": "2130706433", "hex": "0x7f000001", "octal": "0177.0.0.1", "short": "127.1"}


def crawl_loopback(tmp_path: Path, *, allow_private: bool, only: tuple[str, ...] = ()) -> Crawl:
    """One crawl whose sources name the same loopback sites in every spelling of their address
    (or in the spellings named in `only`)."""
    with FaultSite() as site, (FaultSite(host="::1") if ipv6_loopback() else _NoSite()) as site6:
        port = site.port
        forms = {"localhost": f"localhost:{port}", "loopback": f"127.0.0.1:{port}", "zero": f"0.0.0.0:{port}",
                 "mapped": f"[::ffff:127.0.0.1]:{port}", "decimal": f"2130706433:{port}",
                 "hex": f"0x7f000001:{port}", "octal": f"0177.0.0.1:{port}", "short": f"127.1:{port}",
                 "metadata": "169.254.169.254"}
        if site6.port:
            forms["ipv6"] = f"[::1]:{site6.port}"
        forms = {sid: netloc for sid, netloc in forms.items() if not only or sid in only}
        sources = tmp_path / "sources.toml"
        # the numeric spellings are all read as 127.0.0.1: a query of their own keeps their start
        # URLs apart (one URL is asked once)
        sources.write_text("".join(source_entry(sid, f"http://{netloc}/" + (f"?{sid}" if sid in NUMERIC else ""),
                                                netloc, allow_private=allow_private)
                                   for sid, netloc in forms.items()), encoding="utf-8")
        result = run_cli("--data-dir", str(tmp_path / "data"), "crawl", "--sources", str(sources), *FAST)
        return Crawl(tmp_path / "data", result, dict(site.hits), dict(site6.hits), port, site6.port)


class _NoSite:
    port = None
    hits: dict = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> Crawl:
    return crawl_loopback(tmp_path_factory.mktemp("ssrf-refused"), allow_private=False)


def captured_urls(data: Path) -> set[str]:
    with sqlite3.connect(data / "archive.db") as db:
        return {url for (url,) in db.execute("SELECT url FROM captures")}


# -- end to end -------------------------------------------------------------------------------------

def test_nothing_on_loopback_is_fetched_without_allow_private_addresses(refused):
    assert refused.hits == {}, "a loopback site answered the crawler"
    assert refused.hits6 == {}
    assert "Traceback" not in refused.result.stderr
    assert refused.result.returncode == 1          # nothing fetched: a person should look
    assert refused.summary["fetched"] == 0
    assert captured_urls(refused.data) == set()


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::ffff:127.0.0.1", "169.254.169.254", "::1"])
def test_ip_literals_are_refused_with_a_clear_line(refused, host):
    if host == "::1" and refused.port6 is None:
        pytest.skip("no IPv6 loopback here")
    assert f"{host} is not a public address" in refused.result.stderr


def test_a_name_resolving_to_loopback_is_refused_with_a_clear_line(refused):
    assert "refused localhost: it resolves to the non-public address 127.0.0.1" in refused.result.stderr


@pytest.mark.parametrize("sid, name", NUMERIC.items())
def test_numeric_spellings_of_loopback_are_read_as_it_and_refused(refused, sid, name):
    """Decimal, hex, octal and short IPv4 forms: Scrapy reads URLs through w3lib, which (2.6 on)
    parses hosts as browsers do (WHATWG), so the request is for 127.0.0.1 itself, an IP literal the
    scope check refuses before anything is sent. The log says how the start URL was read; the
    sources' allowed domains are read by the same parser (a source names its host as it likes)."""
    port = refused.port
    assert f"source {sid}: start URL http://{name}:{port}/?{sid} is http://127.0.0.1:{port}/?{sid}" in \
        refused.result.stderr
    assert f"refused http://127.0.0.1:{port}/?{sid}: 127.0.0.1 is not a public address" in refused.result.stderr
    assert "out of scope" not in refused.result.stderr


def test_allowed_domains_are_read_as_requests_name_them():
    from crawler.sources import _as_requested

    assert _as_requested("2130706433:8080") == "127.0.0.1:8080"
    assert _as_requested("127.1") == "127.0.0.1"
    assert _as_requested("WWW.Gov.CN") == "www.gov.cn"
    assert _as_requested("中国政府网.中国") == "中国政府网.中国".encode("idna").decode()
    assert _as_requested("[::1]:8000") == "[::1]:8000"


def test_the_same_sites_are_fetched_when_the_source_allows_private_addresses(tmp_path):
    # Not [::1]: Scrapy's threaded resolver, which SafeResolver extends, resolves IPv4 only, and
    # Twisted asks it even for an IPv6 literal ("no results for hostname lookup: ::1").
    allowed = crawl_loopback(tmp_path, allow_private=True, only=("localhost", "loopback"))
    assert allowed.result.returncode == 0, allowed.result.stderr[-3000:]
    urls = captured_urls(allowed.data)
    assert f"http://localhost:{allowed.port}/" in urls and f"http://127.0.0.1:{allowed.port}/" in urls
    assert allowed.hits["/"] == 2                  # once through `localhost`, once through `127.0.0.1`
    assert f"http://localhost:{allowed.port}/article/1.html" in urls
    assert "not a public address" not in allowed.result.stderr
    assert "non-public address" not in allowed.result.stderr


def test_redirects_to_other_hosts_are_not_followed(tmp_path):
    """A start page (Scrapy follows its redirects) on an allowed site redirects, through a second
    hop, to (1) a host no source names and (2) a host a source names but that resolves to loopback
    without that source allowing it: neither is contacted, and the log says so."""
    with FaultSite() as outside, FaultSite() as private, \
            FaultSite(offsite=outside.url("/article/1.html")) as site_a, \
            FaultSite(offsite=f"http://localhost:{private.port}/article/1.html") as site_b:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            source_entry("a", site_a.url("/redirect-offsite"), site_a.netloc, allow_private=True) +
            source_entry("b", site_b.url("/redirect-offsite"), site_b.netloc, allow_private=True) +
            source_entry("private", f"http://localhost:{private.port}/nothing-here",
                         f"localhost:{private.port}", allow_private=False),
            encoding="utf-8")
        # The third source's own start page is refused too; it is there to make localhost in scope.
        result = run_cli("--data-dir", str(tmp_path / "data"), "crawl", "--sources", str(sources), *FAST)
        hits_outside, hits_private = dict(outside.hits), dict(private.hits)
        outside_url = outside.url("/article/1.html")
        assert site_a.hits["/redirect-offsite/2"] == 1 and site_b.hits["/redirect-offsite/2"] == 1
    assert "Traceback" not in result.stderr
    assert hits_outside == {} and hits_private == {}
    assert f"out of scope, not fetched: {outside_url}" in result.stderr
    assert "refused localhost: it resolves to the non-public address 127.0.0.1" in result.stderr
    with sqlite3.connect(tmp_path / "data" / "archive.db") as db:
        stats = json.loads(db.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    assert stats["scope/request_refused"] >= 1


# -- units: crawler/netsafety.py ----------------------------------------------------------------------

@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.255.255.254", "::1", "[::1]", "0.0.0.0", "::", "10.0.0.1", "172.16.0.1", "192.168.1.1",
    "100.64.0.1", "169.254.169.254", "fe80::1", "fd00::1", "fc00::1", "224.0.0.1", "ff02::1", "255.255.255.255",
    "192.0.0.1", "198.18.0.1", "240.0.0.1",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # IPv4-mapped IPv6
    "::127.0.0.1",                                          # IPv4-compatible (deprecated)
    "64:ff9b::7f00:1", "2001:db8::1", "2001::1",            # NAT64, documentation, Teredo
    "not an address", "", "localhost",
])
def test_non_public_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "202.108.22.5", "2606:4700::1111", "2400:da00::6666",
                                     "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public_address(address)


@pytest.mark.parametrize("address", ["2002:7f00:1::1", "2002:a00:1::", "2002:a9fe:a9fe::1", "fec0::1"])
def test_tunnelled_and_site_local_ipv6_are_not_public(address):
    """6to4 (2002::/16) carries an IPv4 address inside it; fec0::/10 is site-local."""
    assert not is_public_address(address)


def test_6to4_of_a_public_address_is_public():
    assert is_public_address("2002:808:808::1")


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.1", "017700000001"])
def test_numeric_host_spellings_go_to_the_resolver(host):
    """Not IP literals to the scope check *nor to Twisted*, which would otherwise connect without
    asking the resolver; the C library resolves them to 127.0.0.1, which the resolver refuses."""
    assert not is_ip_literal(host) and not isIPAddress(host) and not isIPv6Address(host)
    assert socket.gethostbyname(host) == "127.0.0.1"
    with pytest.raises(DNSLookupError, match="non-public address 127.0.0.1"):
        SafeResolver._check(SimpleNamespace(allowed_private=frozenset()), "127.0.0.1", host)


def test_resolver_lets_allowed_hosts_through_only():
    allowing = SimpleNamespace(allowed_private=frozenset({"localhost"}))
    assert SafeResolver._check(allowing, "127.0.0.1", "localhost") == "127.0.0.1"
    with pytest.raises(DNSLookupError):
        SafeResolver._check(allowing, "127.0.0.1", "evil.example")       # rebinding to loopback
    assert SafeResolver._check(allowing, "8.8.8.8", "evil.example") == "8.8.8.8"


def test_ip_literals_are_recognised_for_the_scope_check():
    for literal in ("127.0.0.1", "[::1]", "::ffff:127.0.0.1", "0.0.0.0", "169.254.169.254"):
        assert is_ip_literal(literal)


def test_private_hosts_allowed_reads_host_port_and_ipv6_domains():
    sources = parse_sources(b"""
[[source]]
id = "a"
start_urls = ["http://[::1]:8080/"]
allowed_domains = ["[::1]:8080", "127.0.0.1:8081", "Intranet.Example"]
article_patterns = ["x"]
allow_private_addresses = true

[[source]]
id = "b"
start_urls = ["http://localhost:8082/"]
article_patterns = ["x"]
""", "sources.toml")
    assert private_hosts_allowed(sources) == {"::1", "127.0.0.1", "intranet.example"}
