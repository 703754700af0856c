"""The WARC writer, read back with warcio: offsets, digests, gzip members, rotation, fixity."""
import base64
import gzip
import hashlib
import subprocess
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc import MANIFEST, RotatingWarcWriter

BODY = "<html><head><meta charset=gbk></head><body><p>机关党建</p></body></html>".encode("gbk")
WHEN = datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=timezone.utc)


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def write_exchange(writer, url="http://127.0.0.1:8000/a.html", body=BODY):
    gz = gzip.compress(body)
    resp = writer.response_record(url, fetched_at=WHEN, status_line="200 OK",
                                  headers=[("Content-Type", "text/html; charset=GBK"), ("Content-Encoding", "gzip")],
                                  body=gz, ip_address="127.0.0.1")
    req = writer.request_record(url, fetched_at=WHEN, request_line="GET /a.html HTTP/1.1",
                                headers=[("Host", "127.0.0.1:8000"), ("Accept-Encoding", "gzip")], body=b"",
                                concurrent_to=resp.rec_headers.get_header("WARC-Record-ID"))
    return gz, writer.write([resp, req])


def new_writer(tmp_path, max_size=10**9):
    return RotatingWarcWriter(tmp_path, prefix="test", max_size=max_size, hostname="host",
                              warcinfo={"software": "article-archive test", "sources-digest": "sha256:00"})


def test_records_read_back_with_digests_and_offsets(tmp_path):
    writer = new_writer(tmp_path)
    gz, (resp_loc, req_loc) = write_exchange(writer)
    writer.close()
    path = tmp_path / resp_loc.filename
    assert path.name.startswith("test-") and path.name.endswith("-00000-host.warc.gz")
    with path.open("rb") as fh:
        records = [(r.rec_type, r.rec_headers, r.raw_stream.read()) for r in ArchiveIterator(fh)]
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    _, headers, payload = records[1]
    assert payload == gz  # the payload is kept as transferred, still gzip-encoded
    assert headers.get_header("WARC-Payload-Digest") == sha1_b32(gz) == resp_loc.payload_digest
    assert headers.get_header("WARC-Date") == "2026-11-25T12:00:00.123456Z"
    assert headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert records[2][1].get_header("WARC-Concurrent-To") == resp_loc.record_id
    assert b"sources-digest: sha256:00" in records[0][2]


def test_each_record_is_its_own_gzip_member(tmp_path):
    writer = new_writer(tmp_path)
    _, (resp_loc, _) = write_exchange(writer)
    writer.close()
    data = (tmp_path / resp_loc.filename).read_bytes()
    member = data[resp_loc.offset: resp_loc.offset + resp_loc.length]
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    block = inflater.decompress(member)
    assert inflater.eof and not inflater.unused_data  # exactly one member, nothing more
    assert block.startswith(b"WARC/1.1\r\n") and b"WARC-Type: response" in block


def test_rotation_and_fixity_manifest(tmp_path):
    writer = new_writer(tmp_path, max_size=500)
    for i in range(3):
        write_exchange(writer, url=f"http://127.0.0.1:8000/{i}.html")
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 3 and not list(tmp_path.glob("*.open"))
    manifest = dict(line.split("  ")[::-1] for line in (tmp_path / MANIFEST).read_text().splitlines())
    for f in files:
        assert manifest[f.name] == hashlib.sha256(f.read_bytes()).hexdigest()


def test_open_file_has_open_suffix_until_closed(tmp_path):
    writer = new_writer(tmp_path)
    write_exchange(writer)
    assert len(list(tmp_path.glob("*.warc.gz.open"))) == 1 and not list(tmp_path.glob("*.warc.gz"))
    writer.close()
    assert len(list(tmp_path.glob("*.warc.gz"))) == 1


def test_warcio_check_passes(tmp_path):
    writer = new_writer(tmp_path)
    write_exchange(writer)
    writer.close()
    warcio = Path(sys.executable).parent / "warcio"
    result = subprocess.run([str(warcio), "check", *map(str, tmp_path.glob("*.warc.gz"))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_torn_open_file_is_cut_and_recovered(tmp_path):
    from archive.db import open_engine
    from archive.recovery import recover_open_files
    from sqlalchemy import select
    from archive.models import Capture

    writer = new_writer(tmp_path)
    _, (resp1, req1) = write_exchange(writer, url="http://127.0.0.1:8000/1.html")
    _, (resp2, _) = write_exchange(writer, url="http://127.0.0.1:8000/2.html")
    open_path = next(tmp_path.glob("*.open"))
    whole = open_path.stat().st_size
    os_truncate_to = resp2.offset + resp2.length // 2  # the process died in the middle of record 2
    import os
    os.truncate(open_path, os_truncate_to)
    engine = open_engine(f"sqlite:///{tmp_path / 'a.db'}")
    recovered = recover_open_files(tmp_path, engine)
    assert len(recovered) == 1 and recovered[0].stat().st_size == resp2.offset
    assert (tmp_path / (recovered[0].name + ".torn")).stat().st_size == os_truncate_to - resp2.offset < whole
    with engine.connect() as conn:
        ids = set(conn.scalars(select(Capture.warc_record_id)))
    assert ids == {resp1.record_id}  # re-indexed: the complete response got its capture row
    warcio = Path(sys.executable).parent / "warcio"
    assert subprocess.run([str(warcio), "check", str(recovered[0])]).returncode == 0
