"""Provenance an archivist can re-check: verify catches every kind of tampering; reprocess rebuilds
the records from the WARC files alone, byte for byte; show and history tell where a record came from."""
from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest

from archive.warc import GZIP_LEVEL
from crawler.demo.server import DemoSites
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("provenance")
    with DemoSites() as sites:
        (data / "sources.toml").write_text(sites.sources_toml(), encoding="utf-8")
        result = run_cli("--data-dir", str(data), "crawl", "--sources", str(data / "sources.toml"))
    assert result.returncode == 0, result.stderr[-3000:]
    return data


@pytest.fixture
def copy(collection, tmp_path) -> Path:
    """A private copy of the collection that a test may damage."""
    target = tmp_path / "copy"
    shutil.copytree(collection, target, ignore=shutil.ignore_patterns(".lock"))
    return target


def verify(data: Path, *args: str):
    return run_cli("--data-dir", str(data), "verify", *args)


def one_version(data: Path) -> tuple[int, str, str, int, int]:
    """(version id, record name, WARC file, offset, length) of some article version."""
    with sqlite3.connect(data / "archive.db") as db:
        return db.execute(
            "SELECT v.id, a.record_name, c.warc_filename, c.warc_offset, c.warc_length FROM versions v "
            "JOIN pages p ON p.id = v.page_id JOIN articles a ON a.id = p.article_id "
            "JOIN captures c ON c.warc_record_id = v.warc_record_id ORDER BY v.id LIMIT 1").fetchone()


def flip_payload_byte(path: Path, offset: int, length: int, margin: int = 200) -> None:
    """Change one byte of a response payload, re-compressing its gzip member to the same length so
    that every other record stays where its capture row says it is."""
    data = bytearray(path.read_bytes())
    block = zlib.decompress(bytes(data[offset:offset + length]), zlib.MAX_WBITS | 16)
    body_start = block.index(b"\r\n\r\n", block.index(b"\r\n\r\n") + 4) + 4
    for position in range(body_start + margin, len(block) - (10 if margin else 0)):
        if not 0x61 <= block[position] <= 0x7a:
            continue
        changed = bytearray(block)
        changed[position] = ord("q") if block[position] != ord("q") else ord("z")
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        member = compressor.compress(bytes(changed)) + compressor.flush()
        if len(member) == length:
            data[offset:offset + length] = member
            path.write_bytes(bytes(data))
            return
    raise AssertionError("could not find a same-length one-byte change")


def test_untouched_collection_verifies_clean(collection):
    result = verify(collection, "--all")
    assert result.returncode == 0, result.stdout[-3000:]
    assert " 0 fail" in result.stdout and "pass" in result.stdout


def test_flipped_payload_byte_fails_that_record(copy):
    _, record_name, warc_file, offset, length = one_version(copy)
    flip_payload_byte(copy / "warc" / warc_file, offset, length)
    result = verify(copy, "--all")
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert f"FAIL        record {record_name}" in failed
    assert f"FAIL        WARC file {warc_file}" in failed  # the fixity manifest catches it too
    assert "digest" in result.stdout


def test_edited_text_fails_that_record_only(copy):
    version_id, record_name, *_ = one_version(copy)
    with sqlite3.connect(copy / "archive.db") as db:
        db.execute("UPDATE versions SET text = text || '。' WHERE id = ?", (version_id,))
    result = verify(copy, "--all")
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert failed == [f"FAIL        record {record_name}"]


def test_deleted_warc_file_is_reported_not_fatal(copy):
    _, _, warc_file, _, _ = one_version(copy)
    (copy / "warc" / warc_file).unlink()
    result = verify(copy, "--all")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"WARC file {warc_file} is missing" in result.stdout
    assert "missing: listed in the fixity manifest" in result.stdout


