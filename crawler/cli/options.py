"""What several commands share: the data dir's default, the database option, number checks."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

DATA_DIR_ENV = "ARTICLE_ARCHIVE_DATA_DIR"


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "data"))



def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def database_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database-url", default=os.environ.get("ARTICLE_ARCHIVE_DATABASE_URL"),
                   help="the collection's database when not its SQLite file (default $ARTICLE_ARCHIVE_DATABASE_URL)")


