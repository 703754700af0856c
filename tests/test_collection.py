"""One collection object a process (archive/collection.py): a whole demo crawl opens one database
engine in the crawl's process, however many components read and write the database."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

# Runs the demo crawl in a fresh interpreter with sqlalchemy's create_engine counted where
# archive.db calls it (check_connection's one-off probe included), and prints the count.
COUNTED_DEMO = """
import json, sys
from pathlib import Path
import archive.db
made = []
real = archive.db.create_engine
def counted(url, *args, **kwargs):
    made.append(str(url))
    return real(url, *args, **kwargs)
archive.db.create_engine = counted
from crawler.runner import run_demo
summary = run_demo(Path(sys.argv[1]), {"LOG_LEVEL": "WARNING"})
print(json.dumps({"engines": made, "status": summary.status, "articles": summary.articles}))
"""


def test_a_demo_crawl_opens_one_engine_in_its_process(tmp_path):
    result = subprocess.run([sys.executable, "-c", COUNTED_DEMO, str(tmp_path / "data")], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == "finished" and outcome["articles"] > 0
    assert len(outcome["engines"]) == 1, outcome["engines"]


def test_the_collection_of_a_process_is_one_object(tmp_path):
    from archive.collection import open_collection

    first = open_collection(tmp_path)
    again = open_collection(str(tmp_path / "." ))
    assert again is first and first.engine is again.engine
    assert open_collection(tmp_path, first.database_url) is first  # the default URL named is the same one
    other = open_collection(tmp_path / "other")
    assert other is not first and other.engine is not first.engine
    first.release()
    other.release()
