import pytest

from crawler.sources import SourcesError, load_sources
from tests.conftest import ROOT

VALID = """
[[source]]
id = "www"
name = "Main"
priority = "official"
start_urls = ["https://www.example.cn/index.html"]
article_patterns = ['^/\\d{4}/\\d{2}/ARTI\\d+\\.shtml$']
follow_patterns = ['^/index\\d*\\.html$']

[[source]]
id = "mobile"
priority = "mirror"
start_urls = ["https://m.example.cn/"]
article_patterns = ['^/\\d{4}/\\d{2}/ARTI\\d+\\.shtml$']
mirror_of = "www"
"""


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_fields_and_defaults(tmp_path):
    sources = load_sources(write(tmp_path, VALID))
    www = sources.by_id("www")
    assert www.allowed_domains == ("www.example.cn",)  # defaults to the start URLs' hosts
    assert www.script == "zh-Hans" and www.rank == 0
    assert sources.by_id("mobile").rank == 1
    assert sources.digest.startswith("sha256:")


def test_scope_and_patterns(tmp_path):
    www = load_sources(write(tmp_path, VALID)).by_id("www")
    assert www.in_scope("https://www.example.cn/2021/06/ARTI1.shtml")
    assert not www.in_scope("https://evil.example.com/2021/06/ARTI1.shtml")
    assert not www.in_scope("file:///etc/passwd")
    assert www.is_article("https://www.example.cn/2021/06/ARTI123.shtml")
    assert not www.is_article("https://www.example.cn/index2.html")
    assert www.is_followed("https://www.example.cn/index2.html")


def test_port_pinned_domain(tmp_path):
    text = VALID.replace('article_patterns = [\'^/\\d{4}/\\d{2}/ARTI\\d+\\.shtml$\']\nfollow',
                         'allowed_domains = ["127.0.0.1:8001"]\narticle_patterns = [\'x\']\nfollow', 1)
    www = load_sources(write(tmp_path, text)).by_id("www")
    assert www.in_scope("http://127.0.0.1:8001/a")
    assert not www.in_scope("http://127.0.0.1:8002/a")


@pytest.mark.parametrize("bad, message", [
    ('priority = "official"', 'priority = "best"'),
    ("follow_patterns = ['^/index\\d*\\.html$']", "follow_patterns = ['(unclosed']"),
    ('mirror_of = "www"', 'mirror_of = "nowhere"'),
])
def test_invalid_files_name_the_problem(tmp_path, bad, message):
    with pytest.raises(SourcesError) as err:
        load_sources(write(tmp_path, VALID.replace(bad, message, 1)))
    assert "source" in str(err.value)


def test_missing_file_is_a_sources_error(tmp_path):
    with pytest.raises(SourcesError):
        load_sources(tmp_path / "absent.toml")


def test_example_file_is_valid():
    sources = load_sources(ROOT / "sources.example.toml")
    assert {s.priority for s in sources.sources} == {"official", "mirror", "farm"}
    assert all(s.needs_network for s in sources.sources)
