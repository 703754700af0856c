import pytest

from crawler.sources import SourcesError, load_sources
from tests.conftest import ROOT, run_cli

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


@pytest.mark.parametrize("old, new, message", [
    ("follow_patterns = [", "follow_pattern = [", "unknown key 'follow_pattern' (did you mean 'follow_patterns'?)"),
    ('mirror_of = "www"', 'mirror_of = "www"\n[source.hints]\nbody_selecter = "div.text"',
     "unknown key 'body_selecter' (did you mean 'body_selector'?)"),
    ('"https://m.example.cn/"', '"ftp://m.example.cn/"', "start URL 'ftp://m.example.cn/' is not an http(s) URL"),
    ('"https://m.example.cn/"', '"file:///etc/passwd"', "start URL 'file:///etc/passwd' is not an http(s) URL"),
])
def test_typos_and_foreign_schemes_are_refused_with_a_hint(tmp_path, old, new, message):
    with pytest.raises(SourcesError) as err:
        load_sources(write(tmp_path, VALID.replace(old, new, 1)))
    assert message in str(err.value)


def test_crawl_with_a_misspelled_key_exits_2_with_one_line(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, VALID.replace("follow_patterns = [", "follow_pattern = [", 1))
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "--data-dir", str(tmp_path / "data"), "crawl",
                           "--sources", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean 'follow_patterns'?" in lines[0] and "Traceback" not in done.stderr


def test_a_database_that_cannot_connect_is_one_line_with_the_password_masked(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, VALID)
    done = subprocess.run([sys.executable, "-m", "crawler.cli", "--data-dir", str(tmp_path / "data"), "crawl",
                           "--sources", str(path), "--database-url", "postgresql+psycopg://bob:s3cret@127.0.0.1:1/x"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "cannot connect to the database postgresql+psycopg://bob:***@127.0.0.1:1/x" in lines[0]
    assert "s3cret" not in done.stderr


@pytest.mark.parametrize("command", [["reprocess"], ["package"], ["index"], ["show", "1"], ["verify", "--all"],
                                     ["db", "upgrade"]])
def test_a_command_on_a_data_dir_that_is_not_there_says_so_and_makes_nothing(tmp_path, command):
    missing = tmp_path / "typo"
    result = run_cli("--data-dir", str(missing), *command)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "no collection at" in lines[0], result.stderr
    assert not missing.exists()


def test_every_subcommand_says_what_it_does_with_an_example():
    from crawler.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, command in sub.choices.items():
        text = command.format_help()
        assert command.description and "example:\n  article-archive" in text, name
        undocumented = [a.dest for a in command._actions if not a.help and a.dest != "help"]
        assert not undocumented, (name, undocumented)


def test_a_locked_collection_is_one_line_and_exit_2_from_the_cli(tmp_path):
    """The floors' error trees are caught once, in cli.main: a held lock, for a command that is not a crawl."""
    from crawler.runner import collection_lock

    (tmp_path / "warc").mkdir()
    with collection_lock(tmp_path):
        result = run_cli("--data-dir", str(tmp_path), "package")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "another run is using" in lines[0], result.stderr
