"""The drift watch (crawler/drift.py): a site that changes its URL scheme between two runs makes its
hand-written patterns match nothing new; the second run says so in its summary and in `runs`,
instead of archiving nothing without a word.

The fixture site is a generated party-newspaper site (tests/kind_pages.py: its own chrome, its
articles at /n1/YYYY/MMDD/cNNN-NNN.html); between the runs its articles move to
/politics/YYYY-MM/DD/c_NNN.htm, the old addresses answer 404, and the home page links the new ones."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from crawler.drift import source_drift
from tests import kind_pages
from tests.conftest import run_cli


def test_no_warning_for_a_source_whose_articles_are_seen_and_read_as_such():
    stats = {"drift/source/a": 1, "drift/articles_seen/a": 12, "drift/pattern_pages_read/a": 10,
             "drift/pattern_not_article/a": 1, "drift/probes/a": 4, "drift/probe_articles/a": 1}
    assert source_drift(stats, "a", discovers=False).warnings == []


def test_warnings_say_which_source_and_why():
    gone = source_drift({"drift/source/a": 1}, "a", discovers=False, start_url="http://a.cn/", known=40)
    assert len(gone.warnings) == 1 and "no article found this run" in gone.warnings[0]
    assert "holds 40" in gone.warnings[0] and "sources suggest http://a.cn/" in gone.warnings[0]
    moved = source_drift({"drift/articles_seen/a": 2, "drift/probes/a": 6, "drift/probe_articles/a": 5,
                          "drift/probe_article_example/a": "http://a.cn/new/1.htm"}, "a", discovers=False)
    assert len(moved.warnings) == 1 and "5 of 6 pages that match no article pattern" in moved.warnings[0]
    wrong = source_drift({"drift/articles_seen/a": 9, "drift/pattern_pages_read/a": 9,
                          "drift/pattern_not_article/a": 7}, "a", discovers=False)
    assert len(wrong.warnings) == 1 and "7 of 9 pages its article patterns match" in wrong.warnings[0]
    discovering = source_drift({"drift/discovers/b": 1, "discovery/article/b": 3, "discovery/index/b": 1}, "b",
                               discovers=True)
    assert discovering.articles_seen == 3 and not discovering.warnings


OLD = re.compile(r"^/n1/(\d{4})/(\d{2})(\d{2})/c\d+-(\d+)\.html$")
_OLD_LINK = re.compile(r'href="(?:https?://[^/"]+)?(/n1/\d{4}/\d{4}/c\d+-\d+\.html)"')


def _new_path(old: str) -> str:
    year, month, day, number = OLD.match(old).groups()
    return f"/politics/{year}-{month}/{day}/c_{number}.htm"


class _Site:
    """The fixture site: its pages by path, swapped between runs."""

    def __init__(self) -> None:
        generated = [p for p in kind_pages.pages() if p.site == "party-daily"]
        self.articles = {urlsplit(p.url).path: p.html for p in generated if p.kind == "article"}
        self.home = next(p.html for p in generated if urlsplit(p.url).path == "/")
        self.routes: dict[str, str] = {}

    def scheme(self, moved: bool) -> None:
        """Serve the articles at their first addresses, or `moved` to the new scheme: every link of
        every page follows them, the old addresses answer 404."""
        def linked(html: str) -> str:
            # the generator's headlines also link articles it never wrote: those links go, as a
            # real site's dead links are few
            def link(match: re.Match) -> str:
                if match.group(1) not in self.articles:
                    return 'href="#"'
                return f'href="{_new_path(match.group(1)) if moved else match.group(1)}"'
            return _OLD_LINK.sub(link, html)

        paths = {(_new_path(old) if moved else old): linked(html) for old, html in self.articles.items()}
        titles = {path: re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S) for path, html in paths.items()}
        links = "".join(f'<li><a href="{path}">{re.sub("<[^>]+>", "", t.group(1)).strip() if t else path}</a></li>'
                        for path, t in sorted(titles.items()))
        self.routes = {"/": linked(self.home).replace("</body>", f'<ul class="latest">{links}</ul></body>'), **paths}


@pytest.fixture
def site():
    state = _Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            path = urlsplit(self.path).path
            if path == "/robots.txt":
                body, status, kind = b"User-agent: *\nAllow: /\n", 200, "text/plain"
            elif path in state.routes:
                body, status, kind = state.routes[path].encode(), 200, "text/html; charset=utf-8"
            else:
                body, status, kind = b"<html><body><h1>404 Not Found</h1></body></html>", 404, "text/html"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_site_that_changes_its_url_scheme_gets_a_warning_in_the_summary_and_in_runs(site, tmp_path):
    state, base = site
    sources = tmp_path / "sources.toml"
    sources.write_text(f'''[[source]]
id = "daily"
start_urls = ["{base}/"]
allowed_domains = ["{urlsplit(base).netloc}"]
article_patterns = ['^/n1/\\d{{4}}/\\d{{4}}/c\\d+-\\d+\\.html$']
follow_patterns = ['^/$']
allow_private_addresses = true
''', encoding="utf-8")
    data = tmp_path / "data"
    state.scheme(moved=False)
    first = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--refetch-all")
    assert first.returncode == 0, first.stdout + first.stderr[-2000:]
    assert "warning:" not in first.stdout, first.stdout
    assert re.search(r"^source daily: \d+ articles linked or read; 0 of \d+ pages its patterns match", first.stdout, re.M)

    state.scheme(moved=True)
    second = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--refetch-all")
    assert second.returncode == 0, second.stdout + second.stderr[-2000:]
    warnings = [line for line in second.stdout.splitlines() if line.startswith("warning:")]
    assert any("source daily: no article found this run" in w and f"holds {len(state.articles)}" in w
               for w in warnings), second.stdout
    assert any("pages that match no article pattern read as articles" in w and "/politics/" in w
               for w in warnings), second.stdout

    runs = run_cli("--data-dir", str(data), "runs")
    listed = runs.stdout.split("\nrun 2")
    assert "warning:" not in listed[0] and "no article found this run" in listed[1], runs.stdout
    as_json = json.loads(run_cli("--data-dir", str(data), "runs", "--json").stdout)
    assert as_json[0]["warnings"] == [] and len(as_json[1]["warnings"]) == 2