def test_reprocess_reproduces_records_byte_for_byte(collection, tmp_path):
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(collection / "warc", rebuilt / "warc")
    result = run_cli("--data-dir", str(rebuilt), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    original = sorted(p.name for p in (collection / "records").iterdir())
    assert sorted(p.name for p in (rebuilt / "records").iterdir()) == original
    for name in original:  # index.jsonl among them: every capture, version, cluster and reason as the crawl made it
        assert (rebuilt / "records" / name).read_bytes() == (collection / "records" / name).read_bytes(), name
    assert "index.jsonl" in original


def test_show_gives_captures_versions_cluster_and_software(collection):
    _, record_name, warc_file, offset, _ = one_version(collection)
    result = run_cli("--data-dir", str(collection), "show", record_name, "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["id"] == record_name
    assert any(c["warc_file"] == warc_file and c["offset"] == offset for c in info["captures"])
    assert info["versions"] and info["cluster"]["sources"]
    assert {"trafilatura", "opencc", "scrapy", "warcio"} <= set(info["software"])
    assert info["charset"]["charset"]
    by_url = run_cli("--data-dir", str(collection), "show", info["canonical_url"], "--json")
    assert json.loads(by_url.stdout)["id"] == record_name


def test_show_unknown_record_is_a_clear_error(collection):
    result = run_cli("--data-dir", str(collection), "show", "999_0000000000000000")
    assert result.returncode == 2 and "no record matches" in result.stderr


def test_reprocess_in_place_rebuilds_the_same_collection(collection, copy):
    result = run_cli("--data-dir", str(copy), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    for path in (collection / "records").iterdir():
        assert (copy / "records" / path.name).read_bytes() == path.read_bytes(), path.name
    assert verify(copy, "--all").returncode == 0


@pytest.mark.parametrize("kind", ["robots.txt", "index page"])
def test_tampered_record_no_version_derives_from_fails_verify_all(copy, kind):
    """A flipped byte in a response no text is derived from, with the fixity manifest re-hashed as a
    forger would: verify --all still reads every record's digests and names the record."""
    from archive.digests import file_sha256
    from archive.warc import MANIFEST

    with sqlite3.connect(copy / "archive.db") as db:
        derived = {row[0] for row in db.execute("SELECT warc_record_id FROM versions")}
        rows = db.execute("SELECT url, warc_filename, warc_offset, warc_length, warc_record_id, content_type "
                          "FROM captures WHERE status = 200 AND record_type = 'response' ORDER BY id").fetchall()
    if kind == "robots.txt":
        rows = [r[:5] for r in rows if r[0].endswith("/robots.txt")]
    else:  # the site's index pages (HTML no text is derived from), longest first: most bytes to change
        rows = sorted((r[:5] for r in rows if r[4] not in derived and (r[5] or "").startswith("text/html")
                       and not r[0].endswith("/robots.txt")), key=lambda r: -r[3])
    # the first response in which one byte can be changed keeping its gzip member's length (a
    # payload the site itself compressed may offer none: which page comes first varies by fetch order)
    for url, warc_file, offset, length, record_id in rows:
        path = copy / "warc" / warc_file
        try:  # robots.txt is too short for flip_payload_byte's margin of 200 bytes
            flip_payload_byte(path, offset, length, margin=0 if kind == "robots.txt" else 200)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"no {kind} response offers a same-length one-byte change: "
                             f"{[(r[0], r[3]) for r in rows]}")
    manifest = copy / "warc" / MANIFEST
    manifest.write_text("".join(
        f"{file_sha256(copy / 'warc' / name)}  {name}\n" if name == warc_file else f"{digest}  {name}\n"
        for digest, _, name in (line.partition("  ") for line in manifest.read_text(encoding="utf-8").splitlines())),
        encoding="utf-8")
    result = verify(copy, "--all")
    assert result.returncode == 1, result.stdout[-2000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith(f"FAIL        WARC records of {warc_file} ("), failed
    assert record_id in result.stdout and url in result.stdout


@pytest.mark.parametrize("delay", [0.0, 0.25, 0.6])
def test_killed_reprocess_is_refused_until_finished_and_costs_no_record(collection, copy, delay):
    """SIGKILL to reprocess (its whole process group: the text workers too) at a point after it began
    emptying the database: every command that reads the collection refuses it with one line naming
    the command that finishes it; reprocess run again gives every record and index.jsonl byte for byte.
    A fast machine may finish the demo collection's rebuild before a later kill point: the delay is
    then halved and the rebuild started again from a fresh copy, down to killing at once."""
    import os
    import signal
    import subprocess
    import time

    from archive.rebuild import MARKER
    from tests.conftest import CLI, ROOT

    while True:
        proc = subprocess.Popen([*CLI, "--data-dir", str(copy), "reprocess"], cwd=ROOT, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not (copy / MARKER).exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if (copy / MARKER).exists() or delay == 0:
            break
        delay = delay / 2 if delay > 0.05 else 0  # finished before the kill: earlier, on a fresh copy
        shutil.rmtree(copy)
        shutil.copytree(collection, copy, ignore=shutil.ignore_patterns(".lock"))
    assert (copy / MARKER).exists(), "reprocess finished before the kill, even killed at once"
    for command in (["verify", "--all"], ["show", "001"], ["crawl", "--sources", str(collection / "sources.toml")]):
        refused = run_cli("--data-dir", str(copy), *command)
        assert refused.returncode == 2, (command, refused.stdout[-500:], refused.stderr[-500:])
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1 and "reprocess` to finish it" in lines[0], lines
    for path in (collection / "records").iterdir():  # the records were not touched by the killed run
        assert (copy / "records" / path.name).read_bytes() == path.read_bytes(), path.name
    finished = run_cli("--data-dir", str(copy), "reprocess")
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert not (copy / MARKER).exists()
    for path in (collection / "records").iterdir():
        assert (copy / "records" / path.name).read_bytes() == path.read_bytes(), path.name
    assert verify(copy, "--all").returncode == 0


def test_corrupted_warc_file_is_named_in_printable_words(copy):
    _, record_name, warc_file, offset, length = one_version(copy)
    path = copy / "warc" / warc_file
    data = bytearray(path.read_bytes())
    data[offset:offset + 2] = b"\x00\x00"  # its gzip member's magic number gone
    path.write_bytes(bytes(data))
    result = verify(copy, "--all")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"FAIL        record {record_name}" in result.stdout
    assert "\\x" not in result.stdout, "warcio's escaped bytes quoted to a person"
    assert all(ch.isprintable() for line in result.stdout.splitlines() for ch in line), \
        [line for line in result.stdout.splitlines() if not line.isprintable()]


def test_show_piped_into_head_closes_quietly(collection):
    """`show ID | head`: the reader goes away before the output is written (here: at once)."""
    import subprocess

    from tests.conftest import CLI, ROOT

    _, record_name, *_ = one_version(collection)
    proc = subprocess.Popen([*CLI, "--data-dir", str(collection), "show", record_name, "--json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # as head does once it has its lines
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err[-1000:]
    assert proc.returncode == 141


def test_show_finds_a_url_as_a_person_pastes_it(collection):
    _, record_name, *_ = one_version(collection)
    info = json.loads(run_cli("--data-dir", str(collection), "show", record_name, "--json").stdout)
    pasted = info["canonical_url"] + "?utm_source=wechat&utm_medium=share#comments"
    found = run_cli("--data-dir", str(collection), "show", pasted)
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith(f"record {record_name}: ") and "None" not in found.stdout


def test_reprocess_keeps_every_capture_in_its_run(collection, copy, tmp_path):
    """The run each capture belongs to is in its WARC file's warcinfo: a rebuild into an empty
    database gives every capture its run again and makes the runs' rows again, and the next crawl
    goes on numbering runs after them."""
    def runs_of(data: Path) -> dict[str, int | None]:
        with sqlite3.connect(data / "archive.db") as db:
            return dict(db.execute("SELECT warc_record_id, run_id FROM captures"))

    live = runs_of(collection)
    assert live and None not in live.values()
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(collection / "warc", rebuilt / "warc")
    result = run_cli("--data-dir", str(rebuilt), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert runs_of(rebuilt) == live
    with sqlite3.connect(rebuilt / "archive.db") as db:
        assert {i for (i,) in db.execute("SELECT id FROM crawl_runs")} == set(live.values())
    in_place = run_cli("--data-dir", str(copy), "reprocess")  # the live run rows keep their counts
    assert in_place.returncode == 0
    with sqlite3.connect(copy / "archive.db") as db:
        assert db.execute("SELECT MIN(fetched) FROM crawl_runs").fetchone()[0] > 0
    assert runs_of(copy) == live


def test_what_a_run_archived_but_never_derived_is_derived_first_by_the_next(tmp_path):
    """Responses in the WARC files whose text never reached the database (a run killed with -9;
    here, deterministically, an --archive-only run) are derived by the next run before it fetches
    anything, in their own run's order: pages keep their first capture, that run numbers its
    articles, the next run's conditional requests use their validators (revisits, no second full
    copy), and the collection equals a reprocess of its WARC files, index.jsonl byte for byte."""
    data = tmp_path / "live"
    with DemoSites() as sites:
        sources = tmp_path / "sources.toml"
        sources.write_text(sites.sources_toml(), encoding="utf-8")
        first = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--archive-only")
        assert first.returncode == 0, first.stderr[-3000:]
        second = run_cli("--data-dir", str(data), "crawl", "--sources", str(sources), "--refetch-all")
        assert second.returncode == 0, second.stderr[-3000:]
        distinct = sites.distinct_articles()
    with sqlite3.connect(data / "archive.db") as db:
        run_one, run_two = (i for (i,) in db.execute("SELECT id FROM crawl_runs ORDER BY id"))
        # every article page was first seen in the first run, though its text was derived in the second
        firsts = db.execute("SELECT COUNT(*) FROM pages p WHERE p.first_seen = (SELECT MIN(c.fetched_at) "
                            "FROM captures c WHERE c.url = p.url AND c.run_id = ?)", (run_one,)).fetchone()[0]
        assert firsts == db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] > 0
        revisits = db.execute("SELECT COUNT(*) FROM captures WHERE run_id = ? AND record_type = 'revisit'",
                              (run_two,)).fetchone()[0]
        assert revisits >= 20  # validators of captures never derived before the run began
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == distinct
        assert db.execute("SELECT COUNT(*) FROM captures WHERE warc_record_id NOT IN "
                          "(SELECT warc_record_id FROM derived_records)").fetchone()[0] == 0
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(data / "warc", rebuilt / "warc")
    result = run_cli("--data-dir", str(rebuilt), "reprocess")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert (rebuilt / "records" / "index.jsonl").read_bytes() == (data / "records" / "index.jsonl").read_bytes()
